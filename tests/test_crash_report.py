"""Crash reports without Qt (`kcp_pos/crash_report.py`): what a report holds and never holds,
how many are kept, native crash files, what the next start offers, and the log's own bound."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from kcp_pos import __version__
from kcp_pos.crash_report import (
    CRASH_FILES_KEPT,
    NATIVE_CRASH_FILE,
    OFFERED_MARKER,
    crash_file,
    crash_files,
    mark_offered,
    move_native_crash_aside,
    unoffered_crash,
    write_crash_report,
)
from kcp_pos.domain.korea_time import KST
from kcp_pos.logging_setup import LOG_BACKUPS, LOG_FILE_NAME, configure_logging

CARD = "5570420000051234"
"""A Luhn-valid card number (the sandbox's approved test card)."""
NOON = datetime(2026, 12, 4, 12, 0, tzinfo=KST)


@pytest.fixture
def app_log(tmp_path: Path) -> Iterator[Path]:
    """The app's log set up in tmp_path/log (as `open_log` does), taken down afterwards."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    configure_logging(tmp_path / "log")
    yield tmp_path / "log"
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def failing_charge(card_number: str) -> None:
    raise ValueError(f"the terminal refused card {card_number}")


def caught_error() -> ValueError:
    try:
        try:
            failing_charge(CARD)
        except ValueError as inner:
            raise ValueError("while charging") from inner
    except ValueError as error:
        return error
    raise AssertionError("not raised")


def test_a_report_has_the_versions_the_traceback_and_the_log_but_no_card_number(
    app_log: Path,
) -> None:
    logging.getLogger("kcp_pos.test").info("the clerk pressed Charge for %s", CARD)
    secret_local = "do-not-write-me"  # a local variable of a frame: tracebacks carry no locals
    assert secret_local
    report = write_crash_report(
        app_log, caught_error(), thread_name="MainThread", qt_versions={"Qt": "6.x"}, now=NOON
    )
    assert report.name == f"crash-20261204-120000-{os.getpid()}.txt"
    text = report.read_text(encoding="utf-8")
    assert f"kcp-pos: {__version__}" in text
    assert "Frozen bundle: no" in text
    assert "Python: 3." in text and "Qt: 6.x" in text and "OS: " in text
    assert "Written: 2026-12-04 12:00:00 Korea time" in text
    assert "What happened: ValueError not caught, in the thread MainThread" in text
    assert "Traceback (most recent call last):" in text
    assert (
        'in failing_charge\n    raise ValueError(f"the terminal refused card {card_number}")'
        in (text)
    )
    assert "The above exception was the direct cause" in text  # the chain
    assert "the clerk pressed Charge for" in text  # the log's last lines
    assert CARD not in text
    assert "ValueError: the terminal refused card [redacted digits]\n" in text
    assert "the clerk pressed Charge for ****************" in text
    assert "do-not-write-me" not in text
    assert "PATH=" not in text and "HOME=" not in text


def test_only_the_newest_crash_files_are_kept(tmp_path: Path) -> None:
    error = caught_error()
    for minute in range(CRASH_FILES_KEPT + 5):
        write_crash_report(
            tmp_path, error, thread_name="MainThread", now=NOON + timedelta(minutes=minute)
        )
    kept = crash_files(tmp_path)
    assert len(kept) == CRASH_FILES_KEPT
    assert kept[0].written_at == NOON + timedelta(minutes=5)
    assert kept[-1].written_at == NOON + timedelta(minutes=CRASH_FILES_KEPT + 4)


def test_two_reports_in_one_second_are_both_kept(tmp_path: Path) -> None:
    first = write_crash_report(tmp_path, caught_error(), thread_name="a", now=NOON)
    second = write_crash_report(tmp_path, caught_error(), thread_name="b", now=NOON)
    assert first != second
    assert len(crash_files(tmp_path)) == 2


def test_the_next_start_offers_the_newest_report_once(tmp_path: Path) -> None:
    assert unoffered_crash(tmp_path) is None
    older = write_crash_report(tmp_path, caught_error(), thread_name="a", now=NOON)
    newer = write_crash_report(
        tmp_path, caught_error(), thread_name="a", now=NOON + timedelta(hours=1)
    )
    offered = unoffered_crash(tmp_path)
    assert offered is not None and offered.path == newer
    mark_offered(offered)
    assert (tmp_path / OFFERED_MARKER).read_text(encoding="utf-8") == f"{newer.name}\n"
    assert unoffered_crash(tmp_path) is None
    older.unlink()  # pruned meanwhile: the marker still orders what is newer
    latest = write_crash_report(
        tmp_path, caught_error(), thread_name="a", now=NOON + timedelta(hours=2)
    )
    assert unoffered_crash(tmp_path) == crash_file(latest)


def test_a_report_of_this_run_is_not_offered_as_the_last_run_s(tmp_path: Path) -> None:
    write_crash_report(tmp_path, caught_error(), thread_name="a", now=NOON)
    assert unoffered_crash(tmp_path, before=NOON) is None
    assert unoffered_crash(tmp_path, before=NOON + timedelta(seconds=1)) is not None


def test_a_garbled_marker_offers_again(tmp_path: Path) -> None:
    write_crash_report(tmp_path, caught_error(), thread_name="a", now=NOON)
    (tmp_path / OFFERED_MARKER).write_bytes(b"\xff\xfe not a name")
    assert unoffered_crash(tmp_path) is not None


NATIVE_CRASH = """
import sys
from pathlib import Path

from kcp_pos.crash_report import record_native_crashes

print(record_native_crashes(Path(sys.argv[1])), flush=True)
if sys.argv[2] == "crash":
    import faulthandler

    faulthandler._sigsegv()
"""


def run_native_crash(log_dir: Path, what: str) -> subprocess.CompletedProcess[str]:
    """A process that sets up faulthandler as `app.main` does, then dies in native code (or
    exits)."""
    return subprocess.run(
        [sys.executable, "-c", NATIVE_CRASH, str(log_dir), what],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_native_crash_is_written_moved_aside_at_the_next_start_and_offered(
    tmp_path: Path,
) -> None:
    log_dir = tmp_path / "log"
    crashed = run_native_crash(log_dir, "crash")
    assert crashed.returncode != 0
    assert crashed.stdout.strip() == str(log_dir / NATIVE_CRASH_FILE)
    written = (log_dir / NATIVE_CRASH_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in written
    assert 'File "<string>"' in written  # where it died
    assert unoffered_crash(log_dir) is None  # still the running file: nothing moved yet

    started = run_native_crash(log_dir, "exit")  # the next start
    assert started.returncode == 0, started.stderr
    assert (log_dir / NATIVE_CRASH_FILE).read_text(encoding="utf-8") == ""  # a fresh one
    offered = unoffered_crash(log_dir)
    assert offered is not None and offered.native
    assert offered.path.name.startswith("native-crash-")
    assert offered.path.read_text(encoding="utf-8") == written

    run_native_crash(log_dir, "exit")  # a clean run leaves nothing to move
    assert [crash.path for crash in crash_files(log_dir)] == [offered.path]


def test_an_empty_native_crash_file_stays_in_place(tmp_path: Path) -> None:
    (tmp_path / NATIVE_CRASH_FILE).write_text("", encoding="utf-8")
    assert move_native_crash_aside(tmp_path) is None
    assert (tmp_path / NATIVE_CRASH_FILE).exists()


def test_the_log_keeps_a_bounded_number_of_files(app_log: Path) -> None:
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, RotatingFileHandler)
    ]
    handler.maxBytes = 2_000  # the app's 2 MB, scaled down: the same rotation, sooner
    log = logging.getLogger("kcp_pos.test")
    for line in range(2_000):
        log.info("line %d of a busy day at the terminal", line)
    files = sorted(path.name for path in app_log.iterdir() if path.name.startswith(LOG_FILE_NAME))
    assert files == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in range(1, LOG_BACKUPS + 1)]


def test_a_mistyped_card_number_in_an_exception_is_hidden_too(tmp_path: Path) -> None:
    """Not Luhn-valid (one digit wrong), still a card number: the exception's words are not
    the app's, so every card-length digit run in them goes."""
    mistyped = "5570420000051235"
    try:
        raise ValueError(f"the terminal refused card {mistyped}")
    except ValueError as error:
        path = write_crash_report(tmp_path, error, thread_name="MainThread")
    text = path.read_text(encoding="utf-8")
    assert mistyped not in text
    assert "refused card [redacted digits]" in text


@pytest.mark.parametrize(
    "written",
    [
        "5907 - 4391 - 5000 - 8063",
        "5907\xa04391\xa05000\xa08063",
        "5907  4391  5000  8063",
        "59074391500080631226",  # the number, then its expiry
    ],
)
def test_card_numbers_however_written_in_an_exception_are_hidden(
    tmp_path: Path, written: str
) -> None:
    try:
        raise ValueError(f"refused {written}")
    except ValueError as error:
        path = write_crash_report(tmp_path, error, thread_name="MainThread")
    text = path.read_text(encoding="utf-8")
    assert written not in text and "refused [redacted digits]" in text
