"""Typing into real widgets the way a clerk does, for the UI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Select all, delete, then type: ASCII as key presses, Hangul as an input method commits it
    (QTest can only synthesise Latin-1 key events; a real Korean keyboard goes through the IME)."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(field, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(field, event)
