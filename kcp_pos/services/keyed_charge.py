"""Charging a card keyed in by the clerk (`POST /subscribe/payments/onetime`), optionally saving
it as a billing key in the same call.

DESIGN rules 1, 2 and 6 in order: the attempt is journalled durably in `sending` before the
request leaves; a decline is a `DECLINED` outcome; a lost answer is `UNKNOWN` and is settled
only by `resolution.resolve_attempt`, never by sending again. The card itself exists only in the
`KeyedCard` passed in and the request built from it: only its masked form is stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.iamport.errors import DuplicateMerchantUid, IamportError, OutcomeUnknown
from kcp_pos.iamport.models import OnetimePaymentRequest, Payment
from kcp_pos.iamport.results import PaymentResult
from kcp_pos.services.ledger_sync import record_payment, record_saved_card
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.terminal_services import TerminalServices
from kcp_pos.store import Attempt, NewAttempt

log = logging.getLogger(__name__)


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


def charge_keyed(
    services: TerminalServices, card: KeyedCard, order: KeyedOrder, *, actor: str = "clerk"
) -> Outcome:
    request = _onetime_request(services, card, order)
    attempt = services.journal.begin(_new_attempt(card, order), actor=actor)
    try:
        result = services.client.pay_onetime(request)
    except (OutcomeUnknown, DuplicateMerchantUid) as lost:
        # A duplicate of a fresh merchant_uid is most likely our own request, seen twice (the
        # client resends once after a 401): whether it was charged is for the lookup to say.
        return _unknown(services, attempt, lost.message, actor)
    except IamportError as refused:
        # Refused before or without processing (validation, duplicate uid, auth, no connection).
        failed = services.journal.mark_failed(attempt.id, fail_reason=refused.message, actor=actor)
        return Outcome(OutcomeKind.DECLINED, failed, fail_reason=refused.message)
    except Exception:
        # Anything unexpected after the attempt was journalled might have left after sending.
        _unknown(services, attempt, "unexpected error while sending", actor)
        raise
    return _settle(services, attempt, result, order, actor)


def _onetime_request(
    services: TerminalServices, card: KeyedCard, order: KeyedOrder
) -> OnetimePaymentRequest:
    return OnetimePaymentRequest(
        **card.api_fields(),
        merchant_uid=order.merchant_uid,
        amount=order.amount,
        tax_free=order.tax_free or None,
        card_quota=order.card_quota or None,
        customer_uid=order.save_as_customer_uid,
        pg=services.pg,
        name=order.order_name,
        buyer_name=order.buyer_name,
        buyer_tel=order.buyer_tel,
        buyer_email=order.buyer_email,
    )


def _new_attempt(card: KeyedCard, order: KeyedOrder) -> NewAttempt:
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


def _unknown(services: TerminalServices, attempt: Attempt, reason: str, actor: str) -> Outcome:
    unknown = services.journal.mark_unknown(attempt.id, reason=reason, actor=actor)
    return Outcome(OutcomeKind.UNKNOWN, unknown, fail_reason=reason)


def _settle(
    services: TerminalServices,
    attempt: Attempt,
    result: PaymentResult,
    order: KeyedOrder,
    actor: str,
) -> Outcome:
    payment = result.payment
    if result.paid and payment is not None:
        settled = services.journal.mark_paid(
            attempt.id,
            imp_uid=payment.imp_uid,
            card_number=payment.card_number,
            card_name=payment.card_name,
            actor=actor,
        )
        warnings = keep_records(services, payment, order, actor)
        return Outcome(OutcomeKind.PAID, settled, payment, warnings=warnings)
    reason = result.fail_reason or "declined"
    settled = services.journal.mark_failed(
        attempt.id, fail_reason=reason, imp_uid=result.imp_uid, actor=actor
    )
    warnings = keep_records(services, payment, None, actor) if payment is not None else ()
    return Outcome(OutcomeKind.DECLINED, settled, payment, fail_reason=reason, warnings=warnings)


def keep_records(
    services: TerminalServices, payment: Payment, order: KeyedOrder | None, actor: str
) -> tuple[str, ...]:
    """Ledger (and, for a saved card, the customer directory) after the journal has the truth.

    A failure here must not turn a paid charge into an error the clerk might "fix" by charging
    again, so it becomes a warning; the ledger can be re-synced from PortOne later.
    """
    try:
        record_payment(services.ledger, payment)
        if order is not None and order.save_as_customer_uid:
            record_saved_card(
                services.customers,
                payment,
                name=order.buyer_name,
                tel=order.buyer_tel,
                email=order.buyer_email,
                actor=actor,
            )
    except Exception as error:  # any store failure (SQLAlchemy errors too) after money moved
        log.warning("local records not updated for %s: %s", payment.imp_uid, type(error).__name__)
        return (f"local records not updated: {type(error).__name__}",)
    return ()
