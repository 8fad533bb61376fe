"""The merchant's date: Korea Standard Time, whatever the computer's own time zone is.

Card expiry and birth dates are judged on the Korean calendar day. `zoneinfo` needs the tz
database, which Windows lacks unless the `tzdata` package is installed; Korea has had no daylight
saving time since 1988, so a fixed UTC+9 offset is an exact fallback.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

KST_FIXED = timezone(timedelta(hours=9), "KST")


def korea_time_zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Seoul")
    except (ImportError, KeyError, ValueError, OSError):
        return KST_FIXED


KST = korea_time_zone()


def kst_now() -> datetime:
    return datetime.now(UTC).astimezone(KST)


def kst_today() -> date:
    return kst_now().date()
