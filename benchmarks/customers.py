"""The customers screen at 100,000 and 1,000,000 customers: how long the page takes to open, and
to show the rows of each keystroke of a search, and its memory over the idle app; and, for the
store alone, the same reads against the directory's earlier way (a LIKE scan, OFFSET pages).

A temporary SQLite store (WAL, synchronous=FULL, as the app opens it) is filled with generated
customers by bulk inserts (a Korean surname by its frequency and a given name, a romanised e-mail
address, an 010 mobile number, a KCP-masked card of a Korean issuer, a last charge for most of
them, 2% deleted); the triggers keep the full-text index as they do for the app's own saves.

Store part (this process, no Qt): `CustomerDirectory.page` timed directly.

* open: a new `Database` on the file (a cold SQLite page cache), the revision check and the
  first page of 200 by name.
* keystrokes: a customer's name, phone number (with its dashes) and card's last four digits,
  typed one character at a time; each prefix is one `page()` of 200 rows. Each sequence is
  typed `--runs` times; a keystroke's figure is its median. These run on the connection the
  fill used, whose page cache is warm: a lower bound, not what the screen sees.
* the earlier way, for the ratio: the same keystrokes through `lower(col) LIKE '%x%'` over every
  row, and the page at row 90% of the list by OFFSET against the same page by key.
* hard cases, for information: frequent text in every sort and direction, where matches can sit
  at the far end of the order (`customer_pages` explains what the directory does then).

Screen part (a fresh interpreter on the filled file, `screen_child`): a shown window and the
app's services over the store (a client pointed at a closed port: searching never calls
PortOne), the runner and the change notices, idle: that process's peak RSS is "idle". Then:

* open (target <= 500 ms): from building `CustomersPage` (attach + first query) to the first
  paint of the table's viewport after the model's `searched`: the first rows on screen.
* keystrokes (target: the worst <= 30 ms): the same three searches typed into `search_edit`
  (`QTest.keyClick`; a Hangul syllable as one key event carrying it, as an input method commits
  it), each key waited out before the next. The page waits `SEARCH_PAUSE_MS` after the last key
  before it searches, on purpose (a search per key of a fast typist would be wasted work), so
  a key's latency counts from the moment that pause ends and the query starts
  (`CustomerTableModel.set_query`) to the first paint after `searched` for that text: the part
  the code can make faster. The pause is reported beside it (key press to query start), and
  the whole key-to-rows time too, for information. Each sequence is typed `--runs` times; a
  keystroke's figure is its median.
* memory (target <= 1.5x): the peak RSS with the page open and every search done, over idle
  (Linux: `VmHWM`, else `ru_maxrss`).

The headline figures (and the JSON) are the screen's; with `--store-only`, the store's (and
`memory_ratio` null). The event loop waits in `QEventLoop.exec`, as in the app: a
`processEvents` loop keeps the interpreter lock through its waits and starves the runner.

The last line is JSON: {"customers", "open_ms", "keystroke_worst_ms", "keystroke_median_ms",
"memory_ratio", "open_ms_1m", "keystroke_worst_ms_1m"} (ms; the 1M figures null with --no-1m).

    python benchmarks/customers.py [--customers 100000] [--no-1m] [--store-only] [--runs 5]
                                   [--seed 7]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from event_loop import wait_until  # benchmarks/, beside this script
from sqlalchemy import func, insert, or_, select

from kcp_pos.store import (
    CustomerDirectory,
    CustomerQuery,
    CustomerSort,
    Database,
    LedgerStatus,
    open_database,
)
from kcp_pos.store.customer_keys import keys_of
from kcp_pos.store.models import CustomerRow

OPEN_TARGET_MS: Final = 500.0
KEYSTROKE_TARGET_MS: Final = 30.0
MEMORY_TARGET: Final = 1.5
NO_API_URL: Final = "http://127.0.0.1:9"
"""The screen's part calls no API; a call by mistake would fail at once (the discard port)."""
PAGE_ROWS: Final = 200
MILLION: Final = 1_000_000
INSERT_BATCH: Final = 5_000
FILL_CACHE_KIB: Final = -512_000

# Surnames by their share of the population (2015 census, rounded), with the usual romanisation.
SURNAMES: Final = (
    ("김", "kim", 21.5), ("이", "lee", 14.7), ("박", "park", 8.4), ("최", "choi", 4.7),
    ("정", "jung", 4.3), ("강", "kang", 2.4), ("조", "cho", 2.1), ("윤", "yoon", 2.1),
    ("장", "jang", 2.0), ("임", "lim", 1.7), ("한", "han", 1.5), ("오", "oh", 1.5),
    ("서", "seo", 1.5), ("신", "shin", 1.4), ("권", "kwon", 1.4), ("황", "hwang", 1.4),
    ("안", "ahn", 1.3), ("송", "song", 1.3), ("전", "jeon", 1.1), ("홍", "hong", 1.1),
    ("유", "yoo", 1.1), ("고", "ko", 0.9), ("문", "moon", 0.9), ("양", "yang", 0.9),
    ("손", "son", 0.9), ("배", "bae", 0.8), ("백", "baek", 0.7), ("허", "heo", 0.6),
    ("남", "nam", 0.6), ("심", "shim", 0.5), ("노", "noh", 0.4), ("하", "ha", 0.4),
    ("곽", "kwak", 0.4), ("성", "sung", 0.4), ("차", "cha", 0.4), ("주", "joo", 0.4),
    ("우", "woo", 0.4), ("구", "koo", 0.4), ("민", "min", 0.3), ("류", "ryu", 0.3),
    ("나", "na", 0.3), ("진", "jin", 0.3), ("지", "ji", 0.3), ("엄", "eom", 0.3),
    ("채", "chae", 0.3), ("원", "won", 0.3), ("천", "cheon", 0.3), ("방", "bang", 0.3),
    ("공", "kong", 0.2), ("현", "hyun", 0.2), ("함", "ham", 0.2), ("변", "byun", 0.2),
    ("염", "yeom", 0.2), ("여", "yeo", 0.2), ("추", "choo", 0.2), ("도", "do", 0.1),
    ("소", "so", 0.1), ("석", "seok", 0.1), ("선", "sun", 0.1), ("설", "seol", 0.1),
)  # fmt: skip
FIRST_SYLLABLES: Final = (
    ("민", "min"), ("서", "seo"), ("지", "ji"), ("하", "ha"), ("도", "do"), ("예", "ye"),
    ("시", "si"), ("주", "ju"), ("준", "jun"), ("현", "hyun"), ("유", "yu"), ("수", "su"),
    ("은", "eun"), ("채", "chae"), ("윤", "yun"), ("연", "yeon"), ("건", "geon"), ("우", "woo"),
    ("승", "seung"), ("성", "sung"), ("영", "young"), ("정", "jung"), ("경", "kyung"),
    ("미", "mi"), ("혜", "hye"), ("동", "dong"), ("상", "sang"), ("재", "jae"), ("태", "tae"),
    ("진", "jin"),
)  # fmt: skip
SECOND_SYLLABLES: Final = (
    ("준", "jun"), ("연", "yeon"), ("훈", "hoon"), ("은", "eun"), ("윤", "yun"), ("우", "woo"),
    ("아", "a"), ("서", "seo"), ("민", "min"), ("호", "ho"), ("진", "jin"), ("희", "hee"),
    ("수", "su"), ("원", "won"), ("빈", "bin"), ("현", "hyun"), ("영", "young"), ("경", "kyung"),
    ("석", "seok"), ("혁", "hyuk"), ("숙", "sook"), ("철", "chul"), ("린", "rin"), ("율", "yul"),
)  # fmt: skip
FOREIGN_NAMES: Final = ("John Smith", "Maria Garcia", "Nguyen Van An", "Tanaka Yuki", "Wang Fang")
DOMAINS: Final = (("naver.com", 40), ("gmail.com", 30), ("daum.net", 10), ("hanmail.net", 5),
                  ("kakao.com", 10), ("nate.com", 5))  # fmt: skip
ISSUERS: Final = (
    ("KB국민카드", "381", "557042"), ("신한카드", "366", "542879"), ("삼성카드", "365", "531070"),
    ("현대카드", "367", "515594"), ("롯데카드", "368", "540926"), ("BC카드", "361", "490220"),
    ("하나카드", "374", "465887"), ("우리카드", "041", "536181"), ("NH농협카드", "371", "546112"),
)  # fmt: skip
FIRST_SAVED: Final = datetime(2021, 1, 1, tzinfo=UTC)
LAST_SAVED: Final = datetime(2026, 12, 1, tzinfo=UTC)


# -- the generated directory ------------------------------------------------------------------


def _name_and_mailbox(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.02:
        name = rng.choice(FOREIGN_NAMES)
        return name, name.lower().replace(" ", ".")
    surnames = [entry[:2] for entry in SURNAMES]
    surname, surname_roman = rng.choices(surnames, weights=[e[2] for e in SURNAMES])[0]
    first, first_roman = rng.choice(FIRST_SYLLABLES)
    second, second_roman = rng.choice(SECOND_SYLLABLES)
    given_roman = first_roman + second_roman
    mailbox = rng.choice(
        [
            f"{given_roman}.{surname_roman}",
            f"{surname_roman}{given_roman}",
            f"{surname_roman}.{given_roman}",
        ]
    )
    return surname + first + second, f"{mailbox}{rng.randint(1, 999) if rng.random() < 0.6 else ''}"


def _phone(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.02:
        return None
    if roll < 0.05:
        return f"02-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
    return f"010-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"


def _when(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def fake_customer(rng: random.Random, index: int) -> dict[str, Any]:
    """One directory row as the app would have saved it (search keys included)."""
    name, mailbox = _name_and_mailbox(rng)
    domain = rng.choices([d for d, _ in DOMAINS], weights=[w for _, w in DOMAINS])[0]
    email = None if rng.random() < 0.15 else f"{mailbox}@{domain}"
    tel = _phone(rng)
    card_name, card_code, bin_six = rng.choice(ISSUERS)
    card_number = f"{bin_six}000000{rng.randint(0, 9999):04d}"
    saved = _when(rng, FIRST_SAVED, LAST_SAVED)
    row: dict[str, Any] = {
        "customer_uid": f"cust_{index:07d}_{rng.getrandbits(24):06x}",
        "name": name,
        "tel": tel,
        "email": email,
        "card_number": card_number,
        "card_name": card_name,
        "card_code": card_code,
        "created_at": saved,
        "updated_at": saved,
        "deleted_at": _when(rng, saved, LAST_SAVED) if rng.random() < 0.02 else None,
        "last_charge_at": None,
        "last_charge_status": None,
        "last_charge_amount": None,
        **keys_of(name=name, email=email, tel=tel, card_number=card_number),
    }
    if rng.random() < 0.75:
        row["last_charge_at"] = _when(rng, saved, LAST_SAVED)
        row["last_charge_status"] = rng.choices(
            [LedgerStatus.PAID, LedgerStatus.CANCELLED, LedgerStatus.FAILED], weights=[85, 7, 8]
        )[0]
        row["last_charge_amount"] = rng.randint(10, 5_000) * 100
    return row


def fill(database: Database, count: int, seed: int) -> list[dict[str, Any]]:
    """Insert `count` generated customers in bulk; returns a few of them to search for."""
    rng = random.Random(seed)
    samples: list[dict[str, Any]] = []
    rows = (fake_customer(rng, index) for index in range(count))
    with database.engine.begin() as connection:
        # A bigger page cache for this one bulk transaction (the app keeps SQLite's default).
        connection.exec_driver_sql(f"PRAGMA cache_size={FILL_CACHE_KIB}")
        for batch in iter(lambda: list(itertools.islice(rows, INSERT_BATCH)), []):
            connection.execute(insert(CustomerRow), batch)
            samples.append(batch[len(batch) // 2])
    return samples


# -- timing -----------------------------------------------------------------------------------


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def median_ms(action: Callable[[], object], runs: int) -> float:
    return statistics.median(_ms(action) for _ in range(runs))


def open_ms(path: Path, runs: int) -> float:
    """A new Database on the file (cold SQLite cache), the revision check, the first page."""

    def open_and_page() -> None:
        database = open_database(path)
        try:
            CustomerDirectory(database).page(CustomerQuery(), limit=PAGE_ROWS)
        finally:
            database.dispose()

    return median_ms(open_and_page, runs)


def typed(text: str) -> list[str]:
    """Every prefix of `text`: what the search field holds after each keystroke."""
    return [text[: end + 1] for end in range(len(text))]


def chosen_searches(samples: Sequence[dict[str, Any]]) -> dict[str, str]:
    """A Korean name, a mobile number and a card's last four digits of generated customers."""
    korean = next(s for s in samples if len(s["name"]) == 3 and not s["name"].isascii())
    mobile = next(s for s in samples if (s["tel"] or "").startswith("010-"))
    return {
        "name": korean["name"],
        "phone": mobile["tel"],
        "last four": samples[len(samples) // 3]["card_number"][-4:],
    }


@dataclass(frozen=True)
class Keystrokes:
    """Median ms of each keystroke, by search."""

    by_search: dict[str, list[tuple[str, float]]]

    @property
    def all_ms(self) -> list[float]:
        return [ms for strokes in self.by_search.values() for _, ms in strokes]


def keystrokes(read: Callable[[str], object], searches: dict[str, str], runs: int) -> Keystrokes:
    by_search: dict[str, list[tuple[str, float]]] = {}
    for label, text in searches.items():
        times: dict[str, list[float]] = {prefix: [] for prefix in typed(text)}
        for _ in range(runs):
            for prefix in typed(text):
                times[prefix].append(_ms(functools.partial(read, prefix)))
        by_search[label] = [(prefix, statistics.median(ms)) for prefix, ms in times.items()]
    return Keystrokes(by_search)


# -- the earlier way, as the baseline ---------------------------------------------------------


def _contains(column: Any, needle: str) -> Any:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def old_search(database: Database, text: str) -> list[Any]:
    """The directory's search before this change: every row's lower(col) LIKE '%x%'."""
    needle = text.strip().lower()
    tel_digits = func.replace(func.replace(func.coalesce(CustomerRow.tel, ""), "-", ""), " ", "")
    digits = "".join(ch for ch in needle if ch.isdigit())
    matches = [_contains(c, needle) for c in (CustomerRow.name, CustomerRow.email)]
    matches.append(_contains(CustomerRow.customer_uid, needle))
    if digits and len(digits) == len(needle.replace("-", "").replace(" ", "")):
        matches.append(tel_digits.like(f"%{digits}%"))
        if len(digits) == 4:
            matches.append(CustomerRow.card_number.like(f"%{digits}"))
    query = (
        select(CustomerRow.customer_uid)
        .where(or_(*matches), CustomerRow.deleted_at.is_(None))
        .order_by(CustomerRow.name, CustomerRow.customer_uid)
        .limit(PAGE_ROWS)
    )
    with database.session() as session:
        return list(session.scalars(query))


def old_offset_page(database: Database, offset: int) -> list[Any]:
    query = (
        select(CustomerRow)
        .where(CustomerRow.deleted_at.is_(None))
        .order_by(CustomerRow.name, CustomerRow.customer_uid)
        .limit(PAGE_ROWS)
        .offset(offset)
    )
    with database.session() as session:
        return list(session.scalars(query))


def cursor_at(directory: CustomerDirectory, row: int) -> object | None:
    """The cursor after `row` rows of the default order, read by key in big pages."""
    after: object | None = None
    while row > 0:
        page = directory.page(CustomerQuery(), after=after, limit=min(row, 5_000))
        after, row = page.next_after, row - len(page.customers)
    return after


# -- one size ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeFigures:
    customers: int
    open_ms: float
    keystroke_worst_ms: float
    keystroke_median_ms: float
    screen: ScreenFigures | None


def _verdict(ms: float, target: float) -> str:
    return f"target <= {target:.0f} ms {'met' if ms <= target else 'NOT met'}"


def hard_cases(directory: CustomerDirectory) -> tuple[float, str]:
    """The slowest first page of frequent text over every sort and direction."""
    worst = (0.0, "")
    for text, sort, descending in itertools.product(
        ("kim", "김", "gmail", "010"), CustomerSort, (False, True)
    ):
        query = CustomerQuery(text=text, sort=sort, descending=descending)
        ms = median_ms(functools.partial(directory.page, query, limit=PAGE_ROWS), 3)
        direction = "descending" if descending else "ascending"
        worst = max(worst, (ms, f'"{text}" by {sort.value} {direction}'))
    return worst


def measure_size(
    count: int, seed: int, runs: int, *, with_baseline: bool, with_screen: bool = True
) -> SizeFigures:
    with tempfile.TemporaryDirectory(prefix="kcp-pos-customers-") as scratch:
        path = Path(scratch)
        database = open_database(path)
        try:
            started = time.perf_counter()
            found = fill(database, count, seed)
            print(
                f"customers: {count:,} (generated and inserted in "
                f"{time.perf_counter() - started:.1f} s)"
            )
            searches = chosen_searches(found)
            store = _measure(database, path, count, searches, runs, with_baseline)
        finally:
            database.dispose()
        if not with_screen:
            return store
        screen = measure_screen(path, searches, runs)
        _report_screen(screen, runs)
        return replace(store, screen=screen)


def _measure(
    database: Database,
    path: Path,
    count: int,
    searches: dict[str, str],
    runs: int,
    with_baseline: bool,
) -> SizeFigures:
    directory = CustomerDirectory(database)
    opened = open_ms(path, runs)
    print(
        f"  open: {opened:.1f} ms (store only: open + first page of {PAGE_ROWS}, median of "
        f"{runs}) - {_verdict(opened, OPEN_TARGET_MS)}"
    )
    new = keystrokes(
        lambda text: directory.page(CustomerQuery(text=text), limit=PAGE_ROWS), searches, runs
    )
    worst, median = max(new.all_ms), statistics.median(new.all_ms)
    print(
        f"  keystrokes: worst {worst:.1f} ms, median {median:.1f} ms over {len(new.all_ms)} "
        f"keystrokes (page of {PAGE_ROWS}, median of {runs} runs each) - "
        f"{_verdict(worst, KEYSTROKE_TARGET_MS)}"
    )
    for label, strokes in new.by_search.items():
        print(f"    {label}: " + ", ".join(f"{prefix!r} {ms:.1f}" for prefix, ms in strokes))
    counts = keystrokes(lambda text: directory.count(CustomerQuery(text=text)), searches, 1)
    print(f"  count (status line), same keystrokes: worst {max(counts.all_ms):.1f} ms")
    if with_baseline:
        _report_baseline(database, directory, count, searches, runs, worst)
    hard_ms, hard_case = hard_cases(directory)
    print(
        f"  hard cases (every sort and direction, for information): worst {hard_ms:.1f} ms, "
        + hard_case
    )
    return SizeFigures(count, opened, worst, median, None)


def _report_baseline(
    database: Database,
    directory: CustomerDirectory,
    count: int,
    searches: dict[str, str],
    runs: int,
    worst: float,
) -> None:
    old = keystrokes(lambda text: old_search(database, text), searches, max(1, runs // 2))
    old_worst = max(old.all_ms)
    print(
        f"  keystroke ratio: {worst / old_worst:.2f}x (worst {worst:.1f} ms / earlier LIKE scan "
        f"worst {old_worst:.1f} ms)"
    )
    deep = count * 9 // 10
    after = cursor_at(directory, deep)
    by_key = median_ms(lambda: directory.page(CustomerQuery(), after=after, limit=PAGE_ROWS), runs)
    by_offset = median_ms(lambda: old_offset_page(database, deep), max(1, runs // 2))
    print(
        f"  deep page ratio: {by_key / by_offset:.3f}x (page at row {deep:,}: by key "
        f"{by_key:.1f} ms / by OFFSET {by_offset:.1f} ms)"
    )


# -- the screen: the customers page over the filled store, in a child process ------------------


@dataclass(frozen=True)
class ScreenFigures:
    """The customers page's own figures (ms), from `screen_child`."""

    open_ms: float
    open_steps: dict[str, float]
    keystroke_worst_ms: float
    keystroke_median_ms: float
    debounce_median_ms: float
    debounce_worst_ms: float
    search_pause_ms: int
    key_to_rows_worst_ms: float
    by_search: dict[str, list[tuple[str, float]]]
    idle_mib: float
    peak_mib: float

    @property
    def memory_ratio(self) -> float:
        return self.peak_mib / self.idle_mib


def measure_screen(path: Path, searches: dict[str, str], runs: int) -> ScreenFigures:
    """Run `screen_child` on the store in `path` in a fresh interpreter (its peak memory is the
    page's alone, not this process's fill) and read its figures."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--screen-child",
        str(path),
        "--searches",
        json.dumps(searches),
        "--runs",
        str(runs),
    ]
    environment = {**os.environ}
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=1800, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"the screen's part failed:\n{result.stderr[-4000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["by_search"] = {
        label: [(prefix, ms) for prefix, ms in strokes]
        for label, strokes in figures["by_search"].items()
    }
    return ScreenFigures(**figures)


def _peak_mib() -> float:
    """This process's peak resident set. On Linux `VmHWM` of /proc/self/status, as `ru_maxrss`
    keeps the peak of the process that forked it across `exec` (here: this benchmark's fill)."""
    import resource

    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def screen_child(path: Path, searches: dict[str, str], runs: int) -> dict[str, Any]:
    """In a fresh process: the idle app (a shown window, the services over the store), then the
    customers page opened in it and searched as a clerk types. See the module docstring."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    from kcp_pos.iamport.client import IamportClient
    from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operator import LOCAL_CLERK
    from kcp_pos.settings.model import Settings
    from kcp_pos.ui.shell.change_notices import ChangeNotices
    from kcp_pos.ui.shell.operator_seat import OperatorSeat
    from kcp_pos.ui.shell.runner import BackgroundRunner
    from kcp_pos.ui.shell.screen_page import PageContext

    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    # Searching the directory never calls PortOne: a client whose every call would fail fast.
    client = IamportClient(NO_API_URL, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)
    services = AppServices.open(client, path, pg="kcp")
    runner = BackgroundRunner()
    notices = ChangeNotices(services.database.changes)
    for _ in range(5):
        app.processEvents()
    idle_mib = _peak_mib()

    class Paints(QObject):
        """When the table's viewport last painted rows."""

        def __init__(self) -> None:
            super().__init__()
            self.at: float | None = None
            self.rows = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.at = time.perf_counter()
            return False

    steps: dict[str, float] = {}
    started = time.perf_counter()
    from kcp_pos.ui.customers.page import SEARCH_PAUSE_MS, CustomersPage

    page = CustomersPage("ko", Settings())
    steps["built"] = time.perf_counter()
    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    searched_at: list[float] = []

    def on_searched(rows: int) -> None:
        searched_at.append(time.perf_counter())
        paints.rows = rows

    page.model.searched.connect(on_searched)
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
    steps["attached"] = time.perf_counter()
    wait_until(lambda: bool(searched_at), "the first page")
    steps["searched"] = searched_at[-1]
    wait_until(
        lambda: paints.at is not None and paints.at > steps["searched"], "the first rows painted"
    )
    assert paints.at is not None
    steps["painted"] = paints.at
    open_ms = (paints.at - started) * 1000
    open_steps = {name: (at - started) * 1000 for name, at in steps.items()}

    query_started: list[tuple[str, float]] = []
    set_query = page.model.set_query

    def timed_set_query(query: Any) -> None:
        query_started.append((query.text, time.perf_counter()))
        set_query(query)

    page.model.set_query = timed_set_query  # type: ignore[method-assign]
    edit = page.search_edit
    edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def settle_on(text: str) -> tuple[float, float, float]:
        """Wait for the search of `text`: (query started, rows in, rows painted)."""
        wait_until(lambda: any(t == text for t, _ in query_started), f"the search of {text!r}")
        began = next(at for t, at in reversed(query_started) if t == text)
        wait_until(lambda: bool(searched_at) and searched_at[-1] > began, f"the rows of {text!r}")
        arrived = searched_at[-1]
        wait_until(lambda: paints.at is not None and paints.at > arrived, f"{text!r} painted", 5.0)
        assert paints.at is not None
        return began, arrived, paints.at

    def press(char: str) -> None:
        """One key press; a Hangul syllable as the key event carrying it (QTest's own key
        tables are ASCII only; an input method would commit the syllable in one event too)."""
        if char.isascii():
            QTest.keyClick(edit, char)
        else:
            click = QTest.KeyAction.Click
            QTest.sendKeyEvent(click, edit, Qt.Key.Key_unknown, char, Qt.KeyboardModifier(0))

    latency: dict[str, list[float]] = {}
    debounce: list[float] = []
    key_to_rows: list[float] = []
    for label, text in searches.items():
        for _ in range(runs):
            if edit.text():
                QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                QTest.keyClick(edit, Qt.Key.Key_Backspace)
                settle_on("")
            for prefix in typed(text):
                query_started.clear()
                pressed = time.perf_counter()
                press(prefix[-1])
                began, _arrived, painted = settle_on(prefix)
                latency.setdefault(f"{label}\0{prefix}", []).append((painted - began) * 1000)
                debounce.append((began - pressed) * 1000)
                key_to_rows.append((painted - pressed) * 1000)
    by_search: dict[str, list[tuple[str, float]]] = {}
    for key, times in latency.items():
        label, prefix = key.split("\0")
        by_search.setdefault(label, []).append((prefix, statistics.median(times)))
    medians = [ms for strokes in by_search.values() for _, ms in strokes]
    peak_mib = _peak_mib()
    runner.shutdown()
    notices.close()
    services.close()
    return {
        "open_ms": open_ms,
        "open_steps": open_steps,
        "keystroke_worst_ms": max(medians),
        "keystroke_median_ms": statistics.median(medians),
        "debounce_median_ms": statistics.median(debounce),
        "debounce_worst_ms": max(debounce),
        "search_pause_ms": SEARCH_PAUSE_MS,
        "key_to_rows_worst_ms": max(key_to_rows),
        "by_search": by_search,
        "idle_mib": idle_mib,
        "peak_mib": peak_mib,
    }


def _report_screen(screen: ScreenFigures, runs: int) -> None:
    steps = ", ".join(f"{name} {ms:.0f}" for name, ms in screen.open_steps.items())
    print(
        f"  screen open: {screen.open_ms:.1f} ms (page built, attached, first page of "
        f"{PAGE_ROWS} read and painted; {steps} ms) - {_verdict(screen.open_ms, OPEN_TARGET_MS)}"
    )
    count = sum(len(strokes) for strokes in screen.by_search.values())
    print(
        f"  screen keystrokes: worst {screen.keystroke_worst_ms:.1f} ms, median "
        f"{screen.keystroke_median_ms:.1f} ms over {count} keystrokes (search started to rows "
        f"painted, median of {runs} runs each) - "
        f"{_verdict(screen.keystroke_worst_ms, KEYSTROKE_TARGET_MS)}"
    )
    for label, strokes in screen.by_search.items():
        print(f"    {label}: " + ", ".join(f"{prefix!r} {ms:.1f}" for prefix, ms in strokes))
    print(
        f"  debounce (key press to search started; SEARCH_PAUSE_MS "
        f"{screen.search_pause_ms}): median {screen.debounce_median_ms:.1f} ms, worst "
        f"{screen.debounce_worst_ms:.1f} ms; key press "
        f"to rows painted, worst {screen.key_to_rows_worst_ms:.1f} ms"
    )
    print(
        f"  memory ratio: {screen.memory_ratio:.2f}x (peak {screen.peak_mib:.0f} MiB with the page "
        f"open and searched / idle app {screen.idle_mib:.0f} MiB) - target <= "
        f"{MEMORY_TARGET:.1f}x {'met' if screen.memory_ratio <= MEMORY_TARGET else 'NOT met'}"
    )


# -- main -------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=100_000, help="the first size")
    parser.add_argument(
        "--skip-1m", "--no-1m", action="store_true", help="do not measure 1,000,000"
    )
    parser.add_argument(
        "--store-only", action="store_true", help="no screen part (no Qt; memory_ratio null)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated customers")
    parser.add_argument("--screen-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--searches", type=json.loads, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.customers < 100 or args.runs < 1:
        parser.error("--customers must be at least 100 and --runs at least 1")
    return args


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _shown(size: SizeFigures) -> tuple[float, float, float]:
    """open, worst and median keystroke: the screen's when measured, else the store's."""
    if size.screen is not None:
        screen = size.screen
        return screen.open_ms, screen.keystroke_worst_ms, screen.keystroke_median_ms
    return size.open_ms, size.keystroke_worst_ms, size.keystroke_median_ms


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.screen_child is not None:
        print(json.dumps(screen_child(args.screen_child, args.searches, args.runs)))
        return 0
    with_screen = not args.store_only
    first = measure_size(
        args.customers, args.seed, args.runs, with_baseline=True, with_screen=with_screen
    )
    million = None
    if not args.skip_1m:
        million = measure_size(
            MILLION, args.seed, args.runs, with_baseline=False, with_screen=with_screen
        )
    opened, worst, median = _shown(first)
    figures = {
        "customers": first.customers,
        "open_ms": _rounded(opened),
        "keystroke_worst_ms": _rounded(worst),
        "keystroke_median_ms": _rounded(median),
        "memory_ratio": round(first.screen.memory_ratio, 3) if first.screen else None,
        "open_ms_1m": _rounded(_shown(million)[0]) if million else None,
        "keystroke_worst_ms_1m": _rounded(_shown(million)[1]) if million else None,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
