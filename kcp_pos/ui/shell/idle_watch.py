"""Locks the terminal after a set number of minutes without a key press or a click.

An event filter on the main window's native window (which sees its input before any widget
does) restarts one single-shot timer on every key, mouse button or wheel event; when it runs
out, `idle` is emitted. While another of the app's windows is active (a dialog) the lock waits:
what it holds is the clerk's to finish or cancel. (An application-wide Python event filter
would see every event of the app, and PySide crashes wrapping some objects inside one.)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QWidget

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits `idle` after `minutes` without input (0 minutes: never)."""

    idle = Signal()

    def __init__(self, minutes: int, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._ran_out)
        self._watched: QWindow | None = None
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        """Start watching with `minutes` (0: stop)."""
        self._timer.stop()
        if self._watched is None and minutes > 0:
            self._watched = self._window.windowHandle()  # exists once the window was shown
            if self._watched is not None:
                self._watched.installEventFilter(self)
        if minutes > 0:
            self._timer.setInterval(minutes * 60_000)
            self._timer.start()

    def set_interval_ms(self, interval_ms: int) -> None:
        """For tests: a shorter wait than a minute."""
        self._timer.setInterval(interval_ms)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.interval() > 0 and self._timer.isActive():
            self._timer.start()
        return False

    def _ran_out(self) -> None:
        active = QApplication.activeWindow()
        if active is not None and active is not self._window:
            self._timer.start()
            return
        self.idle.emit()  # the window restarts the watch once someone signs in again

    def stop(self) -> None:
        self._timer.stop()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
