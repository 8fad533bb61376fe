"""What every sandbox operation works with: its settings, its storage and its clock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from kcp_pos.sandbox.config import SandboxConfig
from kcp_pos.sandbox.storage import Storage


@dataclass(frozen=True)
class Sandbox:
    config: SandboxConfig
    storage: Storage

    def now(self) -> int:
        """Server time in UNIX seconds, as the API reports it in `now` and `*_at` fields."""
        return int(time.time())

    def today(self) -> date:
        return date.today()
