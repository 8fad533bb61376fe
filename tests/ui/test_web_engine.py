"""QtWebEngine, which the payment window (issue 10) runs in, works on this machine: a view loads a
local page offscreen and answers JavaScript. On a headless Linux machine running as root it needs
`QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox` and its Debian libraries (README, `.ci/run`); the app
itself never turns Chromium's sandbox off.

In a child process: the engine wants `AA_ShareOpenGLContexts` set before the application exists,
and pytest-qt's application is made before any test runs."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PySide6.QtWidgets import QApplication
from PySide6.QtWebEngineWidgets import QWebEngineView

app = QApplication([])
view = QWebEngineView()

def loaded(ok):
    if not ok:
        print("load failed")
        app.exit(1)
        return
    script = "document.getElementById('total').textContent"
    view.page().runJavaScript(script, 0, lambda value: (print("total", value), app.exit(0)))

view.loadFinished.connect(loaded)
view.setHtml("<p id='total'>57,000원</p>", QUrl("about:blank"))
view.show()
QTimer.singleShot(30_000, lambda: (print("no answer"), app.exit(2)))
sys.exit(app.exec())
"""


def test_a_web_view_loads_a_local_page_and_answers_javascript() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr[-2000:]
    assert completed.stdout.strip().splitlines()[-1] == "total 57,000원"
