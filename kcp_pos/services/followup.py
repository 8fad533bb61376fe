"""Following up an attempt whose outcome is unknown, for a screen that shows it.

`resolution.resolve_attempt` settles the journal row; the clerk also needs the payment itself
(approval number, receipt link) once it turns out paid, so `check_outcome` looks it up and hands
back the same `Outcome` a direct answer would have given. Still unknown stays UNKNOWN: the caller
checks again on `check_schedule.FOLLOW_UP`'s schedule and never sends the request again (DESIGN
rule 2).

`find_attempt` answers "what did the journal record?" after an operation failed in an unexpected
way: every attempt has a `merchant_uid` (charges theirs, registrations the journal's own, see
`identifiers.py`), so one indexed query finds it however many attempts came after.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from kcp_pos.domain.attempt import AttemptKind, is_success
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import payment_of_charge
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.refunds import payment_of_refund
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import Attempt

if TYPE_CHECKING:
    from kcp_pos.iamport.models import Payment


def check_outcome(
    services: AppServices,
    attempt_id: int,
    *,
    now: datetime | None = None,
    settle_after: timedelta = SETTLE_AFTER,
) -> Outcome:
    """Resolve the attempt if it can be; return its outcome as it now stands.

    Lookup errors (`IamportError`) propagate: the attempt stays unknown and the caller retries.
    """
    attempt = services.journal.get(attempt_id)
    attempt = resolve_attempt(services, attempt, now=now, settle_after=settle_after)
    if attempt.is_unresolved:
        return Outcome(OutcomeKind.UNKNOWN, attempt, fail_reason=attempt.fail_reason)
    payment = _payment_of(services, attempt)
    if is_success(attempt.state):
        return Outcome(OutcomeKind.PAID, attempt, payment)
    return Outcome(OutcomeKind.DECLINED, attempt, payment, fail_reason=attempt.fail_reason)


def _payment_of(services: AppServices, attempt: Attempt) -> Payment | None:
    """The payment to show with a settled attempt (a registration has none)."""
    if attempt.kind is AttemptKind.REGISTER:
        return None
    if attempt.kind is AttemptKind.CANCEL:
        return payment_of_refund(services, attempt)
    return payment_of_charge(services, attempt)


def find_attempt(services: AppServices, merchant_uid: str) -> Attempt | None:
    """The newest attempt journalled under `merchant_uid`, or None: nothing was journalled, so
    nothing was sent (the journal is written before sending)."""
    found = services.journal.find_by_merchant_uid(merchant_uid)
    return max(found, key=lambda attempt: attempt.id) if found else None
