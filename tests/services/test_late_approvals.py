"""A PG that commits after the app settled the attempt as "nothing found" (the sandbox's
`commit_later` fault): the next start finds the payment and records a late approval that stays
until acknowledged, and a retry of the order never charges the customer a second time."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.iamport.errors import IamportError
from kcp_pos.iamport.models import CancelRequest
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.services.late_approvals import (
    EarlierAttemptPending,
    acknowledge,
    recheck_not_found,
    unacknowledged,
)
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import Attempt, LedgerStatus, NewAttempt
from tests.conftest import arm_fault, seed_ready_payment
from tests.services.conftest import DECLINED_CC03_CARD, keyed_card

NO_WAIT = timedelta(0)


def _settled_as_not_found(services: AppServices, sandbox: SandboxServer, seconds: float) -> Attempt:
    """A charge the PG commits `seconds` after answering 504, settled before that as not found."""
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="commit_later", seconds=seconds)
    order = new_keyed_order(amount=33_000, buyer_name="홍길동")
    lost = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert lost.kind is OutcomeKind.UNKNOWN
    settled = resolve_attempt(services, lost.attempt, settle_after=NO_WAIT)
    assert settled.state is AttemptState.RESOLVED_FAILED and settled.not_found
    return settled


def _wait_for_the_late_commit(services: AppServices, merchant_uid: str) -> None:
    for _ in range(100):
        if services.client.find_every_payment(merchant_uid):
            return
        time.sleep(0.05)
    raise AssertionError("the PG never committed")


def test_a_late_commit_is_found_at_the_next_start_and_stays_until_acknowledged(
    services: AppServices, sandbox: SandboxServer
) -> None:
    settled = _settled_as_not_found(services, sandbox, seconds=0.5)
    assert recheck_not_found(services).found == ()  # not committed yet: nothing to report
    merchant_uid = settled.merchant_uid or ""
    _wait_for_the_late_commit(services, merchant_uid)

    found = recheck_not_found(services).found

    assert [(late.merchant_uid, late.amount) for late in found] == [(merchant_uid, 33_000)]
    (payment,) = services.ledger.find_by_merchant_uid(merchant_uid)
    assert payment.status is LedgerStatus.PAID and payment.imp_uid == found[0].imp_uid
    assert unacknowledged(services) == found
    assert recheck_not_found(services).found == ()  # found once, not again
    assert services.journal.get(settled.id).state is AttemptState.RESOLVED_FAILED  # history kept
    acknowledge(services, found[0], LOCAL_CLERK)
    assert unacknowledged(services) == ()


def test_a_retry_of_an_order_charged_late_charges_nothing_new(
    services: AppServices, sandbox: SandboxServer
) -> None:
    settled = _settled_as_not_found(services, sandbox, seconds=0.3)
    _wait_for_the_late_commit(services, settled.merchant_uid or "")
    retry = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=settled)

    outcome = charge_keyed(services, keyed_card(), retry, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID and outcome.late_approval
    assert outcome.attempt.id == settled.id and outcome.payment is not None
    assert services.journal.find_by_merchant_uid(retry.merchant_uid) == []  # nothing journalled
    assert services.client.find_every_payment(retry.merchant_uid) == []  # nothing sent
    assert [late.merchant_uid for late in unacknowledged(services)] == [settled.merchant_uid]


def test_a_retry_is_sent_when_the_earlier_attempt_is_still_not_found(
    services: AppServices, sandbox: SandboxServer
) -> None:
    settled = _settled_as_not_found(services, sandbox, seconds=30)  # commits after the test
    retry = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=settled)

    outcome = charge_keyed(services, keyed_card(), retry, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID and not outcome.late_approval
    assert outcome.attempt.previous_merchant_uid == settled.merchant_uid
    assert unacknowledged(services) == ()


def test_without_an_answer_about_the_earlier_attempt_the_retry_is_not_sent(
    services: AppServices, sandbox: SandboxServer
) -> None:
    settled = _settled_as_not_found(services, sandbox, seconds=30)
    arm_fault(
        sandbox, endpoint="/payments/findAll/{merchant_uid}", mode="error", status=503, times=10
    )
    retry = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=settled)

    with pytest.raises(IamportError):
        charge_keyed(services, keyed_card(), retry, operator=LOCAL_CLERK)
    assert services.journal.find_by_merchant_uid(retry.merchant_uid) == []


def test_nothing_found_settles_only_after_the_window_since_it_became_unknown(
    services: AppServices,
) -> None:
    """An attempt found in `sending` (the app died after journalling it) is made unknown first,
    however old it is: a restart is not a reason to settle it at the first empty lookup."""
    attempt = services.journal.begin(
        NewAttempt(
            kind=AttemptKind.ONETIME,
            merchant_uid=new_keyed_order(amount=1).merchant_uid,
            amount=1_000,
        )
    )
    later = datetime.now(UTC) + timedelta(hours=1)

    first = resolve_attempt(services, attempt, now=later)
    assert first.state is AttemptState.UNKNOWN
    second = resolve_attempt(services, first, now=later)
    assert second.state is AttemptState.RESOLVED_FAILED and second.not_found


def test_a_retry_of_a_retry_looks_up_every_earlier_attempt_of_the_order(
    services: AppServices, sandbox: SandboxServer
) -> None:
    """A (nothing found) → B (declined) → C: A's late commit stops C, not only B's lookup."""
    first = _settled_as_not_found(services, sandbox, seconds=1.0)
    second_order = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=first)
    second = charge_keyed(
        services, keyed_card(DECLINED_CC03_CARD), second_order, operator=LOCAL_CLERK
    )
    assert second.kind is OutcomeKind.DECLINED  # A was looked up: nothing yet
    _wait_for_the_late_commit(services, first.merchant_uid or "")
    third = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=second.attempt)

    outcome = charge_keyed(services, keyed_card(), third, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID and outcome.late_approval
    assert outcome.attempt.id == first.id
    assert services.client.find_every_payment(third.merchant_uid) == []  # nothing sent
    assert [late.merchant_uid for late in unacknowledged(services)] == [first.merchant_uid]


def _cancel(services: AppServices, merchant_uid: str, amount: int) -> None:
    (payment,) = services.client.find_every_payment(merchant_uid)
    services.client.cancel_payment(
        CancelRequest(imp_uid=payment.imp_uid, amount=amount, checksum=payment.amount)
    )


def test_a_late_payment_refunded_in_full_is_no_late_approval_and_does_not_stop_a_retry(
    services: AppServices, sandbox: SandboxServer
) -> None:
    settled = _settled_as_not_found(services, sandbox, seconds=0.3)
    merchant_uid = settled.merchant_uid or ""
    _wait_for_the_late_commit(services, merchant_uid)
    _cancel(services, merchant_uid, 33_000)  # e.g. KCP's own cancel after the timeout

    assert recheck_not_found(services).found == ()
    (kept,) = services.ledger.find_by_merchant_uid(merchant_uid)
    assert kept.status is LedgerStatus.CANCELLED  # in the ledger all the same
    retry = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=settled)
    outcome = charge_keyed(services, keyed_card(), retry, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.PAID and not outcome.late_approval
    assert outcome.attempt.merchant_uid == retry.merchant_uid  # the customer pays once, now
    assert unacknowledged(services) == ()


def test_a_late_payment_refunded_in_part_is_still_a_late_approval(
    services: AppServices, sandbox: SandboxServer
) -> None:
    settled = _settled_as_not_found(services, sandbox, seconds=0.3)
    merchant_uid = settled.merchant_uid or ""
    _wait_for_the_late_commit(services, merchant_uid)
    _cancel(services, merchant_uid, 3_000)

    (found,) = recheck_not_found(services).found
    assert found.merchant_uid == merchant_uid


def test_a_retry_waits_while_the_earlier_payment_is_still_being_processed(
    services: AppServices, sandbox: SandboxServer
) -> None:
    """PortOne reports `ready` while the PG has not answered yet: that may still be approved,
    so the retry is not sent (and the start-up recheck waits for the next round)."""
    settled = _settled_as_not_found(services, sandbox, seconds=30)
    merchant_uid = settled.merchant_uid or ""
    seed_ready_payment(sandbox, merchant_uid, 33_000)
    retry = new_keyed_order(amount=33_000, buyer_name="홍길동", retry_of=settled)

    with pytest.raises(EarlierAttemptPending) as pending:
        charge_keyed(services, keyed_card(), retry, operator=LOCAL_CLERK)

    assert pending.value.merchant_uid == merchant_uid
    assert services.journal.find_by_merchant_uid(retry.merchant_uid) == []
    assert services.client.find_every_payment(retry.merchant_uid) == []
    assert recheck_not_found(services).found == ()
