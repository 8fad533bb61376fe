"""The ledger's own copy of V1's payment `status` values.

The store may not import `kcp_pos.iamport` (DESIGN.md layers), so services convert the wire enum
with `LedgerStatus(payment.status.value)`. V1 has no "partially cancelled" status: a payment with a
partial cancel is `cancelled` with `cancel_amount < amount`.
"""

from __future__ import annotations

from enum import StrEnum


class LedgerStatus(StrEnum):
    READY = "ready"
    PAID = "paid"
    CANCELLED = "cancelled"
    FAILED = "failed"
