"""`kcp-pos batch FILE.csv`: the batch charge without the window, for an unattended month-end run.

    kcp-pos batch FILE.csv --operator NAME [--pin-file PATH] [--concurrency N]
                           [--results OUT.csv] [--yes] [--new-batch] [--allow-recent]
                           [--data-dir D] [--config-dir D] [--log-dir D] [--sandbox-url URL]

It runs as an operator of this terminal who proves who they are, as at the window: `--operator
NAME` is required, and the PIN is typed (not echoed) on a terminal or, for a scheduled job,
read from the first line of `--pin-file PATH`, a file only its owner may read (`cli_sign_in.py`
says why never an argument or an environment variable). The sign-in counts wrong PINs and locks
after five, as the window's does. A batch charge needs a manager (or an administrator): a clerk
is refused and nothing is charged. A terminal with no operators yet is refused: start the app
once to set up the administrator. The run's audit entry (`batch.command_line`) names the
operator and the computer's login name.

It uses the active settings profile as the window does (`app.ApiBackend`): the embedded sandbox
unless live is chosen and the keychain holds a key. In sandbox mode its first line on standard
error is `sandbox: http://127.0.0.1:PORT`. The file is read and checked first; every problem is
printed with its line and column and nothing is charged. Without `--yes` it asks for
confirmation (the count and total still to charge) on a terminal; when standard input is not a
terminal it refuses (exit 2) and says that `--yes` is needed, so that a scheduled job never
hangs on a question nobody sees.

Running the same command again with the same file resumes the batch (`services/batch_charge.py`):
paid and declined lines are skipped, unknown lines are looked up, and only lines never sent are
charged. `--new-batch` charges the same rows again on purpose (e.g. an identical monthly file).

Progress goes to standard output: a bar on a terminal, else one line per 1%. Ctrl+C (or SIGTERM)
stops new charges; those in flight finish and are recorded. The results are written as CSV
(`--results`, default `FILE-results.csv` beside the file) at the end of every run; a run that is
killed leaves none (an earlier one is removed as the run starts), and running it again writes
it.

Exit codes: 0 every line settled (paid or declined); 2 bad input or arguments, not confirmed,
or the operator not signed in (no PIN, a wrong PIN, locked) or not a manager (nothing charged);
3 some lines still unknown (run the same command again later to look them up); 130 stopped by
Ctrl+C/SIGTERM before every line was sent (run again to continue); 1 the backend or the store
could not be used, or a line could not be sent at all (see the log).
Messages are in English (a scheduled job's log is read by whoever maintains it).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TextIO

from kcp_pos.app import (
    ApiBackend,
    assemble_services,
    loopback_url,
    open_store,
    resolve_data_dir,
    store_dir_for,
)
from kcp_pos.cli_sign_in import (
    CommandLineSignInRefused,
    os_user,
    read_pin,
    sign_in_operator,
)
from kcp_pos.domain.korea_time import minute_text
from kcp_pos.domain.money import format_krw
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.batch_charge import (
    DEFAULT_CONCURRENCY,
    MAX_CONCURRENCY,
    RECENT_WINDOW,
    AlreadyCharged,
    BatchCounts,
    BatchReport,
    LineStatus,
    RecentCharge,
    RecentlyCharged,
    batch_results,
    charged_in_full_long_ago,
    find_batch,
    plan_batch,
    recent_charges,
    run_batch,
)
from kcp_pos.services.batch_file import BatchFile, BatchFileRefused, read_batch_file
from kcp_pos.services.batch_results import write_results
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import NotPermitted, require
from kcp_pos.services.progress import NO_PROGRESS
from kcp_pos.settings.model import Profile
from kcp_pos.settings.secrets import SecretStore
from kcp_pos.settings.store import SettingsStore

log = logging.getLogger(__name__)

EXIT_SETTLED = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNKNOWN = 3
EXIT_STOPPED = 130
BAR_WIDTH = 30
COMMAND_LINE_RUN = "batch.command_line"
"""The audit action of a batch run from the command line (who signed in, and the login name)."""


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kcp-pos batch",
        description="Charge the saved cards listed in a CSV file "
        "(customer_uid,amount,order_name[,tax_free,card_quota]).",
    )
    parser.add_argument("file", type=Path, help="the batch file (UTF-8 CSV, as Excel saves it)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"charges at a time, 1 to {MAX_CONCURRENCY} (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("--results", type=Path, help="where to write the results CSV")
    parser.add_argument("--yes", action="store_true", help="charge without asking")
    parser.add_argument(
        "--new-batch",
        action="store_true",
        help="charge these rows again as a new batch even if the same rows were run before",
    )
    parser.add_argument(
        "--allow-recent",
        action="store_true",
        help=f"charge customers charged in the last {RECENT_WINDOW.days} days too "
        "(refused by default: an edited or re-sorted file would charge them twice)",
    )
    parser.add_argument("--data-dir", type=Path, help="folder for the ledger and sandbox data")
    parser.add_argument("--config-dir", type=Path, help="folder of settings.json")
    parser.add_argument("--log-dir", type=Path, help="folder of the log file")
    parser.add_argument(
        "--sandbox-url",
        type=loopback_url,
        help="use a kcp-pos-sandbox already running on this computer (needs --data-dir)",
    )
    parser.add_argument(
        "--operator",
        metavar="NAME",
        help="required: the operator (a manager or an administrator of this terminal) who runs "
        "the batch and signs in with their PIN",
    )
    parser.add_argument(
        "--pin-file",
        type=Path,
        metavar="PATH",
        help="for a scheduled job: a file only you can read (chmod 600) holding the operator's "
        "PIN on its first line; without it the PIN is asked on the terminal",
    )
    args = parser.parse_args(argv)
    if not args.operator:
        parser.error(
            "--operator NAME is required: the batch runs as an operator of this terminal (a "
            "manager or an administrator), who signs in with their PIN"
        )
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        parser.error(f"--concurrency must be from 1 to {MAX_CONCURRENCY}")
    if args.sandbox_url is not None and args.data_dir is None:
        parser.error("--sandbox-url needs --data-dir: a folder for this sandbox's training data")
    return args


def main(argv: Sequence[str]) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
        return int(exit_.code or 0)
    from kcp_pos.logging_setup import hold_early_records, open_log

    hold_early_records()  # open_log opens the file only over held records (else stderr)
    open_log(args.log_dir)
    try:
        pin = read_pin(args.operator, args.pin_file)  # before anything starts: nothing to undo
    except CommandLineSignInRefused as refused:
        _err(f"{refused}; nothing was charged")
        return EXIT_BAD_INPUT
    settings = SettingsStore(args.config_dir).load()
    backend = ApiBackend(
        settings, SecretStore(), resolve_data_dir(args.data_dir, settings), args.sandbox_url
    )
    try:
        ready = backend.start(NO_PROGRESS)
    except Exception as error:
        log.exception("batch: the backend did not start")
        _err(f"the API backend did not start: {type(error).__name__}: {error}")
        backend.stop()
        return EXIT_FAILED
    mode = ready.endpoint.mode
    if mode is Profile.SANDBOX:
        _err(f"sandbox: {ready.endpoint.base_url}")
    try:
        batch_file = read_batch_file(args.file)
    except BatchFileRefused as refused:
        for problem in refused.problems:
            _err(f"{args.file.name}: {problem.english()}")
        _err(f"{len(refused.problems)} problem(s); nothing was charged")
        backend.stop()
        return EXIT_BAD_INPUT
    except OSError as error:
        _err(f"cannot read {args.file}: {error.strerror or type(error).__name__}")
        backend.stop()
        return EXIT_BAD_INPUT
    services: AppServices | None = None
    try:
        opened = open_store(store_dir_for(backend.data_dir, mode))
        services = assemble_services(ready.endpoint, opened.database, settings.pg)
        operator = sign_in_operator(services, args.operator, pin)
        require(operator, Role.MANAGER)  # before the question; plan_batch checks it again
        return _charge(services, batch_file, args, mode, operator)
    except CommandLineSignInRefused as refused:
        _err(f"{refused}; nothing was charged")
        return EXIT_BAD_INPUT
    except NotPermitted as refused:
        _err(
            f"a batch charge needs a manager: {refused.operator.name} is a "
            f"{refused.operator.role.value}; nothing was charged"
        )
        return EXIT_BAD_INPUT
    except Exception as error:
        log.exception("batch: failed")
        _err(f"the batch could not run: {type(error).__name__}: {error}")
        return EXIT_FAILED
    finally:
        if services is not None:
            services.close()
        backend.stop()


def _charge(
    services: AppServices,
    batch_file: BatchFile,
    args: argparse.Namespace,
    mode: Profile,
    operator: Operator,
) -> int:
    existing = None if args.new_batch else find_batch(services, batch_file)
    if existing is not None and charged_in_full_long_ago(services, existing):
        return _already_charged(AlreadyCharged(existing))
    if existing is None and not args.allow_recent:
        recent = recent_charges(services, batch_file)
        if recent:
            return _recently_charged(RecentlyCharged(recent))
    if existing is not None:
        before = batch_results(services, existing)
        amounts = [r.line.amount for r in before if r.status is LineStatus.NOT_SENT]
        unknown = sum(r.status is LineStatus.UNKNOWN for r in before)
        _out(
            f"resuming batch {existing.id} of {_korea_time(existing.created_at)}: "
            f"{len(amounts)} of {len(before)} line(s) not sent yet, {unknown} to look up"
        )
    else:
        amounts = [row.amount for row in batch_file.rows]
    count, total = len(amounts), sum(amounts)
    question = (
        f"Charge {count} saved card(s), {format_krw(total)} in total"
        f"{' (SANDBOX: no money moves)' if mode is Profile.SANDBOX else ''}?"
    )
    if count and not args.yes:
        if not sys.stdin.isatty():
            _err(f"{question} Not asked: standard input is not a terminal. Pass --yes.")
            return EXIT_BAD_INPUT
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            _out("nothing was charged")
            return EXIT_BAD_INPUT
    try:
        plan = plan_batch(
            services,
            batch_file,
            operator=operator,
            new_batch=args.new_batch,
            allow_recent=args.allow_recent,
        )
    except AlreadyCharged as refused:  # planned by someone else since the question
        return _already_charged(refused)
    except RecentlyCharged as refused:
        return _recently_charged(refused)
    services.audit.append(
        COMMAND_LINE_RUN,
        subject=str(plan.batch.id),
        details={
            "os_user": os_user(),
            "file": batch_file.source_name,
            "lines": count,
            "amount": total,
            "resumed": plan.resumed,
        },
        actor=operator.name,
    )
    results_path = args.results or args.file.with_name(f"{args.file.stem}-results.csv")
    # Written when the run ends. A run that dies leaves no results file rather than one that
    # looks current: an earlier run's, or this batch's lines as they stood before any was sent
    # (which would call lines paid meanwhile "not sent"). Running the command again writes it.
    results_path.unlink(missing_ok=True)
    stop = _StopOnSignal()
    meter = _Meter(sys.stdout)
    with stop.installed():
        report = run_batch(
            services,
            plan.batch,
            operator=operator,
            progress=stop,
            concurrency=args.concurrency,
            watch=meter.show,
        )
    meter.finish()
    write_results(results_path, report.results)
    return _summary(report, results_path)


def _already_charged(refused: AlreadyCharged) -> int:
    batch = refused.batch
    _err(
        f"these rows were charged in full on {_korea_time(batch.created_at)} "
        f"(batch {batch.id}); nothing was charged now. To charge them again (e.g. next "
        "month's identical file), pass --new-batch."
    )
    return EXIT_BAD_INPUT


def _recently_charged(refused: RecentlyCharged) -> int:
    for charge in refused.charges:
        _err(f"line {charge.line}: {charge.customer_uid} {_earlier_text(charge)}")
    _err(
        f"{len(refused.charges)} line(s) name customers charged in the last "
        f"{RECENT_WINDOW.days} days; nothing was charged. Remove those lines, or pass "
        "--allow-recent to charge them again on purpose."
    )
    return EXIT_BAD_INPUT


def _earlier_text(charge: RecentCharge) -> str:
    earlier = charge.earlier
    state = "paid" if earlier.paid else "not yet known"
    return (
        f"was charged {format_krw(earlier.amount)} on {_korea_time(earlier.at)} "
        f"({state}, {earlier.merchant_uid})"
    )


def _korea_time(moment: datetime) -> str:
    """As the window shows times (Korea time), with the zone said."""
    return f"{minute_text(moment)} KST"


def _summary(report: BatchReport, results_path: Path) -> int:
    counts = report.counts
    paid = sum(r.line.amount for r in report.results if r.status is LineStatus.PAID)
    _out(
        f"batch {report.batch.id}: {counts.paid} paid ({format_krw(paid)}), "
        f"{counts.declined} declined, {counts.unknown} unknown, {counts.not_sent} not sent"
    )
    _out(f"results: {results_path}")
    if counts.declined:
        _out(
            f"{counts.declined} line(s) declined (the results file says why). Running this file "
            "again does not charge them: once the card or the customer is put right, charge "
            "those lines in a file of their own."
        )
    if counts.unknown:
        _err(
            f"{counts.unknown} line(s) unknown: the answer was lost. Run the same command again "
            "later: they are looked up, never charged again."
        )
        return EXIT_UNKNOWN
    if counts.not_sent and report.stopped:
        _err(f"stopped: {counts.not_sent} line(s) not sent; run the same command to continue")
        return EXIT_STOPPED
    if counts.not_sent:  # refused before sending (a defect): the log says why
        for result in report.results:
            if result.status is LineStatus.NOT_SENT:
                _err(f"line {result.line.line}: not sent: {result.problem or 'see the log'}")
        return EXIT_FAILED
    return EXIT_SETTLED


class _StopOnSignal:
    """The run's `ProgressSink`: SIGINT or SIGTERM asks it to stop sending new charges."""

    def __init__(self) -> None:
        self._stop = threading.Event()

    def report(self, message: str, fraction: float | None = None) -> None:
        pass

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self._stop.is_set():
            _err("stopping: no new charges; waiting for those in flight")
        self._stop.set()

    def installed(self) -> _Installed:
        return _Installed(self)


class _Installed:
    def __init__(self, sink: _StopOnSignal) -> None:
        self._sink = sink
        self._old: list[tuple[int, object]] = []

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._old.append((signum, signal.signal(signum, self._sink._on_signal)))

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._old:
            signal.signal(signum, handler)  # type: ignore[arg-type]


class _Meter:
    """Progress: a bar redrawn in place on a terminal, else one line per whole percent."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._lock = threading.Lock()
        self._last_percent = -1
        self._last_draw = 0.0

    def show(self, counts: BatchCounts) -> None:
        percent = int(counts.fraction * 100)
        with self._lock:
            if self._tty:
                now = time.monotonic()
                if now - self._last_draw < 0.1 and percent < 100:
                    return
                self._last_draw = now
                filled = int(BAR_WIDTH * counts.fraction)
                bar = "#" * filled + "-" * (BAR_WIDTH - filled)
                self._stream.write(f"\r[{bar}] {percent:3d}% {_counts_text(counts)}\x1b[K")
            else:
                if percent <= self._last_percent:
                    return
                self._last_percent = percent
                self._stream.write(f"progress {percent}% {_counts_text(counts)}\n")
            self._stream.flush()

    def finish(self) -> None:
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()


def _counts_text(counts: BatchCounts) -> str:
    text = (
        f"{counts.done}/{counts.total}: paid {counts.paid}, declined {counts.declined}, "
        f"unknown {counts.unknown}"
    )
    if counts.seconds_left is not None and counts.not_sent:
        text += f", about {_duration(counts.seconds_left)} left"
    return text


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s"


def _out(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
