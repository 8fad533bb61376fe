"""Crash reports in the log folder: what broke, written down redacted, kept a bounded number of
times, and offered once at the next start.

Outside the layers, like `logging_setup.py` (whose redaction it uses): the standard library only,
no Qt. The dialogs and the exception hooks are in `ui/shell/crash_hooks.py`,
`crash_dialog.py` and `crash_notice.py`.

Two kinds of file, both named by when they were written, in Korea time like every time the shop
sees:

- `crash-YYYYMMDD-HHMMSS-<pid>.txt`: an exception nobody caught. Versions, the traceback and the
  log's last lines, redacted with the log's card-number redaction (DESIGN rule 4). No local
  variables, no environment, no settings: nothing but what `traceback` prints and the log.
- `native-crash-YYYYMMDD-HHMMSS.log`: what `faulthandler` wrote to `native-crash.log` when the
  process died in native code (Qt, SQLite), moved aside at the next start so that every run gets
  a fresh file. faulthandler writes only file names, lines and function names.

Which file was last offered is kept in `crash-offered.txt` beside them: the reports live in the
log folder, which `--log-dir` can move apart from the settings, and the marker must be writable
even when the settings file is not (and writing the settings is an administrator's audited act).
"""

from __future__ import annotations

import faulthandler
import logging
import os
import re
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Final, TextIO

from kcp_pos import __version__
from kcp_pos.logging_setup import LOG_FILE_NAME, default_log_dir, redact

log = logging.getLogger(__name__)

CRASH_FILES_KEPT: Final = 20
"""Crash reports and moved-aside native crash files kept together; the oldest go first."""
LOG_LINES_IN_REPORT: Final = 200
NATIVE_CRASH_FILE: Final = "native-crash.log"
OFFERED_MARKER: Final = "crash-offered.txt"
_STAMP_FORMAT: Final = "%Y%m%d-%H%M%S"
_CRASH_NAME: Final = re.compile(r"^crash-(\d{8}-\d{6})-\d+(?:-\d+)?\.txt$")
_NATIVE_NAME: Final = re.compile(r"^native-crash-(\d{8}-\d{6})(?:-\d+)?\.log$")
_TAIL_BYTES: Final = 256 * 1024
"""How much of the log's end is read for its last lines (200 lines are far less)."""

_native_crash_file: TextIO | None = None
"""Open for the life of the process: faulthandler writes to its file descriptor when it dies."""


def _kst() -> tzinfo:
    """Korea time, loaded when first needed: `record_native_crashes` runs before the first
    paint and needs it only when the last run crashed (zoneinfo costs a few ms)."""
    from kcp_pos.domain.korea_time import KST

    return KST


def log_dir_of(cli_log_dir: Path | None) -> Path:
    """`--log-dir` when given, else the user log folder: where the log and the reports go."""
    return cli_log_dir if cli_log_dir is not None else default_log_dir()


@dataclass(frozen=True)
class CrashFile:
    """A crash report or a moved-aside native crash file, and when it was written."""

    path: Path
    written_at: datetime
    native: bool

    @property
    def order(self) -> tuple[datetime, str]:
        return (self.written_at, self.path.name)


def crash_file(path: Path) -> CrashFile | None:
    """`path` as a crash file, when its name is one; None otherwise."""
    for pattern, native in ((_CRASH_NAME, False), (_NATIVE_NAME, True)):
        match = pattern.match(path.name)
        if match is not None:
            written_at = datetime.strptime(match.group(1), _STAMP_FORMAT).replace(tzinfo=_kst())
            return CrashFile(path, written_at, native)
    return None


def crash_files(log_dir: Path) -> list[CrashFile]:
    """The crash files in `log_dir`, oldest first (none when the folder does not exist)."""
    try:
        paths = list(log_dir.iterdir())
    except OSError:
        return []
    found = [crash for crash in map(crash_file, paths) if crash is not None]
    return sorted(found, key=lambda crash: crash.order)


def prune_crash_files(log_dir: Path, keep: int = CRASH_FILES_KEPT) -> None:
    """Delete all but the newest `keep` crash files."""
    files = crash_files(log_dir)
    for old in files[: max(0, len(files) - keep)]:
        try:
            old.path.unlink()
        except OSError as error:
            log.warning("old crash file %s not deleted: %s", old.path.name, error)


# --- writing a report -----------------------------------------------------------------------


def runtime_lines(qt_versions: Mapping[str, str]) -> list[str]:
    """Which program, on what: versions and whether it runs as a frozen bundle."""
    import platform

    frozen = getattr(sys, "frozen", False)
    lines = [
        f"kcp-pos: {__version__}",
        f"Frozen bundle: {'yes' if frozen else 'no (run from the Python package)'}",
        f"OS: {platform.platform()} ({platform.machine()})",
        f"Python: {sys.version.split()[0]} ({platform.python_implementation()})",
    ]
    lines += [f"{name}: {version}" for name, version in qt_versions.items()]
    return lines


def log_tail(log_dir: Path, lines: int = LOG_LINES_IN_REPORT) -> str:
    """The last `lines` lines of the log file ("" when there is none yet)."""
    path = log_dir / LOG_FILE_NAME
    try:
        with path.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - _TAIL_BYTES))
            data = file.read()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def crash_report_text(
    error: BaseException,
    *,
    thread_name: str,
    written_at: datetime,
    runtime: list[str],
    tail: str,
) -> str:
    """The report, redacted: header, traceback (exception chain included, no locals), log tail."""
    from kcp_pos.domain.masking import Redaction, redact_card_numbers  # not before the first paint

    # The exception's own words are text the app did not write: every run of 13 or more digits
    # in them is hidden whole, Luhn-valid or not (a mistyped card number too), however the
    # digits are separated and whatever follows them (an expiry).
    trace = redact_card_numbers("".join(traceback.format_exception(error)), Redaction.LONG_RUNS)
    parts = [
        "kcp-pos crash report",
        f"Written: {written_at.astimezone(_kst()):%Y-%m-%d %H:%M:%S} Korea time",
        f"What happened: {type(error).__name__} not caught, in the thread {thread_name}",
        *runtime,
        "",
        trace.rstrip("\n"),
        "",
        f"--- the last {LOG_LINES_IN_REPORT} lines of {LOG_FILE_NAME} ---",
        tail or "(the log is empty)",
        "",
    ]
    return redact("\n".join(parts))


def write_crash_report(
    log_dir: Path,
    error: BaseException,
    *,
    thread_name: str,
    qt_versions: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a report of `error` to `log_dir` and keep only the newest crash files; returns the
    report's path. Raises OSError when it cannot be written."""
    from kcp_pos.atomic_file import write_atomically

    written_at = (now if now is not None else datetime.now().astimezone()).astimezone(_kst())
    log_dir.mkdir(parents=True, exist_ok=True)
    path = _free_name(log_dir, f"crash-{written_at:{_STAMP_FORMAT}}-{os.getpid()}")
    text = crash_report_text(
        error,
        thread_name=thread_name,
        written_at=written_at,
        runtime=runtime_lines(qt_versions or {}),
        tail=log_tail(log_dir),
    )
    write_atomically(path, text.encode("utf-8"))
    prune_crash_files(log_dir)
    return path


def _free_name(log_dir: Path, stem: str, suffix: str = ".txt") -> Path:
    """`stem + suffix` in `log_dir`, or `stem-2`, `stem-3`… when taken (same second)."""
    path, number = log_dir / f"{stem}{suffix}", 1
    while path.exists():
        number += 1
        path = log_dir / f"{stem}-{number}{suffix}"
    return path


# --- native crashes -------------------------------------------------------------------------


def move_native_crash_aside(log_dir: Path) -> Path | None:
    """A non-empty `native-crash.log` (the last run died in native code) renamed by when it was
    written; an empty one is left for this run. Returns the new path, if one was moved."""
    current = log_dir / NATIVE_CRASH_FILE
    try:
        stat = current.stat()
    except OSError:
        return None
    if stat.st_size == 0:
        return None
    written_at = datetime.fromtimestamp(stat.st_mtime, _kst())
    aside = _free_name(log_dir, f"native-crash-{written_at:{_STAMP_FORMAT}}", ".log")
    current.rename(aside)
    prune_crash_files(log_dir)
    return aside


def record_native_crashes(log_dir: Path) -> Path | None:
    """Let `faulthandler` write a native crash's tracebacks to `native-crash.log` in `log_dir`,
    after moving the last run's aside; the file stays open for the life of the process. When the
    folder cannot be used, faulthandler writes to standard error and None is returned."""
    global _native_crash_file
    if _native_crash_file is not None:
        return Path(_native_crash_file.name)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        moved = move_native_crash_aside(log_dir)
        if moved is not None:
            log.warning("the last run stopped in native code; its tracebacks are in %s", moved)
        file = (log_dir / NATIVE_CRASH_FILE).open("w", encoding="utf-8")
    except OSError as error:
        log.warning("native crashes go to standard error: %s not usable (%s)", log_dir, error)
        try:
            faulthandler.enable()
        except (RuntimeError, ValueError, OSError) as no_stderr:  # a windowed app may have none
            log.warning("native crashes are not recorded: %s", no_stderr)
        return None
    faulthandler.enable(file, all_threads=True)
    _native_crash_file = file
    return Path(file.name)


# --- offering a report at the next start ----------------------------------------------------


def last_offered(log_dir: Path) -> CrashFile | None:
    """The crash file the marker names (the file itself may be deleted since)."""
    try:
        name = (log_dir / OFFERED_MARKER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return crash_file(log_dir / name) if name else None


def unoffered_crash(log_dir: Path, *, before: datetime | None = None) -> CrashFile | None:
    """The newest crash file newer than the last one offered (and written before `before`, the
    start of this run, when given), if any: what the next start offers to open."""
    files = [crash for crash in crash_files(log_dir) if before is None or crash.written_at < before]
    offered = last_offered(log_dir)
    newer = [crash for crash in files if offered is None or crash.order > offered.order]
    return newer[-1] if newer else None


def mark_offered(crash: CrashFile) -> None:
    """Remember that `crash` (and so every older one) was offered. Failures are logged: the worst
    is that the same report is offered once more."""
    from kcp_pos.atomic_file import write_atomically

    marker = crash.path.parent / OFFERED_MARKER
    try:
        write_atomically(marker, f"{crash.path.name}\n".encode())
    except OSError as error:
        log.warning("could not note that %s was offered: %s", crash.path.name, error)
