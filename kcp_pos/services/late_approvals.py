"""Late approvals: a charge settled as not charged because no payment was found, which the PG
committed after all (DESIGN rule 2: "nothing found" is provisional).

Such attempts stay in the journal as `resolved_failed` (what the app concluded, and told the
clerk, at the time); a payment that turns up later is recorded in the ledger and in the audit
trail as a late approval, and stays on screen, loudly, until someone acknowledges it (refund it
or keep it). They are looked up again:
* at every start, for the charges of the last `RECHECK_FOR` (`recheck_not_found`);
* before a retry of the same order is sent (`look_again_before_retry`), so that a retry never
  charges a customer who has, in fact, paid.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.iamport.models import Payment
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import CHARGED
from kcp_pos.services.ledger_sync import record_payment
from kcp_pos.services.operator import RESOLVER, Operator
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.store import Attempt, utc_now

log = logging.getLogger(__name__)

RECHECK_FOR: Final = timedelta(days=7)
"""How far back charges settled as "not found" are looked up again at start-up."""
FOUND: Final = "attempt.late_approval"
MAX_SHOWN: Final = 10_000
ACKNOWLEDGED: Final = "late_approval.acknowledged"


@dataclass(frozen=True)
class LateApproval:
    """A charge the app settled as not charged, and the payment PortOne reports for it."""

    merchant_uid: str
    imp_uid: str
    amount: int
    card: str
    """Masked for people (`5570-42**-****-1234`), or empty."""


@dataclass(frozen=True)
class RecheckRound:
    found: tuple[LateApproval, ...]
    errors: tuple[str, ...]


def recheck_not_found(services: AppServices, *, now: datetime | None = None) -> RecheckRound:
    """Look up again every recent charge settled as "not found"; record the ones now paid."""
    since = (now or utc_now()) - RECHECK_FOR
    found: list[LateApproval] = []
    errors: list[str] = []
    for attempt in services.journal.settled_as_not_found(since):
        if attempt.merchant_uid is None or _recorded(services, FOUND, attempt.merchant_uid):
            continue
        try:
            late = _look_up(services, attempt, RESOLVER)
        except Exception as error:  # this one waits for the next start; the others go on
            log.warning("recheck of %s: %s", attempt.merchant_uid, type(error).__name__)
            errors.append(f"{attempt.merchant_uid}: {type(error).__name__}")
            continue
        if late is not None:
            found.append(late)
    return RecheckRound(tuple(found), tuple(errors))


def look_again_before_retry(
    services: AppServices, merchant_uid: str, operator: Operator
) -> Outcome | None:
    """Before retrying `merchant_uid`'s order: if that attempt was settled as "not found", look
    it up once more. A payment found now is a late approval (recorded), returned as that
    attempt's PAID outcome; None means the retry may be sent. Lookup errors propagate: without
    an answer the retry must not be sent."""
    for attempt in services.journal.find_by_merchant_uid(merchant_uid):
        if not attempt.not_found:
            continue
        payment = _charged(services, attempt)
        if payment is None:
            return None
        late = _record(services, attempt, payment, operator)
        warning = f"late approval: {late.merchant_uid} was charged after all; nothing new was sent"
        return Outcome(OutcomeKind.PAID, attempt, payment, warnings=(warning,), late_approval=True)
    return None


def unacknowledged(services: AppServices) -> tuple[LateApproval, ...]:
    """Late approvals nobody has acknowledged yet, oldest first."""
    shown: list[LateApproval] = []
    for entry in services.audit.entries(action=FOUND, limit=MAX_SHOWN):
        if entry.subject is not None and not _recorded(services, ACKNOWLEDGED, entry.subject):
            details = entry.details
            shown.append(
                LateApproval(
                    merchant_uid=entry.subject,
                    imp_uid=str(details.get("imp_uid")),
                    amount=int(details.get("amount", 0)),
                    card=str(details.get("card", "")),
                )
            )
    return tuple(shown)


def acknowledge(services: AppServices, late: LateApproval, operator: Operator) -> None:
    """Someone saw the late approval and will refund it or keep it."""
    services.audit.append(
        ACKNOWLEDGED,
        subject=late.merchant_uid,
        details={"imp_uid": late.imp_uid},
        actor=operator.name,
    )


def _look_up(services: AppServices, attempt: Attempt, operator: Operator) -> LateApproval | None:
    payment = _charged(services, attempt)
    return _record(services, attempt, payment, operator) if payment is not None else None


def _charged(services: AppServices, attempt: Attempt) -> Payment | None:
    assert attempt.merchant_uid is not None
    payments = services.client.find_every_payment(attempt.merchant_uid)
    charged = [payment for payment in payments if payment.status in CHARGED]
    return charged[0] if charged else None


def _record(
    services: AppServices, attempt: Attempt, payment: Payment, operator: Operator
) -> LateApproval:
    late = LateApproval(
        merchant_uid=payment.merchant_uid,
        imp_uid=payment.imp_uid,
        amount=payment.amount,
        card=mask_reported_card(payment.card_number),
    )
    log.error(
        "late approval: %s was settled as not charged, %s is paid", late.merchant_uid, late.imp_uid
    )
    try:
        record_payment(services.ledger, payment)
    except Exception as error:  # the audit entry below is what puts it in front of a person
        log.warning("late approval %s not in the ledger: %s", late.imp_uid, type(error).__name__)
    services.audit.append(
        FOUND,
        subject=late.merchant_uid,
        details={
            "attempt_id": attempt.id,
            "imp_uid": late.imp_uid,
            "amount": late.amount,
            "card": late.card,
        },
        actor=operator.name,
    )
    return late


def _recorded(services: AppServices, action: str, merchant_uid: str) -> bool:
    return bool(services.audit.entries(subject=merchant_uid, action=action, limit=1))
