"""The payment ledger: upsert by imp_uid, lookups, listing by date and status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.money import AMOUNT_CEILING_KRW
from kcp_pos.store import (
    AttemptJournal,
    AuditLog,
    CardDataRefused,
    Database,
    InvalidRecord,
    LedgerStatus,
    NewAttempt,
    PaymentLedger,
    PaymentSnapshot,
    from_unix,
)

KST = timezone(timedelta(hours=9))
PAID_AT = 1_709_269_530  # 2024-03-01 05:05:30 UTC


def _paid(imp_uid: str = "imp_803037736674", **changes: object) -> PaymentSnapshot:
    snapshot = PaymentSnapshot(
        imp_uid=imp_uid,
        merchant_uid="kcp_20240301T140530_qhzvmkwrte",
        status=LedgerStatus.PAID,
        amount=55_000,
        cancel_amount=0,
        currency="KRW",
        pay_method="card",
        channel="api",
        card_name="KB국민카드",
        card_code="381",
        card_number="5570420000007221",
        card_quota=3,
        card_type=0,
        apply_num="30046339",
        pg_tid="22895235578504",
        pg_provider="kcp",
        pg_id="A7NC2",
        receipt_url="https://admin8.kcp.co.kr/assist/bill.BillActionNew.do?cmd=card_bill"
        "&tno=22895235578504&order_no=imp_803037736674&trade_mony=55000",
        name="전화주문",
        buyer_name="홍길동",
        buyer_tel="010-1234-5678",
        buyer_email="hong@example.com",
        customer_uid="cust_kim_7221",
        customer_uid_usage="payment",
        started_at=from_unix(PAID_AT - 5),
        paid_at=from_unix(PAID_AT),
        failed_at=from_unix(0),
        cancelled_at=from_unix(0),
        escrow=False,
        sandbox=True,
    )
    return replace(snapshot, **changes)  # type: ignore[arg-type]


@pytest.fixture
def ledger(database: Database) -> PaymentLedger:
    return PaymentLedger(database)


def test_record_and_get_round_trip_every_field(ledger: PaymentLedger) -> None:
    snapshot = _paid()
    recorded = ledger.record(snapshot)
    fetched = ledger.get(snapshot.imp_uid)
    assert fetched == recorded
    for name in PaymentSnapshot.__dataclass_fields__:
        assert getattr(fetched, name) == getattr(snapshot, name), name
    assert fetched is not None
    assert fetched.paid_at == datetime(2024, 3, 1, 5, 5, 30, tzinfo=UTC)
    assert fetched.failed_at is None and fetched.cancelled_at is None
    assert fetched.recorded_at == fetched.updated_at
    assert fetched.balance == 55_000


def test_recording_again_updates_the_same_row(ledger: PaymentLedger, database: Database) -> None:
    first = ledger.record(_paid())
    cancelled = _paid(
        status=LedgerStatus.CANCELLED,
        cancel_amount=10_000,
        cancelled_at=from_unix(PAID_AT + 60),
        cancel_reason="고객 요청",
    )
    second = ledger.record(cancelled)
    assert second.recorded_at == first.recorded_at
    assert second.updated_at >= first.updated_at
    assert (second.status, second.cancel_amount, second.balance) == (
        LedgerStatus.CANCELLED,
        10_000,
        45_000,
    )
    assert len(ledger.list_payments()) == 1
    ledger.record(cancelled)  # no status change: no new audit entry
    entries = AuditLog(database).entries(subject=first.merchant_uid)
    assert [(e.action, e.details["to"]) for e in entries] == [
        ("payment.recorded", "paid"),
        ("payment.status", "cancelled"),
    ]


def test_find_by_merchant_uid_returns_every_try(ledger: PaymentLedger) -> None:
    ledger.record(
        _paid(
            "imp_100000000001",
            status=LedgerStatus.FAILED,
            fail_reason="[CC10] 잔액부족",
            paid_at=None,
            started_at=from_unix(PAID_AT - 100),
        )
    )
    ledger.record(_paid("imp_100000000002"))
    found = ledger.find_by_merchant_uid("kcp_20240301T140530_qhzvmkwrte")
    assert [(p.imp_uid, p.status) for p in found] == [
        ("imp_100000000001", LedgerStatus.FAILED),
        ("imp_100000000002", LedgerStatus.PAID),
    ]
    assert found[0].fail_reason == "[CC10] 잔액부족"
    assert ledger.find_by_merchant_uid("nope") == []
    assert ledger.get("imp_999999999999") is None


def test_list_by_status_and_date_range(ledger: PaymentLedger) -> None:
    day = datetime(2024, 3, 1, tzinfo=KST)  # local midnight in Seoul
    for hour, status in [
        (1, LedgerStatus.PAID),
        (10, LedgerStatus.FAILED),
        (30, LedgerStatus.PAID),
    ]:
        ledger.record(
            _paid(
                f"imp_1000000000{hour:02d}", status=status, started_at=day + timedelta(hours=hour)
            )
        )
    assert [p.imp_uid for p in ledger.list_payments()] == [
        "imp_100000000030",
        "imp_100000000010",
        "imp_100000000001",
    ]
    same_day = ledger.list_payments(since=day, until=day + timedelta(days=1))
    assert [p.imp_uid for p in same_day] == ["imp_100000000010", "imp_100000000001"]
    paid_that_day = ledger.list_payments(
        status=LedgerStatus.PAID, since=day, until=day + timedelta(days=1)
    )
    assert [p.imp_uid for p in paid_that_day] == ["imp_100000000001"]
    assert [p.imp_uid for p in ledger.list_payments(limit=1, offset=1)] == ["imp_100000000010"]
    assert len(ledger.list_payments(customer_uid="cust_kim_7221")) == 3
    assert ledger.list_payments(customer_uid="someone_else") == []


def test_times_come_back_in_utc_whatever_zone_went_in(ledger: PaymentLedger) -> None:
    seoul = datetime(2024, 3, 1, 14, 5, 30, 123456, tzinfo=KST)
    recorded = ledger.record(_paid(paid_at=seoul))
    assert recorded.paid_at == seoul
    fetched = ledger.get(recorded.imp_uid)
    assert fetched is not None and fetched.paid_at is not None
    assert fetched.paid_at.tzinfo is UTC
    assert fetched.paid_at == seoul


def test_naive_datetimes_are_refused(ledger: PaymentLedger) -> None:
    with pytest.raises(Exception, match="naive"):
        ledger.record(_paid(paid_at=datetime(2024, 3, 1, 14, 5, 30)))
    assert ledger.list_payments() == []


def test_empty_card_fields_are_stored_as_unknown(ledger: PaymentLedger) -> None:
    recorded = ledger.record(_paid(card_number="", apply_num="", pg_tid=""))
    assert (recorded.card_number, recorded.apply_num, recorded.pg_tid) == (None, None, None)


@pytest.mark.parametrize(
    "changes",
    [
        {"imp_uid": ""},
        {"merchant_uid": "m" * 41},
        {"amount": -1},
        {"cancel_amount": 60_000},
        {"card_quota": 1.5},
    ],
)
def test_invalid_snapshots_are_refused(ledger: PaymentLedger, changes: dict[str, object]) -> None:
    with pytest.raises(InvalidRecord):
        ledger.record(_paid(**changes))  # type: ignore[arg-type]


def test_an_unmasked_number_is_refused(ledger: PaymentLedger) -> None:
    with pytest.raises(CardDataRefused, match=r"payments\.card_number"):
        ledger.record(_paid(card_number="5570421234567221"))
    assert ledger.list_payments() == []


@pytest.mark.parametrize("amount", [AMOUNT_CEILING_KRW + 1, 10**30])
def test_an_amount_above_the_ceiling_is_refused_plainly(database: Database, amount: int) -> None:
    ledger = PaymentLedger(database)
    with pytest.raises(InvalidRecord, match="amount"):
        ledger.record(_paid(amount=amount))
    assert ledger.record(_paid(amount=AMOUNT_CEILING_KRW)).amount == AMOUNT_CEILING_KRW


def test_a_payment_of_this_terminal_carries_its_attempts_operator_and_tax_free(
    ledger: PaymentLedger, database: Database
) -> None:
    snapshot = _paid(started_at=from_unix(PAID_AT))
    AttemptJournal(database).begin(
        NewAttempt(
            kind=AttemptKind.ONETIME,
            merchant_uid=snapshot.merchant_uid,
            amount=snapshot.amount,
            tax_free=5_000,
            card_quota=3,
        ),
        actor="김점원",
    )
    recorded = ledger.record(snapshot)
    assert (recorded.operator, recorded.tax_free) == ("김점원", 5_000)
    assert recorded.occurred_at == snapshot.started_at
    # A payment made elsewhere has neither, and happened when first recorded if V1 gives no time.
    elsewhere = ledger.record(_paid("imp_900000000009", merchant_uid="web_1", started_at=None))
    assert (elsewhere.operator, elsewhere.tax_free) == (None, None)
    assert elsewhere.occurred_at == elsewhere.recorded_at


def test_an_older_snapshot_never_moves_a_payment_back(
    ledger: PaymentLedger, database: Database
) -> None:
    """A page of PortOne's list read before a refund, recorded after it, is ignored."""
    refunded = _paid(status=LedgerStatus.CANCELLED, cancel_amount=55_000)
    ledger.record(_paid())
    ledger.record(refunded)
    kept = ledger.record(_paid())  # the stale page
    assert (kept.status, kept.cancel_amount) == (LedgerStatus.CANCELLED, 55_000)
    partly = _paid("imp_900000000001", merchant_uid="kcp_partly", cancel_amount=20_000)
    ledger.record(partly)
    assert ledger.record(replace(partly, cancel_amount=10_000)).cancel_amount == 20_000
    actions = [e.action for e in AuditLog(database).entries(subject=refunded.merchant_uid)]
    assert actions == ["payment.recorded", "payment.status"]
