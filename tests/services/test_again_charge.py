"""charge_again end to end: a saved card charged again through the same money path as a keyed
charge (journal before send, sandbox payment, ledger, lookup of a lost answer)."""

from __future__ import annotations

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.errors import InputError
from kcp_pos.iamport.models import PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import LedgerStatus
from tests.conftest import arm_fault
from tests.services.conftest import INSUFFICIENT_CC10_CARD, keyed_card


def _saved(services: AppServices, number: str | None = None) -> str:
    registration = new_card_registration(name="김영희", tel="010-2222-3333")
    card = keyed_card(number) if number else keyed_card()
    outcome = register_card(services, card, registration, operator=LOCAL_CLERK)
    assert outcome.paid
    return registration.customer_uid


def test_a_saved_card_is_charged_again_and_recorded(services: AppServices) -> None:
    uid = _saved(services)
    order = new_again_order(customer_uid=uid, amount=60_000, order_name="정기 배송", card_quota=3)
    outcome = charge_again(services, order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.attempt.kind is AttemptKind.AGAIN
    assert outcome.attempt.customer_uid == uid
    assert outcome.attempt.card_number == "5570420000001234"  # from the directory, masked
    remote = services.client.find_payment(order.merchant_uid)
    assert (remote.status, remote.amount, remote.customer_uid) == (PaymentStatus.PAID, 60_000, uid)
    assert remote.card_quota == 3
    local = services.ledger.get(remote.imp_uid)
    assert local is not None and local.status is LedgerStatus.PAID
    customer = services.customers.get(uid)
    assert customer is not None and customer.name == "김영희"  # not overwritten by the charge


def test_a_decline_is_an_outcome_with_the_reason(services: AppServices) -> None:
    uid = _saved(services, INSUFFICIENT_CC10_CARD)  # a key is issued; charges then fail
    outcome = charge_again(
        services, new_again_order(customer_uid=uid, amount=9_000), operator=LOCAL_CLERK
    )
    assert outcome.kind is OutcomeKind.DECLINED
    assert outcome.attempt.state is AttemptState.FAILED
    assert "CC10" in (outcome.fail_reason or "")


def test_an_unknown_billing_key_is_declined_without_a_payment(services: AppServices) -> None:
    order = new_again_order(customer_uid="cust_nobody_here", amount=9_000)
    outcome = charge_again(services, order, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.DECLINED
    assert "등록되지 않은 구매자" in (outcome.fail_reason or "")
    assert services.customers.get("cust_nobody_here") is None


def test_a_key_made_elsewhere_joins_the_directory_from_its_payment(
    services: AppServices,
) -> None:
    """A web shop registered this key; the directory learns of it when it is charged here."""
    from kcp_pos.iamport.models import BillingKeyRequest

    card = keyed_card()
    services.client.issue_billing_key(
        "cust_webshop_0001",
        BillingKeyRequest(
            **card.api_fields(), customer_name="박민수", customer_tel="010-5555-6666"
        ),
    )
    assert services.customers.get("cust_webshop_0001") is None
    outcome = charge_again(
        services,
        new_again_order(customer_uid="cust_webshop_0001", amount=12_000),
        operator=LOCAL_CLERK,
    )
    assert outcome.paid
    customer = services.customers.get("cust_webshop_0001")
    assert customer is not None and customer.card_number == "5570420000001234"


def test_a_lost_answer_is_settled_by_lookup_with_one_payment(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services)
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="stall_after_commit", seconds=2)
    order = new_again_order(customer_uid=uid, amount=33_000)
    outcome = charge_again(services, order, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.UNKNOWN
    settled = resolve_attempt(services, outcome.attempt)
    assert settled.state is AttemptState.RESOLVED_PAID
    payments = services.client.find_every_payment(order.merchant_uid)
    assert [p.status for p in payments] == [PaymentStatus.PAID]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"amount": 0}, InputError.AMOUNT_NOT_POSITIVE),
        ({"amount": True}, InputError.AMOUNT_FORMAT),
        ({"amount": 30_000, "card_quota": 3}, InputError.QUOTA_AMOUNT_TOO_SMALL),
        ({"customer_uid": "cust/../x"}, None),
    ],
)
def test_a_bad_order_is_refused_before_anything_is_written(
    services: AppServices, fields: dict[str, object], error: InputError | None
) -> None:
    values: dict[str, object] = {"customer_uid": "cust_abc", "amount": 10_000}
    values.update(fields)
    order = new_again_order(**values)  # type: ignore[arg-type]
    with pytest.raises(InvalidOrder) as refused:
        charge_again(services, order, operator=LOCAL_CLERK)
    if error is not None:
        assert error in refused.value.problems
    assert services.journal.recent() == []


def test_a_retry_of_a_decline_is_linked_and_a_paid_one_cannot_be_retried(
    services: AppServices,
) -> None:
    uid = _saved(services, INSUFFICIENT_CC10_CARD)
    declined = charge_again(
        services, new_again_order(customer_uid=uid, amount=9_000), operator=LOCAL_CLERK
    )
    retry = new_again_order(customer_uid=uid, amount=9_000, retry_of=declined.attempt)
    assert retry.previous_merchant_uid == declined.attempt.merchant_uid
    assert retry.merchant_uid != declined.attempt.merchant_uid
    paid_uid = _saved(services)
    paid = charge_again(
        services, new_again_order(customer_uid=paid_uid, amount=9_000), operator=LOCAL_CLERK
    )
    with pytest.raises(ValueError):
        new_again_order(customer_uid=paid_uid, amount=9_000, retry_of=paid.attempt)
