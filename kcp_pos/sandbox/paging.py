"""V1's paged lists: `{total, previous, next, list}` with page numbers, 0 when there is none.

`page` and `limit` that are not whole numbers in range, and a `page` past the last one, are
HTTP 400 (reference §1.3 "page out of range", §8.1). Page 1 of an empty list is an empty page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.errors import ApiFailure, invalid_parameter

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Page(Generic[T]):
    total: int
    previous: int
    next: int
    items: list[T]


def read_paging(params: Params, *, allow_limit: bool = True) -> tuple[int, int]:
    """`page` (from 1, default 1) and `limit` (1..1000, default 20); anything else is HTTP 400."""
    page = _whole_number(params, "page", 1, None)
    limit = (
        _whole_number(params, "limit", DEFAULT_LIMIT, MAX_LIMIT) if allow_limit else DEFAULT_LIMIT
    )
    return page, limit


def _whole_number(params: Params, name: str, default: int, highest: int | None) -> int:
    if not params.has(name):
        return default
    try:
        number = params.required_integer(name)
    except ApiFailure as error:
        raise ApiFailure(invalid_parameter(name), status=400) from error
    if number < 1 or (highest is not None and number > highest):
        raise ApiFailure(invalid_parameter(name), status=400)
    return number


def paginate(items: Sequence[T], page: int, limit: int) -> Page[T]:
    start = (page - 1) * limit
    return page_of(list(items[start : start + limit]), total=len(items), page=page, limit=limit)


def page_of(items: list[T], *, total: int, page: int, limit: int) -> Page[T]:
    """Page `page` of `total` items, `items` being that page's (read by the caller)."""
    start = (page - 1) * limit
    if page > 1 and start >= total:
        raise ApiFailure(invalid_parameter("page"), status=400)
    return Page(
        total=total,
        previous=page - 1 if page > 1 else 0,
        next=page + 1 if start + limit < total else 0,
        items=items,
    )
