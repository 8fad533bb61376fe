"""Time in the store: every timestamp is a timezone-aware `datetime` in UTC.

SQLite has no timezone-aware type, so `UtcDateTime` writes UTC wall time without an offset
(`YYYY-MM-DD HH:MM:SS.ffffff`, which sorts chronologically as text) and attaches UTC again on the
way out; PostgreSQL gets a `timestamptz`. Naive datetimes are refused on the way in, because
guessing their zone is how ledgers end up nine hours off (KST is UTC+9).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def from_unix(seconds: int) -> datetime | None:
    """A V1 UNIX timestamp as an aware UTC datetime; V1 sends `0` for "has not happened"."""
    if seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A column type that stores and returns aware UTC datetimes on any dialect."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UtcDateTime needs a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("UtcDateTime refuses naive datetimes; pass an aware datetime")
        in_utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return in_utc.replace(tzinfo=None)
        return in_utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UtcDateTime read a {type(value).__name__}, not a datetime")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
