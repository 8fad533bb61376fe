"""The day-end close (마감): a manager freezes a day's report once; what changes in that day
afterwards (a refund recorded after the close, a late approval) is shown as adjustments, the
day's totals now less the frozen ones, figure by figure. The frozen totals are never rewritten.

A day is a Korea-time calendar day. One that has not begun cannot be closed; today can (a shop
closes before midnight, and what comes after shows as an adjustment). The close and its audit
entry (`day.closed`) are one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from kcp_pos.domain.korea_time import KST
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import require
from kcp_pos.services.reports import Figures, Period, PeriodKind, Summary, summarize
from kcp_pos.store import AuditEntry, ClosedDay, utc_now
from kcp_pos.store.audit_head import AuditHead

CLOSED: Final = "day.closed"


class DayNotBegun(Exception):
    """The day to close is still ahead (Korea time)."""

    def __init__(self, day: date) -> None:
        super().__init__(f"{day.isoformat()} has not begun")
        self.day = day


@dataclass(frozen=True, slots=True)
class DayCloseState:
    """A day as it stands now, and as it was frozen if it was closed."""

    current: Summary
    closed: ClosedDay | None
    frozen: Summary | None
    seal: AuditHead | None = None
    """The close's own audit entry: printed on the slip, to compare with the trail later."""

    @property
    def day(self) -> date:
        return self.current.period.first

    @property
    def adjustments(self) -> Figures | None:
        """What changed since the close, per figure (None: not closed)."""
        if self.frozen is None:
            return None
        return self.current.totals.minus(self.frozen.totals)

    @property
    def adjusted(self) -> bool:
        """Closed, and changed since."""
        changes = self.adjustments
        return changes is not None and not changes.is_zero


def day_key(day: date) -> str:
    return day.isoformat()


def day_close_state(services: AppServices, day: date) -> DayCloseState:
    """The day's report now and, if it was closed, its frozen report."""
    current = summarize(services, Period.containing(PeriodKind.DAY, day))
    closed = services.day_closes.get(day_key(day))
    if closed is None:
        return DayCloseState(current, None, None)
    entries = services.audit.entries(action=CLOSED, subject=_subject(day), limit=1)
    seal = _seal(entries[0]) if entries else None
    return DayCloseState(current, closed, Summary.from_json(closed.totals), seal)


def _subject(day: date) -> str:
    return f"day:{day_key(day)}"


def _seal(entry: AuditEntry) -> AuditHead | None:
    return None if entry.entry_hash is None else AuditHead(entry.id, entry.entry_hash)


def close_day(
    services: AppServices, day: date, *, operator: Operator, now: datetime | None = None
) -> DayCloseState:
    """Freeze `day`'s totals (a manager's action). `NotPermitted` for a clerk, `DayNotBegun`
    for a day ahead, `store.DayAlreadyClosed` when the day was closed before."""
    require(operator, Role.MANAGER)
    moment = now or utc_now()
    if day > moment.astimezone(KST).date():
        raise DayNotBegun(day)
    with services.database.transaction():
        # Read inside the close's transaction: on SQLite it holds the write lock, so nothing is
        # recorded between the totals read and the totals frozen.
        summary = summarize(services, Period.containing(PeriodKind.DAY, day))
        closed = services.day_closes.close(
            day_key(day), operator=operator.name, totals=summary.to_json(), closed_at=moment
        )
        entry = services.audit.append(
            CLOSED,
            subject=_subject(day),
            details={
                "count": summary.totals.count,
                "gross": summary.totals.gross,
                "refunds": summary.totals.refunds,
                "net": summary.totals.net,
            },
            actor=operator.name,
        )
    return DayCloseState(summary, closed, summary, _seal(entry))
