"""The tables of the local store, as SQLAlchemy 2 typed declarative models.

The Alembic revisions under `migrations/versions/` create exactly this schema (a test compares
them). Enums are stored as their string values in plain VARCHAR columns (no native PostgreSQL enum
types), so adding a value never needs a type migration. Timestamps are aware UTC datetimes
(`UtcDateTime`). Masked card numbers and PG identifiers carry `info` marks read by `card_guard`.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum as PyEnum
from typing import Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.store.card_guard import (
    CARD_DATA_INFO_KEY,
    DIGEST,
    MASKED_CARD_NUMBER,
    ORDER_IDENTIFIER,
    SERVER_IDENTIFIER,
)
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.timestamps import UtcDateTime

MASKED: Final = {CARD_DATA_INFO_KEY: MASKED_CARD_NUMBER}
FROM_PG: Final = {CARD_DATA_INFO_KEY: SERVER_IDENTIFIER}
ORDER_ID: Final = {CARD_DATA_INFO_KEY: ORDER_IDENTIFIER}
HASH: Final = {CARD_DATA_INFO_KEY: DIGEST}

# Named constraints make later batch migrations on SQLite and ALTERs on PostgreSQL predictable.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SEARCH_TABLE: Final = "customer_search"
"""SQLite only: the FTS5 trigram index over the customers' search keys (revision 0002)."""
TRIGRAM_INDEX_PREFIX: Final = "trgm_"
"""PostgreSQL only, when pg_trgm could be created: GIN trigram indexes (revision 0002)."""

# Partial indexes: same SQL on SQLite and PostgreSQL.
CHARGE_MERCHANT_UID_IS_UNIQUE: Final = "kind <> 'cancel'"
ONE_CANCEL_IN_FLIGHT: Final = "kind = 'cancel' AND state IN ('draft', 'sending', 'unknown')"


def _string_enum(enum_class: type[PyEnum]) -> Enum:
    """An enum column holding the members' values in a VARCHAR, checked in Python."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=16,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AttemptRow(Base):
    """The attempt journal: one row per money-moving (or key-issuing) call, written before it."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[AttemptKind] = mapped_column(_string_enum(AttemptKind))
    state: Mapped[AttemptState] = mapped_column(_string_enum(AttemptState), index=True)
    # Charges own their merchant_uid; cancels carry the merchant_uid of the payment they cancel;
    # a card registration may have none.
    merchant_uid: Mapped[str | None] = mapped_column(String(40), index=True, info=ORDER_ID)
    previous_merchant_uid: Mapped[str | None] = mapped_column(String(40), info=ORDER_ID)
    amount: Mapped[int] = mapped_column(Integer)
    tax_free: Mapped[int] = mapped_column(Integer)
    card_quota: Mapped[int] = mapped_column(Integer)
    order_name: Mapped[str | None] = mapped_column(Text)
    buyer_name: Mapped[str | None] = mapped_column(Text)
    buyer_tel: Mapped[str | None] = mapped_column(String(40))
    buyer_email: Mapped[str | None] = mapped_column(Text)
    customer_uid: Mapped[str | None] = mapped_column(String(80), index=True, info=ORDER_ID)
    card_number: Mapped[str | None] = mapped_column(String(32), info=MASKED)
    card_name: Mapped[str | None] = mapped_column(String(64))
    imp_uid: Mapped[str | None] = mapped_column(String(32), index=True)
    fail_reason: Mapped[str | None] = mapped_column(Text)
    checksum: Mapped[int | None] = mapped_column(Integer)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    operator: Mapped[str | None] = mapped_column(String(64))
    """Who journalled it (revision 0012; NULL for attempts journalled before)."""

    __table_args__ = (
        Index(
            "uq_attempts_charge_merchant_uid",
            "merchant_uid",
            unique=True,
            sqlite_where=text(CHARGE_MERCHANT_UID_IS_UNIQUE),
            postgresql_where=text(CHARGE_MERCHANT_UID_IS_UNIQUE),
        ),
        Index(
            "uq_attempts_cancel_in_flight",
            "merchant_uid",
            unique=True,
            sqlite_where=text(ONE_CANCEL_IN_FLIGHT),
            postgresql_where=text(ONE_CANCEL_IN_FLIGHT),
        ),
    )


class PaymentRow(Base):
    """The local ledger: the latest known state of each V1 payment, keyed by `imp_uid`."""

    __tablename__ = "payments"

    imp_uid: Mapped[str] = mapped_column(String(32), primary_key=True)
    merchant_uid: Mapped[str] = mapped_column(String(40), index=True, info=ORDER_ID)
    status: Mapped[LedgerStatus] = mapped_column(_string_enum(LedgerStatus))
    amount: Mapped[int] = mapped_column(Integer)
    cancel_amount: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(8))
    pay_method: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(16))
    card_name: Mapped[str | None] = mapped_column(String(64))
    card_code: Mapped[str | None] = mapped_column(String(16))
    card_number: Mapped[str | None] = mapped_column(String(32), info=MASKED)
    card_quota: Mapped[int] = mapped_column(Integer)
    card_type: Mapped[int | None] = mapped_column(Integer)
    apply_num: Mapped[str | None] = mapped_column(String(20))
    pg_tid: Mapped[str | None] = mapped_column(String(64), info=FROM_PG)
    pg_provider: Mapped[str | None] = mapped_column(String(16))
    pg_id: Mapped[str | None] = mapped_column(String(80))
    receipt_url: Mapped[str | None] = mapped_column(Text, info=FROM_PG)
    name: Mapped[str | None] = mapped_column(Text)
    buyer_name: Mapped[str | None] = mapped_column(Text)
    buyer_tel: Mapped[str | None] = mapped_column(String(40))
    buyer_email: Mapped[str | None] = mapped_column(Text)
    customer_uid: Mapped[str | None] = mapped_column(String(80), info=ORDER_ID)
    customer_uid_usage: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    fail_reason: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    escrow: Mapped[bool] = mapped_column(Boolean)
    sandbox: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    operator: Mapped[str | None] = mapped_column(String(64))
    """The operator of this terminal's attempt under the same merchant_uid (revision 0012);
    NULL for a payment made elsewhere."""
    tax_free: Mapped[int | None] = mapped_column(Integer)
    """The tax-free part, from this terminal's attempt (V1's Payment does not report it)."""
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    """When it happened: `started_at`, else when first recorded (the transactions' order)."""
    card_last4: Mapped[str | None] = mapped_column(String(4))
    """The masked number's last four digits (revision 0013), for the transactions' search."""

    __table_args__ = (
        # The transactions view (revision 0013, `payment_pages`): each filter that can narrow
        # a list has an index leading with it and ordered by time after it, so a filtered
        # page is one range read in order; the time and status indexes carry the amounts, so
        # a range's count and sums are read from the index alone.
        Index(
            "ix_payments_occurred", "occurred_at", "imp_uid", "amount", "cancel_amount", "status"
        ),
        Index(
            "ix_payments_status_occurred",
            "status",
            "occurred_at",
            "imp_uid",
            "amount",
            "cancel_amount",
        ),
        Index("ix_payments_amount", "amount", "imp_uid", "occurred_at"),
        Index("ix_payments_apply_num", "apply_num"),
        Index("ix_payments_card_last4", "card_last4", "occurred_at"),
        Index("ix_payments_operator_occurred", "operator", "occurred_at", "imp_uid"),
        Index("ix_payments_pay_method_occurred", "pay_method", "occurred_at", "imp_uid"),
        Index("ix_payments_escrow_occurred", "escrow", "occurred_at", "imp_uid"),
        # A key's paid payments (a batch line's check before it is sent): with the status
        # index alone SQLite read every paid payment of the shop.
        Index("ix_payments_customer_uid_status", "customer_uid", "status"),
    )


SEARCH_KEYS: Final = ("name_key", "given_key", "email_key", "tel_digits", "card_last4")
"""The columns a typed search checks (`customer_search.row_filter`)."""


def _sort_index(sort: str, column: str) -> Index:
    """The index of one sort: the column, then customer_uid (the order), then the search keys
    and `deleted_at`, so that walking the order, or counting a range of it, checks each row
    against the typed text and the deleted filter in the index alone."""
    keys = (key for key in SEARCH_KEYS if key != column)
    return Index(f"ix_customers_sort_{sort}", column, "customer_uid", *keys, "deleted_at")


class CustomerRow(Base):
    """The customer directory: one row per customer per card (one billing key each).

    Besides the details, each row keeps its search keys (`customer_keys`, written on every save)
    and its last charge (written by the ledger in the payment's transaction). One index per
    sort column, with `customer_uid` after it, serves both directions of that sort and the
    pages read by key (`customer_order`); the search keys after those make it cover a search
    walked in that order (`customer_pages`).
    """

    __tablename__ = "customers"

    customer_uid: Mapped[str] = mapped_column(String(80), primary_key=True, info=ORDER_ID)
    name: Mapped[str | None] = mapped_column(Text)
    tel: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(Text)
    card_number: Mapped[str | None] = mapped_column(String(32), info=MASKED)
    card_name: Mapped[str | None] = mapped_column(String(64))
    card_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """Not indexed (revision 0002 dropped the index): nearly every row is NULL here, and the
    index only tempted SQLite's planner to read every customer and sort them."""
    name_key: Mapped[str | None] = mapped_column(Text)
    given_key: Mapped[str | None] = mapped_column(Text)
    """A Hangul name's given name (`customer_keys.given_name_key`), for two-character search."""
    email_key: Mapped[str | None] = mapped_column(Text)
    tel_digits: Mapped[str | None] = mapped_column(String(40))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    """The last four digits of the masked number: four digits are never a card number."""
    key_missing_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When a sync last found that PortOne no longer has the billing key (None: it had it)."""
    search_rowid: Mapped[int | None] = mapped_column(Integer)
    """The row's key in SQLite's full-text index (set by a trigger; NULL on PostgreSQL). The
    implicit rowid cannot be that key: VACUUM may renumber it."""
    last_charge_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_charge_status: Mapped[LedgerStatus | None] = mapped_column(_string_enum(LedgerStatus))
    last_charge_amount: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        _sort_index("name", "name_key"),
        _sort_index("tel", "tel_digits"),
        _sort_index("email", "email_key"),
        _sort_index("card", "card_number"),
        _sort_index("issuer", "card_name"),
        _sort_index("saved", "created_at"),
        _sort_index("last_charge", "last_charge_at"),
        Index("ix_customers_card_last4", "card_last4"),
        Index("ix_customers_given_key", "given_key"),
        Index("uq_customers_search_rowid", "search_rowid", unique=True),
        # A trigram match's deleted_at, for counting visible matches without reading rows.
        Index("ix_customers_search_rowid_deleted", "search_rowid", "deleted_at"),
    )


class BatchRow(Base):
    """A batch charge of saved cards (revision 0004): what was read from which file, by whom.

    `content_hash` identifies the file's rows once normalised (`services/batch_file.py`), so
    that running the same file again resumes this batch instead of charging everyone again."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True, info=HASH)
    source_name: Mapped[str | None] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer)
    total_amount: Mapped[int] = mapped_column(BigInteger)
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BatchLineRow(Base):
    """One line of a batch with the `merchant_uid` fixed for it before the batch started. Its
    outcome is the journal's attempt under that `merchant_uid` (none yet: never sent)."""

    __tablename__ = "batch_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(Integer, ForeignKey("batches.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    customer_uid: Mapped[str] = mapped_column(String(80), info=ORDER_ID)
    amount: Mapped[int] = mapped_column(Integer)
    order_name: Mapped[str | None] = mapped_column(Text)
    tax_free: Mapped[int] = mapped_column(Integer)
    card_quota: Mapped[int] = mapped_column(Integer)
    merchant_uid: Mapped[str] = mapped_column(String(40), unique=True, info=ORDER_ID)


class CardReplacementRow(Base):
    """A card being replaced (revision 0006): written before the new card's registration is
    sent, closed once the old key is deleted (or the registration failed), so that a replacement
    cut short by a crash is finished at the next start."""

    __tablename__ = "card_replacements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    old_customer_uid: Mapped[str] = mapped_column(String(80), info=ORDER_ID)
    new_customer_uid: Mapped[str] = mapped_column(String(80), info=ORDER_ID)
    merchant_uid: Mapped[str] = mapped_column(String(40), unique=True, info=ORDER_ID)
    """The registration attempt's journal id."""
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))


class EscrowShipmentRow(Base):
    """An escrow order's shipment as registered with PortOne (revision 0009): which paid escrow
    orders are still to ship is read against this table. KCP takes one registration per
    payment and no edit (reference §9)."""

    __tablename__ = "escrow_shipments"

    imp_uid: Mapped[str] = mapped_column(String(32), primary_key=True, info=ORDER_ID)
    merchant_uid: Mapped[str] = mapped_column(String(40), info=ORDER_ID)
    company: Mapped[str] = mapped_column(Text)  # as PortOne reports it (any length)
    invoice: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    operator: Mapped[str] = mapped_column(String(64))


class OperatorRow(Base):
    """A person who signs in at this terminal (revision 0010): a role and an operator PIN kept
    only as a salted scrypt hash (`passcode_hash`: no column is named for PINs, which the card
    guard keeps for card data). Wrong tries in a row are counted; enough of them lock."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(40))
    name_key: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    passcode_hash: Mapped[str] = mapped_column(Text)
    failed_tries: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Revision 0014: wrong PINs typed for this operator in someone's approval prompt.
    approval_tries: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    approval_locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DayCloseRow(Base):
    """A closed business day (마감, revision 0012): its totals frozen when it was closed. A
    change to the day's payments after that is shown as an adjustment, never rewrites this."""

    __tablename__ = "day_closes"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    """The day in Korea time, `YYYY-MM-DD`."""
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    operator: Mapped[str] = mapped_column(String(64))
    totals: Mapped[str] = mapped_column(Text)
    """The day's totals as JSON (`services/reports`)."""


class AuditRow(Base):
    """The append-only audit log (guarded in the ORM and, on SQLite, by triggers)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(80), index=True, info=ORDER_ID)
    """What the entry is about: a merchant_uid, a customer_uid or `attempt:<id>`."""
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str | None] = mapped_column(String(64), info=HASH)
    """The entry before's `entry_hash` (revision 0011; None before the chain began)."""
    entry_hash: Mapped[str | None] = mapped_column(String(64), info=HASH)
    """SHA-256 over this entry's content and `prev_hash`: an edit, a deletion or a reordering
    breaks the chain (`AuditLog.verify`)."""


class ScheduleRow(Base):
    """A scheduled charge this app booked (or is booking): written before the request is sent,
    brought up to date by the poll (revision 0005)."""

    __tablename__ = "schedules"

    merchant_uid: Mapped[str] = mapped_column(String(40), primary_key=True, info=ORDER_ID)
    customer_uid: Mapped[str] = mapped_column(String(80), index=True, info=ORDER_ID)
    series_uid: Mapped[str | None] = mapped_column(String(40), info=ORDER_ID)
    """The first entry's merchant_uid when booked as a monthly series, else None."""
    state: Mapped[ScheduleState] = mapped_column(_string_enum(ScheduleState), index=True)
    schedule_at: Mapped[datetime] = mapped_column(UtcDateTime)
    amount: Mapped[int] = mapped_column(Integer)
    tax_free: Mapped[int] = mapped_column(Integer)
    card_quota: Mapped[int] = mapped_column(Integer)
    order_name: Mapped[str | None] = mapped_column(Text)
    imp_uid: Mapped[str | None] = mapped_column(String(32))
    fail_reason: Mapped[str | None] = mapped_column(Text)
    retried_by: Mapped[str | None] = mapped_column(String(40), info=ORDER_ID)
    """The merchant_uid of the charge that retried this failed schedule."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When PortOne was last asked about it."""


def table_names() -> list[str]:
    """Every table the models define (and the migrations create), sorted."""
    return sorted(Base.metadata.tables)


def is_modelled(name: str | None, type_: str) -> bool:
    """False for the search accelerators the migrations add beside the models, which the
    models cannot describe: SQLite's full-text table and its shadow tables, PostgreSQL's
    trigram indexes. Schema comparisons (Alembic's `include_name`) skip them."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_TABLE)
    if type_ == "index":
        return not name.startswith(TRIGRAM_INDEX_PREFIX)
    return True


class ProductRow(Base):
    """A product of the shop's catalogue (revision 0008), which fills cart lines quickly.
    Removed products keep their row (`removed_at`) so that a name can be reused."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(40))
    name_key: Mapped[str] = mapped_column(String(80))
    """The name folded for search and uniqueness (`customer_keys.search_key`)."""
    price: Mapped[int] = mapped_column(Integer)
    tax_free: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        # One product per name among those not removed (two terminals adding at once included).
        Index(
            "uq_products_name_key_listed",
            "name_key",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )
