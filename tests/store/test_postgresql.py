"""The same migrations and repositories on PostgreSQL (DESIGN rule 9). Opt-in: set
`KCP_POS_TEST_POSTGRES_URL` (e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/postgres`, a role
that may create databases) and install a driver; each test run uses a fresh, dropped database."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.store import (
    AppendOnlyViolation,
    AttemptJournal,
    AuditLog,
    CardDataRefused,
    CustomerDetails,
    CustomerDirectory,
    CustomerQuery,
    CustomerSort,
    Database,
    DuplicateAttempt,
    LedgerStatus,
    NewAttempt,
    PaymentLedger,
    PaymentSnapshot,
    alembic_config,
    current_revision,
    head_revision,
    open_database,
)
from kcp_pos.store.models import AuditRow, Base, is_modelled

SERVER_URL = os.environ.get("KCP_POS_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not SERVER_URL, reason="KCP_POS_TEST_POSTGRES_URL is not set")


@pytest.fixture(scope="module")
def pg_database() -> Iterator[Database]:
    assert SERVER_URL is not None
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"kcp_pos_test_{secrets.token_hex(4)}"
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = open_database(make_url(SERVER_URL).set(database=name))
    try:
        yield database
    finally:
        database.dispose()
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}"')
        server.dispose()


def test_migrations_match_the_models(pg_database: Database) -> None:
    assert current_revision(pg_database.engine) == head_revision()
    with pg_database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, parents: is_modelled(name, type_),
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_and_upgrade_again(pg_database: Database) -> None:
    config = alembic_config(pg_database.url)
    command.downgrade(config, "base")
    assert set(inspect(pg_database.engine).get_table_names()) == {"alembic_version"}
    command.upgrade(config, "head")
    assert current_revision(pg_database.engine) == head_revision()


def test_journal_ledger_directory_round_trip(pg_database: Database) -> None:
    journal = AttemptJournal(pg_database)
    uid = f"kcp_20250301T142530_{secrets.token_hex(5)}"
    attempt = journal.begin(
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=uid, amount=55_000, buyer_name="홍길동")
    )
    with pytest.raises(DuplicateAttempt):
        journal.begin(NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=uid, amount=1))
    assert attempt.id in [a.id for a in journal.unresolved()]
    resolved = journal.resolve(attempt.id, paid=True, imp_uid="imp_803037736674")
    assert resolved.state is AttemptState.RESOLVED_PAID

    seoul = datetime(2024, 3, 1, 14, 5, 30, 123456, tzinfo=timezone(timedelta(hours=9)))
    ledger = PaymentLedger(pg_database)
    ledger.record(
        PaymentSnapshot(
            imp_uid="imp_803037736674",
            merchant_uid=uid,
            status=LedgerStatus.PAID,
            amount=55_000,
            card_number="5570420000007221",
            paid_at=seoul,
            started_at=seoul,
        )
    )
    fetched = ledger.get("imp_803037736674")
    assert fetched is not None and fetched.paid_at == seoul
    assert fetched.paid_at is not None and fetched.paid_at.tzinfo is UTC
    assert [p.imp_uid for p in ledger.list_payments(since=seoul)] == ["imp_803037736674"]

    directory = CustomerDirectory(pg_database)
    directory.save(
        CustomerDetails("cust_pg_7221", "Kim", "010-1234-5678", None, "5570420000007221")
    )
    assert [c.customer_uid for c in directory.search("KIM")] == ["cust_pg_7221"]
    assert [c.customer_uid for c in directory.search("7221")] == ["cust_pg_7221"]
    with pytest.raises(CardDataRefused):
        directory.save(CustomerDetails("cust_pg_bad", "4111 1111 1111 1111"))


def test_customer_pages_and_search(pg_database: Database) -> None:
    """The directory's fallback on PostgreSQL: LIKE over the search keys, pages by key."""
    directory = CustomerDirectory(pg_database)
    for uid, name, tel, card in [
        ("pg_a", "김철수", "010-1111-2222", "5570420000007221"),
        ("pg_b", "김영희", "010-3333-4444", "5428790000000294"),
        ("pg_c", "남궁민수", None, None),
        ("pg_d", "50%_off", "02-555-7221", None),
    ]:
        directory.save(CustomerDetails(uid, name, tel, None, card))
    PaymentLedger(pg_database).record(
        PaymentSnapshot(
            imp_uid="imp_pg_last",
            merchant_uid="kcp_pg_last",
            status=LedgerStatus.PAID,
            amount=1_000,
            customer_uid="pg_b",
            paid_at=datetime(2025, 3, 1, tzinfo=UTC),
        )
    )

    def found(text: str) -> list[str]:
        page = directory.page(CustomerQuery(text))
        return sorted(c.customer_uid for c in page.customers if c.customer_uid.startswith("pg_"))

    assert found("김") == ["pg_a", "pg_b"]
    assert found("궁민수") == ["pg_c"]
    assert found("0101111") == ["pg_a"]
    assert found("7221") == ["pg_a", "pg_d"]
    assert found("0%_") == ["pg_d"]
    assert directory.count(CustomerQuery("김")) == 2
    query = CustomerQuery(sort=CustomerSort.LAST_CHARGE, descending=True)
    first = directory.page(query, limit=2)
    rest = directory.page(query, after=first.next_after, limit=10)
    uids = [c.customer_uid for c in (*first.customers, *rest.customers)]
    assert uids[0] == "pg_b" and sorted(uids) == sorted(set(uids)) and len(uids) >= 4


def test_trigram_indexes_where_pg_trgm_is_available(pg_database: Database) -> None:
    with pg_database.engine.connect() as connection:
        available = connection.exec_driver_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
        ).first()
        indexes = connection.exec_driver_sql(
            "SELECT indexname FROM pg_indexes WHERE starts_with(indexname, 'trgm_') "
            "ORDER BY indexname"
        ).scalars()
        expected = [
            "trgm_customers_email_key",
            "trgm_customers_name_key",
            "trgm_customers_tel_digits",
        ]
        assert list(indexes) == (expected if available else [])


def test_audit_log_is_append_only(pg_database: Database) -> None:
    entry = AuditLog(pg_database).append("pg.check")
    with pytest.raises(DBAPIError, match="append-only"), pg_database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE audit_log SET action = 'x'")
    with pytest.raises(DBAPIError, match="append-only"), pg_database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM audit_log")
    with pytest.raises(AppendOnlyViolation), pg_database.session() as session:
        row = session.get(AuditRow, entry.id)
        assert row is not None
        row.action = "x"
    assert entry in AuditLog(pg_database).entries()


def test_two_terminals_appending_at_once_keep_one_audit_chain(pg_database: Database) -> None:
    """Each terminal's append reads the last hash; without taking turns the chain forked."""
    other = open_database(pg_database.url)
    try:
        logs = [AuditLog(pg_database), AuditLog(other)]

        def append_many(log: AuditLog) -> None:
            for n in range(30):
                log.append("refund.requested", subject=f"kcp_{n}", details={"amount": 1000})

        threads = [threading.Thread(target=append_many, args=(log,)) for log in logs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert logs[0].verify().intact
    finally:
        other.dispose()


def test_transactions_filters_orders_pages_and_totals(pg_database: Database) -> None:
    """The transactions' reads on PostgreSQL (its planner, LIKE for prefixes): every filter of
    the SQLite tests, in every order both ways, read in small pages by key."""
    import random

    from kcp_pos.store.ledger_fill import fill_ledger
    from kcp_pos.store.payment_query import PaymentQuery, PaymentSort
    from tests.store.test_payment_pages import COUNT, FILTERS, expected, read_all, snapshot, uids

    rng = random.Random(11)
    fill_ledger(pg_database, (snapshot(index, rng) for index in range(COUNT)), batch_rows=100)
    ledger = PaymentLedger(pg_database)
    everything = read_all(ledger, PaymentQuery(), 50)  # and the other tests' payments
    assert len(everything) >= COUNT
    for name, (chosen, keep) in FILTERS.items():
        for sort in PaymentSort:
            for descending in (True, False):
                query = PaymentQuery(chosen, sort, descending)
                assert uids(read_all(ledger, query, 9)) == expected(everything, keep, query), name
        matching = [p for p in everything if keep(p)]
        assert ledger.totals(chosen).count == len(matching), name
        assert ledger.totals(chosen).refunded == sum(p.cancel_amount for p in matching), name
    assert AuditLog(pg_database).verify().intact
