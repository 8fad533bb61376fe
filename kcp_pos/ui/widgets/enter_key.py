"""Enter in a line edit (or a list to choose from) of a dialog that does one thing (the next field,
the next step) and nothing else: a `QLineEdit` passes Enter on to its dialog after
`returnPressed`, where it would press the default button, which may be the one the step just
showed (a confirmation answered by the key that asked for it). A held-down Enter does nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _EnterAction(QObject):
    def __init__(self, field: QWidget, action: Callable[[], object]) -> None:
        super().__init__(field)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
        ):
            if not event.isAutoRepeat():
                self._action()
            return True  # consumed: the dialog never sees this Enter
        return super().eventFilter(watched, event)


def on_enter(field: QWidget, action: Callable[[], object]) -> None:
    """Run `action` when Enter is pressed in `field`, and only that."""
    field.installEventFilter(_EnterAction(field, action))
