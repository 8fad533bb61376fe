"""The services' policy for screens: ids and retries, the follow-up of an unknown outcome, and
finding what the journal recorded for an operation that failed unexpectedly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.merchant_uid import is_our_merchant_uid
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.services.followup import check_outcome, find_attempt
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.store import NewAttempt
from tests.conftest import arm_fault
from tests.services.conftest import DECLINED_CC03_CARD, keyed_card


def test_each_attempt_gets_fresh_ids_in_the_documented_shape() -> None:
    now = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    first = new_keyed_order(amount=10_000, save_card=True, now=now)
    second = new_keyed_order(amount=10_000, now=now)
    registration = new_card_registration(name="김", now=now)

    assert first.merchant_uid != second.merchant_uid
    assert first.merchant_uid.startswith("kcp_20261202T183000_")  # 09:30 UTC, in Korea time
    assert first.save_as_customer_uid is not None
    assert first.save_as_customer_uid.startswith("cust_20261202T183000_")
    assert second.save_as_customer_uid is None
    assert registration.merchant_uid.startswith("reg_")
    assert registration.customer_uid.startswith("cust_")
    for uid in (first.merchant_uid, first.save_as_customer_uid, registration.merchant_uid):
        assert is_our_merchant_uid(uid)


def test_a_retry_links_to_a_confirmed_failure_only(services: AppServices) -> None:
    declined = charge_keyed(
        services,
        keyed_card(DECLINED_CC03_CARD),
        new_keyed_order(amount=20_000),
        operator=LOCAL_CLERK,
    )
    retry = new_keyed_order(amount=20_000, retry_of=declined.attempt)
    assert retry.previous_merchant_uid == declined.attempt.merchant_uid
    assert retry.merchant_uid != declined.attempt.merchant_uid

    paid = charge_keyed(services, keyed_card(), retry, operator=LOCAL_CLERK)
    assert paid.attempt.previous_merchant_uid == declined.attempt.merchant_uid
    with pytest.raises(ValueError, match="failed for sure"):
        new_keyed_order(amount=20_000, retry_of=paid.attempt)


def test_the_follow_up_schedule_slows_down_then_stays_steady() -> None:
    assert [FOLLOW_UP.delay_before(n) for n in range(5)] == [2.0, 5.0, 10.0, 15.0, 15.0]
    assert CheckSchedule(delays=(), every=3.0).delay_before(0) == 3.0


def test_a_registration_is_found_by_merchant_uid_after_a_thousand_newer_attempts(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(
        sandbox,
        endpoint="/subscribe/customers/{customer_uid}",
        mode="stall_after_commit",
        seconds=2,
    )
    registration = new_card_registration(name="이영희")
    lost = register_card(services, keyed_card(), registration, operator=LOCAL_CLERK)
    assert lost.kind is OutcomeKind.UNKNOWN
    for _ in range(1_000):  # a batch's worth of newer attempts
        services.journal.begin(
            NewAttempt(
                kind=AttemptKind.ONETIME,
                merchant_uid=new_keyed_order(amount=1).merchant_uid,
                amount=1,
            )
        )

    found = find_attempt(services, registration.merchant_uid)

    assert found is not None and found.id == lost.attempt.id
    assert found.kind is AttemptKind.REGISTER and found.state is AttemptState.UNKNOWN
    settled = check_outcome(services, found.id)
    assert settled.kind is OutcomeKind.PAID
    assert settled.attempt.state is AttemptState.RESOLVED_PAID
    assert services.customers.get(registration.customer_uid) is not None


def test_nothing_journalled_means_nothing_found(services: AppServices) -> None:
    assert find_attempt(services, new_keyed_order(amount=1).merchant_uid) is None


def test_an_unknown_charge_followed_up_comes_back_with_its_payment(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=2)
    order = new_keyed_order(amount=31_000, buyer_name="박민수")
    lost = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert lost.kind is OutcomeKind.UNKNOWN

    outcome = check_outcome(services, lost.attempt.id)

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.payment is not None and outcome.payment.amount == 31_000
    assert outcome.payment.merchant_uid == order.merchant_uid
