"""The back office (issue 11): who acted, when a payment happened, its tax-free part, and the
day-end close.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

- `attempts.operator`: the operator who journalled the attempt (NULL before this revision).
- `payments.operator`, `payments.tax_free`: copied from this terminal's attempt under the same
  `merchant_uid` when the payment is recorded (NULL for payments made elsewhere).
- `payments.occurred_at`: when the payment happened (`started_at`, else when first recorded),
  stored so that the transactions view sorts and pages by an index instead of an expression.
- `day_closes`: one row per closed business day (마감), its totals frozen as JSON.

Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("attempts", sa.Column("operator", sa.String(length=64), nullable=True))
    op.add_column("payments", sa.Column("operator", sa.String(length=64), nullable=True))
    op.add_column("payments", sa.Column("tax_free", sa.Integer(), nullable=True))
    op.add_column("payments", sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE payments SET occurred_at = coalesce(started_at, recorded_at)")
    with op.batch_alter_table("payments") as batch:
        batch.alter_column("occurred_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index("ix_payments_occurred_at_imp_uid", "payments", ["occurred_at", "imp_uid"])
    op.create_table(
        "day_closes",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("totals", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_day_closes")),
    )


def downgrade() -> None:
    op.drop_table("day_closes")
    op.drop_index("ix_payments_occurred_at_imp_uid", table_name="payments")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("occurred_at")
        batch.drop_column("tax_free")
        batch.drop_column("operator")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("operator")
