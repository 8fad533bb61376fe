"""A virtual account from the cart (issue 10), in a real browser engine against the sandbox: shown
as awaiting deposit with its details, printable for the buyer, listed in the escrow dialog, and
paid once the sandbox's deposit action runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from kcp_pos.domain.cart import CartLine
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.ui.cart.deposit_notice import save_deposit_notice_pdf
from kcp_pos.ui.cart.escrow_dialog import EscrowDialog
from kcp_pos.ui.cart.page import CartPage
from tests.ui.cart.test_window_dialog import LOAD, click, in_window


def run_js(qtbot: QtBot, window: Any, script: str) -> None:
    values: list[Any] = []
    window.view.page().runJavaScript(script, 0, values.append)
    qtbot.waitUntil(lambda: bool(values), timeout=LOAD)


def test_a_virtual_account_awaits_its_deposit_then_is_paid(
    qtbot: QtBot,
    page: CartPage,
    sandbox: SandboxServer,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr("kcp_pos.ui.cart.page.ask_yes_no", lambda *a, **k: True)
    page.add_line(CartLine("Beans 1kg", 2, 30_000))
    page.escrow.setChecked(True)
    page.pay_method.setCurrentIndex(page.pay_method.findData("vbank"))
    page.buyer_name.setText("Kim Hana")
    page.open_window()
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=LOAD)
    window = page.dialog
    with qtbot.waitSignal(window.window_ready, timeout=LOAD):
        pass
    run_js(qtbot, window, in_window("bank_code", "088"))
    run_js(qtbot, window, click("submit"))
    qtbot.waitUntil(lambda: page.result_label.text().startswith("Awaiting"), timeout=LOAD)
    payment = page.deposit_payment
    assert payment is not None and payment.vbank_num
    assert payment.vbank_num in page.result_label.text() and "신한은행" in page.result_label.text()
    assert page.print_deposit_button.isVisible() and page.check_button.isVisible()
    notice = page.deposit_notice()
    assert notice is not None and payment.vbank_num in notice and "Happy Flowers" in notice
    assert "SANDBOX" in notice
    page.add_line(CartLine("Next sale", 1, 5_000))  # the clerk goes on to the next order
    page.check_again()
    qtbot.waitUntil(lambda: page.result_label.text().startswith("Awaiting"), timeout=LOAD)
    assert page.cart().total == 5_000  # a later check of the deposit leaves it alone
    pdf = tmp_path / "deposit.pdf"
    save_deposit_notice_pdf(notice, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.open_escrow_orders()
    escrow = page.escrow_dialog
    assert isinstance(escrow, EscrowDialog)
    escrow.view.setCurrentIndex(escrow.view.findData("awaiting"))
    qtbot.waitUntil(lambda: escrow.table.rowCount() == 1, timeout=LOAD)
    assert escrow.table.item(0, 4).text() == "Awaiting deposit"
    escrow.check_deposit()
    qtbot.waitUntil(lambda: escrow.print_button.isVisibleTo(escrow), timeout=LOAD)
    assert payment.vbank_num in (escrow.deposit_notice() or "")
    escrow.reject()

    httpx.post(f"{sandbox.url}/__sandbox__/vbank/{payment.imp_uid}/deposit").raise_for_status()
    page.check_again()
    qtbot.waitUntil(lambda: page.result_label.text().startswith("Paid"), timeout=LOAD)
    assert not page.print_deposit_button.isVisible()
    assert services.ledger.get(payment.imp_uid) is not None
