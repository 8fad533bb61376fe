"""Services check orders themselves, with no form in front of them (a batch, a command line):
they refuse what breaks a rule and journal and send the values as checked, never as typed."""

from __future__ import annotations

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.errors import InputError
from kcp_pos.iamport.models import OnetimePaymentRequest
from kcp_pos.iamport.results import PaymentResult
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import (
    CardRegistration,
    new_card_registration,
    register_card,
)
from kcp_pos.services.charges import settle_charge
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed, new_keyed_order
from kcp_pos.services.ledger_sync import record_payment
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.store import NewAttempt
from tests.services.conftest import keyed_card

LUHN_TID = "22895235578504"  # 14 digits that pass Luhn: a transaction number a PG may quote


def _order(**fields: object) -> KeyedOrder:
    return KeyedOrder(**{"merchant_uid": new_keyed_order(amount=1).merchant_uid, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"amount": True}, InputError.AMOUNT_FORMAT),
        ({"amount": 1000.0}, InputError.AMOUNT_FORMAT),
        ({"amount": "1000"}, InputError.AMOUNT_FORMAT),
        ({"amount": 1000, "tax_free": True}, InputError.TAX_FREE_FORMAT),
        ({"amount": 1000, "card_quota": False}, InputError.QUOTA_INVALID),
        ({"amount": "1000", "card_quota": False}, InputError.QUOTA_INVALID),
        ({"amount": 10**30}, InputError.AMOUNT_TOO_LARGE),
        ({"amount": 1000, "tax_free": 1001}, InputError.TAX_FREE_EXCEEDS_AMOUNT),
        ({"amount": 1000, "buyer_name": "x" * 17}, InputError.BUYER_NAME_TOO_LONG),
        ({"amount": 1000, "order_name": "x" + " " * 60 + "y" * 40}, InputError.ORDER_NAME_TOO_LONG),
        ({"amount": 1000, "buyer_email": "hong@example.com\x00"}, InputError.EMAIL_FORMAT),
        ({"amount": 1000, "buyer_tel": "12"}, InputError.PHONE_FORMAT),
        (
            {"amount": 1000, "buyer_name": "김", "save_as_customer_uid": "a/b?c"},
            InputError.UID_FORMAT,
        ),
        ({"amount": 1000, "merchant_uid": "kcp 1"}, InputError.UID_FORMAT),
    ],
)
def test_a_bad_order_is_refused_and_nothing_is_journalled(
    services: AppServices, fields: dict[str, object], problem: InputError
) -> None:
    order = _order(**fields)
    with pytest.raises(InvalidOrder) as refused:
        charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert problem in refused.value.problems
    assert services.journal.recent(1) == []


def test_the_checked_values_are_journalled_and_sent(services: AppServices) -> None:
    order = _order(
        amount=12_000,
        order_name="  원두   1kg ",
        buyer_name=" kim\tlee ",
        buyer_tel="010 1234 5678",
        buyer_email=" hong@example.com ",
    )
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)

    assert outcome.kind is OutcomeKind.PAID
    journalled = outcome.attempt
    assert (journalled.order_name, journalled.buyer_name) == ("원두 1kg", "kim lee")
    assert (journalled.buyer_tel, journalled.buyer_email) == ("010-1234-5678", "hong@example.com")
    assert outcome.payment is not None
    sent = (outcome.payment.name, outcome.payment.buyer_name, outcome.payment.buyer_tel)
    assert sent == ("원두 1kg", "kim lee", "010-1234-5678")


def test_a_registration_is_checked_too(services: AppServices) -> None:
    bad = CardRegistration("reg_x", "cust_x", name="김", email="not an address")
    with pytest.raises(InvalidOrder) as refused:
        register_card(services, keyed_card(), bad, operator=LOCAL_CLERK)
    assert refused.value.problems == (InputError.EMAIL_FORMAT,)
    good = new_card_registration(name="  김철수 ", tel="01022223333")
    outcome = register_card(services, keyed_card(), good, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.PAID
    assert (outcome.attempt.buyer_name, outcome.attempt.buyer_tel) == ("김철수", "010-2222-3333")


def test_a_retry_retries_a_charge_only(services: AppServices) -> None:
    registration = new_card_registration(name="김", customer_uid="cust_bad_card")
    refused = services.journal.begin(
        NewAttempt(
            kind=AttemptKind.REGISTER,
            merchant_uid=registration.merchant_uid,
            amount=0,
            customer_uid=registration.customer_uid,
        )
    )
    failed = services.journal.mark_failed(refused.id, fail_reason="[CC03] 카드사 거절")
    assert failed.state is AttemptState.FAILED
    with pytest.raises(ValueError, match="charge that failed"):
        new_keyed_order(amount=1_000, retry_of=failed)


def test_a_pg_message_quoting_a_number_is_stored_without_it(services: AppServices) -> None:
    """A decline whose text quotes a Luhn-valid transaction number is journalled and ledgered
    with the number starred (the store's card guard would refuse it and leave the attempt
    unsettled)."""
    order = _order(amount=5_000)
    attempt = services.journal.begin(
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=order.merchant_uid, amount=5_000)
    )
    reason = f"[CC03] 카드사 거절 (TID {LUHN_TID})"
    declined = settle_charge(
        services, attempt, PaymentResult.declined(order.merchant_uid, reason, -1), LOCAL_CLERK
    )
    assert declined.kind is OutcomeKind.DECLINED
    assert declined.attempt.state is AttemptState.FAILED
    assert LUHN_TID not in (declined.attempt.fail_reason or "")
    assert "[CC03]" in (declined.attempt.fail_reason or "")

    sent = OnetimePaymentRequest(
        **keyed_card("5570-4200-0007-0002").api_fields(), merchant_uid="kcp-ledger-1", amount=5_000
    )
    payment = services.client.pay_onetime(sent).payment
    assert payment is not None
    quoting = payment.model_copy(update={"fail_reason": reason})
    recorded = record_payment(services.ledger, quoting)
    assert LUHN_TID not in (recorded.fail_reason or "")
