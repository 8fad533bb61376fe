"""V1's paged lists: `{total, previous, next, list}` with page numbers, 0 when there is none."""

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
    """`page` (from 1) and `limit` (1..1000, default 20); anything else is HTTP 400."""
    page = params.integer("page") or 1
    limit = (params.integer("limit") if allow_limit else None) or DEFAULT_LIMIT
    if page < 1:
        raise ApiFailure(invalid_parameter("page"), status=400)
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiFailure(invalid_parameter("limit"), status=400)
    return page, limit


def paginate(items: Sequence[T], page: int, limit: int) -> Page[T]:
    start = (page - 1) * limit
    return Page(
        total=len(items),
        previous=page - 1 if page > 1 else 0,
        next=page + 1 if start + limit < len(items) else 0,
        items=list(items[start : start + limit]),
    )
