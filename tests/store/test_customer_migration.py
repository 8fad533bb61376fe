"""Revision 0002 on a store made at revision 0001 with customers and payments in it: the search
keys, the full-text index and the last charges are filled, and the customers are found."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from kcp_pos.store import (
    CustomerDetails,
    CustomerDirectory,
    CustomerQuery,
    Database,
    LedgerStatus,
    alembic_config,
    current_revision,
    sqlite_url,
)
from kcp_pos.store.customer_keys import keys_of
from kcp_pos.store.migrate import HEAD_REVISION
from kcp_pos.store.models import CustomerRow

SAVED = "2025-03-01 05:30:00.000000"
CUSTOMERS = [
    ("cust_kim", "김철수", "010-1234-5678", "CS.Kim@Naver.com", "5570420000007221", None),
    ("cust_lee", "Lee Younghee", "+82 10-9876-5432", None, "5428790000000294", None),
    ("cust_gone", "김영희", "02-555-1111", None, None, SAVED),
    ("cust_blank", None, None, None, None, None),
]


def _at(month_day_time: str) -> str:
    """A timestamp as revision 0001 stores it on SQLite (UTC, no offset)."""
    return f"2025-{month_day_time}.000000"


PAYMENTS = [
    # imp_uid, customer_uid, status, amount, started_at, paid_at, failed_at
    ("imp_1", "cust_kim", "paid", 10_000, _at("03-02 01:00:00"), _at("03-02 01:00:05"), None),
    ("imp_2", "cust_kim", "failed", 20_000, _at("03-04 01:00:00"), None, _at("03-04 01:00:03")),
    ("imp_3", "cust_kim", "cancelled", 30_000, _at("03-03 01:00:00"), _at("03-03 01:00:02"), None),
    ("imp_4", None, "paid", 40_000, _at("03-05 01:00:00"), _at("03-05 01:00:01"), None),
]


@pytest.fixture
def old_store(tmp_path: Path) -> Iterator[Database]:
    """A store at revision 0001 holding CUSTOMERS and PAYMENTS, written as 0001 wrote them."""
    url = sqlite_url(tmp_path / "old.sqlite3")
    database = Database(url)
    command.upgrade(alembic_config(url), "0001")
    with database.engine.begin() as connection:
        for uid, name, tel, email, card, deleted in CUSTOMERS:
            connection.execute(
                text(
                    "INSERT INTO customers (customer_uid, name, tel, email, card_number, "
                    "created_at, updated_at, deleted_at) "
                    "VALUES (:uid, :name, :tel, :email, :card, :at, :at, :deleted)"
                ),
                {
                    "uid": uid,
                    "name": name,
                    "tel": tel,
                    "email": email,
                    "card": card,
                    "at": SAVED,
                    "deleted": deleted,
                },
            )
        for imp_uid, payer, status, amount, started, paid, failed in PAYMENTS:
            connection.execute(
                text(
                    "INSERT INTO payments (imp_uid, merchant_uid, status, amount, cancel_amount, "
                    "currency, card_quota, customer_uid, started_at, paid_at, failed_at, escrow, "
                    "sandbox, recorded_at, updated_at) VALUES (:imp, :merchant, :status, :amount, "
                    "0, 'KRW', 0, :uid, :started, :paid, :failed, 0, 1, :at, :at)"
                ),
                {
                    "imp": imp_uid,
                    "merchant": f"kcp_{imp_uid}",
                    "status": status,
                    "uid": payer,
                    "amount": amount,
                    "started": started,
                    "paid": paid,
                    "failed": failed,
                    "at": SAVED,
                },
            )
    try:
        yield database
    finally:
        database.dispose()


def _found(directory: CustomerDirectory, typed: str, *, deleted: bool = False) -> list[str]:
    page = directory.page(CustomerQuery(text=typed, include_deleted=deleted))
    return sorted(customer.customer_uid for customer in page.customers)


def test_customers_made_at_0001_are_found_after_the_upgrade(old_store: Database) -> None:
    assert current_revision(old_store.engine) == "0001"
    old_store.upgrade_to_head()
    assert current_revision(old_store.engine) == HEAD_REVISION
    directory = CustomerDirectory(old_store)
    assert _found(directory, "김철수") == ["cust_kim"]
    assert _found(directory, "김") == ["cust_kim"]
    assert _found(directory, "김", deleted=True) == ["cust_gone", "cust_kim"]
    assert _found(directory, "younghee") == ["cust_lee"]
    assert _found(directory, "cs.kim@naver") == ["cust_kim"]
    assert _found(directory, "010-9876") == ["cust_lee"]  # saved as +82 10-9876-5432
    assert _found(directory, "7221") == ["cust_kim"]
    assert [c.customer_uid for c in directory.page(CustomerQuery()).customers] == [
        "cust_lee",
        "cust_kim",
        "cust_blank",
    ]


def test_the_keys_are_those_a_save_writes(old_store: Database) -> None:
    old_store.upgrade_to_head()
    with old_store.session() as session:
        rows = {row.customer_uid: row for row in session.scalars(select(CustomerRow))}
        for uid, name, tel, email, card, _ in CUSTOMERS:
            expected = keys_of(name=name, email=email, tel=tel, card_number=card)
            assert {key: getattr(rows[uid], key) for key in expected} == expected
        numbers = [row.search_rowid for row in rows.values()]
        assert None not in numbers and len(set(numbers)) == len(numbers)


def test_the_last_charges_are_filled_from_the_ledger(old_store: Database) -> None:
    old_store.upgrade_to_head()
    directory = CustomerDirectory(old_store)
    kim = directory.get("cust_kim")
    assert kim is not None
    assert kim.last_charge_at == datetime(2025, 3, 4, 1, 0, 3, tzinfo=UTC)  # failed_at
    assert (kim.last_charge_status, kim.last_charge_amount) == (LedgerStatus.FAILED, 20_000)
    lee = directory.get("cust_lee")
    assert lee is not None and lee.last_charge_at is None and lee.last_charge_amount is None


def test_saves_after_the_upgrade_are_indexed_too(old_store: Database) -> None:
    old_store.upgrade_to_head()
    directory = CustomerDirectory(old_store)
    directory.save(CustomerDetails("cust_new", "박지성", "010-5555-7777"))
    directory.save(CustomerDetails("cust_lee", "이영희", "010-9876-5432"))
    assert _found(directory, "박지성") == ["cust_new"]
    assert _found(directory, "5555-7777") == ["cust_new"]
    assert _found(directory, "이영희") == ["cust_lee"]
    assert _found(directory, "younghee") == []


def test_downgrade_to_0001_keeps_the_customers(old_store: Database) -> None:
    old_store.upgrade_to_head()
    url = old_store.url
    command.downgrade(alembic_config(url), "0001")
    with old_store.engine.connect() as connection:
        names = connection.exec_driver_sql("SELECT name FROM customers ORDER BY name").scalars()
        assert list(names) == [None, "Lee Younghee", "김영희", "김철수"]
    old_store.upgrade_to_head()
    assert _found(CustomerDirectory(old_store), "김철수") == ["cust_kim"]
