"""Progress at a pace a screen can show: a long use case may finish many small steps a second,
and each report redraws a screen on the UI thread, which shares the interpreter lock."""

from __future__ import annotations

import time
from typing import Final

from kcp_pos.services.progress import ProgressSink

REPORT_EVERY: Final = 0.25
"""Seconds between reports: a few a second."""


class ReportPace:
    """Passes a report on to `progress` at most every `every` seconds; the first report and
    the last (`last=True`) always."""

    def __init__(self, progress: ProgressSink, every: float = REPORT_EVERY) -> None:
        self._progress = progress
        self._every = every
        self._reported_at = float("-inf")

    def report(self, message: str, fraction: float | None = None, *, last: bool = False) -> None:
        now = time.monotonic()
        if last or now - self._reported_at >= self._every:
            self._reported_at = now
            self._progress.report(message, fraction)
