"""Refunds end to end against the sandbox: partial, a second partial, the remainder in full,
refusals before anything is sent and PortOne's refusals in words, a lost answer settled by
lookup with one refund on the sandbox, roles (a clerk refused, a manager's approval accepted),
the tax-free part capped, and the audit trail of who refunded and who approved."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.domain.refund_tag import is_tagged, tagged_reason, without_tag
from kcp_pos.domain.text import Text
from kcp_pos.iamport.models import CancelRequest, Payment, PaymentCancel, PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.followup import check_outcome
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.late_approvals import recheck_not_found
from kcp_pos.services.late_refunds import REFUND_LATE, LateRefund, late_refunds
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import (
    NotPermitted,
    add_operator,
    approve,
    create_first_admin,
)
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.receipt import ENGLISH_LABELS, Receipt, ReceiptStatus, receipt_html
from kcp_pos.services.recovery import check_leftovers
from kcp_pos.services.refund_refusals import Refusal, explain_refusal
from kcp_pos.services.refunds import (
    REFUND_ACTION,
    REFUND_REQUESTED,
    REFUND_UNDECIDED,
    UNDECIDED,
    CancelFound,
    RefundOrder,
    RefundRefused,
    find_our_cancel,
    look_up_refundable,
    refund_payment,
)
from kcp_pos.store import Attempt, LedgerStatus, NewAttempt
from tests.conftest import arm_fault
from tests.services.conftest import keyed_card

MANAGER_PIN = "482915"
CLERK_PIN = "736402"


@pytest.fixture
def admin(services: AppServices) -> Operator:
    return create_first_admin(services, "사장 김", "908172")


@pytest.fixture
def manager(services: AppServices, admin: Operator) -> Operator:
    return add_operator(services, "매니저 박", Role.MANAGER, MANAGER_PIN, by=admin)


@pytest.fixture
def clerk(services: AppServices, admin: Operator) -> Operator:
    return add_operator(services, "직원 이", Role.CLERK, CLERK_PIN, by=admin)


def _paid(services: AppServices, amount: int = 55_000, tax_free: int = 0) -> Payment:
    order = KeyedOrder(
        merchant_uid=new_merchant_uid(now=datetime.now(UTC)),
        amount=amount,
        order_name="전화주문 커피원두",
        tax_free=tax_free,
    )
    clerk = Operator("직원", Role.CLERK)
    outcome = charge_keyed(services, keyed_card(), order, operator=clerk)
    assert outcome.kind is OutcomeKind.PAID and outcome.payment is not None
    return outcome.payment


def _refund(
    services: AppServices,
    payment: Payment,
    amount: int,
    operator: Operator,
    *,
    reason: str = "고객 변심",
    tax_free: int | None = None,
) -> RefundOrder:
    balance = services.client.get_payment(payment.imp_uid).cancellable_balance
    return RefundOrder(payment.imp_uid, amount, reason, balance, tax_free)


def _cancels(services: AppServices, payment: Payment) -> list[PaymentCancel]:
    return services.client.get_payment(payment.imp_uid).cancel_history


def test_partial_then_partial_then_the_remainder(services: AppServices, manager: Operator) -> None:
    payment = _paid(services)

    first = refund_payment(services, _refund(services, payment, 10_000, manager), operator=manager)
    assert first.kind is OutcomeKind.PAID and first.payment is not None
    assert first.attempt.kind is AttemptKind.CANCEL and first.attempt.state is AttemptState.PAID
    assert (first.attempt.amount, first.attempt.checksum) == (10_000, 55_000)
    assert first.payment.cancel_amount == 10_000

    second = refund_payment(services, _refund(services, payment, 5_000, manager), operator=manager)
    assert second.kind is OutcomeKind.PAID and second.attempt.checksum == 45_000

    rest = refund_payment(services, _refund(services, payment, 40_000, manager), operator=manager)
    assert rest.kind is OutcomeKind.PAID
    remote = services.client.get_payment(payment.imp_uid)
    assert remote.cancel_amount == 55_000 and remote.status is PaymentStatus.CANCELLED
    assert [cancel.amount for cancel in remote.cancel_history] == [10_000, 5_000, 40_000]
    kept = services.ledger.get(payment.imp_uid)
    assert kept is not None and kept.status is LedgerStatus.CANCELLED
    assert kept.cancel_amount == 55_000


def test_above_the_balance_is_refused_before_anything_is_written(
    services: AppServices, manager: Operator
) -> None:
    payment = _paid(services, amount=20_000)
    refund_payment(services, _refund(services, payment, 15_000, manager), operator=manager)

    with pytest.raises(RefundRefused) as refused:
        refund_payment(services, _refund(services, payment, 5_001, manager), operator=manager)
    assert refused.value.refusal is Refusal.ABOVE_BALANCE and refused.value.balance == 5_000
    cancels = [
        a
        for a in services.journal.find_by_merchant_uid(payment.merchant_uid)
        if a.kind is AttemptKind.CANCEL
    ]
    assert len(cancels) == 1  # nothing journalled
    assert [c.amount for c in _cancels(services, payment)] == [15_000]  # nothing sent


def test_a_fully_refunded_payment_is_refused(services: AppServices, manager: Operator) -> None:
    payment = _paid(services, amount=12_000)
    refund_payment(services, _refund(services, payment, 12_000, manager), operator=manager)

    with pytest.raises(RefundRefused) as refused:
        refund_payment(
            services, RefundOrder(payment.imp_uid, 1_000, "again", 12_000), operator=manager
        )
    assert refused.value.refusal is Refusal.FULLY_REFUNDED
    assert "refunded in full" in refused.value.text.english


def test_a_balance_changed_since_it_was_shown_is_refused(
    services: AppServices, manager: Operator
) -> None:
    payment = _paid(services, amount=30_000)
    shown = _refund(services, payment, 5_000, manager)
    services.client.cancel_payment(  # someone else refunds meanwhile (the console)
        CancelRequest(imp_uid=payment.imp_uid, amount=10_000, checksum=30_000, reason="console")
    )
    with pytest.raises(RefundRefused) as refused:
        refund_payment(services, shown, operator=manager)
    assert refused.value.refusal is Refusal.BALANCE_CHANGED and refused.value.balance == 20_000


def test_the_reason_is_required(services: AppServices, manager: Operator) -> None:
    payment = _paid(services)
    with pytest.raises(InvalidOrder) as invalid:
        refund_payment(
            services, _refund(services, payment, 1_000, manager, reason="  "), operator=manager
        )
    assert invalid.value.problems == (InputError.REFUND_REASON_REQUIRED,)


def test_the_apis_refusal_is_shown_in_plain_words(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    """PortOne refuses (another terminal refunded in full between our check and our send):
    the refund is a confirmed failure, and its words say so."""
    payment = _paid(services, amount=9_000)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="delay", seconds=0.3)
    order = _refund(services, payment, 9_000, manager)
    other = CancelRequest(imp_uid=payment.imp_uid, amount=9_000, checksum=9_000, reason="x")

    # The other refund lands first: ours, delayed, reaches the sandbox after it.
    racing = threading.Timer(0.1, lambda: services.client.cancel_payment(other))
    racing.start()
    outcome = refund_payment(services, order, operator=manager)
    racing.join()
    assert outcome.kind is OutcomeKind.DECLINED
    assert outcome.attempt.state is AttemptState.FAILED
    assert outcome.fail_reason == "이미 전액취소된 주문입니다."
    assert explain_refusal(outcome.fail_reason).english.startswith(
        "This payment has already been refunded in full"
    )


def test_refusal_words_for_the_references_messages() -> None:
    above = "결제취소에 실패하였습니다.(requested cancel amount is bigger than cancelable amount)"
    assert explain_refusal(above).source.startswith("The refund is more than what is left")
    missing = explain_refusal("취소할 결제건이 존재하지 않습니다.")
    assert missing.source.startswith("PortOne has no payment")
    partial = explain_refusal("결제취소에 실패하였습니다.([8386] 부분취소 가능횟수 초과)")
    assert "no more partial refunds" in partial.source
    other = explain_refusal("결제취소에 실패하였습니다.(something new)")
    assert other == Text("RefundRefusal", "The refund was refused: %1", (other.args[0],))
    assert other.english.endswith("(something new)")


def test_a_stalled_answer_is_settled_by_lookup_with_one_refund(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    payment = _paid(services)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="stall_after_commit", seconds=3)

    outcome = refund_payment(
        services, _refund(services, payment, 20_000, manager), operator=manager
    )
    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.attempt.state is AttemptState.UNKNOWN

    settled = check_outcome(services, outcome.attempt.id)
    assert settled.kind is OutcomeKind.PAID
    assert settled.attempt.state is AttemptState.RESOLVED_PAID
    assert settled.payment is not None and settled.payment.cancel_amount == 20_000
    assert [c.amount for c in _cancels(services, payment)] == [20_000]  # exactly one refund
    kept = services.ledger.get(payment.imp_uid)
    assert kept is not None and kept.cancel_amount == 20_000


def test_a_lost_refund_that_never_arrived_stays_unknown_until_old_enough(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    payment = _paid(services)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="error", status=502)
    outcome = refund_payment(services, _refund(services, payment, 5_000, manager), operator=manager)
    assert outcome.kind is OutcomeKind.UNKNOWN

    with pytest.raises(RefundRefused) as refused:  # one refund of a payment in flight
        refund_payment(services, _refund(services, payment, 5_000, manager), operator=manager)
    assert refused.value.refusal is Refusal.REFUND_IN_FLIGHT

    (attempt_id,) = [a.id for a in services.journal.unresolved()]
    still = check_leftovers(services, [attempt_id])
    assert still.still_unknown  # nothing found yet: the PG may still commit
    later = datetime.now(UTC) + timedelta(minutes=10)
    settled = check_leftovers(services, [attempt_id], now=later)
    (attempt,) = settled.settled
    assert attempt.state is AttemptState.RESOLVED_FAILED
    assert _cancels(services, payment) == []


def test_another_refund_first_settles_ours_as_not_made(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    """Our answer is lost and our request never arrived; meanwhile the console refunded the
    same amount. The checksum means ours could not have gone through after it."""
    payment = _paid(services, amount=40_000)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="error", status=502)
    lost = refund_payment(services, _refund(services, payment, 10_000, manager), operator=manager)
    services.client.cancel_payment(
        CancelRequest(imp_uid=payment.imp_uid, amount=7_000, checksum=40_000, reason="console")
    )
    settled = check_outcome(services, lost.attempt.id)
    assert settled.kind is OutcomeKind.DECLINED
    assert settled.attempt.state is AttemptState.RESOLVED_FAILED


def test_a_concurrent_refund_of_the_same_amount_is_not_taken_as_ours(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    """Our request is lost before PortOne processed it; another terminal refunds the same
    amount from the same balance. Its entry has not our tagged reason: ours stays undecided
    (never "Refunded"), and once old enough it is settled as not made, loudly, freeing the
    payment for the next refund."""
    payment = _paid(services, amount=40_000)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="error", status=502)
    lost = refund_payment(
        services, _refund(services, payment, 10_000, manager, reason="item A"), operator=manager
    )
    assert lost.kind is OutcomeKind.UNKNOWN
    assert is_tagged(lost.attempt.cancel_reason)
    services.client.cancel_payment(
        CancelRequest(imp_uid=payment.imp_uid, amount=10_000, checksum=40_000, reason="item B")
    )

    settled = check_outcome(services, lost.attempt.id)
    assert settled.kind is OutcomeKind.UNKNOWN  # not "Refunded"
    assert settled.attempt.state is AttemptState.UNKNOWN
    later = datetime.now(UTC) + timedelta(minutes=10)
    (attempt,) = check_leftovers(services, [lost.attempt.id], now=later).settled
    assert attempt.state is AttemptState.RESOLVED_FAILED
    assert attempt.fail_reason == UNDECIDED
    (undecided,) = services.audit.entries(subject=payment.merchant_uid, action=REFUND_UNDECIDED)
    assert undecided.details["attempt_id"] == lost.attempt.id
    assert services.audit.verify().intact

    again = refund_payment(services, _refund(services, payment, 5_000, manager), operator=manager)
    assert again.kind is OutcomeKind.PAID  # the payment is free again, checked at 30,000
    assert [c.amount for c in _cancels(services, payment)] == [10_000, 5_000]


def test_our_refund_is_found_by_the_tagged_reason_it_was_sent_with(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    payment = _paid(services, amount=40_000)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="stall_after_commit", seconds=3)
    lost = refund_payment(
        services, _refund(services, payment, 10_000, manager, reason="파손"), operator=manager
    )
    assert lost.kind is OutcomeKind.UNKNOWN
    (sent,) = _cancels(services, payment)
    assert sent.reason == lost.attempt.cancel_reason  # journalled exactly as sent
    assert sent.reason is not None and without_tag(sent.reason) == "파손"

    settled = check_outcome(services, lost.attempt.id)
    assert settled.attempt.state is AttemptState.RESOLVED_PAID


def test_a_refund_settled_as_not_made_that_pg_commits_late_is_found_once(
    services: AppServices, manager: Operator, sandbox: SandboxServer
) -> None:
    """Our refund never showed up and was settled as not made once old enough; then the PG
    commits it (the same request, with our tagged reason). The late re-check finds it and
    records it once; another refund with the same amount is not taken for it."""
    payment = _paid(services, amount=40_000)
    arm_fault(sandbox, endpoint="/payments/cancel", mode="error", status=502)
    lost = refund_payment(services, _refund(services, payment, 10_000, manager), operator=manager)
    later = datetime.now(UTC) + timedelta(minutes=10)
    (settled,) = check_leftovers(services, [lost.attempt.id], now=later).settled
    assert settled.state is AttemptState.RESOLVED_FAILED
    services.client.cancel_payment(  # someone else's refund first: not ours
        CancelRequest(imp_uid=payment.imp_uid, amount=10_000, checksum=40_000, reason="other")
    )
    assert recheck_not_found(services).late_refunds == ()

    services.client.cancel_payment(  # the PG commits ours late (its tagged reason)
        CancelRequest(
            imp_uid=payment.imp_uid,
            amount=10_000,
            checksum=30_000,
            reason=lost.attempt.cancel_reason,
        )
    )
    round_ = recheck_not_found(services)
    assert round_.late_refunds == (
        LateRefund(lost.attempt.id, payment.merchant_uid, payment.imp_uid, 10_000),
    )
    assert recheck_not_found(services).late_refunds == ()  # recorded once
    assert late_refunds(services) == round_.late_refunds
    (entry,) = services.audit.entries(subject=payment.merchant_uid, action=REFUND_LATE)
    assert entry.details["attempt_id"] == lost.attempt.id


def _attempt_like(services: AppServices, payment: Payment, amount: int, checksum: int) -> Attempt:
    return services.journal.begin(
        NewAttempt(
            kind=AttemptKind.CANCEL,
            merchant_uid=payment.merchant_uid,
            amount=amount,
            imp_uid=payment.imp_uid,
            checksum=checksum,
            cancel_reason=OUR_REASON,
        )
    )


OUR_REASON = tagged_reason("r", "0a1b2c")


def test_our_cancel_is_the_one_with_our_reason(services: AppServices) -> None:
    payment = _paid(services, amount=50_000)
    attempt = _attempt_like(services, payment, 10_000, 45_000)  # 5,000 refunded before
    now = int(datetime.now(UTC).timestamp())
    old = PaymentCancel(amount=5_000, cancelled_at=now - 3600, reason="old")
    ours = PaymentCancel(amount=10_000, cancelled_at=now, reason=OUR_REASON)
    other = PaymentCancel(amount=10_000, cancelled_at=now, reason="other terminal")
    first = PaymentCancel(amount=3_000, cancelled_at=now, reason="console")

    def shown(*cancels: PaymentCancel) -> Payment:
        total = sum(c.amount for c in cancels)
        return payment.model_copy(update={"cancel_amount": total, "cancel_history": cancels})

    assert find_our_cancel(shown(old), attempt) is CancelFound.NOTHING_YET
    assert find_our_cancel(shown(old, ours), attempt) is CancelFound.OURS
    assert find_our_cancel(shown(old, other, ours), attempt) is CancelFound.OURS
    assert find_our_cancel(shown(old, other), attempt) is CancelFound.UNDECIDABLE  # same amount
    assert find_our_cancel(shown(old, first, other), attempt) is CancelFound.NOT_OURS
    assert find_our_cancel(shown(first, old), attempt) is CancelFound.NOT_OURS  # sorted by time
    assert find_our_cancel(shown(old, ours, ours), attempt) is CancelFound.UNDECIDABLE
    assert find_our_cancel(shown(), attempt) is CancelFound.NOT_OURS  # balance never ours
    lost_history = payment.model_copy(update={"cancel_amount": 15_000, "cancel_history": []})
    assert find_our_cancel(lost_history, attempt) is CancelFound.UNDECIDABLE


def test_a_clerk_is_refused_and_a_managers_approval_accepted(
    services: AppServices, clerk: Operator, manager: Operator
) -> None:
    payment = _paid(services)
    order = _refund(services, payment, 3_000, clerk)
    with pytest.raises(NotPermitted):
        refund_payment(services, order, operator=clerk)
    assert _cancels(services, payment) == []

    clerk_approval = approve(
        services,
        approver_name="직원 이",
        approver_pin=CLERK_PIN,
        needed=Role.CLERK,
        action=REFUND_ACTION,
        for_operator=clerk,
    )
    with pytest.raises(NotPermitted):  # an approval by another clerk is no manager's
        refund_payment(services, order, operator=clerk, approval=clerk_approval)

    approval = approve(
        services,
        approver_name="매니저 박",
        approver_pin=MANAGER_PIN,
        needed=Role.MANAGER,
        action=REFUND_ACTION,
        for_operator=clerk,
    )
    outcome = refund_payment(services, order, operator=clerk, approval=approval)
    assert outcome.kind is OutcomeKind.PAID
    assert outcome.attempt.operator == "직원 이"

    (requested,) = services.audit.entries(subject=payment.merchant_uid, action=REFUND_REQUESTED)
    assert requested.actor == "직원 이"
    assert requested.details["approver"] == "매니저 박"
    assert requested.details["operator"] == "직원 이"
    assert requested.details["amount"] == 3_000 and requested.details["checksum"] == 55_000
    sent = services.audit.entries(subject=payment.merchant_uid, action="attempt.sending")
    assert [entry.actor for entry in sent] == ["직원", "직원 이"]  # the charge, then the refund
    assert services.audit.verify().intact


def test_a_managers_own_refund_names_no_approver(services: AppServices, manager: Operator) -> None:
    payment = _paid(services)
    refund_payment(services, _refund(services, payment, 1_000, manager), operator=manager)
    (requested,) = services.audit.entries(subject=payment.merchant_uid, action=REFUND_REQUESTED)
    assert requested.actor == "매니저 박" and requested.details["approver"] is None


def test_the_tax_free_part_is_capped_at_what_remains(
    services: AppServices, manager: Operator
) -> None:
    payment = _paid(services, amount=50_000, tax_free=10_000)
    refundable = look_up_refundable(services, payment.imp_uid)
    assert (refundable.paid_tax_free, refundable.tax_free_left) == (10_000, 10_000)

    first = refund_payment(
        services, _refund(services, payment, 30_000, manager, tax_free=25_000), operator=manager
    )
    assert first.attempt.tax_free == 10_000  # capped at the tax-free part
    assert look_up_refundable(services, payment.imp_uid).tax_free_left == 0

    rest = refund_payment(services, _refund(services, payment, 20_000, manager), operator=manager)
    assert rest.kind is OutcomeKind.PAID and rest.attempt.tax_free == 0


def test_the_tax_free_share_of_a_partial_refund(services: AppServices, manager: Operator) -> None:
    payment = _paid(services, amount=40_000, tax_free=30_000)
    # 10,000 taxable: a 15,000 refund must carry at least 5,000 tax-free, at most 15,000
    low = refund_payment(
        services, _refund(services, payment, 15_000, manager, tax_free=0), operator=manager
    )
    assert low.attempt.tax_free == 5_000
    # what is left: 25,000 of which 25,000 tax-free; the share of the rest is all of it
    rest = refund_payment(services, _refund(services, payment, 25_000, manager), operator=manager)
    assert rest.attempt.tax_free == 25_000


def test_a_refunded_payment_prints_its_refund_lines(
    services: AppServices, manager: Operator
) -> None:
    payment = _paid(services, amount=30_000)
    refund_payment(
        services, _refund(services, payment, 10_000, manager, reason="파손"), operator=manager
    )
    refunded = services.client.get_payment(payment.imp_uid)
    receipt = Receipt.from_payment(
        refunded,
        merchant_name="Shop",
        merchant_business_number="",
        lang="en",
        labels=ENGLISH_LABELS,
        sandbox=True,
    )
    assert receipt.status is ReceiptStatus.PARTIALLY_CANCELLED  # V1 says `cancelled`
    assert [(line.amount, line.reason) for line in receipt.refunds] == [(10_000, "파손")]
    page = receipt_html(receipt)
    assert "Refunds" in page and "-₩10,000" in page and "파손" in page
    assert "Remaining" in page and "₩20,000" in page
