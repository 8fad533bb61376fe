"""`POST /payments/cancel`: full and partial refunds with the balance `checksum` (reference §7).

`imp_uid` wins over `merchant_uid`; a missing or zero `amount` refunds the whole balance. A
partial cancel leaves `status: cancelled`, accumulates `cancel_amount` and appends to
`cancel_history` and `cancel_receipt_urls`. The KCP receipt URL of a cancel is the payment's
own (KCP's bill page shows the cancellation), with the cancel's pg_tid being the payment's tno.
"""

from __future__ import annotations

from kcp_pos.domain.money import AMOUNT_CEILING_KRW
from kcp_pos.iamport.models import Payment, PaymentCancel, PaymentStatus
from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    ALREADY_FULLY_CANCELLED,
    CANCEL_ABOVE_BALANCE,
    CANCEL_CHECKSUM_MISMATCH,
    CANCEL_TARGET_MISSING,
    NOTHING_TO_CANCEL,
    ApiFailure,
    cancel_failed,
    invalid_parameter,
)
from kcp_pos.sandbox.identifiers import new_cancellation_id
from kcp_pos.sandbox.rules import read_tax_free

CANCELLABLE = (PaymentStatus.PAID, PaymentStatus.CANCELLED)


def cancel_payment(sandbox: Sandbox, params: Params) -> Payment:
    imp_uid = params.text("imp_uid") or None
    merchant_uid = params.text("merchant_uid") or None
    if imp_uid is None and merchant_uid is None:
        raise ApiFailure(CANCEL_TARGET_MISSING)
    requested = params.integer("amount") or 0
    if not 0 <= requested <= AMOUNT_CEILING_KRW:
        raise ApiFailure(invalid_parameter("amount"))
    checksum = params.integer("checksum")
    storage = sandbox.storage
    with storage.transaction():
        payment = _target(sandbox, imp_uid, merchant_uid)
        balance = payment.amount - payment.cancel_amount
        if balance <= 0:
            raise ApiFailure(ALREADY_FULLY_CANCELLED, code=1)
        if checksum is not None and checksum != balance:
            raise ApiFailure(cancel_failed(CANCEL_CHECKSUM_MISMATCH))
        if requested > balance:
            raise ApiFailure(cancel_failed(CANCEL_ABOVE_BALANCE))
        read_tax_free(params, requested or balance)
        now = sandbox.now()
        cancel = PaymentCancel(
            pg_tid=payment.pg_tid,
            amount=requested or balance,
            cancelled_at=now,
            reason=params.text("reason"),
            cancellation_id=new_cancellation_id(),
            receipt_url=payment.receipt_url,
        )
        cancelled = payment.model_copy(
            update={
                "status": PaymentStatus.CANCELLED,
                "cancel_amount": payment.cancel_amount + cancel.amount,
                "cancelled_at": now,
                "cancel_reason": cancel.reason,
                "cancel_history": [*payment.cancel_history, cancel],
                "cancel_receipt_urls": [*payment.cancel_receipt_urls, payment.receipt_url or ""],
            }
        )
        storage.update_payment(cancelled, now)
    return cancelled


def _target(sandbox: Sandbox, imp_uid: str | None, merchant_uid: str | None) -> Payment:
    """The payment to refund; an invalid `imp_uid` fails even when `merchant_uid` is valid."""
    payment: Payment | None
    if imp_uid is not None:
        payment = sandbox.storage.payment(imp_uid)
    else:
        assert merchant_uid is not None
        candidates = [
            stored.payment
            for stored in sandbox.storage.payments(merchant_uid=merchant_uid)
            if stored.payment.status in CANCELLABLE
        ]
        payment = candidates[-1] if candidates else None
    if payment is None or payment.status not in CANCELLABLE:
        raise ApiFailure(NOTHING_TO_CANCEL, code=1)
    return payment
