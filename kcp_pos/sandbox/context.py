"""What every sandbox operation works with: its settings, its storage and its clock.

The clock is the wall clock plus an offset kept in storage (`Storage.clock_offset`), which only
moves forward (`POST /__sandbox__/clock`): tests and training sessions jump ahead to see booked
schedules run, and every time the sandbox reports or compares goes through `now()`/`today()`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

from kcp_pos.sandbox.config import SandboxConfig
from kcp_pos.sandbox.storage import Storage


@dataclass(frozen=True)
class Sandbox:
    config: SandboxConfig
    storage: Storage

    def now(self) -> int:
        """Server time in UNIX seconds, as the API reports it in `now` and `*_at` fields."""
        return int(time.time()) + self.storage.clock_offset()

    def today(self) -> date:
        """The local date at `now()` (card expiry is checked against it)."""
        return datetime.fromtimestamp(self.now()).date()
