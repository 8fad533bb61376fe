"""Late refunds: a refund settled as not made (nothing found once it was old enough, or an
undecidable history) that PortOne reports made after all (DESIGN rule 2: "nothing found" is
provisional, for refunds as for charges).

The attempt stays `resolved_failed` in the journal (what the app concluded, and told the clerk,
at the time). `recheck_refunds` reads each such refund's payment again, for `RECHECK_FOR` after
it was settled, and when an entry of its `cancel_history` carries exactly the tagged reason the
refund was sent with (`refunds.find_our_cancel`: never by amount and time) it logs an error and
records it once in the audit trail (`REFUND_LATE`), so a person sees the customer was refunded
after all. No second refund can follow from the wrong conclusion meanwhile: every refund reads
the balance fresh and sends it as its checksum.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import record_payment_if_changed
from kcp_pos.services.operator import RESOLVER, Operator
from kcp_pos.services.refunds import CancelFound, find_our_cancel
from kcp_pos.store import Attempt, utc_now

log = logging.getLogger(__name__)

RECHECK_FOR: Final = timedelta(days=7)
"""How long after it was settled as not made a refund is still looked up again (as charges,
`late_approvals.RECHECK_FOR`)."""
REFUND_LATE: Final = "refund.late"
"""The audit entry of a refund settled as not made that PortOne reports made."""


@dataclass(frozen=True)
class LateRefund:
    """A refund the app settled as not made, and PortOne now shows made."""

    attempt_id: int
    merchant_uid: str
    imp_uid: str
    amount: int


@dataclass(frozen=True)
class RefundRecheck:
    found: tuple[LateRefund, ...]
    """Found in this round (each recorded once; later rounds skip it)."""
    errors: tuple[str, ...]


def recheck_refunds(
    services: AppServices, *, now: datetime | None = None, operator: Operator = RESOLVER
) -> RefundRecheck:
    """Look up again every refund settled as not made lately; record the ones now made. One
    whose lookup fails waits for the next round."""
    since = (now or utc_now()) - RECHECK_FOR
    found: list[LateRefund] = []
    errors: list[str] = []
    for attempt in services.journal.refunds_settled_not_made(since):
        if not attempt.imp_uid or attempt.merchant_uid is None or _recorded(services, attempt):
            continue
        try:
            late = _late(services, attempt)
        except Exception as error:  # this one waits for the next round; the others go on
            log.warning("refund recheck of attempt %d: %s", attempt.id, type(error).__name__)
            errors.append(f"{attempt.id}: {type(error).__name__}")
            continue
        if late is not None:
            found.append(_record(services, late, operator))
    return RefundRecheck(tuple(found), tuple(errors))


def late_refunds(services: AppServices) -> tuple[LateRefund, ...]:
    """Every late refund recorded so far, oldest first."""
    return tuple(
        LateRefund(
            attempt_id=int(entry.details["attempt_id"]),
            merchant_uid=entry.subject or "",
            imp_uid=str(entry.details.get("imp_uid", "")),
            amount=int(entry.details.get("amount", 0)),
        )
        for entry in services.audit.entries(action=REFUND_LATE)
    )


def _late(services: AppServices, attempt: Attempt) -> LateRefund | None:
    assert attempt.imp_uid is not None and attempt.merchant_uid is not None
    try:
        payment = services.client.get_payment(attempt.imp_uid)
    except NotFoundError:
        return None
    try:
        record_payment_if_changed(services.ledger, payment)
    except Exception as error:  # a read: the ledger can be synced again later
        log.warning("ledger not updated for %s: %s", payment.imp_uid, type(error).__name__)
    if find_our_cancel(payment, attempt) is not CancelFound.OURS:
        return None
    return LateRefund(attempt.id, attempt.merchant_uid, payment.imp_uid, attempt.amount)


def _record(services: AppServices, late: LateRefund, operator: Operator) -> LateRefund:
    log.error(
        "late refund: attempt %d was settled as not made, %s shows it made",
        late.attempt_id,
        late.imp_uid,
    )
    services.audit.append(
        REFUND_LATE,
        subject=late.merchant_uid,
        details={"attempt_id": late.attempt_id, "imp_uid": late.imp_uid, "amount": late.amount},
        actor=operator.name,
    )
    return late


def _recorded(services: AppServices, attempt: Attempt) -> bool:
    entries = services.audit.entries(subject=attempt.merchant_uid, action=REFUND_LATE)
    return any(entry.details.get("attempt_id") == attempt.id for entry in entries)
