"""Scheduled charges the app booked: written before the booking is sent, updated by the poll.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

One new table; runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("merchant_uid", sa.String(length=40), nullable=False),
        sa.Column("customer_uid", sa.String(length=80), nullable=False),
        sa.Column("series_uid", sa.String(length=40), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("schedule_at", _when(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("tax_free", sa.Integer(), nullable=False),
        sa.Column("card_quota", sa.Integer(), nullable=False),
        sa.Column("order_name", sa.Text(), nullable=True),
        sa.Column("imp_uid", sa.String(length=32), nullable=True),
        sa.Column("fail_reason", sa.Text(), nullable=True),
        sa.Column("retried_by", sa.String(length=40), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("checked_at", _when(), nullable=True),
        sa.PrimaryKeyConstraint("merchant_uid", name="pk_schedules"),
    )
    op.create_index("ix_schedules_customer_uid", "schedules", ["customer_uid"])
    op.create_index("ix_schedules_state", "schedules", ["state"])


def downgrade() -> None:
    op.drop_index("ix_schedules_state", table_name="schedules")
    op.drop_index("ix_schedules_customer_uid", table_name="schedules")
    op.drop_table("schedules")
