"""The Qt binding itself: defects of a PySide6 release that would crash a terminal left open all
day are caught here, and the release is excluded in pyproject.toml."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

CALLS = 2000


def test_methods_returning_nothing_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 released a reference to None on each call of a `void` method. On Python
    3.11 None's count then reaches zero and the interpreter aborts (none_dealloc), during the
    day or at exit. From Python 3.12 None is immortal and its count does not move."""
    field, label = QLineEdit(), QLabel()
    qtbot.addWidget(field)
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for index in range(CALLS):
        field.setText(str(index))
        label.setText(str(index))
        field.setVisible(False)
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 10, f"{lost} references to None lost in {3 * CALLS} calls"
