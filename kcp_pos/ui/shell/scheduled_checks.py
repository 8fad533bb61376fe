"""The timer behind a screen's repeated lookups (an unknown outcome, the start-up check): it
waits as long as the services' `CheckSchedule` says before each check, and counts the checks.

What a check does, and when it is done, is the services' business (`services/followup.py`,
`services/recovery.py`); this only turns the schedule into a single-shot `QTimer`, so checks
never overlap and stop with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from kcp_pos.services.check_schedule import CheckSchedule


class ScheduledChecks(QObject):
    def __init__(self, schedule: CheckSchedule, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.schedule = schedule
        self.checks = 0
        """Checks started since the last `reset`."""
        self._run: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._stopped = False

    def reset(self) -> None:
        """Stop, and count from zero again (a new thing to check)."""
        self._timer.stop()
        self.checks = 0

    def next_delay(self) -> float:
        """Seconds the next check will wait."""
        return self.schedule.delay_before(self.checks)

    def check_later(self, run: Callable[[], None]) -> float:
        """Call `run` once the next delay has passed; returns that delay in seconds."""
        delay = self.next_delay()
        if self._stopped:  # a check that reported back after the screen closed
            return delay
        self._run = run
        self._timer.start(int(delay * 1000))
        return delay

    def stop(self) -> None:
        """For good (the screen is closing): a later `check_later` schedules nothing."""
        self._stopped = True
        self._timer.stop()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def _fire(self) -> None:
        run, self._run = self._run, None
        if run is not None:
            self.checks += 1
            run()
