"""The main window attached to the store as the app does, and signing in on its lock screen (or
making the first administrator in the first-run wizard):
for tests that drive the whole window (the `open_window` fixture is in `tests/ui/conftest.py`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kcp_pos.ui.shell.main_window import MainWindow
from kcp_pos.ui.shell.screen_page import PageContext

OpenWindow = Callable[[], MainWindow]


def signed_in_window(
    qtbot: QtBot, open_window: Callable[[], MainWindow], name: str, pin: str
) -> MainWindow:
    window = open_window()
    lock = window.lock_screen
    assert lock is not None
    qtbot.waitUntil(lambda: lock.title_label.text() != "")
    lock.name_edit.setText(name)
    type_into(qtbot, lock.pin_edit, pin)
    qtbot.waitUntil(lambda: not window.locked)
    return window


def make_first_admin(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> None:
    """A fresh store's first start: skip the first-run wizard's questions (the defaults) and
    make the administrator on its operator page, from the keyboard; they are signed in."""
    qtbot.waitUntil(lambda: window.first_run is not None, timeout=15_000)
    wizard = window.first_run
    assert wizard is not None
    wizard.skip_button.click()
    wizard.operator_page.name_edit.setText(name)
    for field in (wizard.operator_page.pin_edit, wizard.operator_page.pin_again_edit):
        type_into(qtbot, field, pin)
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)  # Finish
    qtbot.waitUntil(lambda: not window.locked, timeout=15_000)


def context_of(window: MainWindow) -> PageContext:
    context = window.context
    assert context is not None
    return context


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
