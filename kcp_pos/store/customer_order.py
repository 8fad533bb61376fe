"""The directory's orders, and where a page ends in one: pages are read by key, never by offset.

Each sort is one column followed by `customer_uid`, both ascending or both descending, so the
index on `(column, customer_uid, ...)` (`models._sort_index`) serves the sort in either
direction and a page starts with one seek, however far down the list it is. Customers whose
sort column is empty (NULL) come last in either direction, ordered among themselves by
`customer_uid`: the order is read as two segments, the filled one and then the empty one, each
a range of the same index. The cursor handed to the screen (`PageCursor`) is the last row's key
and segment.

The sort keys are the stored search keys (`customer_keys`) where there is one: names and e-mail
addresses sort case-insensitively, phone numbers by their digits, Hangul in dictionary order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, UnaryExpression, and_, inspect, literal, true, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from kcp_pos.store.customer_query import CustomerQuery, CustomerSort
from kcp_pos.store.models import CustomerRow

SORT_COLUMNS: Final[dict[CustomerSort, InstrumentedAttribute[Any]]] = {
    CustomerSort.NAME: CustomerRow.name_key,
    CustomerSort.TEL: CustomerRow.tel_digits,
    CustomerSort.EMAIL: CustomerRow.email_key,
    CustomerSort.CARD: CustomerRow.card_number,
    CustomerSort.ISSUER: CustomerRow.card_name,
    CustomerSort.SAVED: CustomerRow.created_at,
    CustomerSort.LAST_CHARGE: CustomerRow.last_charge_at,
}
_UID: Final = CustomerRow.customer_uid


@dataclass(frozen=True, slots=True)
class Position:
    """A row's place in an order: its sort key (None in the empty segment) and customer_uid."""

    key: object
    customer_uid: str


@dataclass(frozen=True, slots=True)
class PageCursor:
    """Where the last page ended; opaque to the screen (`CustomerPage.next_after`)."""

    sort: CustomerSort
    descending: bool
    position: Position


@dataclass(frozen=True, slots=True)
class Segment:
    """The filled or the empty part of one order: one range of the sort's index."""

    column: InstrumentedAttribute[Any]
    descending: bool
    empty: bool

    def condition(
        self, after: Position | None = None, upto: Position | None = None
    ) -> ColumnElement[bool]:
        """The segment's rows after `after` (exclusive) and up to `upto` (inclusive)."""
        terms: list[ColumnElement[bool]] = []
        if self.empty:
            terms.append(self.column.is_(None))
        elif _nullable(self.column):
            terms.append(self.column.is_not(None))
        if after is not None:
            mine, theirs = self._sides(after)
            terms.append(mine < theirs if self.descending else mine > theirs)
        if upto is not None:
            mine, theirs = self._sides(upto)
            terms.append(mine >= theirs if self.descending else mine <= theirs)
        return and_(true(), *terms)

    def order_columns(self) -> list[InstrumentedAttribute[Any]]:
        """The columns of the order: the sort column (not in the empty segment), customer_uid."""
        return [_UID] if self.empty else [self.column, _UID]

    def order(self) -> list[UnaryExpression[Any]]:
        columns = self.order_columns()
        return [column.desc() if self.descending else column.asc() for column in columns]

    def _sides(self, position: Position) -> tuple[Any, Any]:
        """What a row is compared by, and the same for `position` (as typed bound values)."""
        uid = literal(position.customer_uid, _UID.type)
        if self.empty:
            return _UID, uid
        return tuple_(self.column, _UID), tuple_(literal(position.key, self.column.type), uid)


def segments(query: CustomerQuery, after: PageCursor | None) -> list[Segment]:
    """The segments of the query's order still to read after `after`, in order."""
    column = SORT_COLUMNS[query.sort]
    filled = Segment(column, query.descending, empty=False)
    empty = Segment(column, query.descending, empty=True)
    if after is not None and after.position.key is None:
        return [empty]
    return [filled, empty] if _nullable(column) else [filled]


def _nullable(column: InstrumentedAttribute[Any]) -> bool:
    return bool(inspect(CustomerRow).columns[column.key].nullable)


def cursor_for(query: CustomerQuery, after: object | None) -> PageCursor | None:
    """`after` as a cursor of this query's order; refuses one made for another order."""
    if after is None:
        return None
    if not isinstance(after, PageCursor):
        raise TypeError("after must be a CustomerPage.next_after")
    if (after.sort, after.descending) != (query.sort, query.descending):
        raise ValueError("this cursor belongs to another order; start again with after=None")
    return after
