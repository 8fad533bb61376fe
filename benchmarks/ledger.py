"""The transactions page over a ledger of 1,000,000 payments: how long it takes to open, and to
show the rows of each filter and order, and how big the database is.

A temporary SQLite store (WAL, synchronous=FULL, as the app opens it) is filled through the
store's bulk path (`store/ledger_fill.fill_ledger`: the card guard's rules, an attempt for each
payment made here, a chained audit entry for each) with generated payments over two years up
to now (`ledger_data.py`).

Then a fresh interpreter (`--screen-child`, on the filled file) shows a window and opens the
app's services over the store with the runner and the change notices, as the main window does
(the API client points at a closed port: the page never calls PortOne), and through the real
`TransactionsPage` and its `PaymentTableModel`:

* open (target <= 300 ms): from building the page (attach + first query: today, newest first)
  to the first paint of the table's viewport after the model's `searched`: the first rows on
  screen;
* each filter and order (target: every one <= 50 ms): from `set_query` to the first paint after
  `searched`, the median of `--runs`; the scenarios are listed in `scenarios()`;
* totals, for information: from `set_query` to `totals_read` (the status line's count and sums,
  read beside the rows).

The last line is JSON: {"payments", "open_ms", "filter_worst_ms", "filter_median_ms", "db_mb"}
(db_mb in MiB, after a WAL checkpoint).

    python benchmarks/ledger.py [--payments 1000000] [--runs 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from event_loop import wait_until  # benchmarks/, beside this script
from ledger_data import RARE_OPERATOR, fake_payments

from kcp_pos.domain.date_presets import DatePreset, preset_range
from kcp_pos.domain.korea_time import kst_now
from kcp_pos.store import PaymentLedger, open_database
from kcp_pos.store.database import DEFAULT_FILENAME
from kcp_pos.store.ledger_fill import fill_ledger
from kcp_pos.store.payment_query import (
    ListedStatus,
    PaymentFilter,
    PaymentQuery,
    PaymentSort,
)

OPEN_TARGET_MS: Final = 300.0
FILTER_TARGET_MS: Final = 50.0
NO_API_URL: Final = "http://127.0.0.1:9"
FILL_CACHE_KIB: Final = -256_000
MIB: Final = 1024 * 1024
STORE_PAGE_ROWS: Final = 100
"""The page the store's own figures read: the table's (`payment_model.PAGE_ROWS`)."""


@dataclass(frozen=True)
class Samples:
    """Values of generated payments to search for."""

    apply_num: str
    day_prefix: str
    last_four: str
    customer_uid: str


def scenarios(now: datetime, samples: Samples) -> list[tuple[str, PaymentQuery]]:
    """What a clerk applies: each preset, filters within this month and over all two years
    (a custom range), and the orders."""
    today = preset_range(DatePreset.TODAY, now)
    month = preset_range(DatePreset.THIS_MONTH, now)
    ever = (today[0] - timedelta(days=800), today[1])

    def within(dates: tuple[datetime, datetime], **chosen: Any) -> PaymentFilter:
        return PaymentFilter(since=dates[0], until=dates[1], **chosen)

    def status(value: ListedStatus) -> frozenset[ListedStatus]:
        return frozenset({value})

    filters = {
        "today": within(today),
        "yesterday": within(preset_range(DatePreset.YESTERDAY, now)),
        "this week": within(preset_range(DatePreset.THIS_WEEK, now)),
        "this month": within(month),
        "two years": within(ever),
        "month, paid": within(month, statuses=status(ListedStatus.PAID)),
        "month, partially refunded": within(
            month, statuses=status(ListedStatus.PARTIALLY_REFUNDED)
        ),
        "month, failed": within(month, statuses=status(ListedStatus.FAILED)),
        "two years, partially refunded": within(
            ever, statuses=status(ListedStatus.PARTIALLY_REFUNDED)
        ),
        "two years, awaiting payment": within(ever, statuses=status(ListedStatus.READY)),
        "month, 50,000-100,000 won": within(month, amount_min=50_000, amount_max=100_000),
        "two years, from 1,500,000 won": within(ever, amount_min=1_500_000),
        "two years, approval number": within(ever, text=samples.apply_num),
        "two years, order id start (a day)": within(ever, text=samples.day_prefix),
        "two years, last four": within(ever, text=samples.last_four),
        "two years, customer": within(ever, customer_uid=samples.customer_uid),
        "month, operator": within(month, operator="김민준"),
        "two years, rare operator": within(ever, operator=RARE_OPERATOR),
        "month, virtual accounts": within(month, pay_method="vbank"),
        "two years, escrow": within(ever, escrow=True),
        "two years, escrow, paid, card, operator": within(
            ever,
            escrow=True,
            statuses=status(ListedStatus.PAID),
            pay_method="card",
            operator="이서연",
        ),
    }
    queries = [(label, PaymentQuery(chosen)) for label, chosen in filters.items()]
    orders = (
        ("today by amount", filters["today"], PaymentSort.AMOUNT, True),
        ("month by amount, largest first", filters["this month"], PaymentSort.AMOUNT, True),
        ("month by amount, smallest first", filters["this month"], PaymentSort.AMOUNT, False),
        ("month by status", filters["this month"], PaymentSort.STATUS, False),
        ("month by status, descending", filters["this month"], PaymentSort.STATUS, True),
        ("month, oldest first", filters["this month"], PaymentSort.OCCURRED, False),
        ("two years by amount", filters["two years"], PaymentSort.AMOUNT, True),
        ("two years by status", filters["two years"], PaymentSort.STATUS, False),
        (
            "two years, failed, by amount",
            within(ever, statuses=status(ListedStatus.FAILED)),
            PaymentSort.AMOUNT,
            True,
        ),
    )
    queries += [(label, PaymentQuery(chosen, sort, desc)) for label, chosen, sort, desc in orders]
    return queries


# -- the fill ---------------------------------------------------------------------------------


def fill(path: Path, count: int, seed: int) -> tuple[float, Samples]:
    database = open_database(path)
    try:
        with database.engine.connect() as connection:  # the pooled connection the fill reuses
            connection.exec_driver_sql(f"PRAGMA cache_size={FILL_CACHE_KIB}")
        started = time.perf_counter()
        fill_ledger(database, fake_payments(count, seed, kst_now()))
        seconds = time.perf_counter() - started
        return seconds, _samples(PaymentLedger(database), count)
    finally:
        database.dispose()
        with closing(sqlite3.connect(path / DEFAULT_FILENAME)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def kept_samples(path: Path, count: int) -> Samples:
    database = open_database(path)
    try:
        return _samples(PaymentLedger(database), count)
    finally:
        database.dispose()


def _samples(ledger: PaymentLedger, count: int) -> Samples:
    paid = next(
        p
        for index in range(count // 2, count)
        if (p := ledger.get(f"imp_{index:012d}")) is not None and p.apply_num
    )
    saved = next(
        p
        for index in range(count // 3, count)
        if (p := ledger.get(f"imp_{index:012d}")) is not None and p.customer_uid
    )
    last_day = ledger.get(f"imp_{count - 1:012d}")
    assert paid.apply_num and saved.customer_uid and last_day is not None
    return Samples(
        apply_num=paid.apply_num,
        day_prefix=last_day.merchant_uid[: len("pos-20261203")],
        last_four=(paid.card_number or "0000")[-4:],
        customer_uid=saved.customer_uid,
    )


def store_figures(path: Path, samples: Samples, runs: int) -> dict[str, tuple[float, float]]:
    """For information: each scenario's first page and totals read from the store directly
    (this process, no Qt): median ms of `runs`."""
    database = open_database(path)
    ledger = PaymentLedger(database)
    figures: dict[str, tuple[float, float]] = {}
    try:
        for label, query in scenarios(kst_now(), samples):
            page, totals = [], []
            for _ in range(runs):
                began = time.perf_counter()
                ledger.page(query, limit=STORE_PAGE_ROWS)
                page.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                ledger.totals(query.filter)
                totals.append((time.perf_counter() - began) * 1000)
            figures[label] = (statistics.median(page), statistics.median(totals))
    finally:
        database.dispose()
    return figures


def database_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / MIB


# -- the screen, in a child process -----------------------------------------------------------


def screen_child(path: Path, samples: Samples, runs: int) -> dict[str, Any]:
    """In a fresh process: the idle app, then the transactions page opened on the filled store
    and every scenario applied `runs` times (see the module docstring)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    from kcp_pos.iamport.client import IamportClient
    from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operator import LOCAL_CLERK
    from kcp_pos.ui.shell.change_notices import ChangeNotices
    from kcp_pos.ui.shell.operator_seat import OperatorSeat
    from kcp_pos.ui.shell.responsiveness import favour_the_ui_thread, freeze_long_lived_objects
    from kcp_pos.ui.shell.runner import BackgroundRunner
    from kcp_pos.ui.shell.screen_page import PageContext

    favour_the_ui_thread()  # as app.main does
    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    window.resize(1400, 860)
    window.show()
    client = IamportClient(NO_API_URL, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)
    services = AppServices.open(client, path, pg="kcp")
    runner = BackgroundRunner()
    notices = ChangeNotices(services.database.changes)
    for _ in range(5):
        app.processEvents()
    freeze_long_lived_objects()  # as the app does once it is ready

    class Paints(QObject):
        """When the table's viewport painted (the first paint after a moment is what counts:
        a later one, for the status line's totals, would hide the rows' own)."""

        def __init__(self) -> None:
            super().__init__()
            self.times: list[float] = []

        @property
        def at(self) -> float:
            return self.times[-1] if self.times else 0.0

        def first_after(self, moment: float) -> float:
            return next(at for at in self.times if at > moment)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.times.append(time.perf_counter())
            return False

    started = time.perf_counter()
    from kcp_pos.ui.backoffice.page import TransactionsPage

    page = TransactionsPage("ko")
    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    searched: list[float] = []
    totals: list[float] = []
    page.model.searched.connect(lambda _rows: searched.append(time.perf_counter()))
    page.model.totals_read.connect(lambda _totals: totals.append(time.perf_counter()))
    window.setCentralWidget(page)
    context = PageContext(
        services=services,
        runner=runner,
        seat=OperatorSeat(LOCAL_CLERK),
        training=True,
        leftover_attempt_ids=(),
    )
    notices.changed.connect(page.data_changed)
    page.attach(context)
    page.entered.emit()
    wait_until(lambda: bool(searched), "the first page")
    wait_until(lambda: paints.at > searched[-1], "the first rows painted")
    open_ms = (paints.first_after(searched[-1]) - started) * 1000
    wait_until(lambda: bool(totals), "the first totals")

    rows_ms: dict[str, list[float]] = {}
    totals_ms: dict[str, list[float]] = {}
    for _ in range(runs):
        for label, query in scenarios(kst_now(), samples):
            searched.clear()
            totals.clear()
            paints.times.clear()
            previous = page.model.query
            began = time.perf_counter()
            page.model.set_query(query)
            wait_until(lambda: bool(searched), f"the rows of {label}")
            try:
                wait_until(lambda: paints.at > searched[-1], f"{label} painted", 2.0)
                shown = paints.first_after(searched[-1])
            except RuntimeError:  # nothing to repaint (no rows before, none now)
                shown = searched[-1]
            rows_ms.setdefault(label, []).append((shown - began) * 1000)
            if previous is None or previous.filter != query.filter:
                wait_until(lambda: bool(totals), f"the totals of {label}", 60.0)
                totals_ms.setdefault(label, []).append((totals[-1] - began) * 1000)
    runner.shutdown()
    notices.close()
    services.close()
    return {
        "open_ms": open_ms,
        "rows_ms": {label: statistics.median(ms) for label, ms in rows_ms.items()},
        "totals_ms": {label: statistics.median(ms) for label, ms in totals_ms.items()},
    }


def measure_screen(path: Path, samples: Samples, runs: int) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--screen-child",
        str(path),
        "--samples",
        json.dumps(samples.__dict__),
        "--runs",
        str(runs),
    ]
    environment = {**os.environ}
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=3600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"the screen's part failed:\n{result.stderr[-4000:]}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


# -- main -------------------------------------------------------------------------------------


def _verdict(ms: float, target: float) -> str:
    return f"target <= {target:.0f} ms {'met' if ms <= target else 'NOT met'}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--payments", type=int, default=1_000_000, help="payments to fill")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated payments")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="fill the ledger here and keep it; a ledger already there is measured again",
    )
    parser.add_argument("--screen-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--samples", type=json.loads, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.payments < 1000 or args.runs < 1:
        parser.error("--payments must be at least 1000 and --runs at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.screen_child is not None:
        figures = screen_child(args.screen_child, Samples(**args.samples), args.runs)
        print(json.dumps(figures))
        return 0
    with tempfile.TemporaryDirectory(prefix="kcp-ledger-") as folder:
        path = args.data_dir or Path(folder)
        if (path / DEFAULT_FILENAME).exists():
            filled = "already filled"
            samples = kept_samples(path, args.payments)
        else:
            path.mkdir(parents=True, exist_ok=True)
            seconds, samples = fill(path, args.payments, args.seed)
            filled = f"filled in {seconds:.1f} s, {args.payments / seconds:,.0f} a second"
        size = database_mib(path)
        print(
            f"ledger: {args.payments:,} payments with their attempts and audit entries "
            f"({filled}); database {size:,.0f} MiB"
        )
        store = store_figures(path, samples, args.runs)
        screen = measure_screen(path, samples, args.runs)
    opened = screen["open_ms"]
    print(
        f"  open: {opened:.1f} ms (page built, attached, today's first page read and painted) "
        f"- {_verdict(opened, OPEN_TARGET_MS)}"
    )
    rows: dict[str, float] = screen["rows_ms"]
    for label, ms in rows.items():
        summed = screen["totals_ms"].get(label)
        extra = "" if summed is None else f"; totals {summed:.1f} ms"
        page_ms, totals_ms_store = store[label]
        print(
            f"    {label}: {ms:.1f} ms{extra} (store: page {page_ms:.1f} ms, totals "
            f"{totals_ms_store:.1f} ms)"
        )
    worst_label = max(rows, key=lambda label: rows[label])
    worst, median = rows[worst_label], statistics.median(rows.values())
    print(
        f"  filters and orders: worst {worst:.1f} ms ({worst_label}), median {median:.1f} ms over "
        f"{len(rows)} (set_query to rows painted, median of {args.runs} runs each) - "
        f"{_verdict(worst, FILTER_TARGET_MS)}"
    )
    totals_ms: dict[str, float] = screen["totals_ms"]
    totals_worst = max(totals_ms, key=lambda label: totals_ms[label])
    print(
        f"  totals (status line, for information): worst {totals_ms[totals_worst]:.1f} ms "
        f"({totals_worst}), median {statistics.median(totals_ms.values()):.1f} ms"
    )
    figures = {
        "payments": args.payments,
        "open_ms": round(opened, 2),
        "filter_worst_ms": round(worst, 2),
        "filter_median_ms": round(median, 2),
        "db_mb": round(size, 1),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
