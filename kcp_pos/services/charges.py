"""What every charge has in common, keyed or not (`onetime`, `again`, and window payments later):
settling the answer, recording it, and looking a lost answer up by `merchant_uid`.

A charge that also stored its card as a billing key (a keyed charge with `customer_uid`) puts the
customer into the directory once it is known to be paid, whether the answer came at once or was
found by lookup; so does a charge of a billing key the directory did not know (made elsewhere).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.domain.merchant_uid import is_our_merchant_uid
from kcp_pos.iamport.errors import DuplicateMerchantUid, IamportError
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.iamport.results import PaymentResult
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import record_payment, record_saved_card
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import NOT_YET, Outcome, OutcomeKind, Verdict, nothing_found
from kcp_pos.store import Attempt

log = logging.getLogger(__name__)

CHARGED: Final = frozenset({PaymentStatus.PAID, PaymentStatus.CANCELLED})
"""A payment in one of these states means the card was charged (a cancel came later)."""


def settle_charge(
    services: AppServices, attempt: Attempt, result: PaymentResult, operator: Operator
) -> Outcome:
    """Journal a charge's answer (paid or declined), then record the payment."""
    payment = result.payment
    if result.paid and payment is not None:
        settled = services.journal.mark_paid(
            attempt.id,
            imp_uid=payment.imp_uid,
            card_number=payment.card_number,
            card_name=payment.card_name,
            actor=operator.name,
        )
        warnings = keep_records(services, attempt, payment, operator)
        return Outcome(OutcomeKind.PAID, settled, payment, warnings=warnings)
    # The PG's own words: a transaction number inside them can pass Luhn (see ledger_sync).
    reason = redact_card_numbers(result.fail_reason or "declined")
    settled = services.journal.mark_failed(
        attempt.id, fail_reason=reason, imp_uid=result.imp_uid, actor=operator.name
    )
    warnings = keep_records(services, attempt, payment, operator) if payment is not None else ()
    return Outcome(OutcomeKind.DECLINED, settled, payment, fail_reason=reason, warnings=warnings)


def keep_records(
    services: AppServices, attempt: Attempt, payment: Payment, operator: Operator
) -> tuple[str, ...]:
    """Ledger (and, for a stored card, the customer directory) after the journal has the truth.

    A failure here must not turn a paid charge into an error the clerk might "fix" by charging
    again, so it becomes a warning; the ledger can be re-synced from PortOne later.
    """
    try:
        record_payment(services.ledger, payment)
        if payment.status in CHARGED:
            _keep_stored_card(services, attempt, payment, operator)
    except Exception as error:  # any store failure (SQLAlchemy errors too) after money moved
        log.warning("local records not updated for %s: %s", payment.imp_uid, type(error).__name__)
        return (f"local records not updated: {type(error).__name__}",)
    return ()


def _keep_stored_card(
    services: AppServices, attempt: Attempt, payment: Payment, operator: Operator
) -> None:
    if not attempt.customer_uid:
        return
    if attempt.kind is AttemptKind.AGAIN and services.customers.get(attempt.customer_uid):
        return  # a known customer: the directory has what the clerk entered
    record_saved_card(
        services.customers,
        payment,
        name=attempt.buyer_name or payment.buyer_name,
        tel=attempt.buyer_tel or payment.buyer_tel,
        email=attempt.buyer_email or payment.buyer_email,
        actor=operator.name,
    )


def duplicate_is_lost_answer(error: IamportError, merchant_uid: str) -> bool:
    """A charge refused as a duplicate `merchant_uid` is most likely our own request seen twice
    (the client resends once after a 401) when the app minted that id itself: whether it was
    charged is then for the lookup to say. Someone else's id in use is a refusal."""
    return isinstance(error, DuplicateMerchantUid) and is_our_merchant_uid(merchant_uid)


def is_this_attempts(payment: Payment, attempt: Attempt) -> bool:
    """Whether a payment found under the attempt's `merchant_uid` is the attempt's: the same
    amount and, when both name one, the same billing key. Another payment under the same id
    (an id reused by another terminal or a web shop) never settles this attempt as paid."""
    if payment.amount != attempt.amount:
        log.warning("payment %s under %s is not this attempt's", payment.imp_uid, attempt.id)
        return False
    if attempt.customer_uid and payment.customer_uid not in (None, attempt.customer_uid):
        log.warning("payment %s under %s is for another key", payment.imp_uid, attempt.id)
        return False
    return True


def charge_verdict(
    services: AppServices, attempt: Attempt, old_enough: bool, operator: Operator
) -> Verdict:
    """Look a charge up by its `merchant_uid`: any payment charged means paid; payments that all
    failed mean declined; one still `ready` or nothing found (yet) proves nothing."""
    merchant_uid = attempt.merchant_uid
    if not merchant_uid:
        raise ValueError("a charge attempt without merchant_uid cannot be looked up")
    found = services.client.find_every_payment(merchant_uid)
    payments = [payment for payment in found if is_this_attempts(payment, attempt)]
    charged = [payment for payment in payments if payment.status in CHARGED]
    # What the lookup proves does not wait for the local copies: a failed write is a warning.
    record_found(services, attempt, found, charged[0] if charged else None, operator)
    if charged:
        return Verdict(paid=True, imp_uid=charged[0].imp_uid)
    if any(payment.status is PaymentStatus.READY for payment in payments):
        return NOT_YET  # still being processed: neither paid nor failed yet
    failed = [payment for payment in payments if payment.status is PaymentStatus.FAILED]
    if failed:
        latest = _latest(failed)
        reason = redact_card_numbers(latest.fail_reason or "declined")
        return Verdict(paid=False, imp_uid=latest.imp_uid, fail_reason=reason)
    return nothing_found(old_enough, "no payment with this merchant_uid")


def record_found(
    services: AppServices,
    attempt: Attempt,
    payments: Sequence[Payment],
    charged: Payment | None,
    operator: Operator,
) -> None:
    try:
        for payment in payments:
            record_payment(services.ledger, payment)
        if charged is not None:
            _keep_stored_card(services, attempt, charged, operator)
    except Exception as error:  # the ledger can be re-synced; the verdict must not wait for it
        log.warning(
            "local records of %s not updated: %s", attempt.merchant_uid, type(error).__name__
        )


def payment_of_charge(services: AppServices, attempt: Attempt) -> Payment | None:
    """The payment to show for a settled charge: the charged one, else the latest answer."""
    if not attempt.merchant_uid:
        return None
    found = services.client.find_every_payment(attempt.merchant_uid)
    payments = [payment for payment in found if is_this_attempts(payment, attempt)]
    charged = [payment for payment in payments if payment.status in CHARGED]
    if charged:
        return charged[0]
    return payments[0] if payments else None


def _latest(payments: Sequence[Payment]) -> Payment:
    return max(payments, key=lambda p: (p.failed_at, p.started_at))
