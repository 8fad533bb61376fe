"""The result of a money-moving charge (`onetime`, `again`): paid or declined.

A decline is an answer, not an error (DESIGN rule 6). V1 reports it two ways (reference §11.1):
`code 0` with a Payment whose `status` is `failed` (the Payment exists and has `fail_reason`), or,
on key-in, `code -1` with a card/PG message and no Payment. Both become a `PaymentResult` with
`status` FAILED and a readable `fail_reason`. Errors that are not declines are exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kcp_pos.iamport.models import Payment, PaymentStatus


class ChargeStatus(StrEnum):
    PAID = "paid"
    FAILED = "failed"


@dataclass(frozen=True)
class PaymentResult:
    """What came back for one charge request."""

    merchant_uid: str
    status: ChargeStatus
    payment: Payment | None
    """The server's record; None for a `code -1` decline, which creates no Payment."""
    fail_reason: str | None = None
    code: int = 0
    """The envelope `code`: 0, or -1 for a decline reported as an API error."""

    @property
    def paid(self) -> bool:
        return self.status is ChargeStatus.PAID

    @property
    def imp_uid(self) -> str | None:
        return self.payment.imp_uid if self.payment is not None else None

    @classmethod
    def from_payment(cls, payment: Payment) -> PaymentResult:
        if payment.status is PaymentStatus.PAID:
            return cls(payment.merchant_uid, ChargeStatus.PAID, payment)
        reason = payment.fail_reason or "결제에 실패했습니다 (사유 없음)"
        return cls(payment.merchant_uid, ChargeStatus.FAILED, payment, fail_reason=reason)

    @classmethod
    def declined(cls, merchant_uid: str, message: str, code: int) -> PaymentResult:
        return cls(merchant_uid, ChargeStatus.FAILED, None, fail_reason=message, code=code)
