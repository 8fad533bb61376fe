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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.duplicate_guard import DEFAULT_WINDOW
from kcp_pos.store import utc_now

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
    return charges_of_keys_since(services, [customer_uid], since, excluding=excluding).get(
        customer_uid, []
    )


def charges_of_keys_since(
    services: AppServices,
    customer_uids: Sequence[str],
    since: datetime,
    *,
    excluding: str | None = None,
) -> dict[str, list[EarlierCharge]]:
    """Every charge of each key since `since` (oldest first), but `excluding`'s; keys never
    charged are left out. A few queries for any number of keys."""
    with services.database.reading():  # both reads in one transaction (SQLite: one snapshot)
        attempts = services.journal.charges_of_customers(
            customer_uids, since=since, states=CHARGED_OR_UNKNOWN
        )
        payments = services.ledger.paid_of_customers(customer_uids, since=since)
    found: dict[str, dict[str, EarlierCharge]] = {}
    for attempt in attempts:
        if attempt.customer_uid and attempt.merchant_uid and attempt.merchant_uid != excluding:
            paid = attempt.state in _PAID_STATES
            found.setdefault(attempt.customer_uid, {})[attempt.merchant_uid] = EarlierCharge(
                attempt.merchant_uid, attempt.amount, attempt.created_at, paid
            )
    for payment in payments:
        if payment.customer_uid is None or payment.merchant_uid == excluding:
            continue
        charges = found.setdefault(payment.customer_uid, {})
        if payment.merchant_uid not in charges:
            at = payment.started_at or payment.paid_at or payment.recorded_at
            charges[payment.merchant_uid] = EarlierCharge(
                payment.merchant_uid, payment.amount, at, paid=True
            )
    return {
        uid: sorted(charges.values(), key=lambda charge: charge.at)
        for uid, charges in found.items()
    }


def recent_charge_of(
    services: AppServices, customer_uid: str, *, now: datetime | None = None
) -> EarlierCharge | None:
    """The latest charge of the key, paid or not yet known, within the duplicate window."""
    found = charges_since(services, customer_uid, (now or utc_now()) - DEFAULT_WINDOW)
    return found[-1] if found else None
