"""Start-up of the terminal as ratios to a bare PySide6 window started the same way: time to the
first paint, time until payments can be taken, and peak memory.

Each program runs as a child process; times are taken from just before `subprocess.Popen` to the
moments the child prints its lines on stdout:
* the app, `python -m kcp_pos --smoke-test ...`, prints `smoke-test accepting-keystrokes
  amount-field-focused=True` in the event-loop turn after the focused amount field's first paint
  (the order can be typed from then on), `smoke-test terminal-built` once the whole form is
  there, then `smoke-test ready` once the backend can take requests (sandbox or live key, store
  open, services attached: the charge buttons work), and exits 0 (a run only counts if it gets
  that far);
* the baseline, `benchmarks/bare_window.py`, prints `ready` at its first paint (the same moment
  as the app's first line) and exits.
Peak memory is the child's peak resident set size (`ru_maxrss` from `os.wait4`, POSIX only), the
embedded sandbox included (it runs in the app's process).

Both use one interpreter (`--python`, by default this one) and this environment
(QT_QPA_PLATFORM is inherited; offscreen when it is unset and there is no display). Runs
alternate between the programs, after warm-up runs that are not counted, and medians are
compared. Two app starts are measured: a warm start (folders from an earlier run, the clerk's
every morning) and a first start (empty folders: the sandbox and ledger databases are created
and migrated).

With `--app PATH` (a bundle's `kcp-pos`, packaging/), the bundle is timed the same way beside
the same app run from a virtualenv (`--python`, e.g. the build's `build/packaging/venv/bin/python`)
and the ratios bundle / virtualenv are printed (target <= 1.2x for the first paint and ready).

Targets: first paint <= 1.5x, ready <= 4x, memory <= 2.5x. They are reported, never enforced:
the exit status is non-zero only when a program crashes or never gets ready. The last line is
JSON: {"first_paint_ratio", "ready_ratio", "memory_ratio", "first_start_ratio"}.

    python benchmarks/startup.py [--runs 11] [--warmups 1] [--no-first-start] [--python PY]
    python benchmarks/startup.py --app dist/kcp-pos/kcp-pos --python build/packaging/venv/bin/python
"""

from __future__ import annotations

import argparse
import json
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
APP_PAINT_PREFIX = "smoke-test accepting-keystrokes amount-field-focused=True"
APP_BUILT_PREFIX = "smoke-test terminal-built"
APP_READY_PREFIX = "smoke-test ready"
BARE_READY_PREFIX = "ready"
TARGET_RATIO = 1.5
READY_TARGET_RATIO = 4.0
MEMORY_TARGET_RATIO = 2.5
BUNDLE_TARGET_RATIO = 1.2


class StartupFailed(Exception):
    """A child crashed, exited without its ready line, or took longer than the timeout."""


@dataclass(frozen=True)
class ChildRun:
    """One start of a program: seconds to each awaited line, and its peak memory (MiB)."""

    times: list[float]
    peak_mib: float | None


@dataclass
class Series:
    """One program's measured start-ups."""

    name: str
    command: Callable[[], list[str]]
    prefixes: tuple[str, ...]
    """The lines awaited, in order; the first is the first paint."""
    runs: list[ChildRun] = field(default_factory=list)

    def median_ms(self, line: int = 0) -> float:
        """Median milliseconds to the `line`-th awaited line."""
        return statistics.median(run.times[line] for run in self.runs) * 1000

    @property
    def peak_mib(self) -> float | None:
        peaks = [run.peak_mib for run in self.runs if run.peak_mib is not None]
        return statistics.median(peaks) if peaks else None

    def start_once(self, timeout: float) -> None:
        """Start the program once and record the run."""
        self.runs.append(run_child(self.command(), self.prefixes, timeout=timeout))


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
    return run_child(command, prefixes, timeout=timeout).times


def run_child(command: Sequence[str], prefixes: Sequence[str], *, timeout: float) -> ChildRun:
    """Run `command` once: the times of its lines (as `time_to_lines`) and its peak memory."""
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
            peak_mib = _wait(child, timeout=timeout)
        except (StartupFailed, subprocess.TimeoutExpired) as error:
            child.kill()
            child.wait()
            raise StartupFailed(f"{command}: {error}\n{_tail(stderr)}") from error
        if child.returncode != 0:
            raise StartupFailed(f"{command} exited {child.returncode}\n{_tail(stderr)}")
        return ChildRun([at - started for at in ready_at], peak_mib)


def _wait(child: subprocess.Popen[str], *, timeout: float) -> float | None:
    """Wait for `child` to exit; its peak resident memory in MiB where the OS reports it."""
    if not hasattr(os, "wait4"):  # Windows: no rusage of a child
        child.wait(timeout=timeout)
        return None
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid == child.pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in KiB on Linux and in bytes on macOS.
            scale = 1024 * 1024 if sys.platform == "darwin" else 1024
            return usage.ru_maxrss / scale
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(child.args, timeout)
        time.sleep(0.01)


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


def app_command(python: str, folder: Path, bundle: Path | None = None) -> list[str]:
    """The app started with `python -m kcp_pos`, or the bundle's executable when given."""
    program = [str(bundle)] if bundle is not None else [python, "-m", "kcp_pos"]
    return [
        *program,
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
            run_child(one.command(), one.prefixes, timeout=timeout)
    for _ in range(runs):
        for one in series:
            one.start_once(timeout)


@dataclass(frozen=True)
class Figures:
    """The ratios the issue sets targets for (None where not measured)."""

    first_paint_ratio: float
    ready_ratio: float
    memory_ratio: float | None
    first_start_ratio: float | None


def figures(bare: Series, warm: Series, first: Series | None) -> Figures:
    bare_paint = bare.median_ms()
    memory = None
    if warm.peak_mib is not None and bare.peak_mib:
        memory = warm.peak_mib / bare.peak_mib
    return Figures(
        first_paint_ratio=warm.median_ms() / bare_paint,
        ready_ratio=warm.median_ms(2) / bare_paint,
        memory_ratio=memory,
        first_start_ratio=first.median_ms() / bare_paint if first is not None else None,
    )


def _verdict(ratio: float, target: float) -> str:
    return f"target <= {target}x {'met' if ratio <= target else 'NOT met'}"


def ratio_line(label: str, app_ms: float, bare_ms: float, runs: int) -> str:
    ratio = app_ms / bare_ms
    return (
        f"{label}: {ratio:.2f}x (app {app_ms:.0f} ms / bare {bare_ms:.0f} ms, "
        f"median of {runs}) - {_verdict(ratio, TARGET_RATIO)}"
    )


def has_test_tools(python: str) -> bool:
    """True when `python` can import httpx's command-line extras (rich, pygments, click), as the
    test virtualenv can: httpx then loads its CLI, which an installed app does not."""
    probe = "import importlib.util as u; print(all(u.find_spec(m) for m in ('rich', 'pygments')))"
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
    return done.stdout.strip() == "True"


def report(bare: Series, warm: Series, first: Series | None, runs: int, python: str) -> None:
    platform = child_environment().get("QT_QPA_PLATFORM") or "(default)"
    print(f"python {python}, QT_QPA_PLATFORM={platform}")
    if has_test_tools(python):
        print(
            "note: this interpreter has rich and pygments (test tools), so httpx also loads its "
            "command-line module (about 120 ms, 10 MiB) that an installed app does not; for the "
            "figures that count use --python with an interpreter where only `pip install .` ran"
        )
    for one in (bare, warm, first):
        if one is not None:
            samples = ", ".join(f"{run.times[0] * 1000:.0f}" for run in one.runs)
            print(f"  {one.name:<28} first paint median {one.median_ms():6.0f} ms  [{samples}]")
    found = figures(bare, warm, first)
    bare_ms = bare.median_ms()
    print(ratio_line("startup ratio", warm.median_ms(), bare_ms, runs))
    if first is not None:
        print(ratio_line("first-start ratio", first.median_ms(), bare_ms, runs))
    built_ms = warm.median_ms(1)
    print(
        f"whole terminal built (warm, for information): {built_ms:.0f} ms, "
        f"{built_ms / bare_ms:.2f}x bare"
    )
    ready_ms = warm.median_ms(2)
    print(
        f"ready ratio: {found.ready_ratio:.2f}x (payments can be taken after {ready_ms:.0f} ms "
        f"/ bare {bare_ms:.0f} ms, median of {runs}) - "
        f"{_verdict(found.ready_ratio, READY_TARGET_RATIO)}"
    )
    if found.memory_ratio is not None and warm.peak_mib is not None and bare.peak_mib:
        print(
            f"memory ratio: {found.memory_ratio:.2f}x (app {warm.peak_mib:.0f} MiB / bare "
            f"{bare.peak_mib:.0f} MiB peak RSS, median of {runs}) - "
            f"{_verdict(found.memory_ratio, MEMORY_TARGET_RATIO)}"
        )
    else:
        print("memory ratio: not measured (no os.wait4 on this platform)")
    print(json.dumps({name: _rounded(value) for name, value in vars(found).items()}))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=11, help="counted starts per program")
    parser.add_argument("--warmups", type=int, default=1, help="uncounted starts per program")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per start")
    parser.add_argument(
        "--no-first-start", action="store_true", help="skip the start with empty folders"
    )
    parser.add_argument(
        "--app",
        type=Path,
        help="a bundle's kcp-pos executable: time it against the app run by --python",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter both programs run with (e.g. one where only `pip install .` was run)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups not negative")
    return args


def report_bundle(venv: Series, bundle: Series, runs: int, python: str) -> None:
    print(f"bundle {bundle.name} against {python} -m kcp_pos")
    ratios = {}
    for line, label in ((0, "first paint"), (2, "ready")):
        venv_ms, bundle_ms = venv.median_ms(line), bundle.median_ms(line)
        ratio = bundle_ms / venv_ms
        ratios[f"bundle_{label.replace(' ', '_')}_ratio"] = round(ratio, 3)
        print(
            f"bundle {label} ratio: {ratio:.2f}x (bundle {bundle_ms:.0f} ms / virtualenv "
            f"{venv_ms:.0f} ms, median of {runs}) - {_verdict(ratio, BUNDLE_TARGET_RATIO)}"
        )
    if venv.peak_mib and bundle.peak_mib:
        print(f"peak memory: bundle {bundle.peak_mib:.0f} MiB, virtualenv {venv.peak_mib:.0f} MiB")
    print(json.dumps(ratios))


def main_bundle(args: argparse.Namespace) -> int:
    """`--app`: the bundle and the virtualenv's app, warm starts in turn."""
    app_lines = (APP_PAINT_PREFIX, APP_BUILT_PREFIX, APP_READY_PREFIX)
    with tempfile.TemporaryDirectory(prefix="kcp-pos-startup-") as scratch:
        root = Path(scratch)
        venv = Series("virtualenv", lambda: app_command(args.python, root / "venv"), app_lines)
        bundle = Series(
            str(args.app), lambda: app_command(args.python, root / "bundle", args.app), app_lines
        )
        try:
            measure(
                [venv, bundle], runs=args.runs, warmups=max(args.warmups, 1), timeout=args.timeout
            )
        except StartupFailed as error:
            print(f"startup benchmark failed: {error}", file=sys.stderr)
            return 1
        report_bundle(venv, bundle, args.runs, args.python)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.app is not None:
        return main_bundle(args)
    python = args.python
    with tempfile.TemporaryDirectory(prefix="kcp-pos-startup-") as scratch:
        root = Path(scratch)
        warm_folder = root / "warm"
        app_lines = (APP_PAINT_PREFIX, APP_BUILT_PREFIX, APP_READY_PREFIX)
        bare = Series(
            "bare PySide6 window", lambda: [python, str(BARE_WINDOW)], (BARE_READY_PREFIX,)
        )
        warm = Series("kcp-pos, warm start", lambda: app_command(python, warm_folder), app_lines)
        first = Series(
            "kcp-pos, first start", lambda: app_command(python, fresh_folder(root)), app_lines
        )
        series = [bare, warm] if args.no_first_start else [bare, warm, first]
        try:
            # The warm folder must hold data before its first counted run, warm-ups or not.
            run_child(app_command(python, warm_folder), app_lines, timeout=args.timeout)
            measure(series, runs=args.runs, warmups=args.warmups, timeout=args.timeout)
        except StartupFailed as error:
            print(f"startup benchmark failed: {error}", file=sys.stderr)
            return 1
        report(bare, warm, None if args.no_first_start else first, args.runs, python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
