"""Wrong PINs in a manager's approval prompt counted apart from sign-in.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

- `operators.approval_tries`, `operators.approval_locked_until`: the wrong PINs typed for an
  operator in another operator's approval prompt, and the lock they lead to. A clerk guessing
  there locks the manager's approvals, never the manager's own sign-in.

Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "operators",
        sa.Column("approval_tries", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column(
        "operators",
        sa.Column("approval_locked_until", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("operators") as batch:
        batch.drop_column("approval_locked_until")
        batch.drop_column("approval_tries")
