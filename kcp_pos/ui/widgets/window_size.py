"""Growing a dialog to what it now shows (an outcome panel that appeared or filled in)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


def grow_to_fit(window: QWidget) -> None:
    """On the next event-loop turn (once the layout has taken the change), make `window` at least
    as large as its contents ask, within the screen it is on. It never shrinks."""

    def grow() -> None:
        hint = window.sizeHint()
        width, height = max(window.width(), hint.width()), max(window.height(), hint.height())
        screen = window.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height())
        window.resize(width, height)

    QTimer.singleShot(0, window, grow)
