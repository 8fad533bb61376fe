"""Smoke tests of the benchmarks: each runs (customers.py and batch.py in a tiny mode), reports,
ends with its JSON line, and fails only on a crash.

No timing is asserted: a ratio depends on the machine, and the script never fails on one.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_startup() -> ModuleType:
    spec = importlib.util.spec_from_file_location("startup_benchmark", BENCHMARKS / "startup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_time_to_ready_measures_a_child_that_prints_its_line() -> None:
    startup = load_startup()
    command = [sys.executable, "-c", "print('noise'); print('ready now', flush=True)"]

    assert startup.time_to_ready(command, "ready", timeout=30) > 0


def test_time_to_lines_times_each_line_in_order() -> None:
    startup = load_startup()
    code = "print('first', flush=True); print('noise'); print('second', flush=True)"

    first, second = startup.time_to_lines(
        [sys.executable, "-c", code], ["first", "second"], timeout=30
    )

    assert 0 < first <= second


def test_time_to_lines_rejects_a_missing_later_line() -> None:
    startup = load_startup()
    code = "print('first', flush=True)"

    with pytest.raises(startup.StartupFailed, match="second"):
        startup.time_to_lines([sys.executable, "-c", code], ["first", "second"], timeout=30)


@pytest.mark.parametrize(
    "code",
    [
        "import sys; print('ready', flush=True); sys.exit(3)",  # crashed after ready
        "import sys; sys.exit(0)",  # never ready
    ],
)
def test_time_to_ready_rejects_a_crash_or_a_silent_exit(code: str) -> None:
    startup = load_startup()

    with pytest.raises(startup.StartupFailed):
        startup.time_to_ready([sys.executable, "-c", code], "ready", timeout=30)


def test_time_to_ready_gives_up_on_a_hung_child() -> None:
    startup = load_startup()
    command = [sys.executable, "-c", "import time; time.sleep(30)"]

    with pytest.raises(startup.StartupFailed, match="within"):
        startup.time_to_ready(command, "ready", timeout=0.5)


def test_startup_script_prints_the_ratio() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "startup.py"),
            "--runs",
            "1",
            "--warmups",
            "0",
            "--no-first-start",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert re.search(
        r"^startup ratio: \d+\.\d\dx \(app \d+ ms / bare \d+ ms, median of 1\) - "
        r"target <= 1\.5x (met|NOT met)$",
        result.stdout,
        re.MULTILINE,
    ), result.stdout
    assert re.search(
        r"^whole terminal built \(warm, for information\): \d+ ms", result.stdout, re.M
    )
    assert re.search(
        r"^ready ratio: \d+\.\d\dx \(payments can be taken after \d+ ms / bare \d+ ms, "
        r"median of 1\) - target <= 4\.0x (met|NOT met)$",
        result.stdout,
        re.MULTILINE,
    ), result.stdout
    assert re.search(
        r"^memory ratio: \d+\.\d\dx \(app \d+ MiB / bare \d+ MiB peak RSS, median of 1\) - "
        r"target <= 2\.5x (met|NOT met)$",
        result.stdout,
        re.MULTILINE,
    ), result.stdout
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == {"first_paint_ratio", "ready_ratio", "memory_ratio", "first_start_ratio"}
    assert figures["ready_ratio"] > figures["first_paint_ratio"] > 0
    assert figures["memory_ratio"] > 1 and figures["first_start_ratio"] is None


def test_run_child_reports_the_peak_memory_of_the_child() -> None:
    startup = load_startup()
    code = "b = bytearray(64 * 1024 * 1024); print('ready', flush=True)"

    run = startup.run_child([sys.executable, "-c", code], ["ready"], timeout=30)

    assert run.times[0] > 0
    assert run.peak_mib is not None and run.peak_mib >= 64


def run_script(name: str, *args: str) -> dict[str, object]:
    """Run benchmarks/`name` in a tiny mode; its last line, parsed as JSON."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(figures, dict)
    return figures


def test_customers_script_prints_the_store_and_screen_figures() -> None:
    figures = run_script("customers.py", "--customers", "2000", "--no-1m", "--runs", "1")

    assert set(figures) == {
        "customers",
        "open_ms",
        "keystroke_worst_ms",
        "keystroke_median_ms",
        "memory_ratio",
        "open_ms_1m",
        "keystroke_worst_ms_1m",
    }
    assert figures["customers"] == 2000
    for key in ("open_ms", "keystroke_worst_ms", "keystroke_median_ms", "memory_ratio"):
        assert isinstance(figures[key], float | int) and figures[key] > 0, key
    assert figures["open_ms_1m"] is None and figures["keystroke_worst_ms_1m"] is None


def test_batch_script_prints_its_ratios() -> None:
    figures = run_script("batch.py", "--charges", "20", "--loop-sample", "3", "--concurrency", "4")

    assert set(figures) == {"charges", "ratio_to_ideal", "ratio_to_loop", "ui_gap_worst_ms"}
    assert figures["charges"] == 20
    for key in ("ratio_to_ideal", "ratio_to_loop", "ui_gap_worst_ms"):
        assert isinstance(figures[key], float | int) and figures[key] > 0, key


def test_window_script_prints_the_ratio_to_a_bare_web_view() -> None:
    figures = run_script("window.py", "--runs", "1", "--warmups", "1")

    assert set(figures) == {"ratio", "window_ms", "bare_ms"}
    assert figures["window_ms"] > 0 and figures["bare_ms"] > 0


def test_ledger_script_prints_the_open_filter_and_size_figures() -> None:
    figures = run_script("ledger.py", "--payments", "3000", "--runs", "1")

    assert set(figures) == {
        "payments",
        "open_ms",
        "filter_worst_ms",
        "filter_median_ms",
        "db_mb",
    }
    assert figures["payments"] == 3000
    for key in ("open_ms", "filter_worst_ms", "filter_median_ms", "db_mb"):
        assert isinstance(figures[key], float | int) and figures[key] > 0, key
    assert figures["filter_worst_ms"] >= figures["filter_median_ms"]
