"""Charging a card keyed in by the clerk (`POST /subscribe/payments/onetime`), optionally saving
it as a billing key in the same call.

`new_keyed_order` is the policy for a new attempt: a fresh `merchant_uid` each time, a fresh
`customer_uid` when the card is to be kept, and a retry linked to the attempt it retries (only a
failed charge may be retried, and one settled as "not found" is looked up once more first).
`charge_keyed` runs the order through the money-call skeleton (`money_call.py`); the card exists
only in the `KeyedCard` passed in and the request built from it: only its masked form is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.email import validate_buyer_email
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import validate_card_quota
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.domain.merchant_uid import (
    CUSTOMER_UID_MAX_LENGTH,
    MERCHANT_UID_MAX_LENGTH,
    validate_uid,
)
from kcp_pos.domain.money import validate_amount, validate_tax_free
from kcp_pos.domain.names import validate_buyer_name, validate_order_name
from kcp_pos.domain.phone import validate_buyer_tel
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import IamportError
from kcp_pos.iamport.models import OnetimePaymentRequest
from kcp_pos.iamport.results import PaymentResult
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import duplicate_is_lost_answer, settle_charge
from kcp_pos.services.identifiers import new_customer_uid, new_order_uid
from kcp_pos.services.late_approvals import look_again_before_retry
from kcp_pos.services.money_call import Problems, run_money_call
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Outcome
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink
from kcp_pos.store import Attempt, NewAttempt

RETRYABLE_STATES = frozenset({AttemptState.FAILED, AttemptState.RESOLVED_FAILED})
"""Only a confirmed failure may be tried again (with a new merchant_uid linked to it)."""
RETRYABLE_KINDS = frozenset({AttemptKind.ONETIME, AttemptKind.AGAIN})
"""A retry is a charge of the same order: it retries a charge, never a registration."""


@dataclass(frozen=True)
class KeyedOrder:
    """Everything about a keyed charge except the card."""

    merchant_uid: str
    amount: int
    order_name: str | None = None
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None
    tax_free: int = 0
    card_quota: int = 0
    save_as_customer_uid: str | None = None
    """Also store the card as this billing key (one `customer_uid` per customer per card)."""
    previous_merchant_uid: str | None = None
    """The declined attempt this one retries, if any."""


def new_keyed_order(
    *,
    amount: int,
    order_name: str | None = None,
    buyer_name: str | None = None,
    buyer_tel: str | None = None,
    buyer_email: str | None = None,
    tax_free: int = 0,
    card_quota: int = 0,
    save_card: bool = False,
    retry_of: Attempt | None = None,
    now: datetime | None = None,
) -> KeyedOrder:
    """A new attempt at an order: new ids, linked to `retry_of` (a confirmed failure) if given."""
    check_retry_of(retry_of)
    return KeyedOrder(
        merchant_uid=new_order_uid(now),
        amount=amount,
        order_name=order_name,
        buyer_name=buyer_name,
        buyer_tel=buyer_tel,
        buyer_email=buyer_email,
        tax_free=tax_free,
        card_quota=card_quota,
        save_as_customer_uid=new_customer_uid(now) if save_card else None,
        previous_merchant_uid=retry_of.merchant_uid if retry_of is not None else None,
    )


NOT_RETRYABLE = "only a charge that failed for sure may be retried; look it up first"


def _retryable(attempt: Attempt) -> bool:
    return attempt.state in RETRYABLE_STATES and attempt.kind in RETRYABLE_KINDS


def check_retry_of(retry_of: Attempt | None) -> None:
    """Raise `ValueError` unless `retry_of` is None or a charge that failed for sure."""
    if retry_of is not None and not _retryable(retry_of):
        raise ValueError(NOT_RETRYABLE)


def before_retry(
    services: AppServices, previous_merchant_uid: str, operator: Operator
) -> Outcome | None:
    """What a retry of the order whose last attempt was `previous_merchant_uid` must pass
    before it is sent, whoever built it (a screen, a batch, a command line): the journal must
    hold that attempt as a charge that failed for sure (else `ValueError`), and the order's
    earlier attempts are looked up once more (`look_again_before_retry`: a payment found is
    the outcome, and nothing new is sent)."""
    attempts = services.journal.find_by_merchant_uid(previous_merchant_uid)
    charges = [a for a in attempts if a.kind in RETRYABLE_KINDS]
    if not charges or not all(_retryable(a) for a in charges):
        raise ValueError(NOT_RETRYABLE)
    return look_again_before_retry(services, previous_merchant_uid, operator)


def checked_order(order: KeyedOrder) -> tuple[KeyedOrder, tuple[InputError, ...]]:
    """`order` as it will be journalled and sent (names trimmed, the phone formatted), and every
    rule it breaks: amounts (whole won, `int` only), tax-free part, installments, names, phone,
    e-mail and ids."""
    problems = Problems()
    numbers_are_ints = all(  # a list, not a generator: every wrong number is noted
        [
            problems.need(type(value) is int, error)
            for value, error in (
                (order.amount, InputError.AMOUNT_FORMAT),
                (order.tax_free, InputError.TAX_FREE_FORMAT),
                (order.card_quota, InputError.QUOTA_INVALID),
            )
        ]
    )
    if numbers_are_ints:
        problems.take(validate_amount(order.amount))
        problems.take(validate_tax_free(order.tax_free, amount=order.amount))
        problems.take(validate_card_quota(order.card_quota, order.amount))
    saving = order.save_as_customer_uid is not None
    clean = replace(
        order,
        order_name=problems.take(validate_order_name(order.order_name or "")),
        buyer_name=problems.take(validate_buyer_name(order.buyer_name or "", required=saving)),
        buyer_tel=problems.take(validate_buyer_tel(order.buyer_tel or "")),
        buyer_email=problems.take(validate_buyer_email(order.buyer_email or "")),
    )
    problems.take(validate_uid(order.merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH))
    if order.previous_merchant_uid is not None:
        problems.take(validate_uid(order.previous_merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH))
    if order.save_as_customer_uid is not None:
        problems.take(validate_uid(order.save_as_customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH))
    return clean, problems.found


def charge_keyed(
    services: AppServices,
    card: KeyedCard,
    order: KeyedOrder,
    *,
    operator: Operator,
    progress: ProgressSink = NO_PROGRESS,
) -> Outcome:
    """Charge `card` for `order` (see `money_call.py` for what each outcome means). A retry
    first looks up once more every earlier attempt of the order settled as "not found": if one
    was charged after all, that is the outcome and nothing new is sent; one still being
    processed raises `EarlierAttemptPending` (nothing is sent either)."""
    clean, problems = checked_order(order)
    if not problems and clean.previous_merchant_uid is not None:
        paid_before = before_retry(services, clean.previous_merchant_uid, operator)
        if paid_before is not None:
            return paid_before
    call = _KeyedCharge(card, clean, problems, services.pg)
    return run_money_call(services, call, operator=operator, progress=progress)


@dataclass(frozen=True, repr=False)
class _KeyedCharge:
    card: KeyedCard
    order: KeyedOrder
    """As checked: the values that are journalled and sent."""
    found: tuple[InputError, ...]
    pg: str | None

    def problems(self) -> tuple[InputError, ...]:
        return self.found

    def new_attempt(self) -> NewAttempt:
        order, card = self.order, self.card
        return NewAttempt(
            kind=AttemptKind.ONETIME,
            merchant_uid=order.merchant_uid,
            amount=order.amount,
            order_name=order.order_name,
            tax_free=order.tax_free,
            card_quota=order.card_quota,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            buyer_email=order.buyer_email,
            customer_uid=order.save_as_customer_uid,
            card_number=card.masked,
            card_name=card.issuer.name_ko if card.issuer else None,
            previous_merchant_uid=order.previous_merchant_uid,
        )

    def request(self) -> OnetimePaymentRequest:
        order = self.order
        return OnetimePaymentRequest(
            **self.card.api_fields(),
            merchant_uid=order.merchant_uid,
            amount=order.amount,
            tax_free=order.tax_free or None,
            card_quota=order.card_quota or None,
            customer_uid=order.save_as_customer_uid,
            pg=self.pg,
            name=order.order_name,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            buyer_email=order.buyer_email,
        )

    def send(self, client: IamportClient, request: OnetimePaymentRequest) -> PaymentResult:
        return client.pay_onetime(request)

    def lost_answer(self, error: IamportError) -> bool:
        return duplicate_is_lost_answer(error, self.order.merchant_uid)

    def settle(
        self, services: AppServices, attempt: Attempt, answer: PaymentResult, operator: Operator
    ) -> Outcome:
        return settle_charge(services, attempt, answer, operator)
