"""Registering a keyed card as a billing key without charging it
(`POST /subscribe/customers/{customer_uid}`; for KCP this moves no money).

It is journalled like a charge (kind `register`) so that a lost answer is resolved by looking the
key up instead of being sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.iamport.errors import IamportError, OutcomeUnknown
from kcp_pos.iamport.models import BillingCustomer, BillingKeyRequest
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.terminal_services import TerminalServices
from kcp_pos.store import Attempt, CustomerDetails, NewAttempt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardHolder:
    customer_uid: str
    name: str | None = None
    tel: str | None = None
    email: str | None = None


def register_card(
    services: TerminalServices, card: KeyedCard, holder: CardHolder, *, actor: str = "clerk"
) -> Outcome:
    request = BillingKeyRequest(
        **card.api_fields(),
        pg=services.pg,
        customer_name=holder.name,
        customer_tel=holder.tel,
        customer_email=holder.email,
    )
    attempt = services.journal.begin(_new_attempt(card, holder), actor=actor)
    try:
        key = services.client.issue_billing_key(holder.customer_uid, request)
    except OutcomeUnknown as lost:
        unknown = services.journal.mark_unknown(attempt.id, reason=lost.message, actor=actor)
        return Outcome(OutcomeKind.UNKNOWN, unknown, fail_reason=lost.message)
    except IamportError as refused:
        failed = services.journal.mark_failed(attempt.id, fail_reason=refused.message, actor=actor)
        return Outcome(OutcomeKind.DECLINED, failed, fail_reason=refused.message)
    return _registered(services, attempt, key, holder, actor)


def _new_attempt(card: KeyedCard, holder: CardHolder) -> NewAttempt:
    return NewAttempt(
        kind=AttemptKind.REGISTER,
        merchant_uid=None,
        amount=0,
        buyer_name=holder.name,
        buyer_tel=holder.tel,
        buyer_email=holder.email,
        customer_uid=holder.customer_uid,
        card_number=card.masked,
        card_name=card.issuer.name_ko if card.issuer else None,
    )


def _registered(
    services: TerminalServices,
    attempt: Attempt,
    key: BillingCustomer,
    holder: CardHolder,
    actor: str,
) -> Outcome:
    done = services.journal.mark_paid(
        attempt.id, card_number=key.card_number, card_name=key.card_name, actor=actor
    )
    try:
        save_customer(services, key, holder, actor)
    except Exception as error:  # the key exists at PortOne; the directory can be re-synced
        log.warning("customer %s not saved locally: %s", key.customer_uid, type(error).__name__)
        return Outcome(
            OutcomeKind.PAID, done, warnings=(f"customer not saved: {type(error).__name__}",)
        )
    return Outcome(OutcomeKind.PAID, done)


def save_customer(
    services: TerminalServices, key: BillingCustomer, holder: CardHolder, actor: str
) -> None:
    services.customers.save(
        CustomerDetails(
            customer_uid=key.customer_uid,
            name=holder.name or key.customer_name,
            tel=holder.tel or key.customer_tel,
            email=holder.email or key.customer_email,
            card_number=key.card_number,
            card_name=key.card_name,
            card_code=key.card_code,
        ),
        actor=actor,
    )
