"""Where a scheduled charge the app booked stands, as the app knows it.

`BOOKING` is written before the booking request goes out (persist before send); its answer
moves it to `SCHEDULED`, or to `NOT_BOOKED` when PortOne refused it. A lost answer leaves it
`BOOKING` until a lookup of its `merchant_uid` says whether PortOne has it. A booked schedule
ends `PAID`, `FAILED` (its run was declined) or `REVOKED`; a failed one may be booked again
(`SCHEDULED` once more) or retried as a new charge.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

SERIES_MAX_MONTHS: Final = 36
"""A monthly series is booked for at most three years at a time."""


class ScheduleState(StrEnum):
    BOOKING = "booking"
    NOT_BOOKED = "not_booked"
    SCHEDULED = "scheduled"
    PAID = "paid"
    FAILED = "failed"
    REVOKED = "revoked"

    @property
    def open(self) -> bool:
        """Still to be looked at by the poll: booking unsettled, or waiting to run."""
        return self in (ScheduleState.BOOKING, ScheduleState.SCHEDULED)
