"""Customer search and last charge: search keys, one index per sort (and none on `deleted_at`),
a full-text index on SQLite, trigram indexes on PostgreSQL when possible, and each customer's
last charge from the ledger.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-10

Runs on SQLite and PostgreSQL alike (DESIGN.md rule 9). Dialect-specific parts:

* SQLite: an FTS5 table with the trigram tokenizer over the search keys, its content read from
  `customers` by `search_rowid` (a column of our own: VACUUM may renumber the implicit rowid),
  kept in step by triggers. Built in a savepoint: an SQLite without FTS5 or the trigram
  tokenizer (before 3.34) migrates without it, and the directory then searches by scanning.
* PostgreSQL: GIN trigram indexes when the `pg_trgm` extension exists or may be created (it is
  a trusted extension from PostgreSQL 13); without it, searches scan the table (correct, slower).

The search keys are backfilled with a copy of `kcp_pos.store.customer_keys` as it is at this
revision, so that the migration does what it did even after the app's rules change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SORT_INDEXES: Final = {
    "ix_customers_sort_name": "name_key",
    "ix_customers_sort_tel": "tel_digits",
    "ix_customers_sort_email": "email_key",
    "ix_customers_sort_card": "card_number",
    "ix_customers_sort_issuer": "card_name",
    "ix_customers_sort_saved": "created_at",
    "ix_customers_sort_last_charge": "last_charge_at",
}
SEARCHED: Final = ("name_key", "email_key", "tel_digits")
SEARCH_KEYS: Final = ("name_key", "given_key", "email_key", "tel_digits", "card_last4")
"""Carried by every sort index after its order (and `deleted_at` after them), so that a search
walked in it reads no rows."""
SEARCH_TABLE: Final = "customer_search"
OCCURRED_AT: Final = "coalesce(p.paid_at, p.failed_at, p.started_at, p.recorded_at)"
"""When a payment happened, as `last_charge.occurred_at` has it at this revision."""
SQLITE_TRIGGERS: Final = (
    "customers_search_rowid",
    "customers_search_insert",
    "customers_search_update",
    "customers_search_delete",
)
NEW_COLUMNS: Final = (
    "name_key",
    "given_key",
    "email_key",
    "tel_digits",
    "card_last4",
    "search_rowid",
    "last_charge_at",
    "last_charge_status",
    "last_charge_amount",
)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


# -- the search-key rules of this revision (see the module docstring) -----------------------


def _key(text: str | None) -> str | None:
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split()) or None


def _given_key(name: str | None) -> str | None:
    key = _key(name) or ""
    if len(key) < 2 or not 0xAC00 <= ord(key[0]) <= 0xD7A3:
        return None
    return key[1:].lstrip() or None


def _phone_digits(tel: str | None) -> str | None:
    normalised = _key(tel) or ""
    digits = "".join(ch for ch in normalised if "0" <= ch <= "9")
    if normalised.startswith("+82") and len(digits) > 2:
        digits = "0" + digits[2:].removeprefix("0")
    return digits or None


def _last_four(card_number: str | None) -> str | None:
    compact = (_key(card_number) or "").replace(" ", "").replace("-", "")
    last = compact[-4:]
    return last if len(last) == 4 and last.isascii() and last.isdigit() else None


# -- upgrade ----------------------------------------------------------------------------------


def _add_columns() -> None:
    for column in (
        sa.Column("name_key", sa.Text(), nullable=True),
        sa.Column("given_key", sa.Text(), nullable=True),
        sa.Column("email_key", sa.Text(), nullable=True),
        sa.Column("tel_digits", sa.String(length=40), nullable=True),
        sa.Column("card_last4", sa.String(length=4), nullable=True),
        sa.Column("search_rowid", sa.Integer(), nullable=True),
        sa.Column("last_charge_at", _when(), nullable=True),
        sa.Column("last_charge_status", sa.String(length=16), nullable=True),
        sa.Column("last_charge_amount", sa.Integer(), nullable=True),
    ):
        op.add_column("customers", column)


def _backfill_keys() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT customer_uid, name, email, tel, card_number FROM customers")
    ).all()
    if not rows:
        return
    connection.execute(
        sa.text(
            "UPDATE customers SET name_key = :name_key, given_key = :given_key, "
            "email_key = :email_key, "
            "tel_digits = :tel_digits, card_last4 = :card_last4 WHERE customer_uid = :uid"
        ),
        [
            {
                "uid": uid,
                "name_key": _key(name),
                "given_key": _given_key(name),
                "email_key": _key(email),
                "tel_digits": _phone_digits(tel),
                "card_last4": _last_four(card_number),
            }
            for uid, name, email, tel, card_number in rows
        ],
    )


def _latest_payment(expression: str) -> str:
    return (
        f"(SELECT {expression} FROM payments p WHERE p.customer_uid = customers.customer_uid "
        f"ORDER BY {OCCURRED_AT} DESC, p.recorded_at DESC, p.imp_uid DESC LIMIT 1)"
    )


def _backfill_last_charge() -> None:
    """The ledger's newest payment of each customer (the ledger keeps it current from now on)."""
    op.execute(
        f"UPDATE customers SET last_charge_at = {_latest_payment(OCCURRED_AT)}, "
        f"last_charge_status = {_latest_payment('p.status')}, "
        f"last_charge_amount = {_latest_payment('p.amount')} "
        "WHERE EXISTS (SELECT 1 FROM payments p WHERE p.customer_uid = customers.customer_uid)"
    )


def _create_indexes() -> None:
    # Nearly every deleted_at is NULL: its index found no one faster and made SQLite's planner
    # read the whole directory for `deleted_at IS NULL` and sort it, instead of a sort index.
    op.drop_index("ix_customers_deleted_at", table_name="customers")
    for name, column in SORT_INDEXES.items():
        keys = [key for key in SEARCH_KEYS if key != column]
        op.create_index(name, "customers", [column, "customer_uid", *keys, "deleted_at"])
    op.create_index("ix_customers_card_last4", "customers", ["card_last4"])
    op.create_index("ix_customers_given_key", "customers", ["given_key"])
    op.create_index("uq_customers_search_rowid", "customers", ["search_rowid"], unique=True)
    op.create_index(
        "ix_customers_search_rowid_deleted", "customers", ["search_rowid", "deleted_at"]
    )


def _sqlite_full_text_index() -> None:
    connection = op.get_bind()
    op.execute("UPDATE customers SET search_rowid = rowid")
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5({', '.join(SEARCHED)}, "
                "content='customers', content_rowid='search_rowid', "
                "tokenize='trigram case_sensitive 1')"
            )
    except sa.exc.OperationalError:
        return  # no FTS5 or no trigram tokenizer: searches scan the table instead
    op.execute(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")
    for statement in _sqlite_triggers():
        op.execute(statement)


def _sqlite_triggers() -> list[str]:
    columns = ", ".join(SEARCHED)
    old = ", ".join(f"old.{column}" for column in SEARCHED)
    new = ", ".join(f"new.{column}" for column in SEARCHED)
    forget = (
        f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, {columns}) "
        f"SELECT 'delete', old.search_rowid, {old} WHERE old.search_rowid IS NOT NULL;"
    )
    learn = (
        f"INSERT INTO {SEARCH_TABLE}(rowid, {columns}) "
        f"SELECT new.search_rowid, {new} WHERE new.search_rowid IS NOT NULL;"
    )
    return [
        # A new row gets the next key; setting it fires the update trigger, which indexes it.
        "CREATE TRIGGER customers_search_rowid AFTER INSERT ON customers "
        "WHEN new.search_rowid IS NULL BEGIN "
        "UPDATE customers SET search_rowid = "
        "(SELECT coalesce(max(search_rowid), 0) + 1 FROM customers) "
        "WHERE customer_uid = new.customer_uid; END",
        "CREATE TRIGGER customers_search_insert AFTER INSERT ON customers "
        f"WHEN new.search_rowid IS NOT NULL BEGIN {learn} END",
        f"CREATE TRIGGER customers_search_update AFTER UPDATE OF search_rowid, {columns} "
        f"ON customers BEGIN {forget} {learn} END",
        f"CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN {forget} END",
    ]


def _postgresql_trigram_indexes() -> None:
    connection = op.get_bind()
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for column in SEARCHED:
                connection.exec_driver_sql(
                    f"CREATE INDEX trgm_customers_{column} ON customers "
                    f"USING gin ({column} gin_trgm_ops)"
                )
    except sa.exc.DBAPIError:
        return  # no pg_trgm for this role: LIKE scans the table (correct, slower)


def upgrade() -> None:
    _add_columns()
    _backfill_keys()
    _backfill_last_charge()
    _create_indexes()
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        _sqlite_full_text_index()
    elif dialect == "postgresql":
        _postgresql_trigram_indexes()


# -- downgrade --------------------------------------------------------------------------------


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    elif dialect == "postgresql":
        for column in SEARCHED:
            op.execute(f"DROP INDEX IF EXISTS trgm_customers_{column}")
    op.drop_index("ix_customers_search_rowid_deleted", table_name="customers")
    op.drop_index("uq_customers_search_rowid", table_name="customers")
    op.drop_index("ix_customers_card_last4", table_name="customers")
    op.drop_index("ix_customers_given_key", table_name="customers")
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="customers")
    op.create_index("ix_customers_deleted_at", "customers", ["deleted_at"])
    with op.batch_alter_table("customers") as batch:
        for column in NEW_COLUMNS:
            batch.drop_column(column)
