"""A batch of 1,000 again-charges against the sandbox with 200 ms of injected latency: throughput
against the ideal and against a one-at-a-time loop, and the longest UI event-loop gap meanwhile.

The sandbox runs in a child process (`kcp_pos.sandbox.cli`), standing for PortOne: its work and
its interpreter lock are not this process's, as PortOne's are not the app's. Its fault rules add
`--latency-ms` (a `delay` rule, armed for as many requests as the run makes) to every
`POST /subscribe/payments/again` and every `POST /users/getToken`: a network's latency is on
every round trip, the token's included.

* batch: the customers page is attached to real services (a SQLite store, WAL, synchronous=FULL,
  as the app opens it) with a runner and the store's change notices, as the main window does;
  the page's batch dialog (`ui/customers/batch_dialog.py`, opened by `page.open_batch` as
  Ctrl+Shift+B opens it; the app's switch interval and `gc.freeze`) loads a CSV of `--charges` saved
  cards (keys issued at the sandbox beforehand, unknown to the directory) and the clock runs
  from its Charge (`start()`: plan, then `run_batch` at `--concurrency` on the runner) to its
  report on screen (`_finished`: counts and the per-line results table). Every charge is
  journalled before it is sent, as always.
* ideal: `concurrency / latency` charges per second (the sandbox's own work not counted).
* loop: how the old official Python client works: one charge at a time, each preceded by a new
  `POST /users/getToken`, over one keep-alive connection (plain httpx, no journal). `--loop-sample`
  calls are timed (100 by default) and its rate taken for the 1,000: the loop's time is linear in
  its calls, and timing 1,000 would take about seven minutes.
* UI gap: a `QTimer` ticking every `--tick-ms` on the UI thread from the Charge click to the
  report on screen; the longest interval between two ticks (or from the last tick to the
  report) is the worst time the window could not answer a key or repaint.

The last line is JSON: {"charges", "ratio_to_ideal", "ratio_to_loop", "ui_gap_worst_ms"}.

    python benchmarks/batch.py [--charges 1000] [--latency-ms 200] [--concurrency 8]
                               [--loop-sample 100] [--tick-ms 5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from event_loop import wait_until  # benchmarks/, beside this script

from kcp_pos.domain.keyed_card import validate_keyed_card
from kcp_pos.domain.result import Ok
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.models import BillingKeyRequest
from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET

IDEAL_TARGET: Final = 0.9
LOOP_TARGET: Final = 6.0
GAP_TARGET_MS: Final = 50.0
APPROVED_CARD: Final = "5570-4200-0005-1234"
LATENT_ENDPOINTS: Final = ("/subscribe/payments/again", "/users/getToken")
FAULT_TIMES: Final = 1_000_000
"""A delay rule is used up one request at a time: armed for more requests than any run makes."""
AMOUNT: Final = 10_000
READY_TIMEOUT_S: Final = 30.0
BATCH_TIMEOUT_S: Final = 1_800.0


# -- the sandbox, standing for PortOne ---------------------------------------------------------


def start_sandbox(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    """`kcp-pos-sandbox` in a child process; returns it and its URL."""
    code = "import sys; from kcp_pos.sandbox.cli import main; sys.exit(main())"
    child = subprocess.Popen(
        [sys.executable, "-c", code, "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        if "listening on " in line:
            return child, line.split("listening on ", 1)[1].strip()
    child.kill()
    raise RuntimeError("the sandbox did not start")


def issue_keys(url: str, count: int) -> list[str]:
    """`count` billing keys on the sandbox (a web shop's: the terminal's directory lacks them)."""
    checked = validate_keyed_card(
        card_number=APPROVED_CARD,
        expiry="12/30",
        birth="880315",
        pwd_2digit="12",
        corporate=False,
        pwd_required=False,
        today=date(2026, 11, 28),
    )
    assert isinstance(checked, Ok)
    card = checked.value
    uids = [f"cust_bench_{index:05d}" for index in range(count)]
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:

        def issue(index: int) -> None:
            request = BillingKeyRequest(**card.api_fields(), customer_name=f"고객{index}")
            client.issue_billing_key(uids[index], request)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(issue, range(count)))
    return uids


def arm_latency(url: str, seconds: float) -> None:
    for endpoint in LATENT_ENDPOINTS:
        rule = {"endpoint": endpoint, "mode": "delay", "seconds": seconds, "times": FAULT_TIMES}
        httpx.post(f"{url}/__sandbox__/faults", json=rule).raise_for_status()


def write_csv(path: Path, uids: Sequence[str]) -> Path:
    lines = ["customer_uid,amount,order_name"]
    lines += [f"{uid},{AMOUNT},12월 정기결제" for uid in uids]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


# -- the one-at-a-time loop --------------------------------------------------------------------


def loop_seconds_per_charge(url: str, uids: Sequence[str]) -> float:
    """A new token, then the charge, one at a time (the old official client's way)."""
    with httpx.Client(base_url=url, timeout=30.0) as http:
        started = time.perf_counter()
        for uid in uids:
            token = http.post(
                "/users/getToken",
                json={"imp_key": DEFAULT_IMP_KEY, "imp_secret": DEFAULT_IMP_SECRET},
            ).json()["response"]["access_token"]
            answer = http.post(
                "/subscribe/payments/again",
                headers={"Authorization": token},
                json={
                    "customer_uid": uid,
                    "merchant_uid": f"loop_{uuid.uuid4().hex[:20]}",
                    "amount": AMOUNT,
                    "name": "12월 정기결제",
                },
            ).json()
            if answer["code"] != 0 or answer["response"]["status"] != "paid":
                raise RuntimeError(f"a loop charge was not paid: {answer.get('message')}")
        return (time.perf_counter() - started) / len(uids)


# -- the batch through the window --------------------------------------------------------------


@dataclass(frozen=True)
class BatchRun:
    seconds: float
    gap_worst_ms: float
    gap_ended_s: float
    """When the worst gap ended, from the Charge click."""
    ticks: int
    paid: int
    total: int


def save_customers(services: Any, uids: Sequence[str]) -> None:
    """The batch's customers in the directory, as when the clerk charges the directory's own."""
    from kcp_pos.store import CustomerDetails

    for index, uid in enumerate(uids):
        details = CustomerDetails(
            customer_uid=uid,
            name=f"고객{index}",
            tel=f"010-{index // 10_000:04d}-{index % 10_000:04d}",
            card_number="557042*********4",
            card_name="KB국민카드",
            card_code="381",
        )
        services.customers.save(details)


def run_in_dialog(
    url: str, store: Path, csv_path: Path, args: argparse.Namespace, uids: Sequence[str]
) -> BatchRun:
    """The customers page and its batch dialog, on real services: Charge to report on screen."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operator import Operator, Role
    from kcp_pos.settings.model import Settings
    from kcp_pos.ui.customers.page import CustomersPage
    from kcp_pos.ui.shell.change_notices import ChangeNotices
    from kcp_pos.ui.shell.operator_seat import OperatorSeat
    from kcp_pos.ui.shell.responsiveness import favour_the_ui_thread, freeze_long_lived_objects
    from kcp_pos.ui.shell.runner import BackgroundRunner
    from kcp_pos.ui.shell.screen_page import PageContext

    favour_the_ui_thread()  # as the app's `main` does
    app = QApplication.instance() or QApplication([])  # noqa: F841 (held for the run)
    client = IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)
    services = AppServices.open(client, store, pg="kcp")
    if not args.unknown_keys:
        save_customers(services, uids)
    runner = BackgroundRunner()
    notices = ChangeNotices(services.database.changes)
    page = CustomersPage("ko", Settings())
    try:
        context = PageContext(
            services=services,
            runner=runner,
            seat=OperatorSeat(Operator("benchmark", Role.MANAGER)),  # a batch needs a manager
            training=True,
            leftover_attempt_ids=(),
        )
        notices.changed.connect(page.data_changed)
        page.resize(1280, 720)
        page.show()
        page.attach(context)
        freeze_long_lived_objects()  # as the app does once it is ready
        page.open_batch(concurrency=args.concurrency)  # as Ctrl+Shift+B does
        dialog = page.batch_dialog
        assert dialog is not None
        dialog.load_file(csv_path)
        wait_until(dialog.charge_button.isVisible, "file loaded", READY_TIMEOUT_S)

        ticks: list[float] = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(args.tick_ms)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        dialog.start()  # asks once more (No is the default): the clerk answers Yes
        question = dialog.confirmation
        assert question is not None, "the dialog charged without asking"
        started = time.perf_counter()
        ticks.append(started)
        question.button(QMessageBox.StandardButton.Yes).click()
        wait_until(lambda: dialog.report is not None, "batch finished", BATCH_TIMEOUT_S)
        finished = time.perf_counter()  # the report was shown in the turn that set it
        timer.stop()
        ticks.append(finished)
        gap, gap_end = max((later - earlier, later) for earlier, later in itertools.pairwise(ticks))
        assert dialog.report is not None
        counts = dialog.report.counts
        dialog.close()
        return BatchRun(
            finished - started,
            gap * 1000,
            gap_end - started,
            len(ticks),
            counts.paid,
            counts.total,
        )
    finally:
        runner.shutdown()
        notices.close()
        page.close()
        page.deleteLater()
        services.close()


# -- main --------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--charges", type=int, default=1_000, help="lines in the batch")
    parser.add_argument("--latency-ms", type=float, default=200.0, help="injected latency")
    parser.add_argument("--concurrency", type=int, default=8, help="the batch's workers")
    parser.add_argument("--loop-sample", type=int, default=100, help="loop calls timed")
    parser.add_argument(
        "--unknown-keys",
        action="store_true",
        help="keys the directory does not know (each is added from its payment)",
    )
    parser.add_argument("--tick-ms", type=int, default=5, help="the UI probe's interval")
    args = parser.parse_args(argv)
    if args.charges < 1 or args.loop_sample < 1 or args.latency_ms <= 0 or args.tick_ms < 1:
        parser.error("--charges, --loop-sample, --latency-ms and --tick-ms must be positive")
    return args


def _verdict(met: bool, target: str) -> str:
    return f"target {target} {'met' if met else 'NOT met'}"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory(prefix="kcp-pos-batch-") as scratch:
        folder = Path(scratch)
        (folder / "store").mkdir()
        sandbox, url = start_sandbox(folder / "sandbox")
        try:
            started = time.perf_counter()
            uids = issue_keys(url, args.charges)
            print(f"billing keys: {len(uids):,} issued in {time.perf_counter() - started:.1f} s")
            arm_latency(url, latency)
            csv_path = write_csv(folder / "batch.csv", uids)
            run = run_in_dialog(url, folder / "store", csv_path, args, uids)
            sample = [uids[i % len(uids)] for i in range(min(args.loop_sample, args.charges))]
            loop_each = loop_seconds_per_charge(url, sample)
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=30)
    rate = run.total / run.seconds
    ideal = args.concurrency / latency
    loop_rate = 1 / loop_each
    ratio_to_ideal, ratio_to_loop = rate / ideal, rate / loop_rate
    print(
        f"batch: {run.total:,} charges ({run.paid:,} paid) in {run.seconds:.1f} s at concurrency "
        f"{args.concurrency}, {args.latency_ms:.0f} ms latency: {rate:.1f} charges/s"
    )
    print(
        f"ratio to ideal: {ratio_to_ideal:.2f}x ({rate:.1f} / {ideal:.1f} charges/s) - "
        + _verdict(ratio_to_ideal >= IDEAL_TARGET, f">= {IDEAL_TARGET}x")
    )
    print(
        f"ratio to loop: {ratio_to_loop:.2f}x (loop {loop_rate:.2f} charges/s, token + charge "
        f"each, timed over {len(sample)} and taken for {run.total:,}; {run.total * loop_each:.0f} s"
        f" against {run.seconds:.1f} s) - "
        + _verdict(ratio_to_loop >= LOOP_TARGET, f">= {LOOP_TARGET:.0f}x")
    )
    print(
        f"UI event-loop gap: worst {run.gap_worst_ms:.1f} ms ({run.ticks:,} ticks every "
        f"{args.tick_ms} ms; it ended {run.gap_ended_s:.2f} s after the click) - "
        + _verdict(run.gap_worst_ms <= GAP_TARGET_MS, "<= 50 ms")
    )
    figures = {
        "charges": run.total,
        "ratio_to_ideal": round(ratio_to_ideal, 3),
        "ratio_to_loop": round(ratio_to_loop, 2),
        "ui_gap_worst_ms": round(run.gap_worst_ms, 1),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
