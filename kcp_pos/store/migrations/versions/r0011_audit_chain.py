"""The audit log's hash chain (issue 11): each entry carries a hash over its content and the
previous entry's hash, so that an edited, deleted or reordered entry is detected.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Two nullable columns; entries written before this revision stay unchained (the chain begins
with the first entry written after it). Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
