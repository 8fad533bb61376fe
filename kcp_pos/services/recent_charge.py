"""Was this saved card charged a moment ago? The charge-again confirmation leads with a warning
when it was (as the terminal's does for a keyed card), and a batch keeps away from customers
charged recently or since it was planned, so that nobody is charged twice without seeing so.

A saved card is known exactly by its `customer_uid`, so the store answers (unlike the keyed
terminal, which compares amounts and last four digits in memory), from two places:

* the journal: this terminal's charges of the key, paid or still unknown;
* the ledger: payments of the key known to be paid, which adds a late approval (settled as not
  charged, then found paid) and a scheduled charge that ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.duplicate_guard import DEFAULT_WINDOW
from kcp_pos.store import LedgerStatus, utc_now

CHARGED_OR_UNKNOWN = frozenset(
    {AttemptState.PAID, AttemptState.RESOLVED_PAID, AttemptState.SENDING, AttemptState.UNKNOWN}
)
_PAID_STATES = frozenset({AttemptState.PAID, AttemptState.RESOLVED_PAID})


@dataclass(frozen=True, slots=True)
class EarlierCharge:
    merchant_uid: str
    amount: int
    at: datetime
    paid: bool
    """False: the outcome is not known yet (it may have been charged)."""


def charges_since(
    services: AppServices, customer_uid: str, since: datetime, *, excluding: str | None = None
) -> list[EarlierCharge]:
    """Every charge of the key since `since` (oldest first), but `excluding`'s."""
    found: dict[str, EarlierCharge] = {}
    for attempt in services.journal.charges_of_customers(
        [customer_uid], since=since, states=CHARGED_OR_UNKNOWN
    ):
        if attempt.merchant_uid and attempt.merchant_uid != excluding:
            paid = attempt.state in _PAID_STATES
            found[attempt.merchant_uid] = EarlierCharge(
                attempt.merchant_uid, attempt.amount, attempt.created_at, paid
            )
    for payment in services.ledger.list_payments(
        status=LedgerStatus.PAID, since=since, customer_uid=customer_uid, limit=20
    ):
        if payment.merchant_uid != excluding and payment.merchant_uid not in found:
            at = payment.started_at or payment.paid_at or payment.recorded_at
            found[payment.merchant_uid] = EarlierCharge(
                payment.merchant_uid, payment.amount, at, paid=True
            )
    return sorted(found.values(), key=lambda charge: charge.at)


def recent_charge_of(
    services: AppServices, customer_uid: str, *, now: datetime | None = None
) -> EarlierCharge | None:
    """The latest charge of the key, paid or not yet known, within the duplicate window."""
    found = charges_since(services, customer_uid, (now or utc_now()) - DEFAULT_WINDOW)
    return found[-1] if found else None
