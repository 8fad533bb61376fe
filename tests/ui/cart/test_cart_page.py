"""The cart page against the sandbox and a real store: lines from the keyboard and the catalogue,
totals, field messages, and an escrow order paid in the embedded window and settled by lookup."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.settings.model import Settings
from kcp_pos.ui.cart.page import CartPage
from tests.conftest import arm_fault
from tests.ui.cart.test_window_dialog import LOAD, click, in_window

Attach = Any


def type_line(qtbot: QtBot, page: CartPage, name: str, quantity: str, price: str) -> None:
    page.line_name.setFocus()
    qtbot.keyClicks(page.line_name, name)
    qtbot.keyClick(page.line_name, Qt.Key.Key_Return)
    page.line_quantity.selectAll()
    qtbot.keyClicks(page.line_quantity, quantity)
    qtbot.keyClick(page.line_quantity, Qt.Key.Key_Return)
    qtbot.keyClicks(page.line_price, price)
    qtbot.keyClick(page.line_price, Qt.Key.Key_Return)


def test_lines_typed_from_the_keyboard_make_the_totals(qtbot: QtBot, page: CartPage) -> None:
    type_line(qtbot, page, "Beans 1kg", "1", "30000")
    type_line(qtbot, page, "Drip bags", "3", "5,000")
    assert page.table.rowCount() == 2
    assert page.cart().total == 45_000
    assert page.totals_label.text() == "Total ₩45,000 · VAT ₩4,091 · Tax free ₩0"
    assert page.line_name.hasFocus()  # ready for the next line


def test_delete_and_plus_minus_edit_the_selected_line(qtbot: QtBot, page: CartPage) -> None:
    type_line(qtbot, page, "Beans 1kg", "1", "30000")
    type_line(qtbot, page, "Mug", "2", "12000")
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Plus)
    assert page.cart().lines[1].quantity == 3
    qtbot.keyClick(page.table, Qt.Key.Key_Minus)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [line.name for line in page.cart().lines] == ["Beans 1kg"]


def test_a_bad_line_is_named_and_not_added(qtbot: QtBot, page: CartPage) -> None:
    type_line(qtbot, page, "Beans", "0", "10,00")
    assert page.table.rowCount() == 0
    assert page.line_message.text()
    assert page.line_quantity.hasFocus()


def test_the_catalogue_fills_lines_as_you_type(
    qtbot: QtBot, page: CartPage, services: AppServices
) -> None:
    services.products.add("Beans 1kg", 30_000)
    services.products.add("Barley tea", 4_000, tax_free=True)
    qtbot.keyClicks(page.search, "Bar")
    qtbot.waitUntil(lambda: page.match_list.count() == 1)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.cart().lines[0].name == "Barley tea" and page.cart().tax_free == 4_000


def test_an_escrow_cart_is_paid_in_the_window_and_settled_by_lookup(
    qtbot: QtBot,
    page: CartPage,
    sandbox: SandboxServer,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kcp_pos.ui.cart.page.ask_yes_no", lambda *a, **k: True)
    type_line(qtbot, page, "Beans 1kg", "1", "30000")
    type_line(qtbot, page, "Drip bags", "3", "5000")
    type_line(qtbot, page, "Mug", "1", "12000")
    page.escrow.setChecked(True)
    qtbot.keyClicks(page.buyer_name, "Kim Hana")
    page.pay_button.setFocus()
    qtbot.keyClick(page.pay_button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: page.dialog is not None or "not" in page.result_label.text(), timeout=LOAD
    )
    assert page.dialog is not None, page.result_label.text()
    dialog = page.dialog
    with qtbot.waitSignal(dialog.window_ready, timeout=LOAD):
        pass
    values: list[Any] = []
    dialog.view.page().runJavaScript(in_window("card_code", "366"), 0, values.append)
    qtbot.waitUntil(lambda: bool(values), timeout=LOAD)
    dialog.view.page().runJavaScript(click("submit"), 0, values.append)
    qtbot.waitUntil(lambda: page.result_label.text().startswith("Paid"), timeout=LOAD)
    [payment] = services.ledger.list_payments()
    assert payment.amount == 57_000 and payment.escrow
    kept = httpx.get(f"{sandbox.url}/__sandbox__/window/payments/{payment.imp_uid}").json()
    products = kept["response"]["kcpProducts"]
    assert [(p["name"], p["quantity"], p["amount"]) for p in products] == [
        ("Beans 1kg", 1, 30_000),
        ("Drip bags", 3, 15_000),
        ("Mug", 1, 12_000),
    ]
    assert page.table.rowCount() == 0  # a paid cart is emptied


def test_enter_on_a_line_brings_it_back_to_be_changed(qtbot: QtBot, page: CartPage) -> None:
    type_line(qtbot, page, "Beans 1kg", "1", "30000")
    type_line(qtbot, page, "Mug", "1", "12000")
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.line_quantity.hasFocus() and page.line_name.text() == "Beans 1kg"
    assert page.add_button.text() == "Update line"
    qtbot.keyClicks(page.line_quantity, "4")
    qtbot.keyClick(page.line_quantity, Qt.Key.Key_Return)
    qtbot.keyClick(page.line_price, Qt.Key.Key_Return)
    assert [(line.name, line.quantity) for line in page.cart().lines] == [
        ("Beans 1kg", 4),
        ("Mug", 1),
    ]
    assert page.add_button.text() == "Add line"


def test_a_product_is_removed_from_the_catalogue_with_delete(
    qtbot: QtBot, page: CartPage, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.products.add("Barley tea", 4_000)
    qtbot.keyClicks(page.search, "Bar")
    qtbot.waitUntil(lambda: page.match_list.count() == 1)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.match_list.hasFocus()
    monkeypatch.setattr("kcp_pos.ui.cart.page.ask_yes_no", lambda *a, **k: True)
    qtbot.keyClick(page.match_list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.match_list.count() == 0)
    assert list(services.products.search("Bar")) == []


def test_ticked_card_companies_are_the_only_ones_offered(page: CartPage) -> None:
    for row in range(page.only_cards.count()):
        item = page.only_cards.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in ("366", "381"):
            item.setCheckState(Qt.CheckState.Checked)
    options = page.window_options()
    assert options is not None and set(options.only_cards) == {"366", "381"}


def test_gift_certificates_are_offered_only_when_their_site_code_is_set(
    qtbot: QtBot, attach_page: Attach
) -> None:
    plain = CartPage("en", Settings())
    gifts = CartPage("en", Settings(gift_site_code="A7GFT"))
    for page in (plain, gifts):
        qtbot.addWidget(page)
    plain_methods = [plain.pay_method.itemData(i) for i in range(plain.pay_method.count())]
    gift_methods = [gifts.pay_method.itemData(i) for i in range(gifts.pay_method.count())]
    assert "cultureland" not in plain_methods and "cultureland" in gift_methods
    assert not plain._options_form.isRowVisible(plain.shop_user_id)
    assert gifts._options_form.isRowVisible(gifts.shop_user_id)


def test_an_unconfirmed_window_payment_holds_the_next_order_until_released(
    qtbot: QtBot, page: CartPage, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kcp_pos.ui.cart.page.ask_yes_no", lambda *a, **k: True)
    type_line(qtbot, page, "Beans 1kg", "1", "30000")
    page.open_window()
    page.open_window()  # a second Ctrl+Enter while the first is being registered
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=LOAD)
    dialog = page.dialog
    with qtbot.waitSignal(dialog.window_ready, timeout=LOAD):
        pass
    dialog.close_without_answer()  # closed mid-way: the order is not confirmed either way
    qtbot.waitUntil(lambda: page.new_order_button.isVisibleTo(page), timeout=LOAD)
    assert not page.pay_button.isEnabled()
    assert page.cart().total == 30_000  # the cart stays for now
    page.open_window()
    assert page.dialog is None  # no second payment while the first may yet be found
    page.new_order()
    assert page.pay_button.isEnabled() and not page.new_order_button.isVisibleTo(page)
    windows = [a for a in page._context.services.journal.recent(10) if a.kind.value == "window"]
    assert len(windows) == 1


def test_the_buyer_and_gift_site_id_are_taken_from_a_customer(
    qtbot: QtBot, attach_page: Attach, services: AppServices
) -> None:
    from kcp_pos.store import CustomerDetails

    services.customers.save(
        CustomerDetails(
            customer_uid="cust_20261203T101500_hmlvffinzq",
            name="Kim Hana",
            tel="01012345678",
            email="hana@example.com",
        )
    )
    page = CartPage("en", Settings(gift_site_code="A7GFT"))
    qtbot.addWidget(page)
    attach_page(page)
    page.show()
    page.choose_buyer()
    picker = page.findChild(QDialog, "customerPicker")
    assert picker is not None
    qtbot.keyClicks(picker.search, "Kim")
    qtbot.waitUntil(lambda: picker.results.count() == 1, timeout=5_000)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.keyClick(picker.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.buyer_name.text() == "Kim Hana", timeout=5_000)
    assert page.buyer_tel.text() == "01012345678"
    assert page.shop_user_id.text() == "hmlvffinzq"


def test_a_failed_lookup_leaves_a_way_on_and_a_warning(
    qtbot: QtBot, page: CartPage, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kcp_pos.ui.cart.page.ask_yes_no", lambda *a, **k: True)
    type_line(qtbot, page, "Beans 1kg", "1", "30000")
    page.open_window()
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=LOAD)
    dialog = page.dialog
    with qtbot.waitSignal(dialog.window_ready, timeout=LOAD):
        pass
    arm_fault(sandbox, endpoint="/payments/findAll/{uid}", mode="error", status=500, times=100)
    dialog.close_without_answer()
    qtbot.waitUntil(lambda: page.check_button.isVisibleTo(page), timeout=LOAD)
    assert page.new_order_button.isVisibleTo(page)
    assert page.close_warning() is not None
    page.set_backend_state(True, "")
    assert not page.pay_button.isEnabled()


def test_enter_in_the_buyer_search_goes_to_the_list_not_the_first_match(
    qtbot: QtBot, page: CartPage, services: AppServices
) -> None:
    from kcp_pos.store import CustomerDetails

    for uid, name in (("cust_1_aaaaaaaaaa", "Kim Dul"), ("cust_2_bbbbbbbbbb", "Kim Hana")):
        services.customers.save(CustomerDetails(customer_uid=uid, name=name))
    page.choose_buyer()
    picker = page.findChild(QDialog, "customerPicker")
    assert picker is not None
    qtbot.keyClicks(picker.search, "Kim")
    qtbot.waitUntil(lambda: picker.results.count() == 2, timeout=5_000)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.results.hasFocus()
    qtbot.keyClick(picker.results, Qt.Key.Key_Down)
    qtbot.keyClick(picker.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.buyer_name.text() == "Kim Hana", timeout=5_000)
