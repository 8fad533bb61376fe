"""Late approvals: a charge settled as not charged because no payment was found, which the PG
committed after all (DESIGN rule 2: "nothing found" is provisional).

Such attempts stay in the journal as `resolved_failed` (what the app concluded, and told the
clerk, at the time); a payment that turns up later is recorded in the ledger and in the audit
trail as a late approval, and stays on screen, loudly, until someone acknowledges it (refund it
or keep it). They are looked up again:
* at every start and then every few minutes while the terminal runs, for `RECHECK_FOR` after
  they were settled (`recheck_not_found`);
* before a retry of the same order is sent (`look_again_before_retry`): every earlier attempt
  of the order (a retry of a retry too), so that a retry never charges a customer who has, in
  fact, paid, nor one whose earlier payment is still being processed.

Refunds settled as not made are looked up again in the same round (`late_refunds`): one that
PortOne shows made after all is recorded as a late refund (`RecheckRound.late_refunds`).

A payment the customer is still out of pocket for (paid, or cancelled only in part) is a late
approval; one refunded in full is not (nothing to refund or keep), nor does it stop a retry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import is_this_attempts
from kcp_pos.services.late_refunds import LateRefund, recheck_refunds
from kcp_pos.services.ledger_sync import record_payment
from kcp_pos.services.operator import RESOLVER, Operator
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.store import Attempt, utc_now

log = logging.getLogger(__name__)

RECHECK_FOR: Final = timedelta(days=7)
"""How long after it was settled as "not found" a charge is still looked up again."""
MAX_CHAIN: Final = 50
"""How many earlier attempts of one order a retry looks up at most."""
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


class EarlierAttemptPending(Exception):
    """A retry was not sent: an earlier attempt of the order is still being processed (`ready`)
    at PortOne, and may yet be approved."""

    def __init__(self, merchant_uid: str) -> None:
        super().__init__(merchant_uid)
        self.merchant_uid = merchant_uid


@dataclass(frozen=True)
class RecheckRound:
    found: tuple[LateApproval, ...]
    errors: tuple[str, ...]
    late_refunds: tuple[LateRefund, ...] = ()
    """Refunds settled as not made that PortOne now shows made (found in this round)."""


def recheck_not_found(services: AppServices, *, now: datetime | None = None) -> RecheckRound:
    """Look up again every charge settled as "not found" lately; record the ones now paid.
    One still being processed, or one whose lookup fails, waits for the next round."""
    since = (now or utc_now()) - RECHECK_FOR
    found: list[LateApproval] = []
    errors: list[str] = []
    for attempt in services.journal.settled_as_not_found(since):
        if attempt.merchant_uid is None or _recorded(services, FOUND, attempt.merchant_uid):
            continue
        try:
            payments = services.client.find_every_payment(attempt.merchant_uid)
        except Exception as error:  # this one waits for the next round; the others go on
            log.warning("recheck of %s: %s", attempt.merchant_uid, type(error).__name__)
            errors.append(f"{attempt.merchant_uid}: {type(error).__name__}")
            continue
        owing = _owing(payments, attempt)
        if owing is not None:
            found.append(_record(services, attempt, owing, RESOLVER))
        else:
            _keep_in_ledger(services, payments)
    refunds = recheck_refunds(services, now=now)
    return RecheckRound(tuple(found), (*errors, *refunds.errors), refunds.found)


def recheck_one(
    services: AppServices, attempt: Attempt, operator: Operator
) -> tuple[LateApproval | None, list[Payment]]:
    """Look one attempt settled as "not found" up again: its late approval (recorded) if it was
    paid after all, and what the lookup found. Lookup errors propagate."""
    if attempt.merchant_uid is None:
        return None, []
    payments = services.client.find_every_payment(attempt.merchant_uid)
    owing = _owing(payments, attempt)
    if owing is None:
        _keep_in_ledger(services, payments)
        return None, payments
    return _record(services, attempt, owing, operator), payments


def look_again_before_retry(
    services: AppServices, merchant_uid: str, operator: Operator
) -> Outcome | None:
    """Before retrying the order whose last attempt was `merchant_uid`: look up every attempt of
    the order settled as "not found" once more, the latest first. A payment found now is a late
    approval (recorded), returned as that attempt's PAID outcome; None means the retry may be
    sent. A payment still being processed raises `EarlierAttemptPending`, and lookup errors
    propagate: either way nothing is sent."""
    for attempt in _order_attempts(services, merchant_uid):
        if not attempt.not_found or attempt.merchant_uid is None:
            continue
        payments = services.client.find_every_payment(attempt.merchant_uid)
        owing = _owing(payments, attempt)
        if owing is not None:
            late = _record(services, attempt, owing, operator)
            warning = f"late approval: {late.merchant_uid} was charged; nothing new was sent"
            return Outcome(
                OutcomeKind.PAID, attempt, owing, warnings=(warning,), late_approval=True
            )
        ours = [payment for payment in payments if is_this_attempts(payment, attempt)]
        if any(payment.status is PaymentStatus.READY for payment in ours):
            raise EarlierAttemptPending(attempt.merchant_uid)
        _keep_in_ledger(services, payments)
    return None


def _order_attempts(services: AppServices, merchant_uid: str) -> list[Attempt]:
    """The attempts of one order, from `merchant_uid` back along `previous_merchant_uid`."""
    attempts: list[Attempt] = []
    seen: set[str] = set()
    uid: str | None = merchant_uid
    while uid is not None and uid not in seen and len(seen) < MAX_CHAIN:
        seen.add(uid)
        these = services.journal.find_by_merchant_uid(uid)
        attempts.extend(these)
        uid = next((a.previous_merchant_uid for a in these if a.previous_merchant_uid), None)
    return attempts


def unacknowledged(services: AppServices) -> tuple[LateApproval, ...]:
    """Late approvals nobody has acknowledged yet, oldest first."""
    shown: list[LateApproval] = []
    seen: set[str] = set()
    for entry in services.audit.entries(action=FOUND, limit=MAX_SHOWN):
        if entry.subject is None or entry.subject in seen:
            continue
        seen.add(entry.subject)
        if not _recorded(services, ACKNOWLEDGED, entry.subject):
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


def _owing(payments: list[Payment], attempt: Attempt) -> Payment | None:
    """The attempt's payment the customer is out of pocket for: paid, or cancelled in part."""
    for payment in payments:
        if not is_this_attempts(payment, attempt):
            continue
        charged = payment.status in (PaymentStatus.PAID, PaymentStatus.CANCELLED)
        if charged and payment.amount - payment.cancel_amount > 0:
            return payment
    return None


def _keep_in_ledger(services: AppServices, payments: list[Payment]) -> None:
    """What turned up without being owed (refunded in full, failed) still goes in the ledger."""
    try:
        for payment in payments:
            record_payment(services.ledger, payment)
    except Exception as error:  # the ledger can be re-synced from PortOne
        log.warning("payments not kept in the ledger: %s", type(error).__name__)


def _record(
    services: AppServices, attempt: Attempt, payment: Payment, operator: Operator
) -> LateApproval:
    late = LateApproval(
        merchant_uid=payment.merchant_uid,
        imp_uid=payment.imp_uid,
        amount=payment.amount,
        card=mask_reported_card(payment.card_number),
    )
    if _recorded(services, FOUND, late.merchant_uid):  # found before (a round, then a retry)
        return late
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
