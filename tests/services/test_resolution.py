"""Resolving attempts left unknown: by lookup only, at start-up too, never by resending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.iamport.models import OnetimePaymentRequest, PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.recovery import check_leftovers
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import NewAttempt
from tests.conftest import arm_fault
from tests.services.conftest import DECLINED_CC03_CARD, keyed_card

LATER = datetime.now(UTC) + timedelta(hours=1)


def _journal_sending(services: AppServices, merchant_uid: str, amount: int = 12_000) -> int:
    """What the journal holds when the app dies right after `begin()`."""
    card = keyed_card()
    attempt = services.journal.begin(
        NewAttempt(
            kind=AttemptKind.ONETIME,
            merchant_uid=merchant_uid,
            amount=amount,
            card_number=card.masked,
        )
    )
    return attempt.id


def _send_directly(services: AppServices, merchant_uid: str, card_number: str) -> None:
    """The request that left before the crash (the journal never heard back)."""
    card = keyed_card(card_number)
    services.client.pay_onetime(
        OnetimePaymentRequest(**card.api_fields(), merchant_uid=merchant_uid, amount=12_000)
    )


def test_crash_after_send_resolves_paid_at_startup(services: AppServices) -> None:
    merchant_uid = new_merchant_uid(now=datetime.now(UTC))
    attempt_id = _journal_sending(services, merchant_uid)
    _send_directly(services, merchant_uid, "5570-4200-0005-1234")

    report = check_leftovers(services, tuple(a.id for a in services.journal.unresolved()))

    assert [a.id for a in report.settled] == [attempt_id]
    assert report.settled[0].state is AttemptState.RESOLVED_PAID
    assert len(services.client.find_every_payment(merchant_uid)) == 1
    assert services.journal.unresolved() == []


def test_crash_after_declined_send_resolves_failed_with_the_reason(
    services: AppServices,
) -> None:
    merchant_uid = new_merchant_uid(now=datetime.now(UTC))
    _journal_sending(services, merchant_uid)
    _send_directly(services, merchant_uid, DECLINED_CC03_CARD)

    report = check_leftovers(services, tuple(a.id for a in services.journal.unresolved()))

    assert report.settled[0].state is AttemptState.RESOLVED_FAILED
    assert "CC03" in (report.settled[0].fail_reason or "")


def test_nothing_found_stays_unknown_until_the_settle_time_has_passed(
    services: AppServices,
) -> None:
    merchant_uid = new_merchant_uid(now=datetime.now(UTC))
    attempt_id = _journal_sending(services, merchant_uid)

    young = check_leftovers(services, tuple(a.id for a in services.journal.unresolved()))
    assert young.settled == () and young.still_unknown[0].state is AttemptState.UNKNOWN
    assert services.journal.get(attempt_id).state is AttemptState.UNKNOWN

    old = check_leftovers(services, tuple(a.id for a in services.journal.unresolved()), now=LATER)
    assert old.settled[0].state is AttemptState.RESOLVED_FAILED
    assert services.client.find_every_payment(merchant_uid) == []


def test_lookup_failure_leaves_the_attempt_unresolved(
    services: AppServices, sandbox: SandboxServer
) -> None:
    merchant_uid = new_merchant_uid(now=datetime.now(UTC))
    _journal_sending(services, merchant_uid)
    arm_fault(
        sandbox, endpoint="/payments/findAll/{merchant_uid}", mode="error", status=503, times=10
    )

    report = check_leftovers(
        services, tuple(a.id for a in services.journal.unresolved()), now=LATER
    )

    assert report.settled == () and len(report.errors) == 1
    assert len(services.journal.unresolved()) == 1


def test_register_only_creates_the_key_and_no_payment(services: AppServices) -> None:
    registration = new_card_registration(
        name="김철수", tel="010-2222-3333", customer_uid="cust_kim_card1"
    )
    outcome = register_card(services, keyed_card(), registration, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.attempt.kind is AttemptKind.REGISTER
    key = services.client.get_billing_key("cust_kim_card1")
    assert key.card_number == "5570420000001234" and key.customer_name == "김철수"
    assert services.client.get_billing_key_payments("cust_kim_card1").total == 0
    customer = services.customers.get("cust_kim_card1")
    assert customer is not None and customer.card_name == key.card_name


def test_register_refused_card_is_declined(services: AppServices) -> None:
    registration = new_card_registration(name="최", customer_uid="cust_bad")
    outcome = register_card(
        services, keyed_card(DECLINED_CC03_CARD), registration, operator=LOCAL_CLERK
    )
    assert outcome.kind is OutcomeKind.DECLINED
    assert outcome.attempt.state is AttemptState.FAILED
    assert services.customers.get("cust_bad") is None


def test_unanswered_registration_resolves_by_reading_the_key_back(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(
        sandbox,
        endpoint="/subscribe/customers/{customer_uid}",
        mode="stall_after_commit",
        seconds=2,
    )
    registration = new_card_registration(name="이영희", customer_uid="cust_lee_card1")
    outcome = register_card(services, keyed_card(), registration, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.UNKNOWN

    settled = resolve_attempt(services, outcome.attempt)

    assert settled.state is AttemptState.RESOLVED_PAID
    customer = services.customers.get("cust_lee_card1")
    assert customer is not None and customer.name == "이영희"


def test_resolved_paid_payment_is_in_the_ledger(services: AppServices) -> None:
    merchant_uid = new_merchant_uid(now=datetime.now(UTC))
    _journal_sending(services, merchant_uid)
    _send_directly(services, merchant_uid, "5570-4200-0005-1234")

    check_leftovers(services, tuple(a.id for a in services.journal.unresolved()))

    (payment,) = services.ledger.find_by_merchant_uid(merchant_uid)
    assert payment.status.value == PaymentStatus.PAID.value


def test_one_attempt_that_cannot_be_looked_up_does_not_stop_the_others(
    services: AppServices, sandbox: SandboxServer
) -> None:
    stuck, settled = (new_merchant_uid(now=datetime.now(UTC)) for _ in range(2))
    stuck_id = _journal_sending(services, stuck)
    settled_id = _journal_sending(services, settled)
    _send_directly(services, settled, "5570-4200-0005-1234")
    arm_fault(sandbox, endpoint=f"/payments/findAll/{stuck}", mode="error", status=503, times=10)

    report = check_leftovers(services, (stuck_id, settled_id), now=LATER)

    assert [a.id for a in report.still_unknown] == [stuck_id]
    assert [(a.id, a.state) for a in report.settled] == [(settled_id, AttemptState.RESOLVED_PAID)]
    assert len(report.errors) == 1
