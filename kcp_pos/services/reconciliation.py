"""Reconciliation: for a date range, the local ledger against PortOne's own list of payments,
each difference with its fix.

A difference is a payment PortOne reports that the ledger lacks (`MISSING_LOCALLY`), a ledger
row PortOne does not know (`MISSING_REMOTELY`), or one both have with another status
(`STATUS`) or another amount or cancelled amount (`AMOUNT`). The fix is always to believe
PortOne: import its record into the ledger, or, for a ledger row it does not list, look the
row up by `imp_uid` and record what PortOne says; if PortOne says "not found" the row stays
flagged for a person. **Nothing here refunds or charges**: money is never moved to make the
two sides agree.

PortOne's list may window a payment on another time than the ledger's `occurred_at` (the
reference leaves open which time `all` filters on), so a payment found on one side only within
the range is first looked for on the other side by its `imp_uid` before it is called missing.

Comparing is reading; applying a fix needs a manager (`operators.require`), names its
operator, and is audited (`reconcile.*`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import Payment
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import snapshot_of
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import require
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink, stop_if_requested
from kcp_pos.services.remote_payments import PAGE_SIZE, WINDOW, list_remote_payments
from kcp_pos.services.report_pace import ReportPace
from kcp_pos.store import LedgerPayment

IMPORTED: Final = "reconcile.imported"
"""A payment PortOne reports was added to the ledger."""
CORRECTED: Final = "reconcile.corrected"
"""A ledger row took PortOne's status and amounts."""
UNKNOWN_TO_PORTONE: Final = "reconcile.unknown_to_portone"
"""PortOne said "not found" for a ledger row: left for a person."""


class DifferenceKind(StrEnum):
    MISSING_LOCALLY = "missing_locally"
    MISSING_REMOTELY = "missing_remotely"
    STATUS = "status"
    AMOUNT = "amount"


class Fix(StrEnum):
    IMPORT = "import"
    """Record PortOne's record of the payment in the ledger."""
    LOOK_UP = "look_up"
    """Look the ledger row up by `imp_uid` and record what PortOne says."""


class FixResult(StrEnum):
    IMPORTED = "imported"
    CORRECTED = "corrected"
    STILL_UNKNOWN = "still_unknown"
    """PortOne does not know the payment: a person must look into it."""


@dataclass(frozen=True)
class Difference:
    kind: DifferenceKind
    imp_uid: str
    merchant_uid: str
    local: LedgerPayment | None
    remote: Payment | None

    @property
    def fix(self) -> Fix:
        return Fix.IMPORT if self.remote is not None else Fix.LOOK_UP


@dataclass(frozen=True)
class Comparison:
    since: datetime
    until: datetime
    local_count: int
    """Ledger rows that occurred within the range."""
    remote_count: int
    """Payments PortOne listed within the range."""
    differences: tuple[Difference, ...]

    @property
    def clean(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class FixOutcome:
    difference: Difference
    result: FixResult
    recorded: LedgerPayment | None


def compare(
    services: AppServices,
    since: datetime,
    until: datetime,
    progress: ProgressSink = NO_PROGRESS,
    *,
    window: timedelta = WINDOW,
    page_size: int = PAGE_SIZE,
) -> Comparison:
    """The differences between the ledger and PortOne from `since` (inclusive) to `until`
    (exclusive). Reads only; `Stopped` between pages and lookups once asked."""
    remote = list_remote_payments(
        services.client, since, until, progress, window=window, page_size=page_size
    )
    stop_if_requested(progress)
    local = {row.imp_uid: row for row in services.ledger.occurred_between(since, until)}
    found = [
        _difference(local.get(imp_uid) or services.ledger.get(imp_uid), payment)
        for imp_uid, payment in remote.items()
    ]
    for imp_uid in local.keys() - remote.keys():
        stop_if_requested(progress)
        found.append(_difference(local[imp_uid], _portone_record(services, imp_uid)))
    return Comparison(
        since=since,
        until=until,
        local_count=len(local),
        remote_count=len(remote),
        differences=tuple(sorted(filter(None, found), key=_order)),
    )


def _order(difference: Difference) -> tuple[int, str]:
    """Most urgent first (a payment PortOne does not know), then by imp_uid."""
    return (_URGENCY.index(difference.kind), difference.imp_uid)


_URGENCY: Final = (
    DifferenceKind.MISSING_REMOTELY,
    DifferenceKind.STATUS,
    DifferenceKind.AMOUNT,
    DifferenceKind.MISSING_LOCALLY,
)


def _portone_record(services: AppServices, imp_uid: str) -> Payment | None:
    try:
        return services.client.get_payment(imp_uid)
    except NotFoundError:
        return None


def _difference(row: LedgerPayment | None, payment: Payment | None) -> Difference | None:
    """What differs between a ledger row and PortOne's record of the same payment, if anything."""
    if row is not None and payment is not None:
        kind = _disagreement(row, payment)
        return (
            None if kind is None else Difference(kind, row.imp_uid, row.merchant_uid, row, payment)
        )
    if row is not None:
        return Difference(DifferenceKind.MISSING_REMOTELY, row.imp_uid, row.merchant_uid, row, None)
    if payment is not None:
        kind = DifferenceKind.MISSING_LOCALLY
        return Difference(kind, payment.imp_uid, payment.merchant_uid, None, payment)
    return None


def _disagreement(row: LedgerPayment, payment: Payment) -> DifferenceKind | None:
    if row.status.value != payment.status.value:
        return DifferenceKind.STATUS
    if (row.amount, row.cancel_amount) != (payment.amount, payment.cancel_amount):
        return DifferenceKind.AMOUNT
    return None


def apply_fix(services: AppServices, difference: Difference, *, operator: Operator) -> FixOutcome:
    """Make the ledger say what PortOne says now about `difference`'s payment (looked up again
    by `imp_uid`: the list may be minutes old). Needs a manager; audited. Never refunds or
    charges."""
    require(operator, Role.MANAGER)
    payment = _portone_record(services, difference.imp_uid)
    if payment is None:
        _audit(services, UNKNOWN_TO_PORTONE, difference, operator, None)
        return FixOutcome(difference, FixResult.STILL_UNKNOWN, None)
    recorded = services.ledger.record(snapshot_of(payment), actor=operator.name)
    imported = difference.local is None
    _audit(services, IMPORTED if imported else CORRECTED, difference, operator, payment)
    return FixOutcome(difference, FixResult.IMPORTED if imported else FixResult.CORRECTED, recorded)


def apply_fixes(
    services: AppServices,
    differences: Sequence[Difference],
    *,
    operator: Operator,
    progress: ProgressSink = NO_PROGRESS,
) -> list[FixOutcome]:
    """`apply_fix` for each, in order; `Stopped` between two once asked (those done stay)."""
    require(operator, Role.MANAGER)
    pace = ReportPace(progress)
    outcomes: list[FixOutcome] = []
    for done, difference in enumerate(differences, start=1):
        stop_if_requested(progress)
        outcomes.append(apply_fix(services, difference, operator=operator))
        last = done == len(differences)
        pace.report(f"{done} of {len(differences)} fixed", done / len(differences), last=last)
    return outcomes


def _audit(
    services: AppServices,
    action: str,
    difference: Difference,
    operator: Operator,
    payment: Payment | None,
) -> None:
    local = difference.local
    details: dict[str, object] = {
        "imp_uid": difference.imp_uid,
        "kind": difference.kind.value,
        "local_status": None if local is None else local.status.value,
        "local_amount": None if local is None else local.amount,
        "local_cancel_amount": None if local is None else local.cancel_amount,
        "portone_status": None if payment is None else payment.status.value,
        "portone_amount": None if payment is None else payment.amount,
        "portone_cancel_amount": None if payment is None else payment.cancel_amount,
    }
    services.audit.append(
        action, subject=difference.merchant_uid, details=details, actor=operator.name
    )
