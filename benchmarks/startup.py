"""Start-up time of the terminal as a ratio to a bare PySide6 window started the same way.

Each program runs as a child process; the time is taken from just before `subprocess.Popen` to
the moment the child prints its ready line on stdout:
* the app, `python -m kcp_pos --smoke-test ...`, prints `smoke-test accepting-keystrokes
  amount-field-focused=True` once its first paint is done and typing lands in the amount field
  (the order can be typed while the backend starts), then `smoke-test ready` once the backend
  can take requests, and exits 0 (a run only counts if it gets that far);
* the baseline, `benchmarks/bare_window.py`, prints `ready` once its event loop runs.
Both use this interpreter and this environment (QT_QPA_PLATFORM is inherited; offscreen when
it is unset and there is no display). Runs alternate between the programs, after warm-up runs
that are not counted, and the medians are compared.

Two app starts are measured: a warm start (data, config and log folders from an earlier run,
the clerk's every morning) and a first start (empty folders: the sandbox and ledger databases
are created and migrated). The target is a warm-start ratio of at most 1.5x; it is reported,
never enforced: the exit status is non-zero only when a program crashes or never gets ready.

    python benchmarks/startup.py [--runs 5] [--warmups 1] [--no-first-start]
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
    times: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000


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
            ready_at = _ready_time(child, ready_prefix, timeout=timeout)
            child.wait(timeout=timeout)
        except (StartupFailed, subprocess.TimeoutExpired) as error:
            child.kill()
            child.wait()
            raise StartupFailed(f"{command}: {error}\n{_tail(stderr)}") from error
        if child.returncode != 0:
            raise StartupFailed(f"{command} exited {child.returncode}\n{_tail(stderr)}")
        return ready_at - started


def _ready_time(child: subprocess.Popen[str], ready_prefix: str, *, timeout: float) -> float:
    """`perf_counter()` when the child printed its ready line (read on a thread: a hung child
    must not hang the benchmark)."""
    found: queue.Queue[float | None] = queue.Queue()

    def read() -> None:
        assert child.stdout is not None
        with child.stdout:
            for line in child.stdout:
                if line.startswith(ready_prefix):
                    found.put(time.perf_counter())
                    for _ in child.stdout:  # drain, so the child never blocks on a full pipe
                        pass
                    return
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        ready_at = found.get(timeout=timeout)
    except queue.Empty:
        raise StartupFailed(f"no {ready_prefix!r} line within {timeout:.0f} s") from None
    if ready_at is None:
        raise StartupFailed(f"exited without printing {ready_prefix!r}")
    return ready_at


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
            one.times.append(time_to_ready(one.command(), one.ready_prefix, timeout=timeout))


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


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="counted starts per program")
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
        warm = Series("kcp-pos, warm start", lambda: app_command(warm_folder), APP_READY_PREFIX)
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
