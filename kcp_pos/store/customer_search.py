"""Which customers match the typed text (`customer_query.Needle`), said two ways.

* `row_filter`: a condition on one row's stored search keys, correct on every dialect. On
  PostgreSQL it is the whole search: `LIKE` over lower-cased keys (what `ILIKE` would do, and
  what a pg_trgm GIN index, made by revision 0002 when the extension may be created, speeds up;
  without the extension each search scans the table: the part that is slower there).
* `indexed_matches` (SQLite): the same rows found through indexes, as disjoint branches: text of
  three characters or more through the FTS5 trigram table (a substring search: the text's
  three-character pieces next to each other), shorter text as ranges of the sort indexes
  (`name_key >= '김' AND name_key < '깁'`), the last four digits through their index. The
  trigram table is case-sensitive on purpose: keys and text are both lower case already, so it
  finds exactly what `row_filter` finds, whichever of the two reads a page.

Which of the two reads a page is `customer_pages`' choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    column,
    false,
    func,
    literal,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute

from kcp_pos.store.customer_query import Needle, NeedleKind
from kcp_pos.store.models import SEARCH_TABLE, CustomerRow

if TYPE_CHECKING:
    from kcp_pos.store.customer_order import Segment

_FULL_TEXT: Final = table(SEARCH_TABLE, column("rowid", Integer), column(SEARCH_TABLE))
_WORD_COLUMNS: Final = "{name_key email_key}"
_PHONE_COLUMN: Final = "tel_digits"
_LAST_CODE_POINT: Final = 0x10FFFF
_SURROGATES: Final = range(0xD800, 0xE000)


def _searched(needle: Needle) -> tuple[InstrumentedAttribute[Any], ...]:
    """The keys the needle is looked for in (see `customer_query`)."""
    if needle.kind is NeedleKind.DIGITS:
        return (CustomerRow.tel_digits,)
    if needle.by_given_name:
        return (CustomerRow.name_key, CustomerRow.given_key, CustomerRow.email_key)
    return (CustomerRow.name_key, CustomerRow.email_key)


def row_filter(needle: Needle) -> ColumnElement[bool]:
    """Rows whose keys hold the needle (anywhere, or at the start for short text)."""
    terms: list[ColumnElement[bool]] = []
    for key in _searched(needle):
        if needle.anywhere:
            terms.append(key.contains(needle.text, autoescape=True))
        else:
            terms.append(key.startswith(needle.text, autoescape=True))
    if needle.is_last_four:
        terms.append(CustomerRow.card_last4 == needle.text)
    return or_(*terms)


@dataclass(frozen=True, slots=True, eq=False)
class IndexedBranch:
    """Rows matching through one index: the trigram table's MATCH, or a condition on
    `customers` that one of its indexes serves (a range of the key named `ranges`). Compared by
    identity (`==` on a SQL condition builds another condition)."""

    match: str | None = None
    condition: ColumnElement[bool] | None = None
    ranges: str | None = None

    def in_order_of(self, segment: Segment) -> bool:
        """True when the branch is a range of the index that sorts `segment`, so that its
        rows can be read in the segment's order from that index."""
        return not segment.empty and self.ranges == segment.column.key

    def ids(self) -> Select[int | None]:
        """The rows' `search_rowid`s (for `IN`)."""
        if self.match is not None:
            return select(_FULL_TEXT.c.rowid).where(_matches(self.match))
        return select(CustomerRow.search_rowid).where(self.condition_or_all())

    def rows(self, *conditions: ColumnElement[bool]) -> Select[int]:
        """A 1 per row that also meets `conditions` on `customers` (for counting: without
        them, a trigram match is counted in the trigram table alone)."""
        one = literal(1)
        if self.match is None:
            return select(one).select_from(CustomerRow).where(self.condition_or_all(), *conditions)
        query = select(one).select_from(_FULL_TEXT).where(_matches(self.match))
        if not conditions:
            return query
        joined = query.join(CustomerRow, CustomerRow.search_rowid == _FULL_TEXT.c.rowid)
        return joined.where(*conditions)

    def condition_or_all(self) -> ColumnElement[bool]:
        """The branch's condition on `customers` (every row for a MATCH branch)."""
        return true() if self.condition is None else self.condition


def indexed_matches(needle: Needle, *, full_text: bool) -> list[IndexedBranch] | None:
    """SQLite: the matching rows through indexes, as disjoint branches (each row comes from
    one of them at most); None without the FTS5 table (nor the trigger that numbers the rows
    for it), where only a scan can tell."""
    if not full_text:
        return None
    if not needle.anywhere:
        return _prefix_branches(needle)
    return [_full_text_branch(needle), *_last_four_branch(needle)]


def _prefix_branches(needle: Needle) -> list[IndexedBranch]:
    """One range per searched key, leaving out the rows an earlier key already found."""
    branches: list[IndexedBranch] = []
    found_earlier: list[ColumnElement[bool]] = []
    for key in _searched(needle):
        starts = _starts_with(key, needle.text)
        condition = and_(starts, *(~found for found in found_earlier))
        branches.append(IndexedBranch(condition=condition, ranges=key.key))
        found_earlier.append(func.coalesce(key.startswith(needle.text, autoescape=True), false()))
    return branches


def _full_text_branch(needle: Needle) -> IndexedBranch:
    columns = _PHONE_COLUMN if needle.kind is NeedleKind.DIGITS else _WORD_COLUMNS
    phrase = '"' + needle.text.replace('"', '""') + '"'
    return IndexedBranch(match=f"{columns} : {phrase}")


def _matches(query: str) -> ColumnElement[bool]:
    return _FULL_TEXT.c[SEARCH_TABLE].match(query)


def _last_four_branch(needle: Needle) -> list[IndexedBranch]:
    """Cards ending in the four digits whose phone number does not already hold them."""
    if not needle.is_last_four:
        return []
    phone_holds = CustomerRow.tel_digits.contains(needle.text, autoescape=True)
    return [
        IndexedBranch(
            condition=and_(
                CustomerRow.card_last4 == needle.text, ~func.coalesce(phone_holds, false())
            )
        )
    ]


def _starts_with(key: InstrumentedAttribute[Any], prefix: str) -> ColumnElement[bool]:
    """`key` starts with `prefix`, as a range of its index (SQLite compares text by code
    point, so the keys starting with `prefix` are those from it up to its successor)."""
    upper = _successor(prefix)
    if upper is None:
        return key >= prefix
    return (key >= prefix) & (key < upper)


def _successor(prefix: str) -> str | None:
    """The least string greater than every string starting with `prefix` (None: none is)."""
    stem = prefix.rstrip(chr(_LAST_CODE_POINT))
    if not stem:
        return None
    following = ord(stem[-1]) + 1
    if following in _SURROGATES:
        following = _SURROGATES.stop
    return stem[:-1] + chr(following)
