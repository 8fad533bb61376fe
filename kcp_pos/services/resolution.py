"""Settling attempts whose outcome is unknown (DESIGN rule 2), by lookup and never by resending.

A charge (`onetime`, `again`) is looked up by its `merchant_uid` through `findAll`: any payment
that was paid (including one since cancelled) means the card was charged. Payments found that all
failed mean it was not. When nothing is found the request may still be on its way through the
PG, so the attempt stays unknown until `settle_after` has passed since it was sent; only then is
"nothing found" taken as "not charged".

A registration is settled by reading the billing key back, a cancel by comparing the payment's
refundable balance with the checksum it was sent with.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.iamport.errors import IamportError, NotFoundError
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.services.card_registration import CardHolder, save_customer
from kcp_pos.services.ledger_sync import record_payment, record_saved_card
from kcp_pos.services.terminal_services import TerminalServices
from kcp_pos.store import Attempt, utc_now

log = logging.getLogger(__name__)

SETTLE_AFTER = timedelta(minutes=5)
"""How long "nothing found" stays unknown: comfortably past the client's 60 s read timeout."""

_CHARGED = frozenset({PaymentStatus.PAID, PaymentStatus.CANCELLED})


@dataclass(frozen=True)
class Verdict:
    """What a lookup proved: `paid` True/False, or None when it proved nothing yet."""

    paid: bool | None
    imp_uid: str | None = None
    fail_reason: str | None = None


def resolve_attempt(
    services: TerminalServices,
    attempt: Attempt,
    *,
    now: datetime | None = None,
    settle_after: timedelta = SETTLE_AFTER,
) -> Attempt:
    """Look `attempt` up and settle it if the lookup is conclusive; return it as it now stands.

    Lookup failures propagate (`IamportError`): the attempt simply stays unresolved.
    """
    if not attempt.is_unresolved:
        return attempt
    old_enough = (now or utc_now()) - attempt.created_at >= settle_after
    verdict = _look_up(services, attempt, old_enough)
    if verdict.paid is None:
        if attempt.state is AttemptState.SENDING:
            return services.journal.mark_unknown(attempt.id, reason="found unsent-or-unanswered")
        return attempt
    return services.journal.resolve(
        attempt.id, paid=verdict.paid, imp_uid=verdict.imp_uid, fail_reason=verdict.fail_reason
    )


@dataclass(frozen=True)
class StartupResolution:
    settled: tuple[Attempt, ...]
    still_unknown: tuple[Attempt, ...]
    errors: tuple[str, ...]


def resolve_unresolved(
    services: TerminalServices,
    *,
    now: datetime | None = None,
    settle_after: timedelta = SETTLE_AFTER,
) -> StartupResolution:
    """Resolve every attempt left in `sending` or `unknown` (run at start-up, then periodically)."""
    settled: list[Attempt] = []
    still: list[Attempt] = []
    errors: list[str] = []
    for attempt in services.journal.unresolved():
        try:
            after = resolve_attempt(services, attempt, now=now, settle_after=settle_after)
        except IamportError as error:
            errors.append(f"{attempt.merchant_uid or attempt.customer_uid}: {error.message}")
            still.append(attempt)
            continue
        (still if after.is_unresolved else settled).append(after)
    return StartupResolution(tuple(settled), tuple(still), tuple(errors))


def _look_up(services: TerminalServices, attempt: Attempt, old_enough: bool) -> Verdict:
    if attempt.kind in (AttemptKind.ONETIME, AttemptKind.AGAIN):
        return _charge_verdict(services, attempt, old_enough)
    if attempt.kind is AttemptKind.REGISTER:
        return _registration_verdict(services, attempt, old_enough)
    if attempt.kind is AttemptKind.CANCEL:
        return _cancel_verdict(services, attempt, old_enough)
    return _schedule_verdict(services, attempt, old_enough)


def _charge_verdict(services: TerminalServices, attempt: Attempt, old_enough: bool) -> Verdict:
    payments = services.client.find_every_payment(_required(attempt.merchant_uid))
    for payment in payments:
        record_payment(services.ledger, payment)
    charged = [p for p in payments if p.status in _CHARGED]
    if charged:
        if attempt.customer_uid:  # a charge-and-save: its card is now a billing key
            record_saved_card(
                services.customers,
                charged[0],
                name=attempt.buyer_name,
                tel=attempt.buyer_tel,
                email=attempt.buyer_email,
                actor="resolver",
            )
        return Verdict(paid=True, imp_uid=charged[0].imp_uid)
    if any(p.status is PaymentStatus.READY for p in payments):
        return Verdict(paid=None)  # still being processed: neither paid nor failed yet
    failed = [p for p in payments if p.status is PaymentStatus.FAILED]
    if failed:
        latest = _latest(failed)
        return Verdict(paid=False, imp_uid=latest.imp_uid, fail_reason=latest.fail_reason)
    return _nothing_found(old_enough, "no payment with this merchant_uid")


def _registration_verdict(
    services: TerminalServices, attempt: Attempt, old_enough: bool
) -> Verdict:
    customer_uid = _required(attempt.customer_uid)
    try:
        key = services.client.get_billing_key(customer_uid)
    except NotFoundError:
        return _nothing_found(old_enough, "no billing key with this customer_uid")
    issued_for_this_attempt = key.card_number == attempt.card_number and (
        max(key.inserted, key.updated) >= int(attempt.created_at.timestamp()) - 60
    )
    if not issued_for_this_attempt:
        return _nothing_found(old_enough, "billing key holds another card")
    holder = CardHolder(customer_uid, attempt.buyer_name, attempt.buyer_tel, attempt.buyer_email)
    save_customer(services, key, holder, actor="resolver")
    return Verdict(paid=True)


def _cancel_verdict(services: TerminalServices, attempt: Attempt, old_enough: bool) -> Verdict:
    payment = services.client.get_payment(_required(attempt.imp_uid))
    record_payment(services.ledger, payment)
    checksum = attempt.checksum if attempt.checksum is not None else payment.amount
    if payment.cancellable_balance == checksum - attempt.amount:
        return Verdict(paid=True, imp_uid=payment.imp_uid)
    if payment.cancellable_balance == checksum:
        return _nothing_found(old_enough, "the refund did not happen")
    return Verdict(paid=None)  # the balance moved some other way: a person must look


def _schedule_verdict(services: TerminalServices, attempt: Attempt, old_enough: bool) -> Verdict:
    try:
        schedule = services.client.get_schedule(_required(attempt.merchant_uid))
    except NotFoundError:
        return _nothing_found(old_enough, "no schedule with this merchant_uid")
    return Verdict(paid=True, imp_uid=schedule.imp_uid)


def _nothing_found(old_enough: bool, reason: str) -> Verdict:
    return Verdict(paid=False, fail_reason=reason) if old_enough else Verdict(paid=None)


def _latest(payments: Sequence[Payment]) -> Payment:
    return max(payments, key=lambda p: (p.failed_at, p.started_at))


def _required(value: str | None) -> str:
    if not value:
        raise ValueError("attempt lacks the id needed to look it up")
    return value
