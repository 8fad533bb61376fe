"""Smoke test of benchmarks/customers.py's store part (`--store-only`; tests/test_benchmarks.py
runs the screen's part) on a small directory: it runs, says what it measured, and ends with its
JSON line. No time is asserted (tests never assert wall-clock time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "customers.py"


def test_the_customer_benchmark_reports_its_figures() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--customers",
            "3000",
            "--skip-1m",
            "--store-only",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("customers: 3,000 ")
    assert any(line.strip().startswith("keystrokes: worst ") for line in lines)
    assert any(line.strip().startswith("deep page ratio: ") for line in lines)
    figures = json.loads(lines[-1])
    assert set(figures) == {
        "customers",
        "open_ms",
        "keystroke_worst_ms",
        "keystroke_median_ms",
        "memory_ratio",
        "open_ms_1m",
        "keystroke_worst_ms_1m",
    }
    assert figures["customers"] == 3000
    assert figures["keystroke_worst_ms"] >= figures["keystroke_median_ms"] > 0
    assert figures["memory_ratio"] is None and figures["open_ms_1m"] is None
