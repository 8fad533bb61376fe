"""The refund dialog against the sandbox, from the keyboard: a manager's partial refund with its
receipt, more than the balance refused on the form, a clerk's refund approved by a manager (and
one whose approval is cancelled), PortOne's refusal in words, a stalled answer followed up to one
refund, and a refund left unknown followed up when the dialog opens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.iamport.models import CancelRequest, Payment
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.check_schedule import CheckSchedule
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.operator import LOCAL_CLERK, Operator, Role
from kcp_pos.services.operators import add_operator, create_first_admin
from kcp_pos.services.refunds import REFUND_REQUESTED, RefundOrder, refund_payment
from kcp_pos.settings.model import Settings
from kcp_pos.store import Attempt
from kcp_pos.ui.backoffice.refund_dialog import RefundDialog, Step
from kcp_pos.ui.shell.operator_seat import OperatorSeat
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.screen_page import PageContext
from kcp_pos.ui.widgets.manager_approval import ManagerApprovalDialog
from tests.conftest import arm_fault, make_services
from tests.services.conftest import keyed_card
from tests.ui.keyboard import type_into

WAIT_MS = 10_000
MANAGER_PIN = "482915"
QUICK = CheckSchedule(delays=(0.2, 0.3), every=0.5)


@pytest.fixture
def runner(qapp: object) -> Iterator[BackgroundRunner]:
    built = BackgroundRunner()
    yield built
    built.shutdown()


@pytest.fixture
def manager(services: AppServices) -> Operator:
    admin = create_first_admin(services, "사장 김", "908172")
    return add_operator(services, "매니저 박", Role.MANAGER, MANAGER_PIN, by=admin)


def _context(services: AppServices, runner: BackgroundRunner, operator: Operator) -> PageContext:
    return PageContext(
        services, runner, OperatorSeat(operator), training=True, leftover_attempt_ids=()
    )


def _paid(services: AppServices, amount: int = 55_000) -> Payment:
    order = KeyedOrder(
        merchant_uid=new_merchant_uid(now=datetime.now(UTC)), amount=amount, order_name="원두"
    )
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert outcome.payment is not None
    return outcome.payment


def _open(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, operator: Operator, uid: str
) -> RefundDialog:
    dialog = RefundDialog(
        _context(services, runner, operator), uid, None, settings=Settings(), follow_up=QUICK
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _activate(qtbot, dialog)
    return dialog


def _activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)


def _wait_for_form(qtbot: QtBot, dialog: RefundDialog) -> None:
    qtbot.waitUntil(
        lambda: dialog.step is Step.FORM and dialog.refundable is not None, timeout=WAIT_MS
    )


def _fill_partial(qtbot: QtBot, dialog: RefundDialog, amount: str, reason: str) -> None:
    """Partial (Space on its radio button), the amount, Enter, the reason, Enter."""
    dialog.partial_radio.setFocus()
    qtbot.keyClick(dialog.partial_radio, Qt.Key.Key_Space)
    assert dialog.amount_edit.hasFocus() and not dialog.amount_edit.isReadOnly()
    type_into(qtbot, dialog.amount_edit, amount)
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.reason_edit.hasFocus()
    type_into(qtbot, dialog.reason_edit, reason)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)


def _cancel_amounts(services: AppServices, payment: Payment) -> list[int]:
    return [c.amount for c in services.client.get_payment(payment.imp_uid).cancel_history]


def test_alt_p_gives_the_amount_field_the_keyboard_at_once_and_empty(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    payment = _paid(services)
    dialog = _open(qtbot, services, runner, manager, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    # No wait: the clerk types straight after Alt+P.
    assert dialog.partial_radio.isChecked() and dialog.amount_edit.hasFocus()
    assert dialog.amount_edit.text() == ""  # never the whole balance by default
    qtbot.keyClicks(dialog.amount_edit, "5000")
    assert dialog.amount_edit.text() == "5,000"  # grouped as typed, as on the terminal
    dialog.amount_edit.setText("0")
    dialog.reason_edit.setText("Wrong amount keyed")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.step is Step.FORM and dialog.amount_edit.hasFocus()
    assert dialog.form_message.text() == (
        "Type the amount to refund in won (at least 1), in digits."
    )  # a refund's words, not a payment's
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dialog.full_radio.isChecked() and dialog.amount_edit.text() == "55,000"


def test_a_manager_refunds_part_from_the_keyboard_and_prints_the_receipt(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    payment = _paid(services)
    dialog = _open(qtbot, services, runner, manager, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    assert dialog.balance_value.text() == "55,000원" and dialog.refunded_value.text() == "0원"
    assert dialog.amount_edit.text() == "55,000" and dialog.amount_edit.isReadOnly()  # full
    assert dialog.reason_edit.hasFocus()

    _fill_partial(qtbot, dialog, "12000", "Wrong amount keyed")
    assert dialog.step is Step.CONFIRM and dialog.confirm_button.hasFocus()
    assert "12,000원" in dialog.confirm_label.text() and "55,000원" in dialog.confirm_label.text()
    assert "43,000원" in dialog.confirm_label.text()  # left afterwards
    assert _cancel_amounts(services, payment) == []  # nothing sent before the confirmation

    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.step is Step.REFUNDED, timeout=WAIT_MS)
    assert _cancel_amounts(services, payment) == [12_000]
    assert "12,000원" in dialog.outcome_text.text()
    assert dialog.receipt_button.isVisible()

    qtbot.keyClick(dialog.receipt_button, Qt.Key.Key_Space)
    receipt_dialog = dialog.receipt_dialog
    assert receipt_dialog is not None
    receipt = receipt_dialog.receipt
    assert [line.amount for line in receipt.refunds] == [12_000]
    assert receipt.refunds[0].reason == "Wrong amount keyed"
    receipt_dialog.close()

    qtbot.keyClick(dialog.done_button, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_more_than_the_balance_is_refused_on_the_form(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    payment = _paid(services, amount=20_000)
    dialog = _open(qtbot, services, runner, manager, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    _fill_partial(qtbot, dialog, "20001", "too much")
    assert dialog.step is Step.FORM
    assert "cannot be more than the refundable balance (20,000원)" in dialog.form_message.text()
    assert dialog.amount_edit.hasFocus()

    type_into(qtbot, dialog.reason_edit, "")
    type_into(qtbot, dialog.amount_edit, "5000")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.step is Step.FORM and "reason" in dialog.form_message.text()
    assert not [a for a in services.journal.recent() if a.kind is AttemptKind.CANCEL]


def test_a_fully_refunded_payment_offers_nothing(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    payment = _paid(services, amount=9_000)
    order = RefundOrder(payment.imp_uid, 9_000, "done", 9_000)
    assert refund_payment(services, order, operator=manager).paid
    dialog = _open(qtbot, services, runner, manager, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    assert dialog.balance_value.text() == "0원"
    assert not dialog.refund_button.isEnabled()
    assert "refunded in full" in dialog.form_message.text()


def test_a_clerk_refunds_with_a_managers_approval(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    clerk = Operator("직원 이", Role.CLERK)
    payment = _paid(services)
    dialog = _open(qtbot, services, runner, clerk, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    _fill_partial(qtbot, dialog, "3000", "Damaged")
    assert "A manager approves this refund next." in dialog.confirm_label.text()
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.approval_dialog is not None, timeout=WAIT_MS)
    approval = dialog.approval_dialog
    assert isinstance(approval, ManagerApprovalDialog)
    qtbot.waitExposed(approval)
    _activate(qtbot, approval)

    type_into(qtbot, approval.name_edit, "매니저 박")
    qtbot.keyClick(approval.name_edit, Qt.Key.Key_Return)
    assert approval.pin_edit.hasFocus()
    type_into(qtbot, approval.pin_edit, "111111")
    qtbot.keyClick(approval.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Tries left" in approval.message_label.text(), timeout=WAIT_MS)
    assert approval.message_label.text() == "Wrong PIN. Tries left: 4."
    assert _cancel_amounts(services, payment) == []

    type_into(qtbot, approval.pin_edit, MANAGER_PIN)
    qtbot.keyClick(approval.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.step is Step.REFUNDED, timeout=WAIT_MS)
    assert _cancel_amounts(services, payment) == [3_000]
    (requested,) = services.audit.entries(subject=payment.merchant_uid, action=REFUND_REQUESTED)
    assert (requested.actor, requested.details["approver"]) == ("직원 이", "매니저 박")


def test_a_cancelled_approval_refunds_nothing(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    clerk = Operator("직원 이", Role.CLERK)
    payment = _paid(services)
    dialog = _open(qtbot, services, runner, clerk, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    _fill_partial(qtbot, dialog, "3000", "Damaged")
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.approval_dialog is not None, timeout=WAIT_MS)
    approval = dialog.approval_dialog
    assert approval is not None
    qtbot.waitExposed(approval)
    _activate(qtbot, approval)
    qtbot.keyClick(approval.focusWidget() or approval, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.step is Step.CONFIRM, timeout=WAIT_MS)
    assert "Not approved: nothing was refunded." in dialog.confirm_label.text()
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Escape)  # Esc: back to the form
    assert dialog.step is Step.FORM and dialog.isVisible()
    assert _cancel_amounts(services, payment) == []


def test_a_payment_refunded_meanwhile_is_refused_in_plain_words(
    qtbot: QtBot,
    runner: BackgroundRunner,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    """Another terminal refunds the whole payment after our dialog read the balance: ours is
    refused (the balance is read again just before sending), and the dialog says so in words.
    PortOne's own refusals in words: tests/services/test_refunds.py."""
    services = make_services(sandbox.url, tmp_path / "patient", read_timeout=10)
    payment = _paid(services, amount=9_000)
    manager = Operator("매니저", Role.MANAGER)
    dialog = _open(qtbot, services, runner, manager, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    services.client.cancel_payment(  # the other terminal's refund lands first
        CancelRequest(imp_uid=payment.imp_uid, amount=9_000, checksum=9_000, reason="other")
    )
    type_into(qtbot, dialog.reason_edit, "Customer cancelled")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.step is Step.REFUSED, timeout=WAIT_MS)
    assert dialog.outcome_title.text() == "Not refunded"
    assert dialog.outcome_text.text().startswith("This payment has already been refunded in full")
    assert _cancel_amounts(services, payment) == [9_000]  # the other terminal's only
    assert dialog.again_button.isVisible()
    dialog.close()
    services.close()


def test_a_stalled_refund_is_checked_until_it_is_known_once(
    qtbot: QtBot,
    services: AppServices,
    runner: BackgroundRunner,
    manager: Operator,
    sandbox: SandboxServer,
) -> None:
    payment = _paid(services)
    dialog = _open(qtbot, services, runner, manager, payment.imp_uid)
    _wait_for_form(qtbot, dialog)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="stall_after_commit", seconds=3)
    _fill_partial(qtbot, dialog, "7000", "Late delivery")
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.step is Step.CHECKING, timeout=WAIT_MS)
    assert dialog.outcome_title.text() == "Being checked"
    qtbot.waitUntil(lambda: dialog.step is Step.REFUNDED, timeout=WAIT_MS)
    assert _cancel_amounts(services, payment) == [7_000]  # found, never sent again
    (attempt,) = [a for a in services.journal.recent() if a.kind is AttemptKind.CANCEL]
    assert attempt.state is AttemptState.RESOLVED_PAID


def _lost_refund(services: AppServices, sandbox: SandboxServer, payment: Payment) -> Attempt:
    arm_fault(sandbox, endpoint="/payments/cancel", mode="error", status=502)
    order = RefundOrder(payment.imp_uid, 4_000, "lost", payment.amount)
    manager = Operator("매니저", Role.MANAGER)
    outcome = refund_payment(services, order, operator=manager)
    assert outcome.attempt.state is AttemptState.UNKNOWN
    return outcome.attempt


def test_a_refund_left_unknown_is_followed_up_when_the_dialog_opens(
    qtbot: QtBot,
    services: AppServices,
    runner: BackgroundRunner,
    manager: Operator,
    sandbox: SandboxServer,
) -> None:
    payment = _paid(services)
    _lost_refund(services, sandbox, payment)
    quick_settle = CheckSchedule(delays=(0.1,), every=0.2, settle_after=timedelta(0))
    dialog = RefundDialog(
        _context(services, runner, manager), payment.imp_uid, None, follow_up=quick_settle
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.step is Step.REFUSED, timeout=WAIT_MS)
    assert "no such refund" in dialog.outcome_text.text()
    assert _cancel_amounts(services, payment) == []

    qtbot.keyClick(dialog.again_button, Qt.Key.Key_Space)  # the form, for a new refund
    _wait_for_form(qtbot, dialog)
    assert dialog.refund_button.isEnabled() and dialog.balance_value.text() == "55,000원"


def test_an_undecidable_refund_tells_the_clerk_to_check_portone(
    qtbot: QtBot,
    services: AppServices,
    runner: BackgroundRunner,
    manager: Operator,
    sandbox: SandboxServer,
) -> None:
    """Our refund is lost; another terminal refunds the same amount. The dialog never says
    "Refunded" nor "nothing was refunded": it says PortOne's history cannot tell."""
    payment = _paid(services)
    _lost_refund(services, sandbox, payment)
    services.client.cancel_payment(
        CancelRequest(imp_uid=payment.imp_uid, amount=4_000, checksum=55_000, reason="other")
    )
    quick_settle = CheckSchedule(delays=(0.1,), every=0.2, settle_after=timedelta(0))
    dialog = RefundDialog(
        _context(services, runner, manager), payment.imp_uid, None, follow_up=quick_settle
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.step is Step.REFUSED, timeout=WAIT_MS)
    assert "cannot tell whether this refund was made" in dialog.outcome_text.text()
    assert "nothing was refunded" not in dialog.outcome_text.text()


def test_the_tax_free_part_shows_when_the_payment_had_one(
    qtbot: QtBot, services: AppServices, runner: BackgroundRunner, manager: Operator
) -> None:
    order = KeyedOrder(
        merchant_uid=new_merchant_uid(now=datetime.now(UTC)), amount=40_000, tax_free=10_000
    )
    paid = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK).payment
    assert paid is not None
    dialog = _open(qtbot, services, runner, manager, paid.imp_uid)
    _wait_for_form(qtbot, dialog)
    assert dialog.tax_free_edit.isVisible() and dialog.tax_free_left_value.text() == "10,000원"
    assert dialog.tax_free_edit.text() == "10,000"  # a full refund takes all of it

    dialog.partial_radio.setFocus()
    qtbot.keyClick(dialog.partial_radio, Qt.Key.Key_Space)
    type_into(qtbot, dialog.amount_edit, "20000")
    assert dialog.tax_free_edit.text() == "5,000"  # its share
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Tab)
    assert dialog.tax_free_edit.hasFocus()
    type_into(qtbot, dialog.tax_free_edit, "15000")  # more than is left: capped
    qtbot.keyClick(dialog.tax_free_edit, Qt.Key.Key_Return)
    assert dialog.reason_edit.hasFocus()
    type_into(qtbot, dialog.reason_edit, "Returned goods")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert "Tax-free part: 10,000원" in dialog.confirm_label.text()
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.step is Step.REFUNDED, timeout=WAIT_MS)
    (attempt,) = [a for a in services.journal.recent() if a.kind is AttemptKind.CANCEL]
    assert (attempt.amount, attempt.tax_free) == (20_000, 10_000)
