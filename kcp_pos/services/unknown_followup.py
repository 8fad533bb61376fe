"""Following up a charge or registration whose outcome is unknown, for the terminal screen.

`resolution.resolve_attempt` settles the journal row; the clerk also needs the payment itself
(approval number, receipt link) once it turns out paid, so this looks it up and hands back the
same `Outcome` a direct answer would have given. Still unknown stays `UNKNOWN`: the caller tries
again later and never sends the charge again (DESIGN rule 2).
"""

from __future__ import annotations

from datetime import datetime

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.services.terminal_services import TerminalServices
from kcp_pos.store import Attempt

_PAID_STATES = frozenset({AttemptState.PAID, AttemptState.RESOLVED_PAID})
_CHARGED = frozenset({PaymentStatus.PAID, PaymentStatus.CANCELLED})


def follow_up(
    services: TerminalServices, attempt_id: int, *, now: datetime | None = None
) -> Outcome:
    """Resolve the attempt if it can be; return its outcome as it now stands.

    Lookup errors (`IamportError`) propagate: the attempt stays unknown and the caller retries.
    """
    attempt = resolve_attempt(services, services.journal.get(attempt_id), now=now)
    if attempt.is_unresolved:
        return Outcome(OutcomeKind.UNKNOWN, attempt, fail_reason=attempt.fail_reason)
    payment = _payment_of(services, attempt)
    if attempt.state in _PAID_STATES:
        return Outcome(OutcomeKind.PAID, attempt, payment)
    return Outcome(OutcomeKind.DECLINED, attempt, payment, fail_reason=attempt.fail_reason)


def find_attempt(
    services: TerminalServices,
    *,
    merchant_uid: str | None = None,
    customer_uid: str | None = None,
) -> Attempt | None:
    """The attempt a failed operation left behind, if it got as far as the journal.

    A charge is found by its `merchant_uid` (the latest row); a registration, which has none, by
    its `customer_uid`. None means nothing was journalled, so nothing
    was sent (the journal is written before sending).
    """
    if merchant_uid:
        found = services.journal.find_by_merchant_uid(merchant_uid)
        return max(found, key=lambda attempt: attempt.id) if found else None
    if customer_uid:
        # Registrations have no merchant_uid; each gets a fresh customer_uid, so the newest
        # attempt for it is this one (whatever state it reached).
        recent = [a for a in services.journal.recent(200) if a.customer_uid == customer_uid]
        return max(recent, key=lambda attempt: attempt.id) if recent else None
    return None


def _payment_of(services: TerminalServices, attempt: Attempt) -> Payment | None:
    if attempt.kind is AttemptKind.REGISTER or not attempt.merchant_uid:
        return None
    payments = services.client.find_every_payment(attempt.merchant_uid)
    charged = [payment for payment in payments if payment.status in _CHARGED]
    if charged:
        return charged[0]
    return payments[0] if payments else None
