"""charge_again end to end: a saved card charged again through the same money path as a keyed
charge (journal before send, sandbox payment, ledger, lookup of a lost answer)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.errors import InputError
from kcp_pos.iamport.models import AgainPaymentRequest, PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import LedgerStatus
from tests.conftest import arm_fault, make_services
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


def test_a_retry_built_by_hand_of_an_unsettled_charge_is_refused(
    services: AppServices, sandbox: SandboxServer
) -> None:
    """The retry rule holds in the money path, whoever built the order (a batch, a dialog)."""
    uid = _saved(services)
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="stall_after_commit", seconds=2)
    first = charge_again(
        services, new_again_order(customer_uid=uid, amount=9_000), operator=LOCAL_CLERK
    )
    assert first.kind is OutcomeKind.UNKNOWN  # committed at the PG, the answer lost
    by_hand = replace(
        new_again_order(customer_uid=uid, amount=9_000),
        previous_merchant_uid=first.attempt.merchant_uid,
    )
    with pytest.raises(ValueError):
        charge_again(services, by_hand, operator=LOCAL_CLERK)
    assert services.journal.find_by_merchant_uid(by_hand.merchant_uid) == []


def test_a_payment_of_another_customer_under_the_same_id_never_settles_this_charge(
    services: AppServices, sandbox: SandboxServer, store_dir: Path
) -> None:
    """Another terminal (its own store) charged customer X under an id; this terminal's charge
    of Y under the same id is refused and, looked up, is not paid by X's payment."""
    x = _saved(services)
    shared = "kcp_20250301T000000_sharedidxx"
    services.client.pay_again(
        AgainPaymentRequest(customer_uid=x, merchant_uid=shared, amount=50_000)
    )
    other_dir = store_dir.parent / "other"
    other_dir.mkdir()
    other = make_services(sandbox.url, other_dir)
    y = _saved(other)
    order = replace(new_again_order(customer_uid=y, amount=9_000), merchant_uid=shared)
    outcome = charge_again(other, order, operator=LOCAL_CLERK)
    settled = resolve_attempt(other, outcome.attempt)
    assert settled.state not in (AttemptState.PAID, AttemptState.RESOLVED_PAID)
    assert settled.imp_uid is None or settled.amount == 9_000
