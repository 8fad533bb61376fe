"""What happens to an exception nobody caught: it is logged, a redacted report is written to the
log folder (`kcp_pos/crash_report.py`), and a plain dialog says so (`crash_dialog.py`).

Installed by `app.main` as `sys.excepthook` (the UI thread, and PySide's slots, whose errors
PySide hands to it) and `threading.excepthook` (other threads; the runner's operations catch
their own). One dialog at a time: while it is open, further exceptions are logged and counted
on it, never stacked as more dialogs or more reports. Once the app is shutting down, exceptions
only go to the log. Imported before the first paint: nothing heavy here, the dialog's module is
loaded when it is first needed.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from kcp_pos.ui.shell.crash_dialog import CrashDialog

log = logging.getLogger(__name__)


class CrashHooks(QObject):
    """The exception hooks, the report they write and the one dialog they show."""

    crash_recorded = Signal(object, str)
    """(report path or None, what happened): emitted on the thread of the exception, shown on
    the UI thread."""
    more_errors = Signal()

    def __init__(self, log_dir: Path) -> None:
        super().__init__()
        self.log_dir = log_dir
        self.dialog: CrashDialog | None = None
        self._lock = threading.Lock()
        self._showing = False
        """A report waits for its dialog or the dialog is open: others are only logged."""
        self._more = 0
        """Exceptions logged since the one the dialog is about."""
        self._closing = False
        self._reported: set[tuple[str, tuple[tuple[str, int], ...]]] = set()
        """Errors already reported this run, by where they came from: the same failure again
        (a timer's, a poll's) is logged only, so its dialog does not come back each time it is
        closed and its later reports do not push the first out."""
        self._previous_sys_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.crash_recorded.connect(self._show_later)
        self.more_errors.connect(self._count_more)

    def install(self) -> None:
        self._previous_sys_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._on_ui_thread_error
        threading.excepthook = self._on_thread_error

    def uninstall(self) -> None:
        """Put back the hooks found at `install` (tests)."""
        sys.excepthook = self._previous_sys_hook
        threading.excepthook = self._previous_thread_hook

    def shutting_down(self) -> None:
        """From now on an uncaught exception is only logged: no window is left to show it."""
        self._closing = True

    def _on_ui_thread_error(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_sys_hook(kind, error, trace)
            return
        self.handle(error.with_traceback(trace), threading.current_thread().name)

    def _on_thread_error(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return  # what threading's own hook does for SystemExit
        name = args.thread.name if args.thread is not None else "unknown"
        self.handle(args.exc_value.with_traceback(args.exc_traceback), name)

    def handle(self, error: BaseException, thread_name: str) -> None:
        """Log `error`; unless a dialog is already on its way or the app is closing, write its
        report and show the dialog. Runs on the thread of the exception."""
        if self._closing:
            log.error("uncaught exception while closing (thread %s)", thread_name, exc_info=error)
            return
        log.critical("uncaught exception (thread %s)", thread_name, exc_info=error)
        origin = error_origin(error)
        with self._lock:
            repeated = origin in self._reported
            first = not self._showing and not repeated
            if first:  # only an error that gets its report counts as reported
                self._reported.add(origin)
            self._showing = self._showing or first
            if self._showing and not first:
                self._more += 1
        if repeated and not self._showing:
            log.error("the same error as one reported earlier in this run: not reported again")
            return
        if not first:
            self.more_errors.emit()
            return
        from kcp_pos.crash_report import write_crash_report

        report: Path | None
        try:
            report = write_crash_report(
                self.log_dir, error, thread_name=thread_name, qt_versions=_qt_versions()
            )
            log.error("crash report written to %s", report)
        except Exception:  # a hook that raises would leave the next errors unreported
            log.exception("crash report not written to %s", self.log_dir)
            report = None
        self.crash_recorded.emit(report, type(error).__name__)

    def _show_later(self, report: Path | None, what: str) -> None:
        # A turn later, outside whatever slot raised: a window shown inside a failing slot could
        # take part in its failure.
        QTimer.singleShot(0, self, lambda: self._show(report, what))

    def _show(self, report: Path | None, what: str) -> None:
        if self._closing:
            self._dialog_closed()
            return
        try:
            self._open_dialog(report, what)
        except Exception:
            # Never left waiting for a dialog that will not come: the next error is reported.
            log.exception("the crash dialog could not be shown")
            self._dialog_closed()

    def _open_dialog(self, report: Path | None, what: str) -> None:
        from kcp_pos.ui.shell.crash_dialog import CrashDialog

        dialog = CrashDialog(report, what, self.log_dir)
        dialog.set_more_errors(self._more)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if report is not None:
            from kcp_pos.crash_report import crash_file, mark_offered

            shown = crash_file(report)
            if shown is not None:  # told now: not offered again at the next start
                mark_offered(shown)

    def _count_more(self) -> None:
        if self.dialog is not None:
            self.dialog.set_more_errors(self._more)

    def _dialog_closed(self) -> None:
        self.dialog = None
        with self._lock:
            self._showing = False
            self._more = 0


def error_origin(error: BaseException) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The exception's type and the lines it came through (two failures in one helper, called
    from two places, are two errors)."""
    frames: list[tuple[str, int]] = []
    trace = error.__traceback__
    while trace is not None:
        frames.append((trace.tb_frame.f_code.co_filename, trace.tb_lineno))
        trace = trace.tb_next
    return type(error).__name__, tuple(frames)


def _qt_versions() -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


def install_crash_hooks(log_dir: Path) -> CrashHooks:
    """The app's hooks, writing reports to `log_dir`, installed."""
    hooks = CrashHooks(log_dir)
    hooks.install()
    return hooks
