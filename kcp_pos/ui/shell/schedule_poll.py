"""The app's look at its scheduled charges: once the services are ready, then every few minutes
while the window is open (`check_schedule.SCHEDULE_POLL`), on the runner. A desktop app gets no
webhooks, so this is how a schedule that ran (paid or failed) reaches the ledger and the screens
(they refresh on the store's change notices). A poll that fails is logged and tried again at the
next round; it never reaches the clerk as an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kcp_pos.ui.shell.scheduled_checks import ScheduledChecks

if TYPE_CHECKING:
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.check_schedule import CheckSchedule
    from kcp_pos.services.schedules import PollReport
    from kcp_pos.ui.shell.runner import BackgroundRunner, Progress

log = logging.getLogger(__name__)


class SchedulePoll(QObject):
    polled = Signal(object)
    """A `PollReport` after each poll that worked."""

    def __init__(
        self,
        runner: BackgroundRunner,
        services: AppServices,
        schedule: CheckSchedule | None = None,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """`clock`: what "now" is for the poll (tests point it at a sandbox running ahead)."""
        super().__init__(parent)
        if schedule is None:
            from kcp_pos.services.check_schedule import SCHEDULE_POLL

            schedule = SCHEDULE_POLL
        self.runner = runner
        self.services = services
        self.checks = ScheduledChecks(schedule, self)
        self.clock = clock
        self.failures = 0

    def start(self) -> None:
        self.checks.check_later(self._poll)

    def stop(self) -> None:
        self.checks.stop()

    def _poll(self) -> None:
        services, clock = self.services, self.clock

        def poll(_: Progress) -> PollReport:
            from kcp_pos.services.schedules import poll_schedules

            return poll_schedules(services, now=clock() if clock is not None else None)

        def polled(report: PollReport) -> None:
            self.polled.emit(report)
            self.checks.check_later(self._poll)

        def failed(error: Exception) -> None:
            self.failures += 1
            log.warning("scheduled charges not polled: %s", type(error).__name__)
            self.checks.check_later(self._poll)

        self.runner.run(poll, polled, failed, key="schedule-poll")
