"""The start-up check: attempts a previous run left in `sending` or `unknown` are looked up until
each is settled (DESIGN rule 2), and the clerk is shown how each turned out.

They are listed once, when the store opens and before the clerk can start a new attempt
(`AttemptJournal.unresolved`, in `app.open_store`), so the check never touches an attempt of this
session. Each round
(`check_leftovers`) looks every one of them up; a lookup that fails leaves its attempt as it was
for the next round. The screen repeats rounds on `check_schedule.RECOVERY`'s schedule until none is
unresolved.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.store import Attempt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecoveryRound:
    """The leftover attempts as they stand after one round, in journal order."""

    attempts: tuple[Attempt, ...]
    errors: tuple[str, ...]
    """One line per lookup that failed (its attempt stays as it was)."""

    @property
    def settled(self) -> tuple[Attempt, ...]:
        return tuple(attempt for attempt in self.attempts if not attempt.is_unresolved)

    @property
    def still_unknown(self) -> tuple[Attempt, ...]:
        return tuple(attempt for attempt in self.attempts if attempt.is_unresolved)


def check_leftovers(
    services: AppServices,
    attempt_ids: Sequence[int],
    *,
    now: datetime | None = None,
    settle_after: timedelta = SETTLE_AFTER,
) -> RecoveryRound:
    """Look each attempt up once and settle what the lookups prove."""
    attempts: list[Attempt] = []
    errors: list[str] = []
    for attempt_id in attempt_ids:
        attempt = services.journal.get(attempt_id)
        try:
            attempt = resolve_attempt(services, attempt, now=now, settle_after=settle_after)
        except Exception as error:  # the lookup failed: the attempt waits for the next round
            log.warning("recovery of attempt %d: %s", attempt_id, type(error).__name__)
            errors.append(f"{attempt.merchant_uid or attempt.id}: {type(error).__name__}")
        attempts.append(attempt)
    return RecoveryRound(tuple(attempts), tuple(errors))
