"""Batch charges of saved cards: one row per batch, one row per line of its file, each with the
`merchant_uid` fixed before anything of the batch is sent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Two plain tables; runs on SQLite and PostgreSQL alike. A row's outcome is not stored here: it
is the attempt journal's, found by the row's `merchant_uid`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("total_amount", sa.BigInteger(), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
    )
    op.create_index("ix_batches_content_hash", "batches", ["content_hash"])
    op.create_table(
        "batch_rows",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("customer_uid", sa.String(length=80), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("order_name", sa.Text(), nullable=True),
        sa.Column("tax_free", sa.Integer(), nullable=False),
        sa.Column("card_quota", sa.Integer(), nullable=False),
        sa.Column("merchant_uid", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name="fk_batch_rows_batch_id_batches"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_batch_rows"),
        sa.UniqueConstraint("merchant_uid", name="uq_batch_rows_merchant_uid"),
    )
    op.create_index("ix_batch_rows_batch_id", "batch_rows", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_batch_rows_batch_id", table_name="batch_rows")
    op.drop_table("batch_rows")
    op.drop_index("ix_batches_content_hash", table_name="batches")
    op.drop_table("batches")
