"""Start-up in turns: the first window paints early, the rest is built right after it.

`after_first_paint(widget, steps)` waits until `widget` has been painted once, then runs each step
in its own turn of the event loop. Between turns Qt delivers the clerk's keystrokes, so the field
that is already on screen takes typing while the rest of the window is still being put together
(benchmarks/startup.py measures up to the first paint of the focused amount field).

A zero-delay timer posted after `show()` fires before the window's first paint (Qt paints on the
update request that follows), which is why the first step waits for the paint event itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Step = Callable[[], None]

FALLBACK_MS = 1000
"""Start the steps anyway when no paint comes this long (a window opened minimized or covered):
the backend and the check of unresolved payments must not wait for the clerk to look."""


class _FirstPaintWatch(QObject):
    """Event filter on one widget that starts the steps after its first paint event."""

    def __init__(self, widget: QWidget, steps: Sequence[Step]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._steps = list(steps)
        self._started = False
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._started:
            # After this paint event has been handled: the widget is on screen by then.
            QTimer.singleShot(0, self, self._start)
        return False

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._widget.removeEventFilter(self)
        run_in_turns(self._steps)


def after_first_paint(widget: QWidget, steps: Sequence[Step]) -> None:
    """Run `steps` one event-loop turn apart, starting once `widget` has been painted (or after
    `FALLBACK_MS` without a paint)."""
    _FirstPaintWatch(widget, steps)


def run_in_turns(steps: Sequence[Step]) -> None:
    """Run the first step now and each of the others in a later turn of the event loop. A step
    that raises is logged and the others still run: each step reports its own failure to the
    clerk (`AppSession.build_terminal`), none may silently stop the rest of the start-up."""
    if not steps:
        return
    first, rest = steps[0], list(steps[1:])
    try:
        first()
    except Exception:
        log.exception("start-up step %s failed", getattr(first, "__qualname__", repr(first)))
    if rest:
        QTimer.singleShot(0, lambda: run_in_turns(rest))
