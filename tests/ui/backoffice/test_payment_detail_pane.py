"""The payment detail of the back office: PortOne's refunds asked afresh, this terminal's
attempts and audit entries, and who made it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout
from pytestqt.qtbot import QtBot

from kcp_pos.iamport.models import CancelRequest, OnetimePaymentRequest
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.settings import Settings
from kcp_pos.ui.backoffice.payment_detail_pane import PaymentDetailPane
from kcp_pos.ui.shell.screen_page import ScreenPage
from tests.operators import MANAGER
from tests.services.conftest import keyed_card
from tests.ui.conftest import AttachPage

WAIT_MS = 8000


def pane_for(qtbot: QtBot, attach_page: AttachPage) -> PaymentDetailPane:
    pane = PaymentDetailPane("en")
    qtbot.addWidget(pane)
    page = ScreenPage(pane)  # what the context is handed to
    pane.attach(attach_page(page, MANAGER))
    pane.apply_settings(Settings())
    return pane


def test_a_partly_refunded_payment_shows_its_refund_attempt_and_operator(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    outcome = charge_keyed(
        services, keyed_card(), new_keyed_order(amount=30_000, buyer_name="홍길동"),
        operator=MANAGER,
    )  # fmt: skip
    assert outcome.payment is not None
    imp_uid = outcome.payment.imp_uid
    # Refunded in part elsewhere (the console): the ledger does not know yet.
    services.client.cancel_payment(
        CancelRequest(imp_uid=imp_uid, amount=10_000, checksum=30_000, reason="파손")
    )
    pane = pane_for(qtbot, attach_page)
    assert not pane.refund_button.isEnabled()
    pane.show_payment(imp_uid)
    qtbot.waitUntil(lambda: pane.detail is not None, timeout=WAIT_MS)
    assert pane.title_label.text().endswith("Partly refunded · ₩30,000")
    assert pane.cancels_table.rowCount() == 1
    assert pane.cancels_table.item(0, 1).text() == "₩10,000"
    assert pane.cancels_table.item(0, 2).text() == "파손"
    assert pane.attempts_table.rowCount() == 1
    assert pane.attempts_table.item(0, 4).text() == MANAGER.name
    assert pane.attempts_table.item(0, 1).text() == "Keyed card charge"  # not "onetime"
    assert pane.audit_table.rowCount() >= 2
    audit = {
        pane.audit_table.item(row, 2).text(): pane.audit_table.item(row, 3).text()
        for row in range(pane.audit_table.rowCount())
    }
    assert {"Request sent to PortOne", "Request approved", "Payment recorded"} <= set(audit)
    # PortOne's refund recorded when the detail asked: the new status, in words and money.
    changed = audit["Payment status changed"]
    assert "Before: Paid" in changed and "After: Partly refunded" in changed
    assert "Refunded amount: ₩10,000" in changed and "{" not in changed
    assert pane.refund_button.isEnabled() and pane.receipt_button.isEnabled()
    kept = services.ledger.get(imp_uid)
    assert kept is not None and kept.cancel_amount == 10_000  # what PortOne said is recorded
    assert pane.note_label.text() == ""
    with qtbot.waitSignal(pane.refund_requested) as asked:
        pane.refund_button.click()
    assert asked.args == [imp_uid]


def test_a_payment_made_elsewhere_says_so(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    made = services.client.pay_onetime(
        OnetimePaymentRequest(
            merchant_uid="web_order_0001",
            amount=12_000,
            card_number="5570-4200-0005-1234",
            expiry="2030-12",
            birth="880315",
            pwd_2digit="12",
            name="웹 주문",
        )
    )
    assert made.payment is not None
    pane = pane_for(qtbot, attach_page)
    pane.show_payment(made.payment.imp_uid)
    qtbot.waitUntil(lambda: pane.detail is not None, timeout=WAIT_MS)
    assert "outside this terminal" in pane.note_label.text()
    assert pane.attempts_table.rowCount() == 0


def test_the_card_is_shown_masked_as_everywhere_else(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    outcome = charge_keyed(services, keyed_card(), new_keyed_order(amount=9_000), operator=MANAGER)
    assert outcome.payment is not None
    pane = pane_for(qtbot, attach_page)
    pane.show_payment(outcome.payment.imp_uid)
    qtbot.waitUntil(lambda: pane.detail is not None, timeout=WAIT_MS)
    texts = [
        pane.facts.itemAt(row, QFormLayout.ItemRole.FieldRole).widget().text()
        for row in range(pane.facts.rowCount())
    ]
    assert any(text.endswith("5570-42**-****-1234") for text in texts), texts
    assert not any("5570420000001234" in text for text in texts)
