"""When a screen looks an unsettled attempt up again: soon at first, then steadily.

Kept apart from the lookups themselves (`followup.py`, `recovery.py`) and free of heavy imports,
so that a screen can hold its schedule before the service layer is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Final

SETTLE_AFTER: Final = timedelta(minutes=5)
"""How long "nothing found" stays unknown: comfortably past the client's 60 s read timeout."""


@dataclass(frozen=True)
class CheckSchedule:
    """When to look again: after each of `delays` in turn (seconds), then every `every`; and
    how long a lookup that finds nothing keeps the attempt unknown (`settle_after`)."""

    delays: tuple[float, ...]
    every: float
    settle_after: timedelta = SETTLE_AFTER

    def delay_before(self, check: int) -> float:
        """Seconds to wait before check number `check` (0 for the first)."""
        return self.delays[check] if check < len(self.delays) else self.every


FOLLOW_UP: Final = CheckSchedule(delays=(2.0, 5.0, 10.0), every=15.0)
"""An unknown outcome on screen: most answers are only late, so look soon, then steadily."""
RECOVERY: Final = CheckSchedule(delays=(0.0,), every=15.0)
"""Attempts a previous run left unresolved: at once when the app is ready, then steadily."""
LATE_APPROVALS: Final = CheckSchedule(delays=(0.0,), every=600.0)
"""Charges settled as "not found": looked up again when the app is ready, then every 10 minutes
while it runs (a PG can commit late; a lookup that failed is simply tried again)."""
SCHEDULE_POLL: Final = CheckSchedule(delays=(0.0,), every=300.0)
"""The scheduled charges the app knows and that have not ended (`services/schedules.py`): looked
up when the app is ready, then every 5 minutes while it runs (a desktop app gets no webhooks);
a poll that failed is simply tried again next round."""
