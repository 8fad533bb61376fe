"""The store's change feed on the UI thread: `changed(topics)` after commits, so pages refresh
what they show without polling.

The feed calls back on whichever thread committed (a runner worker, usually). This bridge only
notes the topics and posts one queued signal; the UI thread then emits `changed` once with
everything that arrived meanwhile, so a batch of a thousand commits costs a page a few refreshes,
not a thousand.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from kcp_pos.store import ChangeFeed, StoreTopic


class ChangeNotices(QObject):
    """Create on the UI thread; `close()` stops listening (at shutdown)."""

    changed = Signal(object)
    """A frozenset of `StoreTopic`: what changed since the last emission."""
    _arrived = Signal()

    def __init__(self, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: set[StoreTopic] = set()
        self._arrived.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = feed.subscribe(self._note)

    def close(self) -> None:
        self._unsubscribe()

    def _note(self, topics: frozenset[StoreTopic]) -> None:
        """Any thread: remember the topics; post a delivery unless one is already on its way."""
        with self._lock:
            first = not self._pending
            self._pending.update(topics)
        if first:
            self._arrived.emit()

    def _deliver(self) -> None:
        with self._lock:
            topics, self._pending = frozenset(self._pending), set()
        if topics:
            self.changed.emit(topics)
