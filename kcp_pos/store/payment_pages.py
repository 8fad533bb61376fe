"""Reading a page of the transactions, and the totals of a filter, quickly at a million payments.

Every order ends with `imp_uid` (`ORDER_COLUMNS`) and a page continues after the last row's
key (`PaymentCursor`), never at an offset, so the thousandth page costs what the first does.

Each filter that can narrow the list is a `Term`; most have an index of their own
(`models.PaymentRow`, revision 0013), which is a way into the rows, a `Path`. On SQLite the
reader chooses the path itself, as the planner cannot know how many rows each holds (the app
does not run ANALYZE, and a LIMIT hides the cost of a walk):

* it counts the entries of each path's range in the path's index alone, those that usually
  hold few rows first, each no further than the smallest found so far (at most `SIZE_LIMIT`);
  a path that narrows to a time range has `occurred_at` second in its index, so its range is
  counted within the dates;
* a path read in the query's order (the dates, or one value of status, operator, pay method
  or escrow, then time; the amounts for the amount order) is walked from the cursor, the rows
  checked against the other terms, until the page is full: quick when the matches are not
  rare in it, and the smallest such range is taken;
* a path of at most `GATHER_LIMIT` entries smaller than every ordered one (an approval number,
  an order id, a card's last four digits, a customer, a short date range in another order)
  is gathered whole and sorted;
* otherwise the order's own index is walked.

The chosen path's terms are written as they are; every other term's columns are wrapped in
`unindexed` (SQLite's unary `+`, which keeps the planner off their indexes), and so is the
ORDER BY of a gather. PostgreSQL gets the plain query and its own planner.

The totals read the smallest path the same way; of paths equally large, one whose index holds
the amounts (the dates, a status) when every term can be checked in it, so that the rows are
counted and summed in the index alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from kcp_pos.domain.text_input import is_ascii_digits
from kcp_pos.store.customer_keys import LAST_FOUR
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import PaymentRow
from kcp_pos.store.payment_ledger import LedgerPayment
from kcp_pos.store.payment_query import (
    ListedStatus,
    PaymentFilter,
    PaymentQuery,
    PaymentSort,
    PaymentTotals,
)

GATHER_LIMIT: Final = 8_000
"""A path of at most this many entries may be read whole and sorted (about 10 ms here)."""
SIZE_LIMIT: Final = 50_000
"""Paths are counted this far to choose among them (about a millisecond each: the counts are
read in the paths' indexes alone)."""
LIKELY_SMALLEST: Final = (
    "apply_num",
    "order_id",
    "search",
    "customer",
    "last4",
    "escrow",
    "operator",
    "pay_method",
    "amount",
    "status",
    "occurred",
)
"""The paths in the order they are counted: those that usually hold few rows first, so that
the larger ones are counted only as far as those."""
COVERED: Final = frozenset({"occurred", "status", "amount"})
"""The terms the time and status indexes answer alone (they hold the amounts and status)."""
PREFIX_END: Final = "\U0010ffff"
"""Above every text that starts with a prefix, in SQLite's byte order."""
_UID: Final = PaymentRow.imp_uid
ORDER_COLUMNS: Final[dict[PaymentSort, tuple[InstrumentedAttribute[Any], ...]]] = {
    PaymentSort.OCCURRED: (PaymentRow.occurred_at, _UID),
    PaymentSort.AMOUNT: (PaymentRow.amount, _UID),
    PaymentSort.STATUS: (PaymentRow.status, PaymentRow.occurred_at, _UID),
}
ROW_FIELDS: Final = tuple(field.name for field in fields(LedgerPayment))
ROW_COLUMNS: Final = tuple(getattr(PaymentRow, name) for name in ROW_FIELDS)
WAS_PAID: Final = (LedgerStatus.PAID, LedgerStatus.CANCELLED)
"""Statuses whose amount was taken (a cancelled payment was paid before it was refunded)."""


class unindexed(ColumnElement[Any]):
    """`column`, which SQLite may not look up through an index (`+column`); plain elsewhere."""

    __visit_name__ = "unindexed"
    inherit_cache = True
    _traverse_internals = [("element", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, element: ColumnElement[Any]) -> None:
        self.element = element
        self.type = element.type


@compiles(unindexed)
def _plain(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.element, **kw)


@compiles(unindexed, "sqlite")
def _no_index(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.element, **kw)


Columns = Callable[[InstrumentedAttribute[Any]], ColumnElement[Any]]
"""How a term writes its columns: as they are, or `unindexed`."""


def _as_is(column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    return column.__clause_element__()


def _unindexed(column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    return unindexed(column.__clause_element__())


@dataclass(frozen=True)
class Term:
    """One condition of the filter; `path` names the index that can find its rows (None: it is
    only ever checked on rows found otherwise)."""

    path: str | None
    build: Callable[[Columns], ColumnElement[bool]]
    ordered: frozenset[PaymentSort] = frozenset()
    """The orders its index reads its rows in (after the term's one value)."""
    dated: bool = False
    """Its index has `occurred_at` right after the term's value (counted within the dates)."""
    covering: bool = False
    """Its index holds the amounts and the status (totals from the index alone)."""


@dataclass(frozen=True, slots=True)
class PaymentCursor:
    """Where the last page ended; opaque to the screen (`PaymentPage.next_after`)."""

    sort: PaymentSort
    descending: bool
    key: tuple[Any, ...]


def cursor_for(query: PaymentQuery, after: object | None) -> PaymentCursor | None:
    """`after` as a cursor of this query's order; refuses one made for another order."""
    if after is None:
        return None
    if not isinstance(after, PaymentCursor):
        raise TypeError("after must be a PaymentPage.next_after")
    if (after.sort, after.descending) != (query.sort, query.descending):
        raise ValueError("this cursor belongs to another order; start again with after=None")
    return after


def terms_of(chosen: PaymentFilter, *, sqlite: bool) -> list[Term]:
    """The filter's conditions, each with the index that can serve it."""
    terms: list[Term] = []
    if chosen.since is not None or chosen.until is not None:
        terms.append(_dates(chosen))
    if chosen.statuses and set(chosen.statuses) != set(ListedStatus):
        terms.append(_statuses(chosen.statuses))
    if chosen.amount_min is not None or chosen.amount_max is not None:
        low, high = chosen.amount_min, chosen.amount_max
        terms.append(
            Term(
                "amount",
                lambda c: and_(
                    true() if low is None else c(PaymentRow.amount) >= low,
                    true() if high is None else c(PaymentRow.amount) <= high,
                ),
                ordered=frozenset({PaymentSort.AMOUNT}),
            )
        )
    equal = (
        ("customer", PaymentRow.customer_uid, chosen.customer_uid, False),
        ("apply_num", PaymentRow.apply_num, chosen.apply_num, False),
        ("last4", PaymentRow.card_last4, chosen.card_last4, False),
        ("operator", PaymentRow.operator, chosen.operator, True),
        ("pay_method", PaymentRow.pay_method, chosen.pay_method, True),
        ("escrow", PaymentRow.escrow, chosen.escrow, True),
    )
    for path, column, value, in_time_order in equal:
        if value is not None:
            terms.append(_equal(path, column, value, in_time_order=in_time_order))
    if chosen.order_id:
        terms.append(_order_id(chosen.order_id, prefix=chosen.order_id_prefix, sqlite=sqlite))
    if chosen.search:
        terms.append(_search(chosen.search, sqlite=sqlite))
    return terms


def _dates(chosen: PaymentFilter) -> Term:
    since, until = chosen.since, chosen.until
    return Term(
        "occurred",
        lambda c: and_(
            true() if since is None else c(PaymentRow.occurred_at) >= since,
            true() if until is None else c(PaymentRow.occurred_at) < until,
        ),
        ordered=frozenset({PaymentSort.OCCURRED}),
        covering=True,
    )


def _partly(partial: bool) -> ColumnElement[bool]:
    """Cancelled in part (0 < cancel_amount < amount), or, `partial` False, in full."""
    part = and_(PaymentRow.cancel_amount > 0, PaymentRow.cancel_amount < PaymentRow.amount)
    return part if partial else ~part


def _statuses(chosen: frozenset[ListedStatus]) -> Term:
    stored = {status.ledger_status for status in chosen}
    both_refunds = {ListedStatus.CANCELLED, ListedStatus.PARTIALLY_REFUNDED} <= chosen
    plain = [s for s in stored if s is not LedgerStatus.CANCELLED]
    cancelled = LedgerStatus.CANCELLED in stored

    def build(c: Columns) -> ColumnElement[bool]:
        status = c(PaymentRow.status)
        options: list[ColumnElement[bool]] = []
        if plain:
            options.append(status == plain[0] if len(plain) == 1 else status.in_(plain))
        if cancelled and both_refunds:
            options.append(status == LedgerStatus.CANCELLED)
        elif cancelled:
            partial = ListedStatus.PARTIALLY_REFUNDED in chosen
            options.append(and_(status == LedgerStatus.CANCELLED, _partly(partial)))
        return options[0] if len(options) == 1 else or_(*options)

    one = len(stored) == 1
    return Term(
        "status" if one else None,
        build,
        ordered=frozenset({PaymentSort.OCCURRED, PaymentSort.STATUS}) if one else frozenset(),
        dated=one,
        covering=one,
    )


def _equal(
    path: str, column: InstrumentedAttribute[Any], value: object, *, in_time_order: bool
) -> Term:
    return Term(
        path,
        lambda c: c(column) == value,
        ordered=frozenset({PaymentSort.OCCURRED}) if in_time_order else frozenset(),
        dated=in_time_order,
    )


def _starts(column: ColumnElement[Any], prefix: str, *, sqlite: bool) -> ColumnElement[bool]:
    """`column` starts with `prefix`: an index range on SQLite (byte order), LIKE elsewhere."""
    if sqlite:
        return and_(column >= prefix, column < prefix + PREFIX_END)
    return column.startswith(prefix, autoescape=True)


def _order_id(value: str, *, prefix: bool, sqlite: bool) -> Term:
    def build(c: Columns) -> ColumnElement[bool]:
        merchant, imp = c(PaymentRow.merchant_uid), c(PaymentRow.imp_uid)
        if prefix:
            return or_(_starts(merchant, value, sqlite=sqlite), _starts(imp, value, sqlite=sqlite))
        return or_(merchant == value, imp == value)

    return Term("order_id", build)


def _search(text: str, *, sqlite: bool) -> Term:
    """The search box: an approval number, the start of an order id, or the last four."""
    last_four = len(text) == LAST_FOUR and is_ascii_digits(text)

    def build(c: Columns) -> ColumnElement[bool]:
        options = [
            c(PaymentRow.apply_num) == text,
            _starts(c(PaymentRow.merchant_uid), text, sqlite=sqlite),
            _starts(c(PaymentRow.imp_uid), text, sqlite=sqlite),
        ]
        if last_four:
            options.append(c(PaymentRow.card_last4) == text)
        return or_(*options)

    return Term("search", build)


class PaymentReader:
    """One query's pages and totals, read in one session (see the module's docstring)."""

    def __init__(self, session: Session, query: PaymentQuery) -> None:
        self._session = session
        self._query = query
        self._sqlite = session.get_bind().dialect.name == "sqlite"
        self._terms = terms_of(query.filter, sqlite=self._sqlite)
        self._sizes: dict[str, int] = {}

    def page(
        self, after: PaymentCursor | None, limit: int
    ) -> tuple[list[LedgerPayment], PaymentCursor | None]:
        """Up to `limit` payments after `after`, and the cursor after them (None at the end)."""
        order = ORDER_COLUMNS[self._query.sort]
        rows = list(self._session.execute(self.page_statement(after, limit + 1)))
        payments = [_payment(row) for row in rows[:limit]]
        if len(rows) <= limit:
            return payments, None
        last = payments[-1]
        key = tuple(getattr(last, column.key) for column in order)
        return payments, PaymentCursor(self._query.sort, self._query.descending, key)

    def page_statement(self, after: PaymentCursor | None, limit: int) -> Select[Any]:
        """The query of `limit` rows after `after`, written for the path chosen."""
        order = ORDER_COLUMNS[self._query.sort]
        path, gather = self._page_path() if self._sqlite else (None, False)
        columns = self._columns(path)
        conditions = [term.build(columns(term)) for term in self._terms]
        ordered = [(_unindexed if gather else _as_is)(column) for column in order]
        if after is not None:
            conditions.append(self._after(ordered, after))
        direction = [c.desc() if self._query.descending else c.asc() for c in ordered]
        return select(*ROW_COLUMNS).where(*conditions).order_by(*direction).limit(limit)

    def totals(self) -> PaymentTotals:
        """How many payments match, the amount of those that were paid, and what was refunded."""
        path = self._totals_path() if self._sqlite else None
        columns = self._columns(path)
        conditions = [term.build(columns(term)) for term in self._terms]
        paid = case((PaymentRow.status.in_(WAS_PAID), PaymentRow.amount), else_=0)
        statement = select(
            func.count(),
            func.coalesce(func.sum(paid), 0),
            func.coalesce(func.sum(PaymentRow.cancel_amount), 0),
        ).where(*conditions)
        count, amount, refunded = self._session.execute(statement).one()
        return PaymentTotals(int(count), int(amount), int(refunded))

    # --- choosing the way in (SQLite) ---------------------------------------------------------

    def _page_path(self) -> tuple[Term | None, bool]:
        """The path to read a page through, and whether it is gathered (else walked in order).
        None: walk the order's own index."""
        sort = self._query.sort
        paths = self._measured(lambda term: sort in term.ordered)
        if not paths:
            return None, False
        sized = sorted(
            paths, key=lambda term: (self._sizes[term.path or ""], term.path == "occurred")
        )
        in_order = [term for term in sized if sort in term.ordered]
        smallest = sized[0]
        size = self._sizes[smallest.path or ""]
        if size <= GATHER_LIMIT and (not in_order or size < self._sizes[in_order[0].path or ""]):
            return smallest, sort not in smallest.ordered
        if in_order:
            return in_order[0], False
        return None, False

    def _totals_path(self) -> Term | None:
        paths = self._measured(lambda term: True)
        if not paths:
            return None
        covered = all(term.path in COVERED for term in self._terms)
        return min(
            paths,
            key=lambda term: (self._sizes[term.path or ""], not (term.covering and covered)),
        )

    def _measured(self, compared: Callable[[Term], bool]) -> list[Term]:
        """The paths, each counted (`_sizes`): the most selective kinds first, and each path
        that is `compared` no further than the smallest such one so far (a larger one is not
        taken, so its exact size does not matter); the others only as far as GATHER_LIMIT (they
        are taken only when they can be gathered)."""
        paths = sorted(
            (term for term in self._terms if term.path is not None),
            key=lambda term: LIKELY_SMALLEST.index(term.path or ""),
        )
        best = max(SIZE_LIMIT, GATHER_LIMIT)
        for term in paths:
            if compared(term):
                self._sizes[term.path or ""] = size = self._count(term, best)
                best = min(best, size)
            else:
                self._sizes[term.path or ""] = self._count(term, GATHER_LIMIT)
        return paths

    def _count(self, term: Term, cap: int) -> int:
        """The entries of `term`'s index range (within the dates when it is dated), counted up
        to `cap` + 1."""
        dates = [t for t in self._terms if t.path == "occurred" and term.dated]
        conditions = [term.build(_as_is), *(t.build(_as_is) for t in dates)]
        rows = select(literal(1)).select_from(PaymentRow).where(*conditions)
        counted = select(func.count()).select_from(rows.limit(cap + 1).subquery())
        return int(self._session.scalar(counted) or 0)

    def _columns(self, path: Term | None) -> Callable[[Term], Columns]:
        """How each term writes its columns: the path's (and, for a path in time order, the
        dates') as they are, every other term's `unindexed` (on SQLite)."""

        def of(term: Term) -> Columns:
            if not self._sqlite or term is path:
                return _as_is
            if path is not None and path.dated and term.path == "occurred":
                return _as_is
            return _unindexed

        return of

    def _after(
        self, ordered: Sequence[ColumnElement[Any]], after: PaymentCursor
    ) -> ColumnElement[bool]:
        order = ORDER_COLUMNS[self._query.sort]
        bound = [
            literal(value, column.type) for value, column in zip(after.key, order, strict=True)
        ]
        mine, theirs = tuple_(*ordered), tuple_(*bound)
        return mine < theirs if self._query.descending else mine > theirs


def _payment(row: Row[Any]) -> LedgerPayment:
    return LedgerPayment(**dict(zip(ROW_FIELDS, row, strict=True)))
