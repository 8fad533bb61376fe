"""charge_keyed end to end: journal before send, sandbox payment, ledger, customer directory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.iamport.models import PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import LedgerStatus
from tests.conftest import arm_fault, make_services
from tests.services.conftest import DECLINED_CC03_CARD, keyed_card


def _order(**fields: object) -> KeyedOrder:
    defaults: dict[str, object] = {
        "merchant_uid": new_merchant_uid(now=datetime.now(UTC)),
        "amount": 55_000,
        "order_name": "전화주문 커피원두",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
    }
    defaults.update(fields)
    return KeyedOrder(**defaults)  # type: ignore[arg-type]


def test_approved_charge_is_journalled_ledgered_and_on_the_sandbox(
    services: AppServices,
) -> None:
    order = _order(card_quota=3)
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.attempt.state is AttemptState.PAID
    assert outcome.payment is not None and outcome.payment.card_quota == 3
    remote = services.client.get_payment(outcome.payment.imp_uid)
    assert remote.status is PaymentStatus.PAID and remote.amount == 55_000
    assert remote.card_number == "5570420000001234"
    local = services.ledger.get(remote.imp_uid)
    assert local is not None and local.status is LedgerStatus.PAID
    assert local.apply_num == remote.apply_num and len(local.apply_num or "") == 8
    journalled = services.journal.find_by_merchant_uid(order.merchant_uid)
    assert [a.state for a in journalled] == [AttemptState.PAID]
    assert journalled[0].card_number == "5570420000001234"
    assert journalled[0].imp_uid == remote.imp_uid


def test_decline_is_an_outcome_with_the_reason_and_a_failed_ledger_row(
    services: AppServices,
) -> None:
    order = _order()
    outcome = charge_keyed(services, keyed_card(DECLINED_CC03_CARD), order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.DECLINED
    assert outcome.fail_reason is not None and "CC03" in outcome.fail_reason
    assert outcome.attempt.state is AttemptState.FAILED
    assert outcome.payment is not None
    local = services.ledger.get(outcome.payment.imp_uid)
    assert local is not None and local.status is LedgerStatus.FAILED


def test_retry_after_decline_links_to_the_declined_attempt(services: AppServices) -> None:
    first = charge_keyed(services, keyed_card(DECLINED_CC03_CARD), _order(), operator=LOCAL_CLERK)
    retry_order = _order(previous_merchant_uid=first.attempt.merchant_uid)
    retry = charge_keyed(services, keyed_card(), retry_order, operator=LOCAL_CLERK)

    assert retry.paid
    assert retry.attempt.previous_merchant_uid == first.attempt.merchant_uid


def test_installments_below_minimum_are_refused_before_anything_is_sent(
    services: AppServices,
) -> None:
    # The PG would decline them with [CC16] (tests/iamport/test_client_charges.py); the service
    # refuses them itself, with no form in front of it.
    order = _order(amount=30_000, card_quota=3)
    with pytest.raises(InvalidOrder) as refused:
        charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert refused.value.problems == (InputError.QUOTA_AMOUNT_TOO_SMALL,)
    assert services.journal.find_by_merchant_uid(order.merchant_uid) == []
    assert services.client.find_every_payment(order.merchant_uid) == []


def test_charge_and_save_stores_the_billing_key_and_the_customer(
    services: AppServices,
) -> None:
    order = _order(save_as_customer_uid="cust_hong_card1", buyer_email="hong@example.com")
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)

    assert outcome.paid
    key = services.client.get_billing_key("cust_hong_card1")
    assert key.card_number == "5570420000001234"
    customer = services.customers.get("cust_hong_card1")
    assert customer is not None
    assert (customer.name, customer.tel, customer.card_number) == (
        "홍길동",
        "010-1234-5678",
        "5570420000001234",
    )


def test_unanswered_charge_is_unknown_then_resolves_paid_with_one_payment(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=2)
    order = _order()
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.attempt.state is AttemptState.UNKNOWN
    settled = resolve_attempt(services, outcome.attempt)
    assert settled.state is AttemptState.RESOLVED_PAID
    payments = services.client.find_every_payment(order.merchant_uid)
    assert len(payments) == 1 and payments[0].status is PaymentStatus.PAID
    assert settled.imp_uid == payments[0].imp_uid
    assert services.ledger.get(payments[0].imp_uid) is not None


def test_server_error_is_unknown_not_failed_and_is_not_resent(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="error", status=500, times=1)
    order = _order()
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.UNKNOWN
    # The faulted request never reached the handler, and the client did not send it again.
    assert services.client.find_every_payment(order.merchant_uid) == []


def test_no_connection_means_nothing_was_sent_and_the_attempt_failed(tmp_path: Path) -> None:
    services = make_services("http://127.0.0.1:9", tmp_path / "offline", max_retries=0)
    try:
        outcome = charge_keyed(services, keyed_card(), _order(), operator=LOCAL_CLERK)
    finally:
        services.close()
    assert outcome.kind is OutcomeKind.DECLINED
    assert outcome.attempt.kind is AttemptKind.ONETIME
    assert outcome.attempt.state is AttemptState.FAILED


def test_a_local_store_failure_after_payment_is_a_warning_not_an_error(
    services: AppServices,
) -> None:
    # A real failure of the ledger write (its table is gone), after the card was charged:
    # the clerk must see "paid", never an error that invites charging again.
    with services.database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE payments")
    order = _order()
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.attempt.state is AttemptState.PAID
    assert outcome.warnings and "not updated" in outcome.warnings[0]
    assert len(services.client.find_every_payment(order.merchant_uid)) == 1


def test_unanswered_charge_and_save_keeps_the_customer_once_resolved(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=2)
    order = _order(save_as_customer_uid="cust_park_card1", buyer_name="박민수")
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.UNKNOWN
    assert services.customers.get("cust_park_card1") is None

    settled = resolve_attempt(services, outcome.attempt)

    assert settled.state is AttemptState.RESOLVED_PAID
    customer = services.customers.get("cust_park_card1")
    assert customer is not None and customer.name == "박민수"
    assert customer.card_number == "5570420000001234"
