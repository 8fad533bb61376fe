"""Start-up time of the terminal as a ratio to a bare PySide6 window started the same way.

Each program runs as a child process; the time is taken from just before `subprocess.Popen` to
the moment the child prints its ready line on stdout. Both print it at the same point: in the
event-loop turn after the focused line edit's first paint (on screen, and the loop is free to
take a keystroke):
* the app, `python -m kcp_pos --smoke-test ...`, prints `smoke-test accepting-keystrokes
  amount-field-focused=True` once the window with the amount field is painted (the rest of the
  terminal is built in the next turns and adopts that field; the order can be typed while the
  backend starts), `smoke-test terminal-built` once the whole form is there, then `smoke-test
  ready` once the backend can take requests, and exits 0 (a run only counts if it gets that far);
* the baseline, `benchmarks/bare_window.py`, prints `ready`.
Both use this interpreter and this environment (QT_QPA_PLATFORM is inherited; offscreen when
it is unset and there is no display). Runs alternate between the programs, after warm-up runs
that are not counted, and the medians are compared. The time until the whole terminal is built
is reported too, for information.

Two app starts are measured: a warm start (data, config and log folders from an earlier run,
the clerk's every morning) and a first start (empty folders: the sandbox and ledger databases
are created and migrated). The target is a warm-start ratio of at most 1.5x; it is reported,
never enforced: the exit status is non-zero only when a program crashes or never gets ready.

    python benchmarks/startup.py [--runs 11] [--warmups 1] [--no-first-start]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parent.parent
BARE_WINDOW = Path(__file__).resolve().parent / "bare_window.py"
APP_READY_PREFIX = "smoke-test accepting-keystrokes amount-field-focused=True"
APP_BUILT_PREFIX = "smoke-test terminal-built"
BARE_READY_PREFIX = "ready"
TARGET_RATIO = 1.5


class StartupFailed(Exception):
    """A child crashed, exited without its ready line, or took longer than the timeout."""


@dataclass
class Series:
    """One program's measured start-ups, in seconds."""

    name: str
    command: Callable[[], list[str]]
    ready_prefix: str
    later_prefix: str | None = None
    """A line printed after the ready line, timed for information (the whole terminal built)."""
    times: list[float] = field(default_factory=list)
    later_times: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    def start_once(self, timeout: float) -> None:
        """Start the program once and record its times."""
        prefixes = [self.ready_prefix, *([self.later_prefix] if self.later_prefix else [])]
        times = time_to_lines(self.command(), prefixes, timeout=timeout)
        self.times.append(times[0])
        self.later_times.extend(times[1:])


def child_environment() -> dict[str, str]:
    """This environment, with Qt's offscreen platform when there is nothing to show windows on."""
    env = dict(os.environ)
    # Measure the app as shipped: installers and wheels carry compiled bytecode, so children may
    # write and use `__pycache__` even where the developer's shell turns that off.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    has_display = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or sys.platform != "linux"
    if not env.get("QT_QPA_PLATFORM") and not has_display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def time_to_ready(command: Sequence[str], ready_prefix: str, *, timeout: float) -> float:
    """Seconds from starting `command` to its ready line; the child must then exit 0."""
    return time_to_lines(command, [ready_prefix], timeout=timeout)[0]


def time_to_lines(
    command: Sequence[str], prefixes: Sequence[str], *, timeout: float
) -> list[float]:
    """Seconds from starting `command` to each of the lines starting with `prefixes`, printed in
    that order; the child must then exit 0."""
    with tempfile.TemporaryFile(mode="w+b") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=child_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            ready_at = _line_times(child, prefixes, timeout=timeout)
            child.wait(timeout=timeout)
        except (StartupFailed, subprocess.TimeoutExpired) as error:
            child.kill()
            child.wait()
            raise StartupFailed(f"{command}: {error}\n{_tail(stderr)}") from error
        if child.returncode != 0:
            raise StartupFailed(f"{command} exited {child.returncode}\n{_tail(stderr)}")
        return [at - started for at in ready_at]


def _line_times(
    child: subprocess.Popen[str], prefixes: Sequence[str], *, timeout: float
) -> list[float]:
    """`perf_counter()` when the child printed each line (read on a thread: a hung child must
    not hang the benchmark)."""
    found: queue.Queue[float | None] = queue.Queue()

    def read() -> None:
        assert child.stdout is not None
        waiting = list(prefixes)
        with child.stdout:
            for line in child.stdout:  # read to the end, so the child never blocks on a pipe
                if waiting and line.startswith(waiting[0]):
                    found.put(time.perf_counter())
                    waiting.pop(0)
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    times: list[float] = []
    for prefix in prefixes:
        try:
            at = found.get(timeout=timeout)
        except queue.Empty:
            raise StartupFailed(f"no {prefix!r} line within {timeout:.0f} s") from None
        if at is None:
            raise StartupFailed(f"exited without printing {prefix!r}")
        times.append(at)
    return times


def _tail(stderr: IO[bytes], limit: int = 4000) -> str:
    stderr.seek(0)
    return stderr.read().decode("utf-8", "replace")[-limit:]


def app_command(folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "kcp_pos",
        "--smoke-test",
        "--data-dir",
        str(folder / "data"),
        "--config-dir",
        str(folder / "config"),
        "--log-dir",
        str(folder / "log"),
    ]


def fresh_folder(parent: Path) -> Path:
    """A new, empty folder for a first start."""
    return Path(tempfile.mkdtemp(prefix="first-", dir=parent))


def measure(series: list[Series], *, runs: int, warmups: int, timeout: float) -> None:
    """Warm-ups for each program, then `runs` rounds that start each program once, in turn."""
    for _ in range(warmups):
        for one in series:
            time_to_ready(one.command(), one.ready_prefix, timeout=timeout)
    for _ in range(runs):
        for one in series:
            one.start_once(timeout)


def ratio_line(label: str, app: Series, bare: Series, runs: int) -> str:
    ratio = app.median_ms / bare.median_ms
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    return (
        f"{label}: {ratio:.2f}x (app {app.median_ms:.0f} ms / bare {bare.median_ms:.0f} ms, "
        f"median of {runs}) - target <= {TARGET_RATIO}x {verdict}"
    )


def report(bare: Series, warm: Series, first: Series | None, runs: int) -> None:
    platform = child_environment().get("QT_QPA_PLATFORM") or "(default)"
    print(f"python {sys.version.split()[0]}, QT_QPA_PLATFORM={platform}")
    for one in (bare, warm, first):
        if one is not None:
            samples = ", ".join(f"{t * 1000:.0f}" for t in one.times)
            print(f"  {one.name:<28} median {one.median_ms:6.0f} ms  [{samples}]")
    print(ratio_line("startup ratio", warm, bare, runs))
    if first is not None:
        print(ratio_line("first-start ratio", first, bare, runs))
    if warm.later_times:
        built_ms = statistics.median(warm.later_times) * 1000
        print(
            f"whole terminal built (warm, for information): {built_ms:.0f} ms, "
            f"{built_ms / bare.median_ms:.2f}x bare"
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=11, help="counted starts per program")
    parser.add_argument("--warmups", type=int, default=1, help="uncounted starts per program")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per start")
    parser.add_argument(
        "--no-first-start", action="store_true", help="skip the start with empty folders"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups not negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kcp-pos-startup-") as scratch:
        root = Path(scratch)
        warm_folder = root / "warm"
        bare = Series(
            "bare PySide6 window", lambda: [sys.executable, str(BARE_WINDOW)], BARE_READY_PREFIX
        )
        warm = Series(
            "kcp-pos, warm start",
            lambda: app_command(warm_folder),
            APP_READY_PREFIX,
            later_prefix=APP_BUILT_PREFIX,
        )
        first = Series(
            "kcp-pos, first start", lambda: app_command(fresh_folder(root)), APP_READY_PREFIX
        )
        series = [bare, warm] if args.no_first_start else [bare, warm, first]
        try:
            # The warm folder must hold data before its first counted run, warm-ups or not.
            time_to_ready(app_command(warm_folder), APP_READY_PREFIX, timeout=args.timeout)
            measure(series, runs=args.runs, warmups=args.warmups, timeout=args.timeout)
        except StartupFailed as error:
            print(f"startup benchmark failed: {error}", file=sys.stderr)
            return 1
        report(bare, warm, None if args.no_first_start else first, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
