"""The ledger's sums for reports: totals of a period and its breakdowns, from one SQL
`GROUP BY` over the indexed `occurred_at` range (never a Python loop over the payments).

What counts: payments `paid` or `cancelled` whose `occurred_at` is in `[since, until)`. Gross is
their paid amounts (a payment refunded later still counts: it was taken), refunds their
`cancel_amount`, net the difference. `failed` and `ready` payments took no money and are left
out. A refund counts in the period its payment occurred in, whenever it was made: the ledger
keeps only the latest `cancelled_at` and no cancel history, so two partial refunds on two days
could not be told apart, and this rule makes a period's figures a function of its own payments
(a closed day changed later shows as an adjustment, `services/day_close`).

Tax-free: `payments.tax_free` (NULL, for payments made elsewhere, is 0). What is left of it
after refunds: this terminal's successful refunds of the payment (the journal's `cancel`
attempts `paid` or `resolved_paid` with its `merchant_uid` and `imp_uid`) take what they sent
as `tax_free` (`services/refunds.tax_free_share`, in proportion by default); the rest of
`cancel_amount`, refunded elsewhere (the console, another terminal) with a tax-free part
unknown here, is taken from the taxable part first. So the net tax-free part of a payment is
`min(tax_free - our refunds' tax_free, amount - cancel_amount)`, at least 0 (a full refund
leaves none). Our refunds come from one aggregate subquery, LEFT JOINed, in the same query.

Hours are Korea time. SQLite keeps UTC wall time as text and PostgreSQL a `timestamptz` read in
the session's zone, so each groups by the hour in UTC (SQLite's text as it is, PostgreSQL's
value at time zone UTC) and the nine hours to Korea are added afterwards, to at most 24 rows:
Korea has had no daylight saving time since 1988, and a whole-hour offset maps each UTC hour
onto one Korea hour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, extract, func, select
from sqlalchemy.orm import Session

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import AttemptRow, PaymentRow
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


REFUNDED_HERE: Final = (AttemptState.PAID, AttemptState.RESOLVED_PAID)
"""The states of this terminal's refunds that went through."""


def _our_refunds() -> Subquery:
    """The tax-free part this terminal's successful refunds sent, per payment."""
    return (
        select(
            AttemptRow.merchant_uid,
            AttemptRow.imp_uid,
            func.sum(AttemptRow.tax_free).label("tax_free"),
        )
        .where(AttemptRow.kind == AttemptKind.CANCEL, AttemptRow.state.in_(REFUNDED_HERE))
        .group_by(AttemptRow.merchant_uid, AttemptRow.imp_uid)
        .subquery("our_refunds")
    )


def _remaining_tax_free(ours: Subquery) -> ColumnElement[int]:
    """min(tax_free - our refunds' tax_free, amount - cancel_amount), at least 0."""
    tax_free = func.coalesce(PaymentRow.tax_free, 0) - func.coalesce(ours.c.tax_free, 0)
    remaining = PaymentRow.amount - PaymentRow.cancel_amount
    smaller = case((tax_free < remaining, tax_free), else_=remaining)
    return case((smaller > 0, smaller), else_=0)


def _counted() -> ColumnElement[bool]:
    return PaymentRow.status.in_(COUNTED)


def _if_counted(value: Any) -> ColumnElement[int]:
    return case((_counted(), value), else_=0)


def _sum_columns(ours: Subquery) -> tuple[Any, ...]:
    """count, gross, refunds, tax-free left: the status is tested inside the sums, so that the
    only filter is the `occurred_at` range and its index is the one used (given a status
    filter, SQLite, which keeps no statistics here, read every paid payment by the status
    index instead)."""
    return (
        func.coalesce(func.sum(_if_counted(1)), 0),
        func.coalesce(func.sum(_if_counted(PaymentRow.amount)), 0),
        func.coalesce(func.sum(_if_counted(PaymentRow.cancel_amount)), 0),
        func.coalesce(func.sum(_if_counted(_remaining_tax_free(ours))), 0),
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
        """One `GROUP BY` by issuer, pay method, operator and hour reads the period's rows once;
        the totals and each breakdown are then summed from those groups (a few hundred at
        most, never the payments themselves)."""
        with self._database.reading() as session:
            groups = _groups(session, since, until)
        return LedgerFigures(
            totals=_sum_of(group.sums for group in groups),
            by_issuer=_breakdown(groups, lambda group: group.issuer),
            by_pay_method=_breakdown(groups, lambda group: group.pay_method),
            by_operator=_breakdown(groups, lambda group: group.operator),
            by_hour=_hours(groups),
        )


@dataclass(frozen=True, slots=True)
class _Group:
    issuer: str | None
    pay_method: str | None
    operator: str | None
    hour: int
    """Korea time."""
    sums: LedgerSums


def _group_query(utc_hour: ColumnElement[Any], since: datetime, until: datetime) -> Select[Any]:
    keys = (PaymentRow.card_name, PaymentRow.pay_method, PaymentRow.operator, utc_hour)
    ours = _our_refunds()
    same_payment = and_(
        ours.c.merchant_uid == PaymentRow.merchant_uid, ours.c.imp_uid == PaymentRow.imp_uid
    )
    return (
        select(*keys, *_sum_columns(ours))
        .select_from(PaymentRow)
        .outerjoin(ours, same_payment)
        .where(_in_period(since, until))
        .group_by(*keys)
        .having(func.sum(_if_counted(1)) > 0)
    )


def _groups(session: Session, since: datetime, until: datetime) -> list[_Group]:
    query = _group_query(_utc_hour(session), since, until)
    return [
        _Group(issuer, method, operator, (int(utc) + KOREA_OFFSET_HOURS) % 24, _sums(*rest))
        for issuer, method, operator, utc, *rest in session.execute(query)
    ]


def _sum_of(sums: Iterable[LedgerSums]) -> LedgerSums:
    total = NO_SUMS
    for part in sums:
        total = LedgerSums(
            count=total.count + part.count,
            gross=total.gross + part.gross,
            refunds=total.refunds + part.refunds,
            tax_free=total.tax_free + part.tax_free,
        )
    return total


def _breakdown(groups: Sequence[_Group], key_of: Callable[[_Group], str | None]) -> list[GroupSums]:
    """One line per key, the largest gross first (then by key)."""
    keyed: dict[str | None, list[LedgerSums]] = {}
    for group in groups:
        keyed.setdefault(key_of(group), []).append(group.sums)
    lines = [GroupSums(key, _sum_of(parts)) for key, parts in keyed.items()]
    return sorted(lines, key=lambda line: (-line.sums.gross, line.key or ""))


def _hours(groups: Sequence[_Group]) -> list[HourSums]:
    by_hour: dict[int, list[LedgerSums]] = {}
    for group in groups:
        by_hour.setdefault(group.hour, []).append(group.sums)
    return [HourSums(hour, _sum_of(by_hour[hour])) for hour in sorted(by_hour)]
