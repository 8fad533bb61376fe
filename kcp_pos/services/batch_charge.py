"""Charging many saved cards in one batch (issue 9): plan, run with bounded concurrency, resume.

**Plan** (`plan_batch`). Every line of a checked batch file (`batch_file.py`) gets its
`merchant_uid`, and the batch and all its lines are committed in one transaction
(`store.BatchBook`) before anything is sent. A file whose normalised rows have the same content
hash as an earlier batch *is* that batch: planning it again returns the stored batch with its
stored `merchant_uid`s (`resumed=True`), so running the same file twice never charges anyone
twice. Two guards keep the content rule from charging twice or silently charging nobody:

* a file whose batch was charged in full more than `RESUME_WINDOW` ago (next month's identical
  file) is refused (`AlreadyCharged`) rather than "resumed" with nothing to do; charging the
  same rows again on purpose needs `new_batch=True`;
* a new batch refuses lines whose customer was charged (paid, or not yet known) within
  `RECENT_WINDOW` (`RecentlyCharged`): a file re-sorted or edited after a partial run, or a
  customer charged by hand today, would otherwise be charged again. `allow_recent=True` charges
  them anyway, on purpose.

Finding the batch and creating it are one transaction, so two terminals starting the same new
file at once make one batch.

**Run** (`run_batch`). A line's outcome is the attempt journal's attempt under its
`merchant_uid`; there is no second copy of it:

* no attempt: never sent; it is charged through `again_charge.charge_again` (the one money path:
  journalled before it is sent, classified, settled, recorded; a key the directory does not know
  joins it from the payment);
* `sending` / `unknown`: the answer was lost (or the app died while waiting). Such lines are
  looked up first (`resolution.resolve_attempt`), never sent again;
* paid / declined (settled directly or by lookup): done, skipped.

Just before a line is journalled and sent (its send slot held, in the journal's own write
transaction: `_LineTurn`), its customer's charges since the batch was planned are read: one by
another order (an edited copy of the file run meanwhile, a charge by hand) keeps the line
unsent, with that order named, in this run and any later one.

At most `concurrency` requests are on the wire at a time: a line holds one of that many send
slots (`send_slots.SendSlots`) from just before it is journalled until its answer is in
(`run_money_call`'s `send_turn`), so a journalled line is always one whose request is leaving:
a stop, or a crash, never leaves a line journalled but unsent (a lookup could only call it "not
charged" after `SETTLE_AFTER`). `SPARE_WORKERS` more worker threads than slots share them (the
client and the store are safe to share between threads): a line's order checks before its turn
and its records after it overlap the other lines' waits for their answers. The journal's write
before a send goes before the store's other writers (`Database.session(before_send=True)`), and
a line whose answer freed a slot records it once the line taking the slot is journalled
(`SendSlots.give_back`). The workers start
`RAMP` apart, so the first lines' local work does not all land at once. Between lines each
worker asks `progress.stop_requested`; once asked, no new line is sent and the requests in
flight finish. After the sends, lines left unknown are looked
up once more. A line whose lookup finds nothing stays unknown until `SETTLE_AFTER` has passed
(a PG can commit late): the batch then ends with unknown lines and can be run again later.

Nothing here knows Qt; a screen and the command line (`kcp_pos/batch_cli.py`) both drive it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.batch_file import BatchFile
from kcp_pos.services.identifiers import new_order_uid
from kcp_pos.services.money_call import InvalidOrder, RequestNotBuilt
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import Approval, permit
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink, Stopped
from kcp_pos.services.recent_charge import EarlierCharge, charges_of_keys_since, charges_since
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.services.send_slots import SendSlots
from kcp_pos.store import Attempt, BatchBook, BatchLine, StoredBatch, utc_now

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY: Final = 4
MAX_CONCURRENCY: Final = 16
"""PortOne rate-limits per merchant; a handful of requests at a time is plenty for a batch."""
RESUME_WINDOW: Final = timedelta(hours=24)
"""A batch charged in full longer ago than this is not "resumed" by the same rows again."""
RECENT_WINDOW: Final = timedelta(days=5)
"""A new batch refuses a customer charged this recently (shorter than a weekly billing cycle)."""
SPARE_WORKERS: Final = 2
"""Workers beyond the send slots: enough to have the next line checked when a slot frees (a
line's local work is a few percent of its wait for PortOne's answer)."""
REPORT_EVERY: Final = 0.1
"""Seconds between two progress reports: ten redraws a second are smooth; one per line (forty a
second) made the window wait for the interpreter."""
RAMP: Final = 0.01
"""Seconds between the starts of two workers."""

RUN_BATCH: Final = "batch.run"


class LineStatus(StrEnum):
    NOT_SENT = "not_sent"
    PAID = "paid"
    DECLINED = "declined"
    UNKNOWN = "unknown"


_STATUS_OF_STATE: Final = {
    AttemptState.DRAFT: LineStatus.NOT_SENT,
    AttemptState.SENDING: LineStatus.UNKNOWN,
    AttemptState.UNKNOWN: LineStatus.UNKNOWN,
    AttemptState.PAID: LineStatus.PAID,
    AttemptState.RESOLVED_PAID: LineStatus.PAID,
    AttemptState.FAILED: LineStatus.DECLINED,
    AttemptState.RESOLVED_FAILED: LineStatus.DECLINED,
}


@dataclass(frozen=True, slots=True)
class LineResult:
    """A batch line and how it stands (from the journal)."""

    line: BatchLine
    status: LineStatus
    attempt: Attempt | None = None
    problem: str | None = None
    """Why a line could not be sent at all (a defect, not a decline), if so."""

    @property
    def imp_uid(self) -> str | None:
        return self.attempt.imp_uid if self.attempt is not None else None

    @property
    def fail_reason(self) -> str | None:
        if self.attempt is not None and self.status is not LineStatus.PAID:
            return self.attempt.fail_reason
        return self.problem

    @property
    def card_number(self) -> str | None:
        """Masked (the journal never holds more)."""
        return self.attempt.card_number if self.attempt is not None else None


def line_result(line: BatchLine, attempt: Attempt | None, problem: str | None = None) -> LineResult:
    status = LineStatus.NOT_SENT if attempt is None else _STATUS_OF_STATE[attempt.state]
    return LineResult(line, status, attempt, problem)


@dataclass(frozen=True, slots=True)
class BatchCounts:
    """Where a running batch stands; `seconds_left` is an estimate (None before the first
    answer)."""

    total: int
    paid: int
    declined: int
    unknown: int
    not_sent: int
    seconds_left: float | None = None

    @property
    def done(self) -> int:
        return self.paid + self.declined + self.unknown

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


def count(results: Sequence[LineResult], seconds_left: float | None = None) -> BatchCounts:
    return counts_of(Counter(result.status for result in results), seconds_left)


def counts_of(statuses: Counter[LineStatus], seconds_left: float | None = None) -> BatchCounts:
    """The counts of lines by status (every line counted once)."""
    return BatchCounts(
        total=statuses.total(),
        paid=statuses[LineStatus.PAID],
        declined=statuses[LineStatus.DECLINED],
        unknown=statuses[LineStatus.UNKNOWN],
        not_sent=statuses[LineStatus.NOT_SENT],
        seconds_left=seconds_left,
    )


@dataclass(frozen=True)
class BatchPlan:
    batch: StoredBatch
    resumed: bool
    """True when the file's rows were already a batch (its `merchant_uid`s are reused)."""


@dataclass(frozen=True)
class BatchReport:
    batch: StoredBatch
    results: tuple[LineResult, ...]
    stopped: bool
    """The caller asked to stop: some lines may not have been sent."""
    lookup_errors: int = 0

    @property
    def counts(self) -> BatchCounts:
        return count(self.results)

    @property
    def settled(self) -> bool:
        """Every line paid or declined."""
        return all(r.status in (LineStatus.PAID, LineStatus.DECLINED) for r in self.results)


class AlreadyCharged(Exception):
    """The rows were charged in full by `batch`, more than `RESUME_WINDOW` ago: charging them
    again needs `new_batch=True`."""

    def __init__(self, batch: StoredBatch) -> None:
        super().__init__(f"these rows were charged in full by batch {batch.id}")
        self.batch = batch


@dataclass(frozen=True)
class RecentCharge:
    """A line of the file whose customer was charged within `RECENT_WINDOW`."""

    line: int
    customer_uid: str
    amount: int
    earlier: EarlierCharge


class RecentlyCharged(Exception):
    """Lines whose customers were charged (or may have been) within `RECENT_WINDOW`; nothing
    was planned. `allow_recent=True` charges them anyway."""

    def __init__(self, charges: Sequence[RecentCharge]) -> None:
        super().__init__(f"{len(charges)} line(s) charged within {RECENT_WINDOW.days} days")
        self.charges = tuple(charges)


def recent_charges(
    services: AppServices, batch_file: BatchFile, *, now: datetime | None = None
) -> tuple[RecentCharge, ...]:
    """The file's lines whose customer was charged (paid, or not yet known) within
    `RECENT_WINDOW`: by a batch, a charge again, a keyed charge that saved the card, a scheduled
    charge or a late approval (`recent_charge.charges_since`)."""
    since = (now or utc_now()) - RECENT_WINDOW
    uids = sorted({row.customer_uid for row in batch_file.rows})
    charged = charges_of_keys_since(services, uids, since)
    latest = {uid: charges[-1] for uid, charges in charged.items()}
    return tuple(
        RecentCharge(row.line, row.customer_uid, row.amount, latest[row.customer_uid])
        for row in batch_file.rows
        if row.customer_uid in latest
    )


def charged_in_full_long_ago(
    services: AppServices, batch: StoredBatch, *, now: datetime | None = None
) -> bool:
    """`batch` is over (every line paid or declined) and older than `RESUME_WINDOW`."""
    if (now or utc_now()) - batch.created_at <= RESUME_WINDOW:
        return False
    results = batch_results(services, batch)
    return all(r.status in (LineStatus.PAID, LineStatus.DECLINED) for r in results)


def find_batch(services: AppServices, batch_file: BatchFile) -> StoredBatch | None:
    """The batch `batch_file`'s rows already are, if any (nothing is written)."""
    return BatchBook(services.database).latest_with_hash(batch_file.content_hash)


def plan_batch(
    services: AppServices,
    batch_file: BatchFile,
    *,
    operator: Operator,
    approval: Approval | None = None,
    new_batch: bool = False,
    allow_recent: bool = False,
    now: datetime | None = None,
) -> BatchPlan:
    """The batch of `batch_file`: the stored one with the same content hash (unless
    `new_batch`), else a new one with a fresh `merchant_uid` per line, committed at once.
    Raises `AlreadyCharged` and `RecentlyCharged` (see the module's docstring). Needs a
    manager, or a manager's `approval` of `RUN_BATCH` for `operator`."""
    permit(operator, Role.MANAGER, action=RUN_BATCH, approval=approval)
    book = BatchBook(services.database)
    if not new_batch:
        existing = find_batch(services, batch_file)
        if existing is not None:
            if charged_in_full_long_ago(services, existing, now=now):
                raise AlreadyCharged(existing)
            return BatchPlan(existing, resumed=True)
    if not allow_recent:
        recent = recent_charges(services, batch_file, now=now)
        if recent:
            raise RecentlyCharged(recent)
    lines = [
        BatchLine(
            line=row.line,
            customer_uid=row.customer_uid,
            amount=row.amount,
            order_name=row.order_name,
            tax_free=row.tax_free,
            card_quota=row.card_quota,
            merchant_uid=new_order_uid(),
        )
        for row in batch_file.rows
    ]
    if new_batch:
        batch = book.create(
            content_hash=batch_file.content_hash,
            source_name=batch_file.source_name,
            operator=operator.name,
            lines=lines,
        )
        return BatchPlan(batch, resumed=False)
    batch, created = book.create_unless_planned(  # another terminal may have just planned it
        content_hash=batch_file.content_hash,
        source_name=batch_file.source_name,
        operator=operator.name,
        lines=lines,
    )
    return BatchPlan(batch, resumed=not created)


def batch_results(services: AppServices, batch: StoredBatch) -> tuple[LineResult, ...]:
    """How every line of `batch` stands now, in file order (read from the journal)."""
    attempts = services.journal.charges_by_merchant_uid([line.merchant_uid for line in batch.lines])
    return tuple(line_result(line, attempts.get(line.merchant_uid)) for line in batch.lines)


BatchWatcher = Callable[[BatchCounts], None]


def run_batch(
    services: AppServices,
    batch: StoredBatch,
    *,
    operator: Operator,
    approval: Approval | None = None,
    progress: ProgressSink = NO_PROGRESS,
    concurrency: int = DEFAULT_CONCURRENCY,
    watch: BatchWatcher | None = None,
) -> BatchReport:
    """Settle the lines left unknown by lookup, charge the lines never sent (at most
    `concurrency` at a time), look up those that came back unknown, and report every line.

    `watch` hears the counts after each line (on a worker thread; keep it quick)."""
    permit(operator, Role.MANAGER, action=RUN_BATCH, approval=approval)
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be from 1 to {MAX_CONCURRENCY}")
    run = _Run(services, batch, operator, progress, watch)
    lookup_errors = run.look_up_unknown()
    run.send_not_sent(concurrency)
    lookup_errors += run.look_up_unknown()
    run.tell_final()
    return BatchReport(batch, run.snapshot(), stopped=run.stopped, lookup_errors=lookup_errors)


class _Run:
    """One run of a batch: the lines' results, updated by the workers under one lock."""

    def __init__(
        self,
        services: AppServices,
        batch: StoredBatch,
        operator: Operator,
        progress: ProgressSink,
        watch: BatchWatcher | None,
    ) -> None:
        self.services = services
        self.batch = batch
        self.operator = operator
        self.progress = progress
        self.watch = watch
        self.stopped = False
        self._lock = threading.Lock()
        self._results = list(batch_results(services, batch))
        self._statuses = Counter(result.status for result in self._results)
        self._started = time.monotonic()
        self._reported_at = float("-inf")
        self._sent_this_run = 0

    def snapshot(self) -> tuple[LineResult, ...]:
        with self._lock:
            return tuple(self._results)

    def look_up_unknown(self) -> int:
        """Look every unknown line up once; returns how many lookups failed."""
        errors = 0
        for index, result in enumerate(self.snapshot()):
            if result.status is not LineStatus.UNKNOWN or result.attempt is None:
                continue
            try:
                attempt = resolve_attempt(self.services, result.attempt)
            except Exception as error:  # the lookup failed: the line stays unknown
                log.warning("lookup of batch line %d: %s", result.line.line, type(error).__name__)
                errors += 1
                continue
            self._update(index, line_result(result.line, attempt), sent=False)
        return errors

    def send_not_sent(self, concurrency: int) -> None:
        pending = [i for i, r in enumerate(self.snapshot()) if r.status is LineStatus.NOT_SENT]
        if not pending:
            self._tell()
            return
        queue = iter(pending)
        queue_lock = threading.Lock()
        slots = SendSlots(concurrency)

        def next_index() -> int | None:
            with queue_lock:
                if self.progress.stop_requested:
                    self.stopped = True
                    return None
                return next(queue, None)

        def work(place: int) -> None:
            time.sleep(place * RAMP)
            while (index := next_index()) is not None:
                self._charge(index, slots)

        workers = min(concurrency + SPARE_WORKERS, len(pending))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="batch") as pool:
            for future in [pool.submit(work, place) for place in range(workers)]:
                future.result()

    def _charge(self, index: int, slots: SendSlots) -> None:
        line = self._results[index].line
        order = new_again_order(
            customer_uid=line.customer_uid,
            amount=line.amount,
            order_name=line.order_name,
            tax_free=line.tax_free,
            card_quota=line.card_quota,
            merchant_uid=line.merchant_uid,
        )
        problem: str | None = None
        attempt: Attempt | None = None
        try:
            outcome = charge_again(
                self.services,
                order,
                operator=self.operator,
                progress=_StopOnly(self.progress),
                send_turn=_LineTurn(slots, lambda: self._charged_since_planned(line)),
            )
            if outcome.attempt.merchant_uid == line.merchant_uid:
                attempt = outcome.attempt  # the journal's row as the money call settled it
        except ChargedSincePlanned as charged:  # an edited copy of the file, a charge by hand
            elsewhere = f"charged by {charged.other.merchant_uid} since this batch was planned"
            self._update(index, line_result(line, None, elsewhere), sent=False)
            return
        except Stopped:
            self.stopped = True
        except (InvalidOrder, RequestNotBuilt) as error:
            problem = str(error)  # names rules and fields only, never values
        except Exception as error:
            # Before journalling (the attempt then does not exist) or a store failure: the
            # journal, read again below, says which.
            log.error("batch line %d: %s", line.line, type(error).__name__)
            problem = type(error).__name__
        if attempt is None:
            found = self.services.journal.charges_by_merchant_uid([line.merchant_uid])
            attempt = found.get(line.merchant_uid)
        self._update(index, line_result(line, attempt, None if attempt else problem), sent=True)

    def _charged_since_planned(self, line: BatchLine) -> EarlierCharge | None:
        """Another charge of the line's customer (paid, or not yet known) since this batch was
        planned: the line is then not sent, this run or any later one."""
        found = charges_since(
            self.services, line.customer_uid, self.batch.created_at, excluding=line.merchant_uid
        )
        return found[0] if found else None

    def _update(self, index: int, result: LineResult, *, sent: bool) -> None:
        with self._lock:
            self._statuses[self._results[index].status] -= 1
            self._statuses[result.status] += 1
            self._results[index] = result
            if sent:
                self._sent_this_run += 1
        self._tell()

    def tell_final(self) -> None:
        """The counts as the run ends, whatever was reported last."""
        self._reported_at = float("-inf")
        self._tell()

    def _tell(self) -> None:
        """The counts after a line (kept as lines change: a line's report costs the same in a
        batch of ten or of ten thousand). `watch` hears every line; `progress` (a screen's
        redraw) at most every `REPORT_EVERY`, and the last line always."""
        now = time.monotonic()
        with self._lock:
            statuses = Counter(self._statuses)
            sent = self._sent_this_run
            last = statuses[LineStatus.NOT_SENT] == 0
            report = last or now - self._reported_at >= REPORT_EVERY
            if report:
                self._reported_at = now
        left = statuses[LineStatus.NOT_SENT]
        counts = counts_of(statuses, (now - self._started) / sent * left if sent else None)
        if self.watch is not None:  # first: a screen reads the counts when the report arrives
            self.watch(counts)
        if report:
            self.progress.report(
                f"paid {counts.paid}, declined {counts.declined}, unknown {counts.unknown}, "
                f"not sent {counts.not_sent}",
                counts.fraction,
            )


class ChargedSincePlanned(Exception):
    """The line's customer was charged by another order since the batch was planned."""

    def __init__(self, other: EarlierCharge) -> None:
        super().__init__(f"charged by {other.merchant_uid} since the batch was planned")
        self.other = other


class _LineTurn:
    """One line's turn to send: a send slot; then, inside the journal's write (`check`), the
    customer's charges since the batch was planned are read once more, so that a charge made
    while the line waited (read any earlier, it would go unseen) keeps the line unsent:
    `ChargedSincePlanned`. On SQLite the journal's write holds the store's write lock, so a
    charge journalled by another terminal at the same moment is seen too (not on PostgreSQL
    at READ COMMITTED: see the closing note of issue 9)."""

    def __init__(self, slots: SendSlots, other_charge: Callable[[], EarlierCharge | None]) -> None:
        self._slots = slots
        self._other_charge = other_charge
        self._journalled = False

    def __enter__(self) -> None:
        self._slots.take()

    def check(self) -> None:
        other = self._other_charge()
        if other is not None:
            raise ChargedSincePlanned(other)

    def journalled(self) -> None:
        self._journalled = True
        self._slots.journalled()

    def __exit__(self, *exc_info: object) -> None:
        self._slots.give_back(journalled=self._journalled)


class _StopOnly:
    """The run's stop request for one line's money call, without its per-call reports (the
    run reports counts instead)."""

    def __init__(self, progress: ProgressSink) -> None:
        self._progress = progress

    def report(self, message: str, fraction: float | None = None) -> None:
        pass

    @property
    def stop_requested(self) -> bool:
        return self._progress.stop_requested
