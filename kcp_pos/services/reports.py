"""A report of the ledger for a day, a week (Monday to Sunday) or a month, in Korea time: gross,
refunds, net, VAT, tax-free and count, per issuer, pay method, operator and hour.

The sums come from `store/ledger_report` (which payments count, and in which period a refund
counts, is explained there). VAT is the VAT of the period's net taxable sales, split with
`domain/money.split_vat` on the sum, as V1 splits a payment when `vat_amount` is not sent:
(net - tax-free) / 11, rounded half up. That is the 부가세 line of a close slip; the sum of the
customers' card slips may differ from it by the rounding of each slip (at most half a won per
payment). A `Summary` goes to JSON and back unchanged, which is how a day's close freezes it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.money import split_vat
from kcp_pos.services.app_services import AppServices
from kcp_pos.store.ledger_report import GroupSums, HourSums, LedgerFigures, LedgerSums

JSON_VERSION: Final = 1


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class Period:
    """Whole Korea-time days from `first` up to `end` (exclusive)."""

    kind: PeriodKind
    first: date
    end: date

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        """The day, the week (Monday first) or the month that holds `day`."""
        if kind is PeriodKind.DAY:
            return cls(kind, day, day + timedelta(days=1))
        if kind is PeriodKind.WEEK:
            monday = day - timedelta(days=day.weekday())
            return cls(kind, monday, monday + timedelta(days=7))
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(kind, first, following)

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def since(self) -> datetime:
        """The first moment, an aware datetime (midnight in Korea)."""
        return datetime(self.first.year, self.first.month, self.first.day, tzinfo=KST)

    @property
    def until(self) -> datetime:
        """The moment after the last (exclusive)."""
        return datetime(self.end.year, self.end.month, self.end.day, tzinfo=KST)

    @property
    def label(self) -> str:
        """`2026-12-03`, `2026-11-30 ~ 2026-12-06`, `2026-12`: the same in every language."""
        if self.kind is PeriodKind.DAY:
            return self.first.isoformat()
        if self.kind is PeriodKind.MONTH:
            return self.first.strftime("%Y-%m")
        return f"{self.first.isoformat()} ~ {self.last.isoformat()}"

    @property
    def file_stem(self) -> str:
        """A file name's part for the period: `2026-12-03`, `2026-11-30_2026-12-06`, `2026-12`."""
        return self.label.replace(" ~ ", "_")


@dataclass(frozen=True, slots=True)
class Figures:
    """A period's (or a group's) money. `net` = gross - refunds; VAT and tax-free are of net."""

    count: int
    gross: int
    refunds: int
    net: int
    vat: int
    tax_free: int

    @classmethod
    def of(cls, sums: LedgerSums) -> Figures:
        split = split_vat(sums.net, sums.tax_free)
        return cls(sums.count, sums.gross, sums.refunds, sums.net, split.vat, sums.tax_free)

    def minus(self, other: Figures) -> Figures:
        """Each figure less `other`'s (what changed since `other` was taken)."""
        return Figures(
            **{name: getattr(self, name) - getattr(other, name) for name in FIGURE_NAMES}
        )

    @property
    def is_zero(self) -> bool:
        return all(getattr(self, name) == 0 for name in FIGURE_NAMES)


FIGURE_NAMES: Final = ("count", "gross", "refunds", "net", "vat", "tax_free")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a breakdown. `key` is the issuer, pay method or operator as the ledger has it
    (`""` where it has none), or the hour (`"00"`-`"23"`, Korea time)."""

    key: str
    count: int
    gross: int
    refunds: int

    @property
    def net(self) -> int:
        return self.gross - self.refunds


def _line(key: str, sums: LedgerSums) -> Line:
    return Line(key, sums.count, sums.gross, sums.refunds)


def _lines(groups: Sequence[GroupSums]) -> tuple[Line, ...]:
    return tuple(_line(group.key or "", group.sums) for group in groups)


def _hour_lines(hours: Sequence[HourSums]) -> tuple[Line, ...]:
    return tuple(_line(f"{hour.hour:02d}", hour.sums) for hour in hours)


@dataclass(frozen=True, slots=True)
class Summary:
    period: Period
    totals: Figures
    by_issuer: tuple[Line, ...]
    by_pay_method: tuple[Line, ...]
    by_operator: tuple[Line, ...]
    by_hour: tuple[Line, ...]
    """Only the hours with payments, in order."""

    @classmethod
    def of(cls, period: Period, figures: LedgerFigures) -> Summary:
        return cls(
            period=period,
            totals=Figures.of(figures.totals),
            by_issuer=_lines(figures.by_issuer),
            by_pay_method=_lines(figures.by_pay_method),
            by_operator=_lines(figures.by_operator),
            by_hour=_hour_lines(figures.by_hour),
        )

    def to_json(self) -> str:
        body: dict[str, Any] = asdict(self)
        body["period"] = {
            "kind": self.period.kind.value,
            "first": self.period.first.isoformat(),
            "end": self.period.end.isoformat(),
        }
        body["version"] = JSON_VERSION
        return json.dumps(body, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Summary:
        body = json.loads(text)
        if body.get("version") != JSON_VERSION:
            raise ValueError("not a report summary of a known version")
        period = body["period"]
        return cls(
            period=Period(
                PeriodKind(period["kind"]),
                date.fromisoformat(period["first"]),
                date.fromisoformat(period["end"]),
            ),
            totals=Figures(**body["totals"]),
            by_issuer=tuple(Line(**line) for line in body["by_issuer"]),
            by_pay_method=tuple(Line(**line) for line in body["by_pay_method"]),
            by_operator=tuple(Line(**line) for line in body["by_operator"]),
            by_hour=tuple(Line(**line) for line in body["by_hour"]),
        )


def summarize(services: AppServices, period: Period) -> Summary:
    """The period's report, read from the ledger now."""
    return Summary.of(period, services.reports.figures(period.since, period.until))
