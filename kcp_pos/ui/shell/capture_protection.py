"""Keep a window out of screenshots and screen sharing (Windows 10 2004+), a no-op elsewhere.

Card numbers are typed into the terminal window; remote-support tools and screen recorders must not
capture them. Windows offers `SetWindowDisplayAffinity(hwnd, WDA_EXCLUDEFROMCAPTURE)`; macOS and
Linux have no equivalent that Qt exposes, so there the setting has no effect (the UI says so).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

WDA_NONE = 0x00000000
WDA_EXCLUDEFROMCAPTURE = 0x00000011


def capture_protection_supported() -> bool:
    """True on Windows, the only platform where the protection does anything."""
    return sys.platform == "win32"


def apply_capture_protection(window: QWidget, enabled: bool) -> bool:
    """Exclude `window` from capture when `enabled` (else allow it); True if Windows accepted."""
    if sys.platform == "win32":
        import ctypes

        hwnd = int(window.winId())
        affinity = WDA_EXCLUDEFROMCAPTURE if enabled else WDA_NONE
        accepted = bool(ctypes.windll.user32.SetWindowDisplayAffinity(hwnd, affinity))
        if not accepted:
            log.warning("SetWindowDisplayAffinity failed (Windows older than 10 2004?)")
        return accepted
    return False
