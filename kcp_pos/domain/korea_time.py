"""Korea Standard Time, whatever the computer's own time zone is: the merchant's calendar day
(card expiry, birth dates), and the times on receipts and screens.

`zoneinfo` needs the tz database, which Windows lacks unless the `tzdata` package is installed;
Korea has had no daylight saving time since 1988, so a fixed UTC+9 offset is an exact fallback.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

KST_FIXED = timezone(timedelta(hours=9), "KST")


def _korea_time_zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Seoul")
    except (ImportError, KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return KST_FIXED


KST = _korea_time_zone()


def kst_now() -> datetime:
    return datetime.now(UTC).astimezone(KST)


def kst_today() -> date:
    return kst_now().date()


def korea_time(timestamp: int) -> datetime | None:
    """A V1 UNIX timestamp as an aware datetime in Korea time; None for 0 (never happened)."""
    if timestamp <= 0:
        return None
    return datetime.fromtimestamp(timestamp, UTC).astimezone(KST)


def minute_text(moment: datetime) -> str:
    """`2026-12-03 15:04`, in Korea time: how the app writes a moment to the minute."""
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M")


def monthly_series(first: datetime, count: int) -> list[datetime]:
    """`count` moments a month apart from `first` (aware), on the same day of the month and at
    the same time in Korea; a day a month does not have becomes its last day (the 31st of
    January, then the 28th or 29th of February, then the 31st of March)."""
    import calendar

    if first.tzinfo is None:
        raise ValueError("first must be an aware datetime")
    if count < 1:
        raise ValueError("count must be at least 1")
    start = first.astimezone(KST)
    moments: list[datetime] = []
    for step in range(count):
        index = start.month - 1 + step
        year, month = start.year + index // 12, index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        moments.append(start.replace(year=year, month=month, day=day))
    return moments
