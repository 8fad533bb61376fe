"""Who is signed in at this terminal now.

The pages read `PageContext.operator` when they act, which asks the seat, so that a sign-in, an
operator switch or a lock changes who the next action is recorded for without handing the pages
a new context. Plain Python (no Qt): the main window owns the seat and its lock screen fills it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kcp_pos.services.operator import Operator


class NotSignedIn(RuntimeError):
    """An action asked who acts while nobody is signed in (the lock screen is up)."""


class OperatorSeat:
    """The operator signed in now, or nobody (before the first sign-in)."""

    def __init__(self, operator: Operator | None = None) -> None:
        self._operator = operator
        self.sittings = 0
        """How many times someone sat down (signed in, after a lock too): what was granted to
        one sitting, such as a manager's approval kept by a dialog, ends with it."""

    @property
    def operator(self) -> Operator:
        if self._operator is None:
            raise NotSignedIn("nobody is signed in")
        return self._operator

    @property
    def occupied(self) -> bool:
        return self._operator is not None

    def sit(self, operator: Operator) -> None:
        self._operator = operator
        self.sittings += 1
