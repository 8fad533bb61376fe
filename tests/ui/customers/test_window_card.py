"""Adding a customer whose card is typed in KCP's card window (issue 10), in a real browser
engine against the sandbox: the customer is listed only once PortOne has the key."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.services.app_services import AppServices
from kcp_pos.ui.customers.page import CustomersPage
from tests.ui.cart.test_window_dialog import LOAD, click, in_window
from tests.ui.keyboard import type_into

CARD = {
    "card_number": "5570-4200-0005-1234",
    "expiry": "2030-12",
    "birth": "900101",
    "pwd_2digit": "12",
}


def run_js(qtbot: QtBot, window: Any, script: str) -> None:
    values: list[Any] = []
    window.view.page().runJavaScript(script, 0, values.append)
    qtbot.waitUntil(lambda: bool(values), timeout=LOAD)


def test_a_card_typed_in_the_window_adds_the_customer(
    qtbot: QtBot, dialog_page: CustomersPage, services: AppServices
) -> None:
    page = dialog_page
    qtbot.keyClick(
        page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: page.window_card_dialog is not None, timeout=LOAD)
    dialog = page.window_card_dialog
    assert dialog is not None
    type_into(qtbot, dialog.name_edit, "Kim Hana")
    qtbot.keyClick(dialog.open_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.window is not None, timeout=LOAD)
    window = dialog.window
    with qtbot.waitSignal(window.window_ready, timeout=LOAD):
        pass
    for field, value in CARD.items():
        run_js(qtbot, window, in_window(field, value))
    run_js(qtbot, window, click("submit"))
    qtbot.waitUntil(lambda: dialog.status_label.text() == "The card is registered.", timeout=LOAD)
    uid = dialog.saved_uid
    assert uid is not None
    customer = services.customers.get(uid)
    assert customer is not None and customer.name == "Kim Hana"
    dialog.accept()
    qtbot.waitUntil(lambda: page.model.row_of(uid) >= 0, timeout=LOAD)


def test_a_customer_without_a_name_is_told_and_no_window_opens(
    qtbot: QtBot, dialog_page: CustomersPage
) -> None:
    dialog_page.add_by_card_window()
    dialog = dialog_page.window_card_dialog
    assert dialog is not None
    qtbot.keyClick(dialog.open_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(dialog.status_label.text()), timeout=LOAD)
    assert dialog.window is None and dialog.open_button.isEnabled()
