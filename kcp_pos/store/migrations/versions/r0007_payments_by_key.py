"""A key's payments by status: one index on (customer_uid, status) in place of the one on
customer_uid alone, so that "the paid payments of this billing key" reads that key's rows only
(with the two single-column indexes SQLite chose the status one and read every paid payment).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_payments_customer_uid_status", "payments", ["customer_uid", "status"])
    op.drop_index("ix_payments_customer_uid", table_name="payments")


def downgrade() -> None:
    op.create_index("ix_payments_customer_uid", "payments", ["customer_uid"])
    op.drop_index("ix_payments_customer_uid_status", table_name="payments")
