"""A possible-duplicate detector for keyed charges, kept in memory only (never persisted).

A clerk who is unsure whether a charge went through may key the same card again. Before a
charge is confirmed the terminal asks `DuplicateGuard.recent_match` whether the same amount, the
same last four card digits and the same buyer were charged (paid, or sent with an unknown
outcome) in the last few minutes, and shows a warning the clerk can override.

Only the last four digits are kept (they are part of the masked number, which may be stored),
and nothing here is written to disk: the memory ends with the process, which is the point.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class ChargeFingerprint:
    """What makes two charges look alike: amount, last four card digits, buyer (normalised)."""

    amount: int
    last4: str
    buyer: str

    @classmethod
    def of(cls, amount: int, last4: str, buyer_name: str | None) -> ChargeFingerprint:
        return cls(amount, last4, normalise_buyer(buyer_name))


def normalise_buyer(name: str | None) -> str:
    """Case, width and spacing do not make a different buyer (`홍 길동` = `홍길동`)."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(folded.split())


@dataclass(frozen=True)
class RecentCharge:
    fingerprint: ChargeFingerprint
    at: datetime


class DuplicateGuard:
    """Remembers recent charges for `window` and finds one that matches a new charge.

    Not thread-safe: use it from the UI thread only (the terminal does).
    """

    def __init__(self, window: timedelta = DEFAULT_WINDOW) -> None:
        if window <= timedelta(0):
            raise ValueError("window must be positive")
        self.window = window
        self._recent: deque[RecentCharge] = deque()

    def remember(self, amount: int, last4: str, buyer_name: str | None, *, now: datetime) -> None:
        """Record a charge that was paid or whose outcome is unknown."""
        self._forget_before(now)
        self._recent.append(RecentCharge(ChargeFingerprint.of(amount, last4, buyer_name), now))

    def recent_match(
        self, amount: int, last4: str, buyer_name: str | None, *, now: datetime
    ) -> RecentCharge | None:
        """The latest remembered charge that looks the same as this one, if any."""
        self._forget_before(now)
        wanted = ChargeFingerprint.of(amount, last4, buyer_name)
        for charge in reversed(self._recent):
            if charge.fingerprint == wanted:
                return charge
        return None

    def clear(self) -> None:
        self._recent.clear()

    def __len__(self) -> int:
        return len(self._recent)

    def _forget_before(self, now: datetime) -> None:
        while self._recent and now - self._recent[0].at > self.window:
            self._recent.popleft()


def minutes_ago(charge: RecentCharge, now: datetime) -> int:
    """Whole minutes since `charge`, at least 1 (\"1분 전\" reads better than \"0분 전\")."""
    return max(1, int((now - charge.at).total_seconds() // 60))
