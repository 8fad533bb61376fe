"""An exception nobody caught, in a real Qt slot or another thread: logged, a redacted report in
the log folder, one plain dialog (`ui/shell/crash_hooks.py`, `crash_dialog.py`).

pytest-qt's own capture of exceptions in slots is turned off here (`qt_no_exception_capture`):
the app's hooks are what is tested, installed as `app.main` installs them and removed after.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from kcp_pos.crash_report import crash_files, unoffered_crash
from kcp_pos.logging_setup import LOG_FILE_NAME, configure_logging
from kcp_pos.ui.shell.crash_hooks import CrashHooks, install_crash_hooks

pytestmark = pytest.mark.qt_no_exception_capture

CARD = "5570420000051234"


class Failure(RuntimeError):
    pass


def refuse_card() -> None:
    raise Failure(f"card {CARD} refused by a slot")


def refuse_order() -> None:
    raise Failure("an order refused by another slot")


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    """The app's log in tmp_path/log, taken down afterwards."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    configure_logging(tmp_path / "log")
    yield tmp_path / "log"
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def hooks(log_dir: Path) -> Iterator[CrashHooks]:
    installed = install_crash_hooks(log_dir)
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


def log_text(log_dir: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    path = log_dir / LOG_FILE_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


def shown_dialog(qtbot: QtBot, hooks: CrashHooks) -> object:
    qtbot.waitUntil(lambda: hooks.dialog is not None and hooks.dialog.isVisible(), timeout=5_000)
    return hooks.dialog


def test_an_exception_in_a_slot_shows_the_dialog_and_writes_a_redacted_report(
    qtbot: QtBot, hooks: CrashHooks, log_dir: Path
) -> None:
    QTimer.singleShot(0, refuse_card)
    shown_dialog(qtbot, hooks)
    dialog = hooks.dialog
    assert dialog is not None
    [crash] = crash_files(log_dir)
    text = crash.path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last):" in text
    assert "in refuse_card" in text
    assert "Failure: card [redacted digits] refused by a slot" in text
    assert "What happened: Failure not caught, in the thread MainThread" in text
    assert "Qt: 6." in text and "PySide6: 6." in text
    assert CARD not in text
    assert CARD not in log_text(log_dir)
    assert "uncaught exception (thread MainThread)" in log_text(log_dir)
    # The dialog: what happened, the payments, that the app goes on, where the report is.
    assert "(Failure)" in dialog.what_label.text()
    assert "No payment was lost" in dialog.payments_label.text()
    assert "Transactions page" in dialog.check_label.text()
    assert "keeps running" in dialog.running_label.text()
    assert dialog.path_label.text() == str(crash.path)
    assert dialog.windowModality() is Qt.WindowModality.ApplicationModal
    # Told now: the next start does not offer it again.
    assert unoffered_crash(log_dir) is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: hooks.dialog is None, timeout=5_000)


def test_a_storm_of_exceptions_makes_one_dialog_and_one_report(
    qtbot: QtBot, hooks: CrashHooks, log_dir: Path
) -> None:
    for _ in range(30):
        QTimer.singleShot(0, refuse_card)
    shown_dialog(qtbot, hooks)
    dialog = hooks.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.more_label.text().endswith(": 29"), timeout=5_000)
    assert dialog.more_label.isVisible()
    assert len(crash_files(log_dir)) == 1
    assert log_text(log_dir).count("uncaught exception (thread MainThread)") == 30
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Close is the default button
    qtbot.waitUntil(lambda: hooks.dialog is None, timeout=5_000)
    # Once it is closed, the same failure again (a timer's, a poll's) is logged only: its
    # dialog does not come back each time, nor do its reports push the first one out.
    QTimer.singleShot(0, refuse_card)
    qtbot.waitUntil(lambda: "not reported again" in log_text(log_dir), timeout=5_000)
    assert hooks.dialog is None and len(crash_files(log_dir)) == 1
    QTimer.singleShot(0, refuse_order)  # another failure is reported
    shown_dialog(qtbot, hooks)
    assert len(crash_files(log_dir)) == 2


def test_an_exception_in_another_thread_is_shown_on_the_ui_thread(
    qtbot: QtBot, hooks: CrashHooks, log_dir: Path
) -> None:
    worker = threading.Thread(target=refuse_card, name="sandbox-worker")
    worker.start()
    worker.join()
    shown_dialog(qtbot, hooks)
    [crash] = crash_files(log_dir)
    text = crash.path.read_text(encoding="utf-8")
    assert "in the thread sandbox-worker" in text
    assert CARD not in text


def test_while_closing_an_exception_only_goes_to_the_log(
    qtbot: QtBot, hooks: CrashHooks, log_dir: Path
) -> None:
    hooks.shutting_down()
    QTimer.singleShot(0, refuse_card)
    qtbot.waitUntil(lambda: "uncaught exception while closing" in log_text(log_dir))
    qtbot.wait(50)
    assert hooks.dialog is None
    assert crash_files(log_dir) == []


class OpenedUrls(QObject):
    """What the app asked the computer to open (Qt's own hook for file URLs)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_report_folder_opens_the_log_folder(
    qtbot: QtBot, hooks: CrashHooks, log_dir: Path
) -> None:
    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        QTimer.singleShot(0, refuse_card)
        shown_dialog(qtbot, hooks)
        assert hooks.dialog is not None
        qtbot.mouseClick(hooks.dialog.open_folder_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in opened.urls] == [str(log_dir)]


def test_a_report_that_cannot_be_written_still_shows_the_dialog(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log folder should be", encoding="utf-8")
    hooks = install_crash_hooks(blocked)
    try:
        QTimer.singleShot(0, refuse_card)
        shown_dialog(qtbot, hooks)
        assert hooks.dialog is not None
        assert "could not be saved" in hooks.dialog.report_label.text()
        assert hooks.dialog.path_label.text() == str(blocked)
    finally:
        hooks.uninstall()
        if hooks.dialog is not None:
            hooks.dialog.close()


def test_another_error_while_the_dialog_is_open_is_reported_when_it_comes_again(
    qtbot: QtBot, hooks: CrashHooks, log_dir: Path
) -> None:
    """Counted on the open dialog first, it still has its own report later (review)."""
    QTimer.singleShot(0, refuse_card)
    dialog = shown_dialog(qtbot, hooks)
    QTimer.singleShot(0, refuse_order)
    qtbot.waitUntil(lambda: hooks.dialog is not None and hooks.dialog.more_label.isVisible())
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: hooks.dialog is None, timeout=5_000)
    QTimer.singleShot(0, refuse_order)
    shown_dialog(qtbot, hooks)
    assert len(crash_files(log_dir)) == 2
