"""The app's record of its scheduled charges: written before sending, audited on every change,
guarded against card data like every other table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.store import CardDataRefused, Database, InvalidRecord, NewSchedule, NotFound
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
    linked = book.link_retry(known.merchant_uid, "kcp_20270101T000000_abcdefghij", actor="clerk")
    assert linked.retried_by == "kcp_20270101T000000_abcdefghij"
    actions = [e.action for e in AuditLog(database).entries(subject=known.merchant_uid)]
    assert sorted(actions) == sorted(
        ["schedule.booking", "schedule.state", "schedule.state", "schedule.retried"]
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
