"""Keystrokes to the sandbox: approve, declines, charge-and-save, register-only, retry link."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.keyed_card import validate_keyed_card
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.domain.result import Ok
from kcp_pos.iamport.models import PaymentStatus
from kcp_pos.services.decline_reasons import explain_decline
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.store import LedgerStatus
from kcp_pos.ui.terminal.controller import TerminalState
from kcp_pos.ui.widgets.outcome_panel import PanelState
from tests.ui.terminal.conftest import (
    APPROVED_CARD,
    CC03_CARD,
    CC10_CARD,
    OTHER_APPROVED_CARD,
    WAIT_MS,
    TerminalFactory,
    charge,
    confirm,
    fill_card,
    fill_order,
    reactivate,
    wait_for_state,
)


def card_fields_empty(terminal: object) -> bool:
    form = terminal.form  # type: ignore[attr-defined]
    return all(edit.text() == "" for edit in form.card.edits())


def test_approved_charge_reaches_sandbox_ledger_and_screen(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal)
    form = terminal.form
    assert form.amount_edit.text() == "55,000"
    assert form.card.card_number_edit.text() == "5570 4200 0005 1234"
    assert form.card.expiry_edit.text() == "12/30"
    assert form.buyer_tel_edit.text() == "010-1234-5678"
    assert form.card.issuer_label.text().startswith("KB Kookmin Card")
    form.quota_combo.setFocus()
    qtbot.keyClick(form.quota_combo, Qt.Key.Key_Down)  # 일시불 -> 2 months
    qtbot.keyClick(form.quota_combo, Qt.Key.Key_Down)  # -> 3 months
    assert form.quota_combo.currentData() == 3
    charge(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.PAID)

    outcome = terminal.panel.outcome
    assert outcome is not None and outcome.payment is not None
    uid = outcome.attempt.merchant_uid
    remote = terminal.services.client.find_every_payment(uid)
    assert [p.status for p in remote] == [PaymentStatus.PAID]
    assert remote[0].amount == 55_000 and remote[0].card_quota == 3
    assert remote[0].buyer_name == "홍길동" and remote[0].name == "Flowers"
    local = terminal.services.ledger.get(remote[0].imp_uid)
    assert local is not None and local.status is LedgerStatus.PAID
    panel = terminal.panel
    assert panel.title_label.text() == "Payment approved"
    assert panel.amount_label.text() == "₩55,000"  # English UI: the won sign
    assert panel.detail("Approval no.") == remote[0].apply_num
    assert remote[0].card_name == "KB국민카드"
    assert panel.detail("Card company") == "KB Kookmin Card"  # named in the clerk's language
    assert panel.detail("Card number") == "5570-42**-****-1234"
    assert panel.detail("Installments") == "3 months"
    assert panel.detail("VAT") == "₩5,000"
    assert panel.order_number() == uid
    assert panel.pg_receipt_button.isVisibleTo(panel)
    assert panel.print_button.isVisibleTo(panel)
    assert panel.icon_label.text() == "✓"
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    receipt_dialog = terminal.controller.receipt_dialog
    assert receipt_dialog is not None and receipt_dialog.isVisible()
    receipt_dialog.close()
    reactivate(qtbot, terminal.view)
    # Paid: the order stays on screen read-only, card data is gone, nothing can be charged.
    assert card_fields_empty(terminal)
    assert form.amount_edit.isReadOnly()
    assert not form.charge_button.isEnabled()
    assert terminal.controller.state is TerminalState.PAID
    qtbot.keyClick(
        terminal.panel.new_order_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
    )
    assert terminal.controller.state is TerminalState.EDITING
    assert form.amount_edit.text() == "" and not form.amount_edit.isReadOnly()
    assert form.amount_edit.hasFocus()


@pytest.mark.parametrize(
    ("card", "pin", "code"),
    [(CC03_CARD, "12", "CC03"), (CC10_CARD, "12", "CC10"), (APPROVED_CARD, "99", "CC63")],
)
def test_declines_show_the_reason_keep_the_order_and_clear_the_card(
    qtbot: QtBot, make_terminal: TerminalFactory, card: str, pin: str, code: str
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal, card=card, pin=pin)
    charge(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.DECLINED)

    outcome = terminal.panel.outcome
    assert outcome is not None and code in (outcome.fail_reason or "")
    panel = terminal.panel
    assert panel.title_label.text() == "Payment declined"
    assert panel.message_label.text() == explain_decline(outcome.fail_reason).summary.english
    assert panel.icon_label.text() == "✕"
    assert panel.retry_button.isVisibleTo(panel)
    remote = terminal.services.client.find_every_payment(outcome.attempt.merchant_uid)
    assert [p.status for p in remote] == [PaymentStatus.FAILED]
    local = terminal.services.ledger.get(remote[0].imp_uid)
    assert local is not None and local.status is LedgerStatus.FAILED
    form = terminal.form
    assert form.amount_edit.text() == "55,000"
    assert form.buyer_name_edit.text() == "홍길동"
    assert card_fields_empty(terminal)
    assert not form.amount_edit.isReadOnly()

    # Try again: focus goes to the card, the new attempt links to the declined one.
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert form.card.card_number_edit.hasFocus()
    fill_card(qtbot, terminal, card=OTHER_APPROVED_CARD)
    charge(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.PAID)
    retry = terminal.panel.outcome
    assert retry is not None
    assert retry.attempt.merchant_uid != outcome.attempt.merchant_uid
    assert retry.attempt.previous_merchant_uid == outcome.attempt.merchant_uid


def test_expired_card_is_blocked_by_the_form(qtbot: QtBot, make_terminal: TerminalFactory) -> None:
    """A clerk cannot send an expired card: the form rejects it with the domain message."""
    terminal = make_terminal()
    fill_order(qtbot, terminal, expiry="0120")
    form = terminal.form
    assert form.row_message(form.card.expiry_row) == "This card has expired. Check the expiry date."
    assert not form.charge_button.isEnabled()
    assert "Expiry" in form.missing_label.text()


def test_cc54_from_the_pg_is_explained(qtbot: QtBot, make_terminal: TerminalFactory) -> None:
    """The sandbox answers CC54 for a card it thinks expired. The form never sends one (see the
    test above; the sandbox's date is never ahead of KST), so the card is built as of an earlier
    day and charged through the service; the panel then shows the real outcome."""
    terminal = make_terminal()
    card = validate_keyed_card(
        card_number=APPROVED_CARD,
        expiry="01/20",
        birth="880315",
        pwd_2digit="",
        corporate=False,
        pwd_required=False,
        today=date(2019, 6, 1),
    )
    assert isinstance(card, Ok)
    order = KeyedOrder(merchant_uid=new_merchant_uid(now=terminal_now()), amount=10_000)
    outcome = charge_keyed(terminal.services, card.value, order, operator=LOCAL_CLERK)
    terminal.panel.show_outcome(outcome)
    assert outcome.fail_reason is not None and "CC54" in outcome.fail_reason
    assert terminal.panel.message_label.text() == (
        "The expiry date has passed or does not match the card. Check the expiry date."
    )


def terminal_now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_charge_and_save_issues_a_billing_key_and_a_customer_row(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal)
    qtbot.keyClick(
        terminal.form.amount_edit,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    confirm(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.PAID)
    outcome = terminal.panel.outcome
    assert outcome is not None and outcome.payment is not None
    customer_uid = outcome.attempt.customer_uid
    assert customer_uid is not None and customer_uid.startswith("cust_")
    key = terminal.services.client.get_billing_key(customer_uid)
    assert key.card_number == "5570420000001234"
    assert outcome.payment.customer_uid == customer_uid
    customer = terminal.services.customers.get(customer_uid)
    assert customer is not None and customer.name == "홍길동"
    assert terminal.panel.detail("Customer ID") == customer_uid


def test_register_only_saves_the_card_without_a_payment(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    fill_order(qtbot, terminal, amount="")
    assert not form.charge_button.isEnabled()  # no amount: cannot charge
    assert form.register_button.isEnabled()
    qtbot.mouseClick(form.register_button, Qt.MouseButton.LeftButton)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None and "amount" not in dialog.value_labels
    assert dialog.value_labels["card"].text() == "5570-42**-****-1234"
    confirm(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.PAID)
    outcome = terminal.panel.outcome
    assert outcome is not None and outcome.attempt.kind is AttemptKind.REGISTER
    assert outcome.payment is None
    customer_uid = outcome.attempt.customer_uid
    assert customer_uid is not None
    assert terminal.services.client.get_billing_key(customer_uid).customer_uid == customer_uid
    assert terminal.services.customers.get(customer_uid) is not None
    assert terminal.services.client.get_billing_key_payments(customer_uid).list == []
    assert terminal.panel.title_label.text() == "Card registered"
    assert card_fields_empty(terminal)


def test_saving_or_registering_needs_the_buyer_name(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal, buyer_name="")
    form = terminal.form
    assert form.charge_button.isEnabled()
    assert not form.save_button.isEnabled()
    assert not form.register_button.isEnabled()
    assert form.missing_label.text() == "Saving or registering a card needs the buyer's name."


def test_recent_attempts_are_journalled_once_each(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    """Double Enter in the confirmation cannot send twice: the form is locked at once."""
    terminal = make_terminal()
    fill_order(qtbot, terminal)
    charge(qtbot, terminal)
    # A second Enter lands on the (now disabled, locked) form and must not start anything.
    focused = terminal.view.focusWidget() or terminal.form.charge_button
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert terminal.controller.confirm_dialog is None
    wait_for_state(qtbot, terminal, PanelState.PAID)
    attempts = terminal.services.journal.recent()
    assert [a.state for a in attempts] == [AttemptState.PAID]
    qtbot.waitUntil(lambda: not terminal.runner.busy, timeout=WAIT_MS)
