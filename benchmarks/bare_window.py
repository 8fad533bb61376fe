"""Baseline for `startup.py`: the smallest PySide6 window that accepts keystrokes.

A QApplication, a QMainWindow holding a focused QLineEdit, shown; `ready` is printed once the
line edit has been painted and the event loop is free again (a zero-delay timer posted from its
first paint event), the same moment the app reports (`kcp_pos.ui.shell.first_paint`). Then it quits.
Run it the way the app is run: same interpreter, same environment.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow


class ReadyAfterFirstPaint(QObject):
    """Prints `ready` in the event-loop turn after the watched widget's first paint."""

    def __init__(self, app: QApplication, widget: QLineEdit) -> None:
        super().__init__(widget)
        self.app = app
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.ready)
        return False

    def ready(self) -> None:
        print("ready", flush=True)
        self.app.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    line_edit = QLineEdit(window)
    window.setCentralWidget(line_edit)
    window.resize(1280, 720)
    ReadyAfterFirstPaint(app, line_edit)
    window.show()
    line_edit.setFocus()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
