"""The transactions view (issue 11): indexes for its filters, sorts and totals, and the card's
last four digits.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

- `payments.card_last4`: the masked number's last four digits (a search key; four digits are
  never a card number), filled from the stored masked numbers.
- `ix_payments_occurred` replaces `ix_payments_occurred_at_imp_uid` (same order, with the
  amounts and the status after it: a date range's count and sums read from the index alone).
- `ix_payments_status_occurred` replaces `ix_payments_status`: one status in time order, with
  the amounts (fully and partially refunded payments are told apart in the index).
- One index per filter that narrows the list (amount, approval number, last four, operator,
  pay method, escrow), most of them in time order after the filter's value.

Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_payments_occurred", ["occurred_at", "imp_uid", "amount", "cancel_amount", "status"]),
    (
        "ix_payments_status_occurred",
        ["status", "occurred_at", "imp_uid", "amount", "cancel_amount"],
    ),
    ("ix_payments_amount", ["amount", "imp_uid", "occurred_at"]),
    ("ix_payments_apply_num", ["apply_num"]),
    ("ix_payments_card_last4", ["card_last4", "occurred_at"]),
    ("ix_payments_operator_occurred", ["operator", "occurred_at", "imp_uid"]),
    ("ix_payments_pay_method_occurred", ["pay_method", "occurred_at", "imp_uid"]),
    ("ix_payments_escrow_occurred", ["escrow", "occurred_at", "imp_uid"]),
)


def upgrade() -> None:
    op.add_column("payments", sa.Column("card_last4", sa.String(length=4), nullable=True))
    op.execute(
        "UPDATE payments SET card_last4 = substr(card_number, length(card_number) - 3, 4) "
        "WHERE card_number IS NOT NULL AND length(card_number) >= 4"
    )
    op.drop_index("ix_payments_occurred_at_imp_uid", table_name="payments")
    op.drop_index("ix_payments_status", table_name="payments")
    for name, columns in INDEXES:
        op.create_index(name, "payments", columns)


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="payments")
    op.create_index("ix_payments_status", "payments", ["status"])
    op.create_index("ix_payments_occurred_at_imp_uid", "payments", ["occurred_at", "imp_uid"])
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("card_last4")
