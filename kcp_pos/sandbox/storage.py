"""The sandbox's persistent state in one SQLite file (WAL) under its data directory.

Each record is kept as the JSON of its wire model (so a restart serves exactly what was
served before), plus the few columns the lookups filter on. Card data never reaches this
file: payments and billing keys only hold the KCP-masked number.

All access goes through `transaction()`, which holds one lock: uvicorn may run handlers on
several threads at once, and a check-then-write (duplicate `merchant_uid`, cancel balance)
must not interleave with another. The one big read, the merchant-wide list of payments
(`payment_listing`), takes no lock: it reads a snapshot through a read-only connection of its
own thread (WAL lets it read while a writer commits), from indexed time columns, and parses
only the page it returns, so a listing of tens of thousands never holds up a charge.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kcp_pos.iamport.models import (
    BillingCustomer,
    EscrowLogis,
    Payment,
    PreparedPayment,
    ScheduleResult,
)

DATABASE_NAME = "sandbox.sqlite3"

PAYMENT_TIMES: Final = ("started_at", "paid_at", "failed_at", "cancelled_at")
"""The Payment's times kept as columns beside its JSON (a file from before them gets them from
the JSON when it is opened)."""
LISTING_ORDERS: Final = (*PAYMENT_TIMES, "updated_at")
"""What `payment_listing` may sort on (with `seq` breaking ties)."""

_LISTING_INDEXES = """
CREATE INDEX IF NOT EXISTS payments_started ON payments (started_at, seq);
CREATE INDEX IF NOT EXISTS payments_status_started ON payments (status, started_at, seq);
CREATE INDEX IF NOT EXISTS payments_status_paid ON payments (status, paid_at, seq);
CREATE INDEX IF NOT EXISTS payments_status_failed ON payments (status, failed_at, seq);
CREATE INDEX IF NOT EXISTS payments_status_cancelled ON payments (status, cancelled_at, seq);
"""

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
    body TEXT NOT NULL,
    started_at INTEGER NOT NULL DEFAULT 0,
    paid_at INTEGER NOT NULL DEFAULT 0,
    failed_at INTEGER NOT NULL DEFAULT 0,
    cancelled_at INTEGER NOT NULL DEFAULT 0
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


@dataclass(frozen=True)
class ListingQuery:
    """One page of the merchant-wide list: payments (of `status`, or all) whose `window_on`
    time is within `start`..`end` inclusive, ordered by `order_on` then `seq`."""

    status: str | None
    window_on: str
    start: int
    end: int
    order_on: str
    descending: bool
    offset: int
    limit: int

    def __post_init__(self) -> None:
        # Column names go into the SQL text: only the known ones.
        if self.window_on not in PAYMENT_TIMES or self.order_on not in LISTING_ORDERS:
            raise ValueError("unknown payment time column")


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
        self._add_payment_times()
        self._db.executescript(_LISTING_INDEXES)
        row = self._db.execute("SELECT offset_seconds FROM clock WHERE id = 1").fetchone()
        self._clock_offset = int(row[0]) if row else 0
        self._readers = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    def _add_payment_times(self) -> None:
        """Give a file written before the time columns existed its columns, filled from JSON."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(payments)")}
        missing = [name for name in PAYMENT_TIMES if name not in columns]
        if not missing:
            return
        with self.transaction():
            for name in missing:
                self._db.execute(
                    f"ALTER TABLE payments ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
                )
                self._db.execute(
                    f"UPDATE payments SET {name} = coalesce(json_extract(body, '$.{name}'), 0)"
                )

    def close(self) -> None:
        with self._lock:
            self._db.close()
        with self._readers_lock:
            for connection in self._reader_connections:
                connection.close()
            self._reader_connections.clear()

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (made on first use, closed with the storage)."""
        connection: sqlite3.Connection | None = getattr(self._readers, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            connection.execute("PRAGMA query_only = ON")
            with self._readers_lock:
                self._reader_connections.append(connection)
            self._readers.connection = connection
        return connection

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
            "INSERT INTO payments (imp_uid, merchant_uid, customer_uid, status, updated_at, body, "
            "started_at, paid_at, failed_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                payment.imp_uid,
                payment.merchant_uid,
                payment.customer_uid,
                payment.status.value,
                now,
                payment.model_dump_json(),
                *_times_of(payment),
            ),
        )

    def update_payment(self, payment: Payment, now: int) -> None:
        self._db.execute(
            "UPDATE payments SET status = ?, updated_at = ?, body = ?, started_at = ?, "
            "paid_at = ?, failed_at = ?, cancelled_at = ? WHERE imp_uid = ?",
            (
                payment.status.value,
                now,
                payment.model_dump_json(),
                *_times_of(payment),
                payment.imp_uid,
            ),
        )

    def payment_listing(self, query: ListingQuery) -> tuple[int, list[Payment]]:
        """How many payments match `query`, and its page, read from one snapshot without the
        storage's lock (see the module's docstring)."""
        where = f"{query.window_on} BETWEEN ? AND ?"
        args: list[object] = [query.start, query.end]
        if query.status is not None:
            where = "status = ? AND " + where
            args.insert(0, query.status)
        direction = "DESC" if query.descending else "ASC"
        order = f"{query.order_on} {direction}, seq {direction}"
        reader = self._reader()
        reader.execute("BEGIN")
        try:
            (total,) = reader.execute(
                f"SELECT count(*) FROM payments WHERE {where}", args
            ).fetchone()
            # The page's keys first, then their bodies: a sort that no index gives (by
            # `updated`, say) then moves two numbers per payment, not its JSON.
            rows = reader.execute(
                f"SELECT body FROM payments WHERE seq IN (SELECT seq FROM payments WHERE {where} "
                f"ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
                [*args, query.limit, query.offset],
            ).fetchall()
        finally:
            reader.execute("COMMIT")
        return int(total), [Payment.model_validate_json(row[0]) for row in rows]

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


def _times_of(payment: Payment) -> tuple[int, int, int, int]:
    return (payment.started_at, payment.paid_at, payment.failed_at, payment.cancelled_at)
