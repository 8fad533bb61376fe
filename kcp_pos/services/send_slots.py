"""A batch's send slots: at most `count` lines journalled and waiting for their answer, and the
order in which a freed slot's two writers reach the store.

A line takes a slot (`take`) before it journals and gives it back (`give_back`) once its answer
is in. Two lines then have work to do at once: the one that takes the freed slot journals its
attempt and sends its request, which is what the throughput waits on, and the one that gave it
back records its answer, which nobody waits on. The store has one writer at a time and the
interpreter runs one thread at a time, so the first goes first: `give_back` returns once no
line waits for a free slot and every line holding one is journalled (`journalled`), or after
`head_start`, whichever comes first. Without it the record usually won (its worker is already
running; the other has to wake up) and the next request left several milliseconds later.
"""

from __future__ import annotations

import threading
from typing import Final

HEAD_START: Final = 0.05
"""The longest a line's record waits for the next lines' journal writes (seconds)."""


class SlotsMiscounted(RuntimeError):
    """A slot was given back that was not taken, or journalled twice: a defect."""


class SendSlots:
    def __init__(self, count: int, *, head_start: float = HEAD_START) -> None:
        self._changed = threading.Condition()
        self._count = count
        self._free = count
        self._waiting = 0
        """Lines waiting for a slot."""
        self._unjournalled = 0
        """Lines holding a slot, not journalled yet."""
        self._head_start = head_start

    @property
    def waiting(self) -> int:
        """Lines waiting for a slot."""
        with self._changed:
            return self._waiting

    def take(self) -> None:
        """Wait for a free slot and take it; `journalled` or `give_back` follows."""
        with self._changed:
            self._waiting += 1
            try:
                self._changed.wait_for(lambda: self._free > 0)
            finally:
                self._waiting -= 1
                self._changed.notify_all()
            self._free -= 1
            self._unjournalled += 1

    def journalled(self) -> None:
        """The line holding a slot is journalled: its request leaves next."""
        with self._changed:
            self._need(self._unjournalled > 0)
            self._unjournalled -= 1
            self._changed.notify_all()

    def give_back(self, *, journalled: bool) -> None:
        """Free the slot. After an answer (`journalled`), return once the next lines are
        journalled (see above); a line that never journalled has nothing to hold back."""
        with self._changed:
            self._need(self._free < self._count and (journalled or self._unjournalled > 0))
            self._free += 1
            if not journalled:
                self._unjournalled -= 1
            self._changed.notify_all()
            if journalled:
                self._changed.wait_for(self._next_lines_journalled, timeout=self._head_start)

    def _next_lines_journalled(self) -> bool:
        slot_still_wanted = self._waiting > 0 and self._free > 0
        return not slot_still_wanted and self._unjournalled == 0

    @staticmethod
    def _need(holds: bool) -> None:
        if not holds:
            raise SlotsMiscounted("a send slot was given back or journalled out of turn")
