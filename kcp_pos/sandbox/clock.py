"""The sandbox's clock, moved ahead by tests and training sessions (`/__sandbox__/clock`).

`GET` tells the sandbox time and how far it runs ahead of the wall clock; `POST
{"advance_seconds": N}` moves it N seconds further (never back: tokens, payments and schedules
would otherwise see time reversed) and at once runs every schedule that became due, as the next
API request would. There is no timer thread: every API request runs due schedules before
anything else, so no client can see a due schedule that has not run.
"""

from __future__ import annotations

from typing import Any, Final

from kcp_pos.sandbox.charges import run_due_schedules
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import ApiFailure, invalid_parameter, missing_parameter

MAX_ADVANCE_SECONDS: Final = 10 * 366 * 24 * 3600
"""One jump of at most ten years (the schedule windows are three months)."""


def clock_state(sandbox: Sandbox) -> dict[str, int]:
    return {"now": sandbox.now(), "offset_seconds": sandbox.storage.clock_offset()}


def advance_clock(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, int]:
    """Move the clock ahead by `advance_seconds` (a whole number from 0) and run what is due."""
    if "advance_seconds" not in body:
        raise ApiFailure(missing_parameter("advance_seconds"), status=400)
    seconds = body["advance_seconds"]
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not 0 <= seconds <= MAX_ADVANCE_SECONDS
    ):
        raise ApiFailure(invalid_parameter("advance_seconds"), status=400)
    sandbox.storage.advance_clock(seconds)
    run_due_schedules(sandbox)
    return clock_state(sandbox)
