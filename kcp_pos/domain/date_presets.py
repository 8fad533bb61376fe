"""The date ranges a clerk picks in a list of payments (today, yesterday, this week, this
month), as moments in Korea time: the shop's calendar day, whatever the computer's time zone.

A range is half-open, `[since, until)`: midnight to midnight in Korea. A week starts on Monday.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

from kcp_pos.domain.korea_time import KST, kst_now


class DatePreset(enum.Enum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    CUSTOM = "custom"
    """Chosen by the clerk (`day_range`)."""


def korea_midnight(day: date) -> datetime:
    """The start of `day` in Korea time (an aware datetime)."""
    return datetime.combine(day, time(0), tzinfo=KST)


def day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last` (both Korea days, inclusive)."""
    if last < first:
        raise ValueError("the last day is before the first")
    return korea_midnight(first), korea_midnight(last + timedelta(days=1))


def preset_range(preset: DatePreset, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The range of `preset` around `now` (aware; the current time by default). A custom
    range has no preset range: use `day_range`."""
    today = (now or kst_now()).astimezone(KST).date()
    if preset is DatePreset.TODAY:
        return day_range(today, today)
    if preset is DatePreset.YESTERDAY:
        yesterday = today - timedelta(days=1)
        return day_range(yesterday, yesterday)
    if preset is DatePreset.THIS_WEEK:
        return day_range(today - timedelta(days=today.weekday()), today)
    if preset is DatePreset.THIS_MONTH:
        return day_range(today.replace(day=1), today)
    raise ValueError("a custom range is chosen by the clerk: use day_range")
