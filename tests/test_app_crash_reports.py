"""The next start offers the report of how the last run ended (`AppSession.offer_last_crash`):
once, after the rest of the start-up, never in a `--smoke-test` run; a native crash's file is
moved aside by `app.main` and offered the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.app import AppSession, parse_args, start_app
from kcp_pos.crash_report import (
    NATIVE_CRASH_FILE,
    OFFERED_MARKER,
    crash_files,
    unoffered_crash,
    write_crash_report,
)
from kcp_pos.domain.korea_time import kst_now, minute_text
from tests.settings.memory_keyring import MemoryKeyring, keyring_backend
from tests.test_crash_report import run_native_crash
from tests.ui.test_crash_hooks import OpenedUrls

StartSession = Callable[[Path], AppSession]


@pytest.fixture
def start_session(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> Iterator[StartSession]:
    """Starts the app in-process on tmp_path's folders, in English, offering the crash reports
    of `log_dir` as `app.main` does; closes the sessions and restores the app's look after."""
    sessions: list[AppSession] = []
    style, font = qapp.styleSheet(), qapp.font()

    def start(log_dir: Path) -> AppSession:
        folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
        args = parse_args([*folders, "--log-dir", str(log_dir), "--lang", "en"])
        session = start_app(args, crash_reports=log_dir)
        sessions.append(session)
        qtbot.waitUntil(lambda: session.services is not None, timeout=20_000)
        qtbot.waitUntil(lambda: not session.runner.busy, timeout=10_000)
        return session

    with keyring_backend(MemoryKeyring()):
        yield start
        for session in sessions:
            session.close()
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def an_earlier_crash(log_dir: Path) -> Path:
    try:
        raise RuntimeError("the last run's failure")
    except RuntimeError as error:
        return write_crash_report(
            log_dir, error, thread_name="MainThread", now=kst_now() - timedelta(hours=3)
        )


def test_the_next_start_offers_the_last_crash_report_once(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    log_dir = tmp_path / "log"
    report = an_earlier_crash(log_dir)
    session = start_session(log_dir)
    notice = session.crash_notice
    assert notice is not None and notice.isVisible()
    assert not notice.isModal()
    assert notice.parent() is session.window
    [crash] = crash_files(log_dir)
    assert notice.heading.text() == (
        f"kcp-pos stopped unexpectedly last time ({minute_text(crash.written_at)})."
    )
    assert notice.path_label.text() == str(report)
    assert notice.later_button.isDefault()
    qtbot.waitUntil(lambda: (log_dir / OFFERED_MARKER).exists(), timeout=5_000)
    opened = OpenedUrls()
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        notice.open_report_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [QUrl.fromLocalFile(str(report))]
    qtbot.waitUntil(lambda: session.crash_notice is None, timeout=5_000)
    session.close()

    again = start_session(log_dir)  # offered once: not again
    assert again.crash_notice is None


def test_a_smoke_test_run_offers_nothing_and_a_native_crash_is_offered_at_the_next_start(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    log_dir = tmp_path / "log"
    died = run_native_crash(log_dir, "crash")
    assert died.returncode != 0
    assert "Segmentation fault" in (log_dir / NATIVE_CRASH_FILE).read_text(encoding="utf-8")
    smoke = subprocess.run(
        [
            sys.executable,
            "-m",
            "kcp_pos",
            "--data-dir",
            str(tmp_path / "smoke-data"),
            "--config-dir",
            str(tmp_path / "cfg"),
            "--log-dir",
            str(log_dir),
            "--smoke-test",
        ],
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert smoke.returncode == 0, smoke.stderr
    # app.main moved the native crash's file aside and started a fresh one, offering nothing.
    assert (log_dir / NATIVE_CRASH_FILE).read_text(encoding="utf-8") == ""
    assert not (log_dir / OFFERED_MARKER).exists()
    native = unoffered_crash(log_dir)
    assert native is not None and native.native
    assert "the last run stopped in native code" in (log_dir / "kcp-pos.log").read_text(
        encoding="utf-8"
    )

    session = start_session(log_dir)
    assert session.crash_notice is not None
    assert session.crash_notice.path_label.text() == str(native.path)
