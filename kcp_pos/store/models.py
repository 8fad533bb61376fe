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

from sqlalchemy import Boolean, Enum, Index, Integer, MetaData, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.store.card_guard import (
    CARD_DATA_INFO_KEY,
    MASKED_CARD_NUMBER,
    ORDER_IDENTIFIER,
    SERVER_IDENTIFIER,
)
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.timestamps import UtcDateTime

MASKED: Final = {CARD_DATA_INFO_KEY: MASKED_CARD_NUMBER}
FROM_PG: Final = {CARD_DATA_INFO_KEY: SERVER_IDENTIFIER}
ORDER_ID: Final = {CARD_DATA_INFO_KEY: ORDER_IDENTIFIER}

# Named constraints make later batch migrations on SQLite and ALTERs on PostgreSQL predictable.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

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
    status: Mapped[LedgerStatus] = mapped_column(_string_enum(LedgerStatus), index=True)
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
    customer_uid: Mapped[str | None] = mapped_column(String(80), index=True, info=ORDER_ID)
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


class CustomerRow(Base):
    """The customer directory: one row per customer per card (one billing key each)."""

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
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)


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


def table_names() -> list[str]:
    """Every table the models define (and the migrations create), sorted."""
    return sorted(Base.metadata.tables)
