"""Adding a customer and replacing a saved card from the customers page, by keyboard, against the
sandbox: the terminal's card fields, the same confirmation, a new billing key, the old key deleted
only once the new one exists, and the card gone from the widgets once sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import message
from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import ScheduleItem, ScheduleRequest
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.ui.customers.card_dialog import SaveCardDialog
from kcp_pos.ui.customers.page import CustomersPage
from kcp_pos.ui.widgets.outcome_panel import PanelState
from tests.services.conftest import keyed_card
from tests.ui.customers.conftest import WAIT_MS, activate, select
from tests.ui.keyboard import type_into

NEW_CARD = "4092190000001230"


def _open(qtbot: QtBot, page: CustomersPage, key: Qt.Key | None = None) -> SaveCardDialog:
    activate(qtbot, page)
    if key is None:
        page.search_edit.setFocus()
        qtbot.keyClick(page.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    else:
        page.replace_button.click()
    dialog = page.card_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def _enter(qtbot: QtBot, dialog: SaveCardDialog, text: str) -> None:
    """Type into the focused field, then Enter."""
    field = dialog.focusWidget()
    assert isinstance(field, QLineEdit)
    type_into(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _type_card(qtbot: QtBot, dialog: SaveCardDialog, number: str = NEW_CARD) -> None:
    assert dialog.card.card_number_edit.hasFocus()
    for text in (number, "1230", "12", "880315"):  # number, expiry, PIN, birth: Enter between
        _enter(qtbot, dialog, text)


def _save(qtbot: QtBot, dialog: SaveCardDialog) -> None:
    assert dialog.save_button.hasFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = dialog.confirm_dialog
    assert confirm is not None
    qtbot.waitExposed(confirm)
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)
    activate(qtbot, dialog)


def _saved(services: AppServices, name: str) -> str:
    registration = new_card_registration(name=name, tel="010-4444-5555")
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    return registration.customer_uid


def _select(qtbot: QtBot, page: CustomersPage, uid: str) -> None:
    select(qtbot, page, uid)
    qtbot.waitUntil(page.replace_button.isEnabled, timeout=WAIT_MS)


def test_a_customer_is_added_from_the_keyboard_and_selected(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    dialog = _open(qtbot, page)
    assert dialog.name_edit.hasFocus()
    for text in ("김하나", "01098765432", "hana@example.com"):
        _enter(qtbot, dialog, text)
    _type_card(qtbot, dialog)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    assert all(edit.text() == "" for edit in dialog.card.edits())  # the card left the widgets

    uid = dialog.saved_uid
    assert uid is not None and uid.startswith("cust_")
    key = services.client.get_billing_key(uid)
    assert key.customer_name == "김하나" and (key.card_number or "").endswith("1230")
    assert not dialog.save_button.isEnabled()  # one card per dialog
    qtbot.keyClick(dialog.panel.new_order_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.card_dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.detail.customer_uid == uid, timeout=WAIT_MS)
    customer = services.customers.get(uid)
    assert customer is not None
    assert (customer.tel, customer.email) == ("010-9876-5432", "hana@example.com")


def test_wrong_input_is_named_and_nothing_is_sent(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    dialog = _open(qtbot, page)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # no name
    qtbot.keyClick(dialog.tel_edit, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    _type_card(qtbot, dialog, "4092190000001231")  # one digit off: the checksum fails
    assert not dialog.save_button.isEnabled()
    assert (
        dialog.card.card_number_row.message_text == message(InputError.CARD_NUMBER_CHECKSUM).english
    )
    assert dialog.name_row.message_text == "Enter the customer's name."
    assert dialog.name_edit.hasFocus()  # Enter after the last field goes to the first gap
    assert "Name" in dialog.missing_label.text()
    qtbot.keyClicks(dialog.name_edit, "y" * 17)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert dialog.name_row.message_text == "The customer's name can be at most 16 characters."
    dialog.name_edit.clear()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.confirm_dialog is None
    assert services.customers.count_active() == 0
    dialog.reject()
    qtbot.waitUntil(lambda: page.card_dialog is None, timeout=WAIT_MS)
    assert all(edit.text() == "" for edit in dialog.card.edits())


def test_a_replaced_card_gets_a_new_key_and_the_old_key_is_deleted(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    old_uid = _saved(services, "박바꿈")
    _select(qtbot, page, old_uid)
    dialog = _open(qtbot, page, Qt.Key.Key_R)
    assert dialog.name_edit.text() == "박바꿈" and dialog.tel_edit.text() == "010-4444-5555"
    dialog.card.card_number_edit.setFocus()
    _type_card(qtbot, dialog)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: dialog.retire_label.text() == "The old card was deleted at PortOne.",
        timeout=WAIT_MS,
    )
    new_uid = dialog.saved_uid
    assert new_uid is not None and new_uid != old_uid
    with pytest.raises(NotFoundError):
        services.client.get_billing_key(old_uid)
    old = services.customers.get(old_uid)
    assert old is not None and old.is_deleted
    assert services.client.get_billing_key(new_uid).customer_name == "박바꿈"
    qtbot.keyClick(dialog.panel.new_order_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.customer_uid == new_uid, timeout=WAIT_MS)


def test_a_card_with_booked_schedules_is_not_replaced(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    old_uid = _saved(services, "예약중")
    when = int((datetime.now(UTC) + timedelta(days=10)).timestamp())
    services.client.schedule(
        ScheduleRequest(
            customer_uid=old_uid,
            schedules=[ScheduleItem(merchant_uid="sch_ui_keep_01", schedule_at=when, amount=5000)],
        )
    )
    _select(qtbot, page, old_uid)
    dialog = _open(qtbot, page, Qt.Key.Key_R)
    # Said before the clerk asks the customer for the new card, and nothing can be typed.
    qtbot.waitUntil(dialog.blocked_label.isVisible, timeout=WAIT_MS)
    assert "1 booked scheduled charge(s)" in dialog.blocked_label.text()
    assert dialog.card.card_number_edit.isReadOnly() and not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.confirm_dialog is None and dialog.saved_uid is None
    assert services.client.get_billing_key(old_uid).customer_uid == old_uid
    assert services.customers.count_active() == 1
