"""The ledger's sums for reports: totals of a period and its breakdowns, each one SQL
`GROUP BY` over the indexed `occurred_at` range (never a Python loop over the payments).

What counts: payments `paid` or `cancelled` whose `occurred_at` is in `[since, until)`. Gross is
their paid amounts (a payment refunded later still counts: it was taken), refunds their
`cancel_amount`, net the difference. `failed` and `ready` payments took no money and are left
out. A refund counts in the period its payment occurred in, whenever it was made: the ledger
keeps only the latest `cancelled_at` and no cancel history, so two partial refunds on two days
could not be told apart, and this rule makes a period's figures a function of its own payments
(a closed day changed later shows as an adjustment, `services/day_close`).

Tax-free: `payments.tax_free` (NULL, for payments made elsewhere, is 0). What is left of it
after refunds is not recorded either; refunds are taken from the taxable part first, so the
net tax-free part of a payment is `min(tax_free, amount - cancel_amount)` (a full refund leaves
none).

Hours are Korea time. SQLite keeps UTC wall time as text and PostgreSQL a `timestamptz` read in
the session's zone, so each groups by the hour in UTC (SQLite's text as it is, PostgreSQL's
value at time zone UTC) and the nine hours to Korea are added afterwards, to at most 24 rows:
Korea has had no daylight saving time since 1988, and a whole-hour offset maps each UTC hour
onto one Korea hour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, case, extract, func, select
from sqlalchemy.orm import Session

from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import PaymentRow
from kcp_pos.store.protocols import SessionSource

COUNTED: Final = (LedgerStatus.PAID, LedgerStatus.CANCELLED)
"""The statuses that took money (a cancelled payment was paid first)."""
KOREA_OFFSET_HOURS: Final = 9


@dataclass(frozen=True, slots=True)
class LedgerSums:
    """The sums of one group of payments (or of the whole period)."""

    count: int
    gross: int
    refunds: int
    tax_free: int
    """The tax-free part of what remains after refunds."""

    @property
    def net(self) -> int:
        return self.gross - self.refunds


NO_SUMS: Final = LedgerSums(count=0, gross=0, refunds=0, tax_free=0)


@dataclass(frozen=True, slots=True)
class GroupSums:
    """A breakdown's line: the group's key (None where the ledger has no value) and its sums."""

    key: str | None
    sums: LedgerSums


@dataclass(frozen=True, slots=True)
class HourSums:
    """The payments that occurred in one hour of the day, Korea time (0-23)."""

    hour: int
    sums: LedgerSums


@dataclass(frozen=True, slots=True)
class LedgerFigures:
    """A period's totals and breakdowns, read in one snapshot."""

    totals: LedgerSums
    by_issuer: Sequence[GroupSums]
    by_pay_method: Sequence[GroupSums]
    by_operator: Sequence[GroupSums]
    by_hour: Sequence[HourSums]


def _remaining_tax_free() -> ColumnElement[int]:
    tax_free = func.coalesce(PaymentRow.tax_free, 0)
    remaining = PaymentRow.amount - PaymentRow.cancel_amount
    return case((tax_free < remaining, tax_free), else_=remaining)


def _counted() -> ColumnElement[bool]:
    return PaymentRow.status.in_(COUNTED)


def _if_counted(value: Any) -> ColumnElement[int]:
    return case((_counted(), value), else_=0)


def _sum_columns() -> tuple[Any, ...]:
    """count, gross, refunds, tax-free left: the status is tested inside the sums, so that the
    only filter is the `occurred_at` range and its index is the one used (given a status
    filter, SQLite, which keeps no statistics here, read every paid payment by the status
    index instead)."""
    return (
        func.coalesce(func.sum(_if_counted(1)), 0),
        func.coalesce(func.sum(_if_counted(PaymentRow.amount)), 0),
        func.coalesce(func.sum(_if_counted(PaymentRow.cancel_amount)), 0),
        func.coalesce(func.sum(_if_counted(_remaining_tax_free())), 0),
    )


def _sums(count: Any, gross: Any, refunds: Any, tax_free: Any) -> LedgerSums:
    return LedgerSums(
        count=int(count), gross=int(gross), refunds=int(refunds), tax_free=int(tax_free)
    )


def _in_period(since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(PaymentRow.occurred_at >= since, PaymentRow.occurred_at < until)


def _utc_hour(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return extract("hour", func.timezone("UTC", PaymentRow.occurred_at))
    return extract("hour", PaymentRow.occurred_at)  # SQLite: UTC wall time as text


class LedgerReport:
    """Read a period's sums; `since` is inclusive and `until` exclusive (aware datetimes)."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def figures(self, since: datetime, until: datetime) -> LedgerFigures:
        with self._database.reading() as session:
            return LedgerFigures(
                totals=_totals(session, since, until),
                by_issuer=_grouped(session, PaymentRow.card_name, since, until),
                by_pay_method=_grouped(session, PaymentRow.pay_method, since, until),
                by_operator=_grouped(session, PaymentRow.operator, since, until),
                by_hour=_by_hour(session, since, until),
            )


def _totals(session: Session, since: datetime, until: datetime) -> LedgerSums:
    row = session.execute(select(*_sum_columns()).where(_in_period(since, until))).one()
    return _sums(*row)


def _grouped(session: Session, column: Any, since: datetime, until: datetime) -> list[GroupSums]:
    """One line per value of `column`, the largest gross first (then by key)."""
    query = select(column, *_sum_columns()).where(_in_period(since, until)).group_by(column)
    lines = [GroupSums(key, _sums(*rest)) for key, *rest in session.execute(query)]
    return sorted(lines, key=lambda line: (-line.sums.gross, line.key or ""))


def _by_hour(session: Session, since: datetime, until: datetime) -> list[HourSums]:
    hour = _utc_hour(session)
    query = (
        select(hour, *_sum_columns())
        .where(_in_period(since, until))
        .group_by(hour)
        .having(func.sum(_if_counted(1)) > 0)
    )
    lines = [
        HourSums((int(utc) + KOREA_OFFSET_HOURS) % 24, _sums(*rest))
        for utc, *rest in session.execute(query)
    ]
    return sorted(lines, key=lambda line: line.hour)
