"""The main window attached to the store as the app does, and signing in on its lock screen:
for tests that drive the whole window (the `open_window` fixture is in `tests/ui/conftest.py`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kcp_pos.ui.shell.lock_screen import LockMode
from kcp_pos.ui.shell.main_window import MainWindow
from kcp_pos.ui.shell.screen_page import PageContext

OpenWindow = Callable[[], MainWindow]


def signed_in_window(
    qtbot: QtBot, open_window: Callable[[], MainWindow], name: str, pin: str
) -> MainWindow:
    window = open_window()
    lock = window.lock_screen
    assert lock is not None
    qtbot.waitUntil(lambda: lock.mode is LockMode.SIGN_IN and lock.title_label.text() != "")
    lock.name_edit.setText(name)
    type_into(qtbot, lock.pin_edit, pin)
    qtbot.waitUntil(lambda: not window.locked)
    return window


def context_of(window: MainWindow) -> PageContext:
    context = window.context
    assert context is not None
    return context


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
