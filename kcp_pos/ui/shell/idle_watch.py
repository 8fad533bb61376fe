"""Locks the terminal after a set number of minutes without a key press or a click.

An event filter on each of the app's native windows (the main window's, and every dialog's as
it takes the focus; each sees its input before any widget does) restarts one single-shot timer
on every key, mouse button or wheel event; when it runs out, `idle` is emitted, whichever
window is open. (An application-wide Python event filter would see every event of the app,
and PySide crashes wrapping some objects inside one.)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits `idle` after `minutes` without input in any of the app's windows (0: never)."""

    idle = Signal()

    def __init__(self, minutes: int, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._watched: list[QWindow] = []
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        """Start watching with `minutes` (0: stop)."""
        self._timer.stop()
        if minutes > 0:
            self._watch(self._window.windowHandle())  # exists once the window was shown
            self._timer.setInterval(minutes * 60_000)
            self._timer.start()

    def set_interval_ms(self, interval_ms: int) -> None:
        """For tests: a shorter wait than a minute."""
        self._timer.setInterval(interval_ms)
        self._timer.start()

    def _watch(self, window: QWindow | None) -> None:
        if window is not None and window not in self._watched:
            window.installEventFilter(self)
            window.destroyed.connect(lambda: self._forget(window))
            self._watched.append(window)

    def _forget(self, window: QWindow) -> None:
        if window in self._watched:
            self._watched.remove(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.disconnect(self._watch)
        for window in self._watched:
            window.removeEventFilter(self)
        self._watched.clear()
