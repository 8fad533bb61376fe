"""Reading a page of the directory, and counting matches, quickly at 100,000-1,000,000 customers.

Without typed text a page is one range of the sort's index after the cursor (`customer_order`).
With text, SQLite reads the matches of each branch (`customer_search.indexed_matches`) and
merges them, the first rows of each, in the page's order:

* a branch that is a range of the sort's own index (`김` sorted by name) is read in order,
  straight from that index;
* the other branches, when they hold few rows, are gathered through their indexes and sorted
  (a full name, a phone number, the last four digits: quick whatever the order);
* when they hold many, the sort's index is walked from the cursor on, each row checked by
  `customer_search.row_filter`, until the page is full (`김` sorted by date: one row in five
  matches, so a page of 200 is about a thousand rows away).

"Few" grows with the directory: walking to a page costs about `wanted x size / matches` index
entries, gathering about `matches` index and table lookups, so matches are gathered up to about
the square root of `wanted x size` (`gather_limit`; the size is read as the highest
`search_rowid`, one index step). A walk assumes the matches are spread over the order; when
they are not (the e-mail addresses of one surname, the names sorted from the other end), it
stops after `walk_budget` rows and the rest of the page is gathered from there, so that a
keystroke costs at most about one pass over the matches.

PostgreSQL (and an SQLite without FTS5) has no branches: one walk with `row_filter`, whose plan
PostgreSQL's own planner chooses (with the trigram indexes, when revision 0002 could make them).

`count` stops at `CUSTOMER_COUNT_CAP` + 1 ("more than 10,000"), counting each branch in its own
index, so that a status line costs at most that many index steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property
from typing import Any, Final

from sqlalchemy import ColumnElement, Row, Select, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from kcp_pos.store.customer_order import (
    SORT_COLUMNS,
    PageCursor,
    Position,
    Segment,
    segments,
)
from kcp_pos.store.customer_query import CUSTOMER_COUNT_CAP, CustomerQuery, needle_of
from kcp_pos.store.customer_search import IndexedBranch, indexed_matches, row_filter
from kcp_pos.store.models import CustomerRow

MIN_GATHERED: Final = 1_000
"""Matches are gathered rather than walked to up to this many at least (see `gather_limit`)."""
WALK_COST: Final = 0.2
"""What walking past a row costs beside gathering one match: a walk reads the next entry of the
sort's index, which carries the search keys (`models._sort_index`); a gathered match costs an
index lookup and a table lookup. Measured at 100,000 customers: about 0.2 and 1 microsecond."""
WALK_SLACK: Final = 2
"""A walk looks at this many times the rows it expects to need before gathering instead."""
MAX_BOUND_IDS: Final = 30_000
"""Gathered ids are bound as values: an SQLite with the trigram tokenizer (3.34 or later) takes
32,766 of them (the default limit since 3.32)."""


def gather_limit(wanted: int, size: int) -> int:
    """How many matches are gathered rather than walked to, for `wanted` rows of a directory
    of about `size` rows: where walking (about `wanted x size / matches` rows) and gathering
    (`matches`) cost about the same, and at least MIN_GATHERED."""
    return max(MIN_GATHERED, round(math.sqrt(WALK_COST * wanted * size)))


def walk_budget(wanted: int, size: int, matches_over: int) -> int:
    """The rows a walk may look at for `wanted` rows when more than `matches_over` rows match:
    WALK_SLACK times what it needs if they are spread evenly over the order."""
    return max(wanted, WALK_SLACK * wanted * size // max(matches_over, 1))


class PageReader:
    """One query's pages and count, read in one session.

    `full_text` is None on a database that is not SQLite (walks only), else whether SQLite's
    trigram table exists (revision 0002 skips it on an SQLite without FTS5). Pages are plain
    rows of `columns` (no ORM objects: a page of 200 is read several times faster so).
    """

    def __init__(
        self,
        session: Session,
        query: CustomerQuery,
        full_text: bool | None,
        columns: Sequence[ColumnElement[Any]] = (),
    ) -> None:
        self._session = session
        self._query = query
        sort_column = SORT_COLUMNS[query.sort]
        self._columns = (sort_column.label("sort_key"), *columns)
        needle = needle_of(query.text)
        self._filter = None if needle is None else row_filter(needle)
        self._branches = (
            None
            if needle is None or full_text is None
            else indexed_matches(needle, full_text=full_text)
        )
        self._shown = [] if query.include_deleted else [CustomerRow.deleted_at.is_(None)]
        self._wanted = 1
        self._few_found: dict[tuple[int, ...], ColumnElement[bool] | None] = {}

    def page(
        self, after: PageCursor | None, limit: int
    ) -> tuple[list[Row[Any]], PageCursor | None]:
        """Up to `limit` rows after `after`, and the cursor after them (None at the end). Each
        row holds the sort key and then the `columns`."""
        self._wanted = limit + 1
        rows: list[Row[Any]] = []
        start = None if after is None else after.position
        for segment in segments(self._query, after):
            rows += self._rows(segment, start, limit + 1 - len(rows))
            start = None
            if len(rows) > limit:
                return rows[:limit], self._cursor(rows[limit - 1])
        return rows, None

    def count(self) -> int:
        """How many rows match, up to CUSTOMER_COUNT_CAP + 1."""
        if self._branches is None:
            visible = select(literal(1)).select_from(CustomerRow).where(*self._shown)
            if self._filter is not None:
                visible = visible.where(self._filter)
            return _count(self._session, visible, CUSTOMER_COUNT_CAP + 1)
        total = 0
        for branch in self._branches:
            total += _count(
                self._session, branch.rows(*self._shown), CUSTOMER_COUNT_CAP + 1 - total
            )
        return total

    def _rows(self, segment: Segment, after: Position | None, n: int) -> list[Row[Any]]:
        if self._filter is None or self._branches is None:
            return self._walk(segment, after, None, n)
        in_order = [b for b in self._branches if b.in_order_of(segment)]
        others = [b for b in self._branches if not b.in_order_of(segment)]
        rows = [row for branch in in_order for row in self._in_order(branch, segment, after, n)]
        if others:
            rows += self._matches(others, segment, after, n)
        return _first(rows, n, descending=segment.descending)

    def _matches(
        self, branches: list[IndexedBranch], segment: Segment, after: Position | None, n: int
    ) -> list[Row[Any]]:
        """The first `n` rows of `branches` (and maybe of others) after `after`."""
        few = self._few(branches)
        if few is not None:
            return self._gather(few, segment, after, n)
        size = self._size
        budget = walk_budget(self._wanted, size, gather_limit(self._wanted, size))
        upto = self._walk_end(segment, after, budget)
        rows = self._walk(segment, after, upto, n)
        if len(rows) == n or upto is None:
            return rows
        ids = [branch.ids() for branch in branches]
        matching = ids[0] if len(ids) == 1 else union_all(*ids)
        return rows + self._gather(
            CustomerRow.search_rowid.in_(matching), segment, upto, n - len(rows)
        )

    def _walk(
        self, segment: Segment, after: Position | None, upto: Position | None, n: int
    ) -> list[Row[Any]]:
        query = select(*self._columns).where(segment.condition(after, upto), *self._shown)
        if self._filter is not None:
            query = query.where(self._filter)
        return list(self._session.execute(query.order_by(*segment.order()).limit(n)))

    def _walk_end(self, segment: Segment, after: Position | None, budget: int) -> Position | None:
        """The last row a walk from `after` may look at (None: the segment ends before)."""
        columns = segment.order_columns()
        found = self._session.execute(
            select(*columns)
            .where(segment.condition(after))
            .order_by(*segment.order())
            .offset(budget - 1)
            .limit(1)
        ).first()
        if found is None:
            return None
        return Position(None if segment.empty else found[0], found[-1])

    def _in_order(
        self, branch: IndexedBranch, segment: Segment, after: Position | None, n: int
    ) -> list[Row[Any]]:
        """The first `n` rows of a branch that is a range of the sort's index."""
        query = (
            select(*self._columns)
            .where(branch.condition_or_all(), segment.condition(after), *self._shown)
            .order_by(*segment.order())
            .limit(n)
        )
        return list(self._session.execute(query))

    def _gather(
        self, matching: ColumnElement[bool], segment: Segment, after: Position | None, n: int
    ) -> list[Row[Any]]:
        """The first `n` rows of `matching` after `after`, found through its index and sorted."""
        query = (
            select(*self._columns)
            .where(matching, segment.condition(after), *self._shown)
            .order_by(*segment.order())
            .limit(n)
        )
        return list(self._session.execute(query))

    def _few(self, branches: list[IndexedBranch]) -> ColumnElement[bool] | None:
        """The rows of `branches` as a condition to gather by, if there are at most
        `gather_limit` of them, else None. Counted in their indexes; the trigram table's rowids
        are kept from the count and bound, so that it is not asked twice."""
        key = tuple(id(branch) for branch in branches)
        if key not in self._few_found:
            enough = min(gather_limit(self._wanted, self._size), MAX_BOUND_IDS)
            total = 0
            gathered: list[ColumnElement[bool]] = []
            for branch in branches:
                if branch.match is None:
                    total += _count(self._session, branch.rows(), enough + 1 - total)
                    gathered.append(CustomerRow.search_rowid.in_(branch.ids()))
                else:
                    ids = list(self._session.scalars(branch.ids().limit(enough + 1 - total)))
                    total += len(ids)
                    gathered.append(CustomerRow.search_rowid.in_(ids))
                if total > enough:
                    break
            self._few_found[key] = or_(*gathered) if total <= enough else None
        return self._few_found[key]

    @cached_property
    def _size(self) -> int:
        """About how many customers there are: the highest `search_rowid` (one index step)."""
        return int(self._session.scalar(select(func.max(CustomerRow.search_rowid))) or 0)

    def _cursor(self, row: Row[Any]) -> PageCursor:
        position = Position(row.sort_key, row.customer_uid)
        return PageCursor(self._query.sort, self._query.descending, position)


def _first(rows: list[Row[Any]], n: int, *, descending: bool) -> list[Row[Any]]:
    """The first `n` of rows read in order from several sources, each customer once. Python
    orders text by code point as SQLite does (the branches exist on SQLite only)."""
    unique = {row.customer_uid: row for row in rows}.values()
    ordered = sorted(
        unique, key=lambda row: (row.sort_key is not None, row.sort_key, row.customer_uid)
    )
    return (ordered[::-1] if descending else ordered)[:n]


def _count(session: Session, query: Select[Any], cap: int) -> int:
    """How many rows `query` gives, counting no further than `cap`."""
    if cap <= 0:
        return 0
    counted = session.scalar(select(func.count()).select_from(query.limit(cap).subquery()))
    return int(counted or 0)
