"""Each customer's last charge, written by the ledger in the payment's own transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kcp_pos.store import (
    CustomerDetails,
    CustomerDirectory,
    CustomerQuery,
    CustomerSort,
    Database,
    LedgerStatus,
    PaymentLedger,
    PaymentSnapshot,
    StoreTopic,
)

MONDAY = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def charge(
    imp_uid: str,
    customer_uid: str | None,
    *,
    at: datetime,
    status: LedgerStatus = LedgerStatus.PAID,
    amount: int = 55_000,
) -> PaymentSnapshot:
    paid = status in (LedgerStatus.PAID, LedgerStatus.CANCELLED)
    return PaymentSnapshot(
        imp_uid=imp_uid,
        merchant_uid=f"kcp_{imp_uid}",
        status=status,
        amount=amount,
        cancel_amount=amount if status is LedgerStatus.CANCELLED else 0,
        customer_uid=customer_uid,
        started_at=at - timedelta(seconds=5),
        paid_at=at if paid else None,
        failed_at=at if status is LedgerStatus.FAILED else None,
    )


def last_charge(directory: CustomerDirectory, uid: str) -> tuple[object, ...]:
    customer = directory.get(uid)
    assert customer is not None
    return customer.last_charge_at, customer.last_charge_status, customer.last_charge_amount


def test_the_ledger_keeps_the_newest_charge(database: Database) -> None:
    directory = CustomerDirectory(database)
    ledger = PaymentLedger(database)
    directory.save(CustomerDetails("cust_a", "김철수"))
    assert last_charge(directory, "cust_a") == (None, None, None)

    ledger.record(charge("imp_2", "cust_a", at=MONDAY + timedelta(days=1), amount=20_000))
    assert last_charge(directory, "cust_a") == (
        MONDAY + timedelta(days=1),
        LedgerStatus.PAID,
        20_000,
    )
    ledger.record(charge("imp_1", "cust_a", at=MONDAY, amount=10_000))  # older: not shown
    assert last_charge(directory, "cust_a")[2] == 20_000
    failed = charge("imp_3", "cust_a", at=MONDAY + timedelta(days=2), status=LedgerStatus.FAILED)
    ledger.record(failed)
    assert last_charge(directory, "cust_a")[1:] == (LedgerStatus.FAILED, 55_000)


def test_a_refund_of_the_last_charge_shows(database: Database) -> None:
    directory = CustomerDirectory(database)
    ledger = PaymentLedger(database)
    directory.save(CustomerDetails("cust_a", "김철수"))
    ledger.record(charge("imp_1", "cust_a", at=MONDAY))
    ledger.record(charge("imp_1", "cust_a", at=MONDAY, status=LedgerStatus.CANCELLED))
    assert last_charge(directory, "cust_a") == (MONDAY, LedgerStatus.CANCELLED, 55_000)


def test_payments_of_others_change_nothing(database: Database) -> None:
    directory = CustomerDirectory(database)
    ledger = PaymentLedger(database)
    directory.save(CustomerDetails("cust_a", "김철수"))
    ledger.record(charge("imp_1", None, at=MONDAY))
    ledger.record(charge("imp_2", "cust_unknown", at=MONDAY))
    assert last_charge(directory, "cust_a") == (None, None, None)
    assert directory.get("cust_unknown") is None


def test_a_customer_saved_after_its_payment_takes_it_from_the_ledger(database: Database) -> None:
    """A billing key issued with its first charge: the payment is recorded first."""
    ledger = PaymentLedger(database)
    ledger.record(charge("imp_1", "cust_new", at=MONDAY, amount=1_000))
    ledger.record(charge("imp_2", "cust_new", at=MONDAY + timedelta(hours=1), amount=2_000))
    directory = CustomerDirectory(database)
    directory.save(CustomerDetails("cust_new", "이영희"))
    assert last_charge(directory, "cust_new") == (
        MONDAY + timedelta(hours=1),
        LedgerStatus.PAID,
        2_000,
    )
    directory.save(CustomerDetails("cust_new", "이영희", "010-1234-5678"))  # an edit keeps it
    assert last_charge(directory, "cust_new")[2] == 2_000


def test_the_directory_hears_of_a_charge(database: Database) -> None:
    heard: list[frozenset[StoreTopic]] = []
    CustomerDirectory(database).save(CustomerDetails("cust_a", "김철수"))
    database.changes.subscribe(heard.append)
    PaymentLedger(database).record(charge("imp_1", "cust_a", at=MONDAY))
    assert heard == [frozenset({StoreTopic.LEDGER, StoreTopic.DIRECTORY, StoreTopic.AUDIT})]


def test_customers_sort_by_their_last_charge(database: Database) -> None:
    directory = CustomerDirectory(database)
    ledger = PaymentLedger(database)
    for uid in ("cust_a", "cust_b", "cust_c"):
        directory.save(CustomerDetails(uid, uid))
    ledger.record(charge("imp_1", "cust_b", at=MONDAY))
    ledger.record(charge("imp_2", "cust_a", at=MONDAY + timedelta(days=1)))
    newest_first = CustomerQuery(sort=CustomerSort.LAST_CHARGE, descending=True)
    customers = directory.page(newest_first).customers
    assert [c.customer_uid for c in customers] == ["cust_a", "cust_b", "cust_c"]
    assert [c.last_charge_amount for c in customers] == [55_000, 55_000, None]
