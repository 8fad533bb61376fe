"""Locks the terminal after a set number of minutes without a key press or a click, and on
the lock keys (Ctrl+L) pressed in any of the app's windows.

An event filter on each of the app's native windows (the main window's, and every dialog's as
it takes the focus; each sees its input before any widget does) restarts one single-shot timer
on every key, mouse button or wheel event; when it runs out, `idle` is emitted, whichever
window is open. The lock keys pressed in a dialog emit `lock_keys` (the main window's own
shortcut serves the main window; a dialog, modal or not, would keep them from it). (An
application-wide Python event filter would see every event of the app, and PySide crashes
wrapping some objects inside one.)
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QWindow
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
    lock_keys = Signal()
    """The lock keys were pressed in a dialog of the app."""

    def __init__(self, minutes: int, window: QWidget, lock_keys: QKeySequence) -> None:
        super().__init__(window)
        self._window = window
        self._lock_keys = lock_keys
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._watched: list[QWindow] = []
        self._stopped = False
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
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            in_dialog = watched is not self._window.windowHandle()
            if in_dialog and QKeySequence(event.keyCombination()) == self._lock_keys:
                self.lock_keys.emit()
                return True
        return False

    def stop(self) -> None:
        """Stop for good (twice is harmless)."""
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and not self._stopped:
            self._stopped = True
            app.focusWindowChanged.disconnect(self._watch)
        for window in self._watched:
            with contextlib.suppress(RuntimeError):  # a dialog's window deleted meanwhile
                window.removeEventFilter(self)
        self._watched.clear()
