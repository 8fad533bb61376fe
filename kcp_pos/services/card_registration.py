"""Registering a keyed card as a billing key without charging it
(`POST /subscribe/customers/{customer_uid}`; for KCP this moves no money).

It goes through the money-call skeleton like a charge (kind `register`), so that a lost answer is
resolved by reading the key back (`registration_verdict`) instead of being sent again.
`new_card_registration` mints its ids (`identifiers.py`): a fresh `customer_uid` for the card and
the journal's own id for the attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.email import validate_buyer_email
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.domain.merchant_uid import (
    CUSTOMER_UID_MAX_LENGTH,
    MERCHANT_UID_MAX_LENGTH,
    validate_uid,
)
from kcp_pos.domain.names import validate_buyer_name
from kcp_pos.domain.phone import validate_buyer_tel
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import IamportError, NotFoundError
from kcp_pos.iamport.models import BillingCustomer, BillingKeyRequest
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.identifiers import new_customer_uid, new_registration_uid
from kcp_pos.services.money_call import Problems, run_money_call
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Outcome, OutcomeKind, Verdict, nothing_found
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink
from kcp_pos.store import Attempt, CustomerDetails, NewAttempt

log = logging.getLogger(__name__)

KEY_CLOCK_SKEW_SECONDS = 60
"""A key read back counts as this attempt's when written at most this long before it began."""


@dataclass(frozen=True)
class CardRegistration:
    """Whose card becomes which billing key; `merchant_uid` is the journal's id of the attempt."""

    merchant_uid: str
    customer_uid: str
    name: str | None = None
    tel: str | None = None
    email: str | None = None


def new_card_registration(
    *,
    name: str | None,
    tel: str | None = None,
    email: str | None = None,
    customer_uid: str | None = None,
    now: datetime | None = None,
) -> CardRegistration:
    """A registration with new ids (`customer_uid` only when the caller already chose one)."""
    return CardRegistration(
        merchant_uid=new_registration_uid(now),
        customer_uid=customer_uid or new_customer_uid(now),
        name=name,
        tel=tel,
        email=email,
    )


def checked_registration(
    registration: CardRegistration,
) -> tuple[CardRegistration, tuple[InputError, ...]]:
    """`registration` as it will be journalled and sent, and every rule it breaks: a saved card
    needs the name of whom it belongs to; the phone and e-mail, when given, must be ones; the ids
    must be safe in a URL path."""
    problems = Problems()
    clean = replace(
        registration,
        name=problems.take(validate_buyer_name(registration.name or "", required=True)),
        tel=problems.take(validate_buyer_tel(registration.tel or "")),
        email=problems.take(validate_buyer_email(registration.email or "")),
    )
    problems.take(validate_uid(registration.merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH))
    problems.take(validate_uid(registration.customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH))
    return clean, problems.found


def register_card(
    services: AppServices,
    card: KeyedCard,
    registration: CardRegistration,
    *,
    operator: Operator,
    progress: ProgressSink = NO_PROGRESS,
) -> Outcome:
    """Store `card` as the billing key `registration.customer_uid` (nothing is charged)."""
    clean, problems = checked_registration(registration)
    call = _Registration(card, clean, problems, services.pg)
    return run_money_call(services, call, operator=operator, progress=progress)


@dataclass(frozen=True, repr=False)
class _Registration:
    card: KeyedCard
    registration: CardRegistration
    """As checked: the values that are journalled and sent."""
    found: tuple[InputError, ...]
    pg: str | None

    def problems(self) -> tuple[InputError, ...]:
        return self.found

    def new_attempt(self) -> NewAttempt:
        registration, card = self.registration, self.card
        return NewAttempt(
            kind=AttemptKind.REGISTER,
            merchant_uid=registration.merchant_uid,
            amount=0,
            buyer_name=registration.name,
            buyer_tel=registration.tel,
            buyer_email=registration.email,
            customer_uid=registration.customer_uid,
            card_number=card.masked,
            card_name=card.issuer.name_ko if card.issuer else None,
        )

    def request(self) -> BillingKeyRequest:
        registration = self.registration
        return BillingKeyRequest(
            **self.card.api_fields(),
            pg=self.pg,
            customer_name=registration.name,
            customer_tel=registration.tel,
            customer_email=registration.email,
        )

    def send(self, client: IamportClient, request: BillingKeyRequest) -> BillingCustomer:
        return client.issue_billing_key(self.registration.customer_uid, request)

    def lost_answer(self, error: IamportError) -> bool:
        return False

    def settle(
        self, services: AppServices, attempt: Attempt, answer: BillingCustomer, operator: Operator
    ) -> Outcome:
        done = services.journal.mark_paid(
            attempt.id,
            card_number=answer.card_number,
            card_name=answer.card_name,
            actor=operator.name,
        )
        try:
            save_customer(services, answer, attempt, operator)
        except Exception as error:  # the key exists at PortOne; the directory can be re-synced
            name = type(error).__name__
            log.warning("customer %s not saved locally: %s", answer.customer_uid, name)
            return Outcome(OutcomeKind.PAID, done, warnings=(f"customer not saved: {name}",))
        return Outcome(OutcomeKind.PAID, done)


def save_customer(
    services: AppServices, key: BillingCustomer, attempt: Attempt, operator: Operator
) -> None:
    """The directory entry of a billing key issued for `attempt`."""
    services.customers.save(
        CustomerDetails(
            customer_uid=key.customer_uid,
            name=attempt.buyer_name or key.customer_name,
            tel=attempt.buyer_tel or key.customer_tel,
            email=attempt.buyer_email or key.customer_email,
            card_number=key.card_number,
            card_name=key.card_name,
            card_code=key.card_code,
        ),
        actor=operator.name,
    )


def registration_verdict(
    services: AppServices, attempt: Attempt, old_enough: bool, operator: Operator
) -> Verdict:
    """Read the billing key back: issued for this attempt's card since it began means done."""
    return key_read_back(services, attempt, old_enough, operator, same_card=True)


def key_read_back(
    services: AppServices,
    attempt: Attempt,
    old_enough: bool,
    operator: Operator,
    *,
    same_card: bool,
) -> Verdict:
    """The key under the attempt's `customer_uid`, written since the attempt began (and, if
    `same_card`, holding the attempt's masked card), is the attempt's: the customer is saved.
    A key registered in KCP's window has no card the app knew (`window_registration.py`)."""
    customer_uid = attempt.customer_uid
    if not customer_uid:
        raise ValueError("a registration attempt without customer_uid cannot be looked up")
    try:
        key = services.client.get_billing_key(customer_uid)
    except NotFoundError:
        return nothing_found(old_enough, "no billing key with this customer_uid")
    began = int(attempt.created_at.timestamp()) - KEY_CLOCK_SKEW_SECONDS
    stale = max(key.inserted, key.updated) < began
    if same_card and (stale or key.card_number != attempt.card_number):
        return nothing_found(old_enough, "billing key holds another card")
    if stale:
        return nothing_found(old_enough, "the billing key is older than this registration")
    save_customer(services, key, attempt, operator)
    return Verdict(paid=True)
