"""The escrow orders dialog against the sandbox: a paid escrow order listed as still to ship,
its shipment registered from the keyboard, refusals in words, and the list afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.ui.cart.escrow_dialog import EscrowDialog
from kcp_pos.ui.cart.page import CartPage
from tests.services.test_escrow_shipping import paid_order
from tests.ui.keyboard import type_into

WAIT = 10_000


def opened(qtbot: QtBot, page: CartPage) -> EscrowDialog:
    page.open_escrow_orders()
    dialog = page.escrow_dialog
    assert isinstance(dialog, EscrowDialog)
    return dialog


def test_a_paid_escrow_order_is_shipped_from_the_keyboard(
    qtbot: QtBot, page: CartPage, services: AppServices, sandbox: SandboxServer
) -> None:
    imp_uid = paid_order(services, sandbox)
    dialog = opened(qtbot, page)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT)
    assert dialog.table.item(0, 4).text() == "Not shipped"
    assert dialog.receiver_name.text() == "김하나"
    assert dialog.sender_name.text() == "Happy Flowers"
    dialog.courier.setCurrentIndex(dialog.courier.findData("HANJIN"))
    type_into(qtbot, dialog.invoice, "4100-2200-3300")
    qtbot.keyClick(dialog.register_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Registering" not in dialog.status_label.text(), timeout=WAIT)
    assert dialog.status_label.text() == "The shipment is registered."
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=WAIT)
    dialog.view.setCurrentIndex(dialog.view.findData("paid"))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT)
    assert dialog.table.item(0, 4).text() == "Hanjin 4100-2200-3300"
    assert not dialog.form_box.isVisible() and "Shipped: Hanjin" in dialog.shipped_label.text()
    assert services.shipments.get(imp_uid) is not None


def test_missing_fields_are_named_and_nothing_is_sent(
    qtbot: QtBot, page: CartPage, services: AppServices, sandbox: SandboxServer
) -> None:
    imp_uid = paid_order(services, sandbox)
    dialog = opened(qtbot, page)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT)
    qtbot.keyClick(dialog.register_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "courier" in dialog.status_label.text(), timeout=WAIT)
    assert "tracking number" in dialog.status_label.text()
    dialog.read_selected()
    qtbot.waitUntil(
        lambda: dialog.status_label.text() == "PortOne has no shipment for this order.",
        timeout=WAIT,
    )
    assert services.shipments.get(imp_uid) is None
