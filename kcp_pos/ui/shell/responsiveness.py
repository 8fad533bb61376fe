"""Keeping the window quick to answer while worker threads run Python.

The UI thread shares the interpreter lock with the runner's and a batch's worker threads. Two
things decide how long it can wait for it:

* the switch interval: a thread that wants the lock asks the running one to let go after this
  long (CPython's default, 5 ms, is made for throughput). Painting a table calls into Python once
  per cell and role, and each call may wait that long when a worker is busy: at 1 ms a repaint
  during a batch stays within a frame or two.
* full garbage collections: one walks every object the program holds, the modules and the window
  included, with the lock held (about 80 ms here once the app is loaded). What exists once the
  app is ready lives as long as the app, so it is frozen out of later collections. The price: a
  cycle among those objects that becomes garbage later is never collected (bounded by what
  existed at start; pages and dialogs built later are not frozen).
"""

from __future__ import annotations

import gc
import sys
from typing import Final

UI_SWITCH_INTERVAL_S: Final = 0.001


def favour_the_ui_thread() -> None:
    """Call once at start, before other threads run Python."""
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)


def freeze_long_lived_objects() -> None:
    """Call once the app is ready: what exists now is left out of later collections."""
    gc.freeze()
