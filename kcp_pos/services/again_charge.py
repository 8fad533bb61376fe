"""Charging a saved card again (`POST /subscribe/payments/again`): the customer's billing key
instead of a keyed card, the same order rules, the same money path.

`new_again_order` is the policy for a new attempt (a fresh `merchant_uid` each time; a retry only
of a confirmed failure, linked to it), `charge_again` runs it through the money-call skeleton.
An again-charge moves no card data: the billing key stands for the card, and the journal keeps
the masked number the directory already has. A billing key the directory does not know (made by
a web shop or another terminal) is charged like any other and added to the directory from the
payment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.merchant_uid import (
    CUSTOMER_UID_MAX_LENGTH,
    validate_uid,
)
from kcp_pos.domain.result import Invalid
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import IamportError
from kcp_pos.iamport.models import AgainPaymentRequest
from kcp_pos.iamport.results import PaymentResult
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import duplicate_is_lost_answer, settle_charge
from kcp_pos.services.identifiers import new_order_uid
from kcp_pos.services.keyed_charge import (
    KeyedOrder,
    before_retry,
    check_retry_of,
    checked_order,
)
from kcp_pos.services.money_call import SendTurn, run_money_call
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Outcome
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink
from kcp_pos.store import Attempt, NewAttempt


@dataclass(frozen=True)
class AgainOrder:
    """A charge of the billing key `customer_uid`."""

    customer_uid: str
    merchant_uid: str
    amount: int
    order_name: str | None = None
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None
    tax_free: int = 0
    card_quota: int = 0
    previous_merchant_uid: str | None = None
    """The failed attempt this one retries, if any."""


def new_again_order(
    *,
    customer_uid: str,
    amount: int,
    order_name: str | None = None,
    buyer_name: str | None = None,
    buyer_tel: str | None = None,
    buyer_email: str | None = None,
    tax_free: int = 0,
    card_quota: int = 0,
    retry_of: Attempt | None = None,
    now: datetime | None = None,
    merchant_uid: str | None = None,
) -> AgainOrder:
    """A new attempt: a new `merchant_uid`, linked to `retry_of` (a confirmed failure) if given.

    A batch passes the `merchant_uid` it fixed (and committed) for the line before the batch
    started (`batch_charge.py`); the journal's unique index still lets it be sent only once."""
    check_retry_of(retry_of)
    return AgainOrder(
        customer_uid=customer_uid,
        merchant_uid=merchant_uid if merchant_uid is not None else new_order_uid(now),
        amount=amount,
        order_name=order_name,
        buyer_name=buyer_name,
        buyer_tel=buyer_tel,
        buyer_email=buyer_email,
        tax_free=tax_free,
        card_quota=card_quota,
        previous_merchant_uid=retry_of.merchant_uid if retry_of is not None else None,
    )


def checked_again_order(order: AgainOrder) -> tuple[AgainOrder, tuple[InputError, ...]]:
    """`order` as it will be journalled and sent, and every rule it breaks: the keyed order's
    rules (`keyed_charge.checked_order`) and a billing key that is safe in a URL path."""
    keyed, problems = checked_order(
        KeyedOrder(
            merchant_uid=order.merchant_uid,
            amount=order.amount,
            order_name=order.order_name,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            buyer_email=order.buyer_email,
            tax_free=order.tax_free,
            card_quota=order.card_quota,
            previous_merchant_uid=order.previous_merchant_uid,
        )
    )
    uid = validate_uid(order.customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH)
    found = (*problems, uid.error) if isinstance(uid, Invalid) else problems
    clean = replace(
        order,
        order_name=keyed.order_name,
        buyer_name=keyed.buyer_name,
        buyer_tel=keyed.buyer_tel,
        buyer_email=keyed.buyer_email,
    )
    return clean, found


def charge_again(
    services: AppServices,
    order: AgainOrder,
    *,
    operator: Operator,
    progress: ProgressSink = NO_PROGRESS,
    send_turn: SendTurn | None = None,
) -> Outcome:
    """Charge the billing key for `order` (see `money_call.py` for what each outcome means). A
    retry looks the earlier attempts of the order up once more first, as a keyed retry does.
    `send_turn`: see `run_money_call`."""
    clean, problems = checked_again_order(order)
    if not problems and clean.previous_merchant_uid is not None:
        paid_before = before_retry(services, clean.previous_merchant_uid, operator)
        if paid_before is not None:
            return paid_before
    known = services.customers.get(clean.customer_uid) if not problems else None
    call = _AgainCharge(
        clean,
        problems,
        card_number=known.card_number if known else None,
        card_name=known.card_name if known else None,
    )
    return run_money_call(services, call, operator=operator, progress=progress, send_turn=send_turn)


@dataclass(frozen=True)
class _AgainCharge:
    order: AgainOrder
    """As checked: the values that are journalled and sent."""
    found: tuple[InputError, ...]
    card_number: str | None
    """Masked, from the directory (the billing key's card), for the journal and the screen."""
    card_name: str | None

    def problems(self) -> tuple[InputError, ...]:
        return self.found

    def new_attempt(self) -> NewAttempt:
        order = self.order
        return NewAttempt(
            kind=AttemptKind.AGAIN,
            merchant_uid=order.merchant_uid,
            amount=order.amount,
            order_name=order.order_name,
            tax_free=order.tax_free,
            card_quota=order.card_quota,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            buyer_email=order.buyer_email,
            customer_uid=order.customer_uid,
            card_number=self.card_number,
            card_name=self.card_name,
            previous_merchant_uid=order.previous_merchant_uid,
        )

    def request(self) -> AgainPaymentRequest:
        order = self.order
        return AgainPaymentRequest(
            customer_uid=order.customer_uid,
            merchant_uid=order.merchant_uid,
            amount=order.amount,
            tax_free=order.tax_free or None,
            card_quota=order.card_quota or None,
            name=order.order_name,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            buyer_email=order.buyer_email,
        )

    def send(self, client: IamportClient, request: AgainPaymentRequest) -> PaymentResult:
        return client.pay_again(request)

    def lost_answer(self, error: IamportError) -> bool:
        return duplicate_is_lost_answer(error, self.order.merchant_uid)

    def settle(
        self, services: AppServices, attempt: Attempt, answer: PaymentResult, operator: Operator
    ) -> Outcome:
        return settle_charge(services, attempt, answer, operator)
