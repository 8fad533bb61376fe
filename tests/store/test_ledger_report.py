"""The ledger's report sums: which payments count, refunds in their payment's period, the
tax-free part left after refunds, and hours in Korea time on either side of midnight UTC."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import (
    AttemptJournal,
    Database,
    LedgerReport,
    LedgerStatus,
    NewAttempt,
    PaymentLedger,
    PaymentSnapshot,
    open_database,
)
from kcp_pos.store.ledger_report import LedgerSums

# 2026-12-03 in Korea is 2026-12-02T15:00Z .. 2026-12-03T15:00Z.
DAY_SINCE = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
DAY_UNTIL = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def _payment(number: int, at: datetime, **changes: object) -> PaymentSnapshot:
    fields: dict[str, object] = {
        "imp_uid": f"imp_{number:012d}",
        "merchant_uid": f"order_{number}",
        "status": LedgerStatus.PAID,
        "amount": 10_000,
        "pay_method": "card",
        "card_name": "KB국민카드",
        "started_at": at,
    }
    fields.update(changes)
    return PaymentSnapshot(**fields)  # type: ignore[arg-type]


def _journal(database: Database, merchant_uid: str, amount: int, tax_free: int, actor: str) -> None:
    AttemptJournal(database).begin(
        NewAttempt(
            kind=AttemptKind.ONETIME,
            merchant_uid=merchant_uid,
            amount=amount,
            tax_free=tax_free,
            card_quota=0,
        ),
        actor=actor,
    )


def _fill(database: Database) -> None:
    ledger = PaymentLedger(database)
    # 00:30 in Korea (15:30 UTC the day before): the day's first hour.
    _journal(database, "order_1", 11_000, 0, "김점원")
    ledger.record(_payment(1, datetime(2026, 12, 2, 15, 30, tzinfo=UTC), amount=11_000))
    # 23:59 in Korea: the last hour; 3,000 of 33,000 refunded, 10,000 tax-free.
    _journal(database, "order_2", 33_000, 10_000, "박매니저")
    ledger.record(
        _payment(
            2,
            datetime(2026, 12, 3, 14, 59, tzinfo=UTC),
            amount=33_000,
            cancel_amount=3_000,
            card_name="신한카드",
        )
    )
    # Fully refunded, made elsewhere, a bank transfer at 09:10 Korea time.
    ledger.record(
        _payment(
            3,
            datetime(2026, 12, 3, 0, 10, tzinfo=UTC),
            status=LedgerStatus.CANCELLED,
            cancel_amount=10_000,
            pay_method="trans",
            card_name=None,
        )
    )
    # Not counted: a decline, a payment still ready, and the days either side.
    ledger.record(_payment(4, datetime(2026, 12, 3, 1, 0, tzinfo=UTC), status=LedgerStatus.FAILED))
    ledger.record(_payment(5, datetime(2026, 12, 3, 1, 0, tzinfo=UTC), status=LedgerStatus.READY))
    ledger.record(_payment(6, datetime(2026, 12, 2, 14, 59, tzinfo=UTC)))
    ledger.record(_payment(7, DAY_UNTIL))


def _check_day(database: Database) -> None:
    figures = LedgerReport(database).figures(DAY_SINCE, DAY_UNTIL)

    assert figures.totals == LedgerSums(count=3, gross=54_000, refunds=13_000, tax_free=10_000)
    assert figures.totals.net == 41_000
    issuers = {line.key: line.sums for line in figures.by_issuer}
    assert issuers == {
        "신한카드": LedgerSums(1, 33_000, 3_000, 10_000),
        "KB국민카드": LedgerSums(1, 11_000, 0, 0),
        None: LedgerSums(1, 10_000, 10_000, 0),
    }
    assert [line.key for line in figures.by_issuer] == ["신한카드", "KB국민카드", None]
    methods = {line.key: line.sums.gross for line in figures.by_pay_method}
    assert methods == {"card": 44_000, "trans": 10_000}
    operators = {line.key: line.sums.count for line in figures.by_operator}
    assert operators == {"김점원": 1, "박매니저": 1, None: 1}
    hours = [(line.hour, line.sums.gross) for line in figures.by_hour]
    assert hours == [(0, 11_000), (9, 10_000), (23, 33_000)]


def test_a_korean_day_counts_paid_and_cancelled_with_hours_in_korea_time(
    database: Database,
) -> None:
    _fill(database)
    _check_day(database)


def test_an_empty_period_sums_to_zero(database: Database) -> None:
    figures = LedgerReport(database).figures(DAY_SINCE, DAY_UNTIL)
    assert figures.totals == LedgerSums(0, 0, 0, 0)
    assert (figures.by_issuer, figures.by_hour) == ([], [])


def test_a_full_refund_leaves_no_tax_free_part(database: Database) -> None:
    _journal(database, "order_9", 20_000, 20_000, "김점원")
    PaymentLedger(database).record(
        _payment(
            9,
            datetime(2026, 12, 3, 3, 0, tzinfo=UTC),
            amount=20_000,
            cancel_amount=20_000,
            status=LedgerStatus.CANCELLED,
        )
    )
    totals = LedgerReport(database).figures(DAY_SINCE, DAY_UNTIL).totals
    assert (totals.gross, totals.refunds, totals.tax_free) == (20_000, 20_000, 0)


POSTGRES_URL = os.environ.get("KCP_POS_TEST_POSTGRES_URL")


@pytest.mark.skipif(not POSTGRES_URL, reason="KCP_POS_TEST_POSTGRES_URL is not set")
def test_the_same_sums_and_hours_on_postgresql() -> None:
    """A timestamptz read in another session zone than UTC still buckets into Korea hours."""
    import secrets

    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL is not None
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"kcp_pos_test_{secrets.token_hex(4)}"
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = open_database(make_url(POSTGRES_URL).set(database=name))

    @event.listens_for(database.engine, "connect")
    def _new_york(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("SET TIME ZONE 'America/New_York'")
        cursor.close()

    try:
        database.engine.dispose()
        _fill(database)
        _check_day(database)
    finally:
        database.dispose()
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}"')


def test_sqlite_reads_only_the_periods_rows_by_the_occurred_at_index(database: Database) -> None:
    """A status filter would tempt SQLite (no statistics kept) to read every paid payment of
    the shop by the status index; the sums test the status inside, so only the range filters."""
    from sqlalchemy import extract

    from kcp_pos.store import ledger_report
    from kcp_pos.store.models import PaymentRow

    hour = extract("hour", PaymentRow.occurred_at)
    query = ledger_report._group_query(hour, DAY_SINCE, DAY_UNTIL)
    sql = str(query.compile(database.engine, compile_kwargs={"literal_binds": True}))
    with database.engine.connect() as connection:
        plan = " ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "USING INDEX ix_payments_occurred (" in plan, plan
    assert "ix_payments_status" not in plan, plan
