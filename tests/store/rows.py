"""Valid rows of every table, for tests that write through a raw ORM session."""

from __future__ import annotations

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.store import LedgerStatus, utc_now
from kcp_pos.store.models import AttemptRow, AuditRow, Base, CustomerRow, PaymentRow

MASKED = "5570420000007221"


def valid_row(model: type[Base]) -> Base:
    """A row of `model` that the guards accept."""
    now = utc_now()
    if model is AttemptRow:
        return AttemptRow(
            kind=AttemptKind.ONETIME,
            state=AttemptState.SENDING,
            merchant_uid="kcp_20250301T142530_qhzvmkwrte",
            amount=10_000,
            tax_free=0,
            card_quota=0,
            card_number=MASKED,
            created_at=now,
            updated_at=now,
        )
    if model is PaymentRow:
        return PaymentRow(
            imp_uid="imp_803037736674",
            merchant_uid="kcp_20250301T142530_qhzvmkwrte",
            status=LedgerStatus.PAID,
            amount=10_000,
            cancel_amount=0,
            currency="KRW",
            card_quota=0,
            card_number=MASKED,
            escrow=False,
            sandbox=True,
            recorded_at=now,
            updated_at=now,
            occurred_at=now,
        )
    if model is CustomerRow:
        return CustomerRow(
            customer_uid="cust_kim_7221", card_number=MASKED, created_at=now, updated_at=now
        )
    if model is AuditRow:
        return AuditRow(at=now, actor="clerk", action="test", subject=None, details="{}")
    raise AssertionError(f"no valid row for {model}")
