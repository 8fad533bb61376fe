"""Batch charging end to end against the sandbox: 300 saved cards with declines and a lost
answer, one payment per paid line; a resumed batch looks up what it may have sent and sends
only what it never did; a stop request stops new sends."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.models import AgainPaymentRequest, PaymentStatus
from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.batch_charge import (
    SPARE_WORKERS,
    AlreadyCharged,
    BatchCounts,
    BatchReport,
    LineStatus,
    RecentlyCharged,
    batch_results,
    plan_batch,
    run_batch,
)
from kcp_pos.services.batch_file import read_batch_file
from kcp_pos.services.batch_results import write_results
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.store import BatchBook, NewAttempt
from tests.batch_support import (
    PlannedRow,
    check_one_payment_per_paid_row,
    issue_keys,
    read_results,
    write_batch_csv,
)
from tests.conftest import arm_fault, make_services
from tests.operators import MANAGER


class StopAfter:
    """A progress sink that asks to stop once `lines` lines have an answer."""

    def __init__(self, lines: int) -> None:
        self.lines = lines
        self.done = 0
        self._lock = threading.Lock()

    def report(self, message: str, fraction: float | None = None) -> None:
        pass

    def watch(self, counts: BatchCounts) -> None:
        with self._lock:
            self.done = max(self.done, counts.done)

    @property
    def stop_requested(self) -> bool:
        with self._lock:
            return self.done >= self.lines


def test_300_lines_with_declines_and_a_lost_answer_pay_each_paid_line_once(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 300)
    batch_file = read_batch_file(write_batch_csv(tmp_path / "month.csv", planned))
    plan = plan_batch(services, batch_file, operator=MANAGER)
    assert not plan.resumed and len(plan.batch.lines) == 300
    assert services.journal.recent() == []  # the ids are fixed; nothing is sent yet
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="stall_after_commit", seconds=2)
    seen: list[BatchCounts] = []

    report = run_batch(services, plan.batch, operator=MANAGER, concurrency=8, watch=seen.append)

    declines = sum(row.declines for row in planned)
    assert report.settled and not report.stopped
    assert (report.counts.paid, report.counts.declined) == (300 - declines, declines)
    for row, result in zip(planned, report.results, strict=True):
        assert result.line.customer_uid == row.customer_uid
        assert result.status is (LineStatus.DECLINED if row.declines else LineStatus.PAID)
    lost = [r for r in report.results if r.attempt and r.attempt.state.name.startswith("RESOLVED")]
    assert len(lost) == 1  # the stalled answer, settled by lookup
    assert seen[-1].done == 300 and max(c.unknown for c in seen) >= 1
    # Keys made elsewhere joined the directory from their payments.
    assert services.customers.get(planned[1].customer_uid) is not None
    results_path = tmp_path / "results.csv"
    write_results(results_path, report.results)
    check_one_payment_per_paid_row(sandbox.url, read_results(results_path))


def test_a_resumed_batch_looks_up_what_it_may_have_sent_and_sends_only_the_rest(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 12, decline_every=5)
    path = write_batch_csv(tmp_path / "month.csv", planned)
    plan = plan_batch(services, read_batch_file(path), operator=MANAGER)
    first, second, third = plan.batch.lines[1:4]  # cards that pay
    # A crash left three lines journalled as sent: the first one reached PortOne and was
    # charged, the second was never answered, the third had been declined.
    for line in (first, second):
        services.journal.begin(
            NewAttempt(
                kind=AttemptKind.AGAIN,
                merchant_uid=line.merchant_uid,
                amount=line.amount,
                order_name=line.order_name,
                customer_uid=line.customer_uid,
            )
        )
    services.client.pay_again(
        AgainPaymentRequest(
            customer_uid=first.customer_uid, merchant_uid=first.merchant_uid, amount=first.amount
        )
    )
    declined = services.journal.begin(
        NewAttempt(
            kind=AttemptKind.AGAIN,
            merchant_uid=third.merchant_uid,
            amount=third.amount,
            customer_uid=third.customer_uid,
        )
    )
    services.journal.mark_failed(declined.id, fail_reason="[CC10] 통장 잔액부족")

    again = plan_batch(services, read_batch_file(path), operator=MANAGER)
    assert again.resumed and again.batch == plan.batch
    report = run_batch(services, again.batch, operator=MANAGER)

    by_line = {result.line.line: result for result in report.results}
    assert by_line[first.line].status is LineStatus.PAID
    assert by_line[first.line].attempt.state is AttemptState.RESOLVED_PAID  # type: ignore[union-attr]
    # Not found, and too recent to be "not charged": unknown, and never sent again.
    assert by_line[second.line].status is LineStatus.UNKNOWN
    assert by_line[third.line].status is LineStatus.DECLINED
    assert services.client.find_every_payment(second.merchant_uid) == []
    assert len(services.client.find_every_payment(first.merchant_uid)) == 1
    assert services.client.find_every_payment(third.merchant_uid) == []
    rest = [r for r in report.results if r.line.line not in (first.line, second.line, third.line)]
    assert all(r.status in (LineStatus.PAID, LineStatus.DECLINED) for r in rest)
    assert not report.settled and report.counts.unknown == 1


def test_a_stop_request_stops_new_sends_and_a_second_run_finishes(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 40)
    batch = plan_batch(
        services,
        read_batch_file(write_batch_csv(tmp_path / "month.csv", planned)),
        operator=MANAGER,
    ).batch
    stopper = StopAfter(10)
    report = run_batch(
        services,
        batch,
        operator=MANAGER,
        progress=stopper,
        concurrency=4,
        watch=stopper.watch,
    )
    assert report.stopped
    sent = [r for r in report.results if r.status is not LineStatus.NOT_SENT]
    assert 10 <= len(sent) < 40
    assert len(services.journal.recent(100)) == len(sent)  # nothing else was journalled

    final = run_batch(services, batch, operator=MANAGER)
    assert final.settled and not final.stopped
    assert len(services.journal.recent(100)) == 40
    assert batch_results(services, batch) == final.results


def test_the_same_rows_on_purpose_make_a_new_batch(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 3, decline_every=100)
    read = read_batch_file(write_batch_csv(tmp_path / "month.csv", planned))
    first = plan_batch(services, read, operator=MANAGER)
    next_month = plan_batch(services, read, operator=MANAGER, new_batch=True)
    assert not next_month.resumed and next_month.batch.id != first.batch.id
    uids = {line.merchant_uid for line in first.batch.lines}
    assert uids.isdisjoint(line.merchant_uid for line in next_month.batch.lines)
    assert plan_batch(services, read, operator=MANAGER).batch.id == next_month.batch.id


def _paid_per_customer(url: str, planned: Sequence[PlannedRow]) -> dict[str, int]:
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        found = {}
        for uid in [row.customer_uid for row in planned]:
            payments = client.get_billing_key_payments(uid).list
            found[uid] = sum(p.status is PaymentStatus.PAID for p in payments)
        return found


def test_a_re_sorted_file_after_a_partial_run_charges_nobody_twice(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 8, decline_every=100)
    read = read_batch_file(write_batch_csv(tmp_path / "month.csv", planned))
    stop = StopAfter(3)
    first = plan_batch(services, read, operator=MANAGER)
    stopped = run_batch(
        services, first.batch, operator=MANAGER, progress=stop, concurrency=1, watch=stop.watch
    )
    # Three, or a few more: the sandbox answers in milliseconds, so the next lines can be
    # answered while the third's answer is being recorded (after the next line's journal
    # write): a few, no more than the run has workers.
    paid = _paid_lines(stopped)
    assert 3 <= len(paid) <= 3 + 1 + SPARE_WORKERS < len(planned)
    resorted = read_batch_file(write_batch_csv(tmp_path / "sorted.csv", planned[::-1]))
    assert resorted.content_hash != read.content_hash  # another batch by content...
    with pytest.raises(RecentlyCharged) as refused:  # ...that would charge those again
        plan_batch(services, resorted, operator=MANAGER)
    assert {charge.customer_uid for charge in refused.value.charges} == paid
    assert BatchBook(services.database).latest_with_hash(resorted.content_hash) is None

    # On purpose: the clerk says so, and only then are they charged again.
    again = plan_batch(services, resorted, operator=MANAGER, allow_recent=True)
    run_batch(services, again.batch, operator=MANAGER)
    assert _paid_per_customer(sandbox.url, planned) == {
        uid: 2 if uid in paid else 1 for uid in (row.customer_uid for row in planned)
    }


def test_the_same_file_charged_in_full_long_ago_is_refused_until_asked_as_a_new_batch(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 3, decline_every=100)
    read = read_batch_file(write_batch_csv(tmp_path / "month.csv", planned))
    first = plan_batch(services, read, operator=MANAGER)
    assert run_batch(services, first.batch, operator=MANAGER).settled
    later_today = datetime.now(UTC) + timedelta(hours=2)
    assert plan_batch(services, read, operator=MANAGER, now=later_today).resumed
    next_month = datetime.now(UTC) + timedelta(days=30)
    with pytest.raises(AlreadyCharged) as refused:
        plan_batch(services, read, operator=MANAGER, now=next_month)
    assert refused.value.batch.id == first.batch.id
    again = plan_batch(services, read, operator=MANAGER, new_batch=True, now=next_month)
    assert not again.resumed and again.batch.id != first.batch.id


def test_two_terminals_planning_the_same_new_file_at_once_make_one_batch(
    services: AppServices, tmp_path: Path
) -> None:
    read = read_batch_file(
        write_batch_csv(
            tmp_path / "month.csv",
            [
                PlannedRow("cust_x_0001", 10_000, "dues", declines=False),
                PlannedRow("cust_x_0002", 20_000, "dues", declines=False),
            ],
        )
    )
    start = threading.Barrier(4)
    plans = []

    def plan() -> None:
        start.wait()
        plans.append(plan_batch(services, read, operator=MANAGER))

    threads = [threading.Thread(target=plan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({p.batch.id for p in plans}) == 1
    assert sorted(p.resumed for p in plans) == [False, True, True, True]


def test_a_stopped_file_resumed_after_its_rest_ran_as_another_file_charges_nobody_twice(
    services: AppServices, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 8, decline_every=100)
    whole = read_batch_file(write_batch_csv(tmp_path / "month.csv", planned))
    stop = StopAfter(2)
    first = plan_batch(services, whole, operator=MANAGER)
    stopped = run_batch(
        services, first.batch, operator=MANAGER, progress=stop, concurrency=1, watch=stop.watch
    )
    paid = _paid_lines(stopped)  # two, or a few more (see the test above)
    assert 2 <= len(paid) <= 2 + 1 + SPARE_WORKERS < len(planned)
    # As the refusal says: the rest as a file of its own, charged.
    left = [row for row in planned if row.customer_uid not in paid]
    rest = read_batch_file(write_batch_csv(tmp_path / "rest.csv", left))
    run_batch(services, plan_batch(services, rest, operator=MANAGER).batch, operator=MANAGER)
    # Then the whole file again ("import the same file again to continue").
    resumed = plan_batch(services, whole, operator=MANAGER)
    assert resumed.resumed
    report = run_batch(services, resumed.batch, operator=MANAGER)
    kept = [r for r in report.results if r.status is LineStatus.NOT_SENT]
    assert len(kept) == len(left)
    assert all("since this batch was planned" in (r.problem or "") for r in kept)
    assert _paid_per_customer(sandbox.url, planned) == {row.customer_uid: 1 for row in planned}


def _paid_lines(report: BatchReport) -> set[str]:
    return {r.line.customer_uid for r in report.results if r.status is LineStatus.PAID}


class InFlight:
    """Counts the charge requests on the wire (httpx's hooks: sent, answered)."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    def sent(self, request: httpx.Request) -> None:
        if request.url.path.endswith("/subscribe/payments/again"):
            with self._lock:
                self.now += 1
                self.most = max(self.most, self.now)

    def answered(self, response: httpx.Response) -> None:
        if response.request.url.path.endswith("/subscribe/payments/again"):
            with self._lock:
                self.now -= 1


def test_no_more_requests_are_on_the_wire_than_the_concurrency_and_every_slot_is_used(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 24, decline_every=1_000)
    wire = InFlight()
    services = make_services(
        sandbox.url,
        tmp_path / "store",
        event_hooks={"request": [wire.sent], "response": [wire.answered]},
    )
    try:
        batch_file = read_batch_file(write_batch_csv(tmp_path / "month.csv", planned))
        plan = plan_batch(services, batch_file, operator=MANAGER)
        # Each answer takes a while, so the workers waiting for a slot pile up behind it.
        arm_fault(
            sandbox, endpoint="/subscribe/payments/again", mode="delay", seconds=0.1, times=24
        )

        report = run_batch(services, plan.batch, operator=MANAGER, concurrency=3)

        assert report.counts.paid == 24
        assert wire.most == 3 and wire.now == 0
    finally:
        services.close()


def test_a_customer_charged_while_the_line_waits_for_a_send_slot_is_not_charged_again(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    first, waiting = issue_keys(sandbox.url, 2, decline_every=100)
    services = make_services(sandbox.url, tmp_path / "store", read_timeout=30.0)
    try:
        batch = plan_batch(
            services,
            read_batch_file(write_batch_csv(tmp_path / "month.csv", [first, waiting])),
            operator=MANAGER,
        ).batch
        # The first line's answer takes a while; the second line waits for the only slot.
        arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="delay", seconds=3, times=1)
        reports: list[BatchReport] = []
        running = threading.Thread(
            target=lambda: reports.append(
                run_batch(services, batch, operator=MANAGER, concurrency=1)
            )
        )
        running.start()
        try:
            for _ in range(1_000):  # until the first line is journalled: its request is leaving
                if services.journal.find_by_merchant_uid(batch.lines[0].merchant_uid):
                    break
                time.sleep(0.01)
            # Meanwhile the clerk charges the waiting customer by hand.
            by_hand = charge_again(
                services,
                new_again_order(customer_uid=waiting.customer_uid, amount=500, order_name="전화"),
                operator=MANAGER,
            )
            assert by_hand.kind is OutcomeKind.PAID
        finally:
            running.join(60)
        assert [r.status for r in reports[0].results] == [LineStatus.PAID, LineStatus.NOT_SENT]
        assert by_hand.attempt.merchant_uid in (reports[0].results[1].problem or "")
    finally:
        services.close()
