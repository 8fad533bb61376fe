"""Escrow shipments registered with PortOne, so that paid escrow orders still to ship can be
listed (issue 10).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

One plain table; runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escrow_shipments",
        sa.Column("imp_uid", sa.String(length=32), nullable=False),
        sa.Column("merchant_uid", sa.String(length=40), nullable=False),
        sa.Column("company", sa.Text(), nullable=False),
        sa.Column("invoice", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("imp_uid", name="pk_escrow_shipments"),
    )


def downgrade() -> None:
    op.drop_table("escrow_shipments")
