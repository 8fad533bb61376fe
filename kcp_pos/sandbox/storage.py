"""The sandbox's persistent state in one SQLite file (WAL) under its data directory.

Each record is kept as the JSON of its wire model (so a restart serves exactly what was
served before), plus the few columns the lookups filter on. Card data never reaches this
file: payments and billing keys only hold the KCP-masked number.

All access goes through `transaction()`, which holds one lock: uvicorn may run handlers on
several threads at once, and a check-then-write (duplicate `merchant_uid`, cancel balance)
must not interleave with another.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kcp_pos.iamport.models import (
    BillingCustomer,
    EscrowLogis,
    Payment,
    PreparedPayment,
    ScheduleResult,
)

DATABASE_NAME = "sandbox.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    access_token TEXT PRIMARY KEY,
    imp_key TEXT NOT NULL,
    expired_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    imp_uid TEXT NOT NULL UNIQUE,
    merchant_uid TEXT NOT NULL,
    customer_uid TEXT,
    status TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_merchant_uid ON payments (merchant_uid);
CREATE INDEX IF NOT EXISTS payments_customer_uid ON payments (customer_uid);
CREATE TABLE IF NOT EXISTS customers (
    customer_uid TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS schedules (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_uid TEXT NOT NULL UNIQUE,
    customer_uid TEXT NOT NULL,
    schedule_status TEXT NOT NULL,
    schedule_at INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule_quotas (
    merchant_uid TEXT PRIMARY KEY,
    card_quota INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS escrow_logis (
    imp_uid TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS prepared_payments (
    merchant_uid TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS windows (
    token TEXT PRIMARY KEY,
    imp_uid TEXT UNIQUE,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    offset_seconds INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class StoredPayment:
    """A payment with the bookkeeping the list endpoints sort on."""

    payment: Payment
    updated_at: int
    seq: int


class Storage:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DATABASE_NAME
        self._lock = threading.RLock()
        self._depth = 0
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT offset_seconds FROM clock WHERE id = 1").fetchone()
        self._clock_offset = int(row[0]) if row else 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One serialised unit of work; committed when the outermost block ends without error."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._db.execute("COMMIT")

    # ------------------------------------------------------------------ clock

    def clock_offset(self) -> int:
        """Seconds the sandbox clock runs ahead of the wall clock (kept in memory and on disk)."""
        return self._clock_offset

    def advance_clock(self, seconds: int) -> int:
        """Move the clock `seconds` further ahead (never back); returns the new offset."""
        if seconds < 0:
            raise ValueError("the sandbox clock never goes back")
        with self.transaction():
            offset = self._clock_offset + seconds
            self._db.execute(
                "INSERT INTO clock (id, offset_seconds) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET offset_seconds = excluded.offset_seconds",
                (offset,),
            )
            self._clock_offset = offset
        return offset

    # ------------------------------------------------------------------ tokens

    def token_for_key(self, imp_key: str) -> tuple[str, int] | None:
        row = self._db.execute(
            "SELECT access_token, expired_at FROM tokens WHERE imp_key = ? "
            "ORDER BY expired_at DESC LIMIT 1",
            (imp_key,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def token_expiry(self, access_token: str) -> int | None:
        row = self._db.execute(
            "SELECT expired_at FROM tokens WHERE access_token = ?", (access_token,)
        ).fetchone()
        return int(row[0]) if row else None

    def save_token(self, access_token: str, imp_key: str, expired_at: int) -> None:
        self._db.execute(
            "INSERT INTO tokens (access_token, imp_key, expired_at) VALUES (?, ?, ?) "
            "ON CONFLICT (access_token) DO UPDATE SET expired_at = excluded.expired_at",
            (access_token, imp_key, expired_at),
        )

    # ------------------------------------------------------------------ payments

    def insert_payment(self, payment: Payment, now: int) -> None:
        self._db.execute(
            "INSERT INTO payments (imp_uid, merchant_uid, customer_uid, status, updated_at, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                payment.imp_uid,
                payment.merchant_uid,
                payment.customer_uid,
                payment.status.value,
                now,
                payment.model_dump_json(),
            ),
        )

    def update_payment(self, payment: Payment, now: int) -> None:
        self._db.execute(
            "UPDATE payments SET status = ?, updated_at = ?, body = ? WHERE imp_uid = ?",
            (payment.status.value, now, payment.model_dump_json(), payment.imp_uid),
        )

    def payment(self, imp_uid: str) -> Payment | None:
        row = self._db.execute("SELECT body FROM payments WHERE imp_uid = ?", (imp_uid,)).fetchone()
        return Payment.model_validate_json(row[0]) if row else None

    def payments(
        self, *, merchant_uid: str | None = None, customer_uid: str | None = None
    ) -> list[StoredPayment]:
        """Payments in insertion order, optionally only one merchant_uid's or one customer's."""
        sql = "SELECT body, updated_at, seq FROM payments"
        clauses: list[str] = []
        args: list[str] = []
        if merchant_uid is not None:
            clauses.append("merchant_uid = ?")
            args.append(merchant_uid)
        if customer_uid is not None:
            clauses.append("customer_uid = ?")
            args.append(customer_uid)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._db.execute(sql + " ORDER BY seq", args).fetchall()
        return [StoredPayment(Payment.model_validate_json(b), u, s) for b, u, s in rows]

    # ------------------------------------------------------------------ billing keys

    def customer(self, customer_uid: str) -> BillingCustomer | None:
        row = self._db.execute(
            "SELECT body FROM customers WHERE customer_uid = ?", (customer_uid,)
        ).fetchone()
        return BillingCustomer.model_validate_json(row[0]) if row else None

    def save_customer(self, customer: BillingCustomer) -> None:
        self._db.execute(
            "INSERT INTO customers (customer_uid, body) VALUES (?, ?) "
            "ON CONFLICT (customer_uid) DO UPDATE SET body = excluded.body",
            (customer.customer_uid, customer.model_dump_json()),
        )

    def delete_customer(self, customer_uid: str) -> None:
        self._db.execute("DELETE FROM customers WHERE customer_uid = ?", (customer_uid,))

    # ------------------------------------------------------------------ schedules

    def schedule(self, merchant_uid: str) -> ScheduleResult | None:
        row = self._db.execute(
            "SELECT body FROM schedules WHERE merchant_uid = ?", (merchant_uid,)
        ).fetchone()
        return ScheduleResult.model_validate_json(row[0]) if row else None

    def save_schedule(self, schedule: ScheduleResult) -> None:
        self._db.execute(
            "INSERT INTO schedules "
            "(merchant_uid, customer_uid, schedule_status, schedule_at, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (merchant_uid) DO UPDATE SET "
            "schedule_status = excluded.schedule_status, schedule_at = excluded.schedule_at, "
            "body = excluded.body",
            (
                schedule.merchant_uid,
                schedule.customer_uid,
                schedule.schedule_status.value,
                schedule.schedule_at,
                schedule.model_dump_json(),
            ),
        )

    def save_schedule_quota(self, merchant_uid: str, card_quota: int) -> None:
        """The installment months a schedule is charged with (not part of its wire shape)."""
        self._db.execute(
            "INSERT OR REPLACE INTO schedule_quotas (merchant_uid, card_quota) VALUES (?, ?)",
            (merchant_uid, card_quota),
        )

    def schedule_quota(self, merchant_uid: str) -> int:
        row = self._db.execute(
            "SELECT card_quota FROM schedule_quotas WHERE merchant_uid = ?", (merchant_uid,)
        ).fetchone()
        return int(row[0]) if row else 0

    def schedules(
        self, *, customer_uid: str | None = None, status: str | None = None
    ) -> list[ScheduleResult]:
        """Schedules ordered by `schedule_at`, optionally one customer's or one status's."""
        sql = "SELECT body FROM schedules"
        clauses: list[str] = []
        args: list[str] = []
        if customer_uid is not None:
            clauses.append("customer_uid = ?")
            args.append(customer_uid)
        if status is not None:
            clauses.append("schedule_status = ?")
            args.append(status)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._db.execute(sql + " ORDER BY schedule_at, seq", args).fetchall()
        return [ScheduleResult.model_validate_json(row[0]) for row in rows]

    # ------------------------------------------------------------------ escrow

    def escrow_logis(self, imp_uid: str) -> EscrowLogis | None:
        row = self._db.execute(
            "SELECT body FROM escrow_logis WHERE imp_uid = ?", (imp_uid,)
        ).fetchone()
        return EscrowLogis.model_validate_json(row[0]) if row else None

    def save_escrow_logis(self, imp_uid: str, logis: EscrowLogis) -> None:
        self._db.execute(
            "INSERT INTO escrow_logis (imp_uid, body) VALUES (?, ?)",
            (imp_uid, logis.model_dump_json()),
        )

    # ------------------------------------------------------------------ prepared amounts

    def prepared_payment(self, merchant_uid: str) -> PreparedPayment | None:
        row = self._db.execute(
            "SELECT body FROM prepared_payments WHERE merchant_uid = ?", (merchant_uid,)
        ).fetchone()
        return PreparedPayment.model_validate_json(row[0]) if row else None

    def save_prepared_payment(self, prepared: PreparedPayment) -> None:
        self._db.execute(
            "INSERT INTO prepared_payments (merchant_uid, body) VALUES (?, ?) "
            "ON CONFLICT (merchant_uid) DO UPDATE SET body = excluded.body",
            (prepared.merchant_uid, prepared.model_dump_json()),
        )

    # ------------------------------------------------------------------ payment windows

    def window(self, token: str) -> str | None:
        """An opened window's record (JSON written by `pay_window`), by its token."""
        row = self._db.execute("SELECT body FROM windows WHERE token = ?", (token,)).fetchone()
        return str(row[0]) if row else None

    def window_of_payment(self, imp_uid: str) -> str | None:
        row = self._db.execute("SELECT body FROM windows WHERE imp_uid = ?", (imp_uid,)).fetchone()
        return str(row[0]) if row else None

    def save_window(self, token: str, imp_uid: str | None, body: str) -> None:
        self._db.execute(
            "INSERT INTO windows (token, imp_uid, body) VALUES (?, ?, ?) "
            "ON CONFLICT (token) DO UPDATE SET body = excluded.body",
            (token, imp_uid, body),
        )
