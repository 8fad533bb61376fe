"""Cards being replaced: the intent to delete the old billing key, written before the new card
is registered, so that a replacement cut short is finished at the next start.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

One plain table; runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_replacements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("old_customer_uid", sa.String(length=80), nullable=False),
        sa.Column("new_customer_uid", sa.String(length=80), nullable=False),
        sa.Column("merchant_uid", sa.String(length=40), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_card_replacements"),
        sa.UniqueConstraint("merchant_uid", name="uq_card_replacements_merchant_uid"),
    )
    op.create_index("ix_card_replacements_closed_at", "card_replacements", ["closed_at"])


def downgrade() -> None:
    op.drop_index("ix_card_replacements_closed_at", table_name="card_replacements")
    op.drop_table("card_replacements")
