"""Waiting in a benchmark as the app waits, shared by `batch.py` and `customers.py`.

The Qt event loop runs (`exec`, which lets worker threads have the interpreter while it waits; a
`processEvents` loop held it for its whole wait) until a condition holds. The figures are the
hooks' timestamps, not when this notices.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

CHECK_MS: Final = 10
"""How often the loop looks whether what it waits for has happened."""


def wait_until(done: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    """Run the event loop until `done()`; `RuntimeError` naming `what` after `timeout_s`."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(CHECK_MS)

    def look() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(look)
    check.start()
    if not done():
        loop.exec()
    check.stop()
    if not done():
        raise RuntimeError(f"timed out waiting: {what}")
