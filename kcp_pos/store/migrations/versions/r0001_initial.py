"""Initial schema: attempt journal, payment ledger, customer directory, append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Runs on SQLite and PostgreSQL alike (DESIGN.md rule 9). The only dialect-specific part is the
append-only protection of `audit_log`: SQLite triggers with RAISE(ABORT), or a PL/pgSQL trigger
function on PostgreSQL; other dialects rely on the ORM guard alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHARGE_MERCHANT_UID_IS_UNIQUE = "kind <> 'cancel'"
ONE_CANCEL_IN_FLIGHT = "kind = 'cancel' AND state IN ('draft', 'sending', 'unknown')"
APPEND_ONLY_MESSAGE = "audit_log is append-only"


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _create_attempts() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("merchant_uid", sa.String(length=40), nullable=True),
        sa.Column("previous_merchant_uid", sa.String(length=40), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("tax_free", sa.Integer(), nullable=False),
        sa.Column("card_quota", sa.Integer(), nullable=False),
        sa.Column("order_name", sa.Text(), nullable=True),
        sa.Column("buyer_name", sa.Text(), nullable=True),
        sa.Column("buyer_tel", sa.String(length=40), nullable=True),
        sa.Column("buyer_email", sa.Text(), nullable=True),
        sa.Column("customer_uid", sa.String(length=80), nullable=True),
        sa.Column("card_number", sa.String(length=32), nullable=True),
        sa.Column("card_name", sa.String(length=64), nullable=True),
        sa.Column("imp_uid", sa.String(length=32), nullable=True),
        sa.Column("fail_reason", sa.Text(), nullable=True),
        sa.Column("checksum", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("resolved_at", _when(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
    )
    op.create_index("ix_attempts_state", "attempts", ["state"])
    op.create_index("ix_attempts_merchant_uid", "attempts", ["merchant_uid"])
    op.create_index("ix_attempts_customer_uid", "attempts", ["customer_uid"])
    op.create_index("ix_attempts_imp_uid", "attempts", ["imp_uid"])
    op.create_index(
        "uq_attempts_charge_merchant_uid",
        "attempts",
        ["merchant_uid"],
        unique=True,
        sqlite_where=sa.text(CHARGE_MERCHANT_UID_IS_UNIQUE),
        postgresql_where=sa.text(CHARGE_MERCHANT_UID_IS_UNIQUE),
    )
    op.create_index(
        "uq_attempts_cancel_in_flight",
        "attempts",
        ["merchant_uid"],
        unique=True,
        sqlite_where=sa.text(ONE_CANCEL_IN_FLIGHT),
        postgresql_where=sa.text(ONE_CANCEL_IN_FLIGHT),
    )


def _create_payments() -> None:
    op.create_table(
        "payments",
        sa.Column("imp_uid", sa.String(length=32), nullable=False),
        sa.Column("merchant_uid", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("cancel_amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("pay_method", sa.String(length=20), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("card_name", sa.String(length=64), nullable=True),
        sa.Column("card_code", sa.String(length=16), nullable=True),
        sa.Column("card_number", sa.String(length=32), nullable=True),
        sa.Column("card_quota", sa.Integer(), nullable=False),
        sa.Column("card_type", sa.Integer(), nullable=True),
        sa.Column("apply_num", sa.String(length=20), nullable=True),
        sa.Column("pg_tid", sa.String(length=64), nullable=True),
        sa.Column("pg_provider", sa.String(length=16), nullable=True),
        sa.Column("pg_id", sa.String(length=80), nullable=True),
        sa.Column("receipt_url", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("buyer_name", sa.Text(), nullable=True),
        sa.Column("buyer_tel", sa.String(length=40), nullable=True),
        sa.Column("buyer_email", sa.Text(), nullable=True),
        sa.Column("customer_uid", sa.String(length=80), nullable=True),
        sa.Column("customer_uid_usage", sa.String(length=32), nullable=True),
        sa.Column("started_at", _when(), nullable=True),
        sa.Column("paid_at", _when(), nullable=True),
        sa.Column("failed_at", _when(), nullable=True),
        sa.Column("cancelled_at", _when(), nullable=True),
        sa.Column("fail_reason", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("escrow", sa.Boolean(), nullable=False),
        sa.Column("sandbox", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("imp_uid", name="pk_payments"),
    )
    op.create_index("ix_payments_merchant_uid", "payments", ["merchant_uid"])
    op.create_index("ix_payments_status", "payments", ["status"])
    op.create_index("ix_payments_customer_uid", "payments", ["customer_uid"])


def _create_customers() -> None:
    op.create_table(
        "customers",
        sa.Column("customer_uid", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("tel", sa.String(length=40), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("card_number", sa.String(length=32), nullable=True),
        sa.Column("card_name", sa.String(length=64), nullable=True),
        sa.Column("card_code", sa.String(length=16), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("deleted_at", _when(), nullable=True),
        sa.PrimaryKeyConstraint("customer_uid", name="pk_customers"),
    )
    op.create_index("ix_customers_deleted_at", "customers", ["deleted_at"])


def _create_audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", _when(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_subject", "audit_log", ["subject"])


def _protect_audit_log() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"
        )


def _unprotect_audit_log() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_refuse_change()")


def upgrade() -> None:
    _create_attempts()
    _create_payments()
    _create_customers()
    _create_audit_log()
    _protect_audit_log()


def downgrade() -> None:
    _unprotect_audit_log()
    op.drop_table("audit_log")
    op.drop_table("customers")
    op.drop_table("payments")
    op.drop_table("attempts")
