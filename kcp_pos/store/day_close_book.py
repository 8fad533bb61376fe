"""Closed business days (마감, revision 0012): a day's totals frozen once, when it was closed.

A day is closed at most once: the day is the table's key, so a second close (here or on
another terminal sharing the store) is refused with `DayAlreadyClosed`, never overwrites the
first. The totals are kept as the services hand them over (JSON text); the store does not read
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kcp_pos.store.errors import StoreError
from kcp_pos.store.models import DayCloseRow
from kcp_pos.store.protocols import SessionSource


class DayAlreadyClosed(StoreError):
    """The day was closed before (by `closed_by`, at `closed_at`)."""

    def __init__(self, day: str, closed_by: str | None, closed_at: datetime | None) -> None:
        super().__init__(f"{day} is already closed")
        self.day = day
        self.closed_by = closed_by
        self.closed_at = closed_at


@dataclass(frozen=True, slots=True)
class ClosedDay:
    day: str
    """`YYYY-MM-DD`, Korea time."""
    closed_at: datetime
    operator: str
    totals: str
    """The frozen totals as JSON."""


def _closed(row: DayCloseRow) -> ClosedDay:
    return ClosedDay(row.day, row.closed_at, row.operator, row.totals)


class DayCloseBook:
    """Close days and read them back; every method is one committed transaction (or joins the
    session this thread has open, so a close and its audit entry commit together)."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def close(self, day: str, *, operator: str, totals: str, closed_at: datetime) -> ClosedDay:
        """Freeze `totals` for `day`; `DayAlreadyClosed` if it was closed before."""
        row = DayCloseRow(day=day, closed_at=closed_at, operator=operator, totals=totals)
        try:
            with self._database.session() as session:
                earlier = session.get(DayCloseRow, day)
                if earlier is not None:
                    raise DayAlreadyClosed(day, earlier.operator, earlier.closed_at)
                session.add(row)
                session.flush()
                return _closed(row)
        except IntegrityError:
            # Another terminal closed the day between our read and our insert.
            other = self.get(day)
            raise DayAlreadyClosed(
                day,
                None if other is None else other.operator,
                None if other is None else other.closed_at,
            ) from None

    def get(self, day: str) -> ClosedDay | None:
        with self._database.reading() as session:
            row = session.get(DayCloseRow, day)
            return None if row is None else _closed(row)

    def closed_between(self, first: str, last: str) -> list[ClosedDay]:
        """The closed days from `first` to `last` (both `YYYY-MM-DD`, inclusive), in order."""
        query = (
            select(DayCloseRow)
            .where(DayCloseRow.day >= first, DayCloseRow.day <= last)
            .order_by(DayCloseRow.day)
        )
        with self._database.reading() as session:
            return [_closed(row) for row in session.scalars(query)]
