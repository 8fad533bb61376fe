"""Charging a saved card again from the customers page, by keyboard, against the sandbox: the
same confirmation and outcome panel as the terminal, a decline retried as a linked attempt, and
an unknown outcome followed up by lookup while the dialog refuses to close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.iamport.models import PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import LOCAL_CLERK, Role
from kcp_pos.store import Attempt
from kcp_pos.ui.customers.charge_again_dialog import ChargeAgainDialog
from kcp_pos.ui.customers.page import CustomersPage
from kcp_pos.ui.widgets.outcome_panel import PanelState
from tests.conftest import arm_fault
from tests.services.conftest import APPROVED_CARD, INSUFFICIENT_CC10_CARD, keyed_card
from tests.ui.approval_support import answer_approval
from tests.ui.customers.conftest import WAIT_MS, activate, select


def _register(services: AppServices, name: str, card: str = APPROVED_CARD) -> str:
    registration = new_card_registration(name=name, tel="010-4444-5555")
    assert register_card(services, keyed_card(card), registration, operator=LOCAL_CLERK).paid
    return registration.customer_uid


def _open_for(qtbot: QtBot, page: CustomersPage, uid: str) -> ChargeAgainDialog:
    activate(qtbot, page)
    select(qtbot, page, uid)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = page.charge_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def _charges(services: AppServices) -> list[Attempt]:
    """The again-charges in the journal, newest first."""
    return [a for a in services.journal.recent() if a.kind is AttemptKind.AGAIN]


def _type_order(qtbot: QtBot, dialog: ChargeAgainDialog, amount: str, name: str) -> None:
    dialog.amount_edit.setFocus()
    qtbot.keyClicks(dialog.amount_edit, amount)
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.order_name_edit.hasFocus()
    qtbot.keyClicks(dialog.order_name_edit, name)
    qtbot.keyClick(dialog.order_name_edit, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.tax_free_edit, Qt.Key.Key_Return)
    assert dialog.charge_button.hasFocus()


def _charge(qtbot: QtBot, dialog: ChargeAgainDialog) -> None:
    qtbot.keyClick(dialog.charge_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = dialog.confirm_dialog
    assert confirm is not None
    qtbot.waitExposed(confirm)
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)
    activate(qtbot, dialog)


def test_a_saved_card_is_charged_again_from_the_keyboard(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    uid = _register(services, "한결")
    dialog = _open_for(qtbot, page, uid)
    _type_order(qtbot, dialog, "60000", "Monthly beans")
    assert dialog.quota_combo.isEnabled()  # 60,000 won: installments offered
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)

    (payment,) = services.client.get_billing_key_payments(uid).list
    assert (payment.status, payment.amount, payment.name) == (
        PaymentStatus.PAID,
        60_000,
        "Monthly beans",
    )
    assert not dialog.charge_button.isEnabled()  # paid: this order cannot be sent again
    assert dialog.amount_edit.isReadOnly()
    qtbot.keyClick(dialog.panel.new_order_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.charge_dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.detail.payments.rowCount() == 1, timeout=WAIT_MS)


def test_a_decline_keeps_the_order_and_the_retry_is_linked(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    uid = _register(services, "두리", INSUFFICIENT_CC10_CARD)
    dialog = _open_for(qtbot, page, uid)
    _type_order(qtbot, dialog, "9000", "Refill")
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.DECLINED, timeout=WAIT_MS)
    assert dialog.amount_edit.text() == "9,000" and not dialog.amount_edit.isReadOnly()
    assert dialog.charge_button.isEnabled()

    (first,) = _charges(services)
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.DECLINED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(_charges(services)) == 2, timeout=WAIT_MS)
    retry = _charges(services)[0]
    assert retry.previous_merchant_uid == first.merchant_uid
    assert retry.merchant_uid != first.merchant_uid


def test_an_unknown_outcome_is_looked_up_and_the_dialog_stays_open_until_known(
    qtbot: QtBot, services: AppServices, sandbox: SandboxServer, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    uid = _register(services, "세찬")
    dialog = _open_for(qtbot, page, uid)
    _type_order(qtbot, dialog, "12000", "Tea")
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="stall_after_commit", seconds=2)
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.UNKNOWN, timeout=WAIT_MS)
    assert not dialog.charge_button.isEnabled()
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.confirm_dialog is None  # no second charge while the first is unknown
    dialog.reject()  # Esc or the close button: refused while the outcome is not known
    assert dialog.isVisible() and page.close_warning() is not None
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    payments = services.client.get_billing_key_payments(uid).list
    assert [p.status for p in payments] == [PaymentStatus.PAID]  # once, never re-sent
    dialog.reject()
    qtbot.waitUntil(lambda: page.charge_dialog is None, timeout=WAIT_MS)


def test_closing_the_window_with_an_order_typed_asks_first(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    assert page.close_warning() is None
    dialog = _open_for(qtbot, page, _register(services, "다솜"))
    _type_order(qtbot, dialog, "12000", "Tea")
    assert "not kept" in (page.close_warning() or "")
    dialog.reject()
    qtbot.waitUntil(lambda: page.charge_dialog is None, timeout=WAIT_MS)
    assert page.close_warning() is None


def test_same_as_last_time_fills_the_last_paid_order(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    uid = _register(services, "보람")
    dialog = _open_for(qtbot, page, uid)
    _type_order(qtbot, dialog, "55000", "Gift box")
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    dialog.accept()
    qtbot.waitUntil(lambda: page.charge_dialog is None, timeout=WAIT_MS)

    again = _open_for(qtbot, page, uid)
    qtbot.mouseClick(again.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.amount_edit.text() == "55,000", timeout=WAIT_MS)
    assert again.order_name_edit.text() == "Gift box"
    assert again.charge_button.isEnabled()
    again.reject()


def test_a_double_enter_on_charge_sends_one_charge(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    uid = _register(services, "다온")
    dialog = _open_for(qtbot, page, uid)
    _type_order(qtbot, dialog, "8000", "Cookies")
    _charge(qtbot, dialog)
    assert not dialog.charge_button.isEnabled()  # from the moment it is confirmed
    qtbot.keyClick(dialog.charge_button, Qt.Key.Key_Return)
    assert dialog.confirm_dialog is None
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    assert len(services.client.get_billing_key_payments(uid).list) == 1
    assert len(_charges(services)) == 1


def test_the_selection_stays_on_the_customer_through_refreshes(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    """Reading a file and charging write the ledger, and the rows are read again: the clerk's
    customer stays selected, so Ctrl+Enter never charges someone else."""
    uids = [_register(services, name) for name in ("가나", "다라", "마바")]
    dialog = _open_for(qtbot, page, uids[2])
    _type_order(qtbot, dialog, "7000", "Jam")
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    dialog.accept()
    qtbot.waitUntil(lambda: page.detail.payments.rowCount() == 1, timeout=WAIT_MS)
    qtbot.wait(300)  # the refresh the ledger change started has come back
    selected = page.selected_customer()
    assert selected is not None and selected.customer_uid == uids[2]
    assert page.detail.customer_uid == uids[2]


def test_moving_with_the_arrows_reads_the_customers_file(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    first, second = _register(services, "가람"), _register(services, "나래")
    dialog = _open_for(qtbot, page, second)
    _type_order(qtbot, dialog, "5000", "Tea")
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.panel.state is PanelState.PAID, timeout=WAIT_MS)
    dialog.accept()
    qtbot.waitUntil(lambda: page.charge_dialog is None, timeout=WAIT_MS)
    select(qtbot, page, first)
    qtbot.waitUntil(lambda: "active" in page.detail.key_label.text(), timeout=WAIT_MS)
    assert page.detail.payments.rowCount() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # 가람 → 나래, no Enter
    qtbot.waitUntil(lambda: page.detail.payments.rowCount() == 1, timeout=WAIT_MS)
    assert page.detail.customer_uid == second


def test_a_saved_card_is_deleted_with_a_reason_from_the_keyboard(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    other = _register(services, "가가")  # first in the list: must not take the deleted one's place
    uid = _register(services, "여름")
    activate(qtbot, page)
    select(qtbot, page, uid)
    assert page.delete_button.isEnabled()
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    dialog = page.delete_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # no reason: nothing happens
    assert dialog.isVisible() and not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "Customer asked")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.row_of(uid) < 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "deleted" in page.status_label.text(), timeout=WAIT_MS)
    customer = services.customers.get(uid)
    assert customer is not None and customer.is_deleted
    assert page.detail.customer_uid is None  # the deleted customer is no longer on screen
    activate(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.selected_customer() is None and page.charge_dialog is None  # nobody else
    assert page.model.row_of(other) == 0


def test_a_clerk_deletes_a_saved_card_once_a_manager_enters_their_pin(
    qtbot: QtBot, services: AppServices, clerk_page: CustomersPage
) -> None:
    admin = operators.create_first_admin(services, "김사장", "482913")
    operators.add_operator(services, "박매니저", Role.MANAGER, "246810", by=admin)
    page = clerk_page
    uid = _register(services, "여름")
    activate(qtbot, page)
    for answer, deleted in ((None, False), ("박매니저", True)):
        select(qtbot, page, uid)
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
        dialog = page.delete_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        activate(qtbot, dialog)
        qtbot.keyClicks(dialog.reason_edit, "Customer asked")
        answer_approval(answer, "246810")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        if not deleted:
            qtbot.waitUntil(lambda: "needs a manager" in page.status_label.text(), timeout=WAIT_MS)
            customer = services.customers.get(uid)
            assert customer is not None and not customer.is_deleted
    qtbot.waitUntil(lambda: page.model.row_of(uid) < 0, timeout=WAIT_MS)
    (entry,) = [e for e in services.audit.entries(subject=uid) if e.action == "customer.deleted"]
    assert entry.actor == "이점원"
    approved = [e for e in services.audit.entries() if e.action == operators.APPROVED]
    assert approved[-1].details == {"action": "billing_key.delete", "approver": "박매니저"}


def test_checking_with_portone_marks_a_card_it_no_longer_has(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    kept, gone = _register(services, "가을"), _register(services, "겨울")
    services.client.delete_billing_key(gone, reason="deleted in the console")
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 saved cards checked" in page.status_label.text(), timeout=WAIT_MS)
    assert "1 no longer" in page.status_label.text()
    missing = services.customers.get(gone)
    assert missing is not None and missing.key_missing_at is not None
    assert services.customers.get(kept).key_missing_at is None  # type: ignore[union-attr]
    select(qtbot, page, gone)
    qtbot.waitUntil(lambda: page.detail.customer_uid == gone, timeout=WAIT_MS)
    # Marked from the directory once its rows are read again, and by PortOne's answer anyway.
    qtbot.waitUntil(lambda: page.detail.key_label.property("tone") == "bad", timeout=WAIT_MS)


def test_a_card_charged_a_moment_ago_is_confirmed_with_a_warning(
    qtbot: QtBot, services: AppServices, dialog_page: CustomersPage
) -> None:
    page = dialog_page
    uid = _register(services, "겨울비")
    first = _open_for(qtbot, page, uid)
    _type_order(qtbot, first, "30000", "Beans")
    _charge(qtbot, first)
    qtbot.waitUntil(lambda: first.panel.state is PanelState.PAID, timeout=WAIT_MS)
    qtbot.keyClick(first.panel.new_order_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.charge_dialog is None, timeout=WAIT_MS)

    second = _open_for(qtbot, page, uid)
    _type_order(qtbot, second, "40000", "Beans")
    qtbot.keyClick(second.charge_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: second.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = second.confirm_dialog
    assert confirm is not None
    assert confirm.warning_label.text() == (
        "This card was charged ₩30,000 1 minute(s) ago. Charge it again anyway?"
    )
    assert confirm.cancel_button.isDefault()
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)  # Enter = Cancel here
    qtbot.waitUntil(lambda: second.confirm_dialog is None, timeout=WAIT_MS)
    assert len(_charges(services)) == 1
