"""Baseline for `startup.py`: the smallest PySide6 window that accepts keystrokes.

A QApplication, a QMainWindow holding a focused QLineEdit, shown; `ready` is printed from a
zero-delay timer, i.e. once the event loop runs and the window would process a key press. Then
it quits. Run it the way the app is run: same interpreter, same environment.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    line_edit = QLineEdit(window)
    window.setCentralWidget(line_edit)
    window.resize(1280, 720)
    window.show()
    line_edit.setFocus()

    def ready() -> None:
        print("ready", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
