"""The app's record of its scheduled charges: written before sending, audited on every change,
guarded against card data like every other table."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.store import (
    CardDataRefused,
    Database,
    InvalidRecord,
    NewSchedule,
    NotFound,
    ScheduleChanged,
    StoreTopic,
)
from kcp_pos.store.audit_log import AuditLog
from kcp_pos.store.schedule_book import ScheduleBook

AT = datetime(2027, 1, 31, 1, 0, tzinfo=UTC)


def _entry(uid: str = "sch_20270101T000000_abcdefghij", **changes: object) -> NewSchedule:
    values: dict[str, object] = {
        "merchant_uid": uid,
        "customer_uid": "cust_1",
        "schedule_at": AT,
        "amount": 9_900,
        "order_name": "월 정기",
    }
    values.update(changes)
    return NewSchedule(**values)  # type: ignore[arg-type]


def test_booking_then_states_are_recorded_and_audited(database: Database) -> None:
    book = ScheduleBook(database)
    (known,) = book.record_booking([_entry()], actor="clerk")
    assert known.state is ScheduleState.BOOKING and known.schedule_at == AT
    assert [k.merchant_uid for k in book.open_ones()] == [known.merchant_uid]
    failed = book.update(
        known.merchant_uid, ScheduleState.FAILED, fail_reason="[CC10] 통장 잔액부족",
        imp_uid="imps_1", actor="resolver", checked=True,
    )  # fmt: skip
    assert failed.fail_reason == "[CC10] 통장 잔액부족" and failed.checked_at is not None
    assert book.open_ones() == []
    again = book.update(
        known.merchant_uid, ScheduleState.SCHEDULED, schedule_at=AT + timedelta(days=3),
        actor="clerk",
    )  # fmt: skip
    assert again.fail_reason is None and again.schedule_at == AT + timedelta(days=3)
    with pytest.raises(ScheduleChanged):  # scheduled again: nothing to retry as a charge
        book.link_retry(known.merchant_uid, "kcp_20270101T000000_abcdefghij", actor="clerk")
    book.update(known.merchant_uid, ScheduleState.FAILED, fail_reason="[CC10]", actor="resolver")
    linked = book.link_retry(known.merchant_uid, "kcp_20270101T000000_abcdefghij", actor="clerk")
    assert linked.retried_by == "kcp_20270101T000000_abcdefghij"
    actions = [e.action for e in AuditLog(database).entries(subject=known.merchant_uid)]
    assert sorted(actions) == sorted(
        ["schedule.booking", *["schedule.state"] * 3, "schedule.retried"]
    )
    assert [k.merchant_uid for k in book.for_customer("cust_1")] == [known.merchant_uid]


def test_a_series_is_recorded_all_or_nothing(database: Database) -> None:
    book = ScheduleBook(database)
    with pytest.raises(InvalidRecord):
        book.record_booking([_entry("sch_a"), _entry("sch_b", amount=0)], actor="clerk")
    assert book.for_customer("cust_1") == []
    with pytest.raises(CardDataRefused):
        book.record_booking([_entry(order_name="5570 4200 0005 1234")], actor="clerk")
    assert book.for_customer("cust_1") == []


def test_an_unknown_schedule_cannot_change(database: Database) -> None:
    with pytest.raises(NotFound):
        ScheduleBook(database).update("sch_none", ScheduleState.PAID, actor="clerk")


RETRY_A = "kcp_20270101T000000_aaaaaaaaaa"
RETRY_B = "kcp_20270101T000000_bbbbbbbbbb"


def _failed(book: ScheduleBook, uid: str = "sch_20270101T000000_abcdefghij") -> str:
    book.record_booking([_entry(uid)], actor="clerk")
    book.update(uid, ScheduleState.FAILED, fail_reason="[CC10]", actor="resolver")
    return uid


def test_a_failed_schedule_is_linked_to_one_retry_only(database: Database) -> None:
    book = ScheduleBook(database)
    uid = _failed(book)
    heard: list[frozenset[StoreTopic]] = []
    database.changes.subscribe(heard.append)
    assert book.link_retry(uid, RETRY_A, actor="clerk").retried_by == RETRY_A
    assert any(StoreTopic.SCHEDULES in topics for topics in heard)  # the list refreshes
    with pytest.raises(ScheduleChanged) as refused:
        book.link_retry(uid, RETRY_B, actor="clerk")
    assert refused.value.retried_by == RETRY_A and refused.value.state == "failed"
    known = book.get(uid)
    assert known is not None and known.retried_by == RETRY_A
    actions = [e.action for e in AuditLog(database).entries(subject=uid)]
    assert actions.count("schedule.retried") == 1
    with pytest.raises(NotFound):
        book.link_retry("sch_none", RETRY_A, actor="clerk")


def test_two_retries_racing_for_one_schedule_cannot_both_be_linked(database: Database) -> None:
    book = ScheduleBook(database)
    uid = _failed(book)
    start = threading.Barrier(2)
    won: list[str] = []
    lost: list[str] = []

    def retry(retried_by: str) -> None:
        start.wait()
        try:
            ScheduleBook(database).link_retry(uid, retried_by, actor="clerk")
        except ScheduleChanged:
            lost.append(retried_by)
        else:
            won.append(retried_by)

    threads = [threading.Thread(target=retry, args=(by,)) for by in (RETRY_A, RETRY_B)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(won) == 1 and len(lost) == 1
    known = book.get(uid)
    assert known is not None and known.retried_by == won[0]


def test_only_the_named_link_is_undone(database: Database) -> None:
    book = ScheduleBook(database)
    uid = _failed(book)
    book.link_retry(uid, RETRY_A, actor="clerk")
    assert not book.unlink_retry(uid, RETRY_B, actor="clerk")  # not its link: kept
    assert (book.get(uid) or pytest.fail()).retried_by == RETRY_A
    assert book.unlink_retry(uid, RETRY_A, actor="clerk")
    assert (book.get(uid) or pytest.fail()).retried_by is None
    assert not book.unlink_retry(uid, RETRY_A, actor="clerk")
    actions = [e.action for e in AuditLog(database).entries(subject=uid)]
    assert actions.count("schedule.retry_undone") == 1
    assert book.link_retry(uid, RETRY_B, actor="clerk").retried_by == RETRY_B  # retryable again


def test_a_retried_schedule_cannot_be_booked_again_nor_a_rebooking_retried(
    database: Database,
) -> None:
    book = ScheduleBook(database)
    retried = _failed(book)
    book.link_retry(retried, RETRY_A, actor="clerk")
    with pytest.raises(ScheduleChanged) as refused:
        book.start_rebooking(retried, actor="clerk")
    assert refused.value.retried_by == RETRY_A
    assert (book.get(retried) or pytest.fail()).state is ScheduleState.FAILED
    rebooked = _failed(book, "sch_20270101T000000_zzzzzzzzzz")
    before, after = book.start_rebooking(rebooked, actor="clerk")
    assert before.state is ScheduleState.FAILED and after.state is ScheduleState.BOOKING
    with pytest.raises(ScheduleChanged):  # being booked again: no charge now as well
        book.link_retry(rebooked, RETRY_B, actor="clerk")
    with pytest.raises(ScheduleChanged):  # nor a second booking
        book.start_rebooking(rebooked, actor="clerk")
