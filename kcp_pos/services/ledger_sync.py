"""Copying what PortOne says about a payment into the local ledger and, for a payment that
saved its card as a billing key, into the customer directory (the one place for both)."""

from __future__ import annotations

from dataclasses import fields

from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.iamport.models import Payment
from kcp_pos.store import (
    CustomerDetails,
    CustomerDirectory,
    LedgerPayment,
    LedgerStatus,
    PaymentLedger,
    PaymentSnapshot,
    from_unix,
)


def snapshot_of(payment: Payment) -> PaymentSnapshot:
    """The ledger's view of a wire `Payment` (V1's `0` timestamps become `None`). The PG's own
    words (`fail_reason`, `cancel_reason`) are redacted as the store's card guard would judge
    them: a transaction number inside a decline message can pass Luhn."""
    return PaymentSnapshot(
        imp_uid=payment.imp_uid,
        merchant_uid=payment.merchant_uid,
        status=LedgerStatus(payment.status.value),
        amount=payment.amount,
        cancel_amount=payment.cancel_amount,
        currency=payment.currency,
        pay_method=payment.pay_method,
        channel=payment.channel,
        card_name=payment.card_name,
        card_code=payment.card_code,
        card_number=payment.card_number,
        card_quota=payment.card_quota,
        card_type=payment.card_type,
        apply_num=payment.apply_num or None,
        pg_tid=payment.pg_tid,
        pg_provider=payment.pg_provider,
        pg_id=payment.pg_id,
        receipt_url=payment.receipt_url,
        name=payment.name,
        buyer_name=payment.buyer_name,
        buyer_tel=payment.buyer_tel,
        buyer_email=payment.buyer_email,
        customer_uid=payment.customer_uid,
        customer_uid_usage=payment.customer_uid_usage.value if payment.customer_uid_usage else None,
        started_at=from_unix(payment.started_at),
        paid_at=from_unix(payment.paid_at),
        failed_at=from_unix(payment.failed_at),
        cancelled_at=from_unix(payment.cancelled_at),
        fail_reason=_server_text(payment.fail_reason),
        cancel_reason=_server_text(payment.cancel_reason),
        escrow=payment.escrow,
        sandbox=payment.sandbox,
    )


def _server_text(text: str | None) -> str | None:
    return redact_card_numbers(text) if text else text


def record_payment(ledger: PaymentLedger, payment: Payment) -> LedgerPayment:
    return ledger.record(snapshot_of(payment))


def record_payment_if_changed(ledger: PaymentLedger, payment: Payment) -> bool:
    """Record `payment` unless the ledger already has it as it is (a read-only screen that
    merges PortOne's list should not announce a change, and so refresh every screen, for
    nothing); True if it was recorded."""
    snapshot = snapshot_of(payment)
    kept = ledger.get(payment.imp_uid)
    if kept is None or any(
        getattr(kept, field.name) != getattr(snapshot, field.name) for field in fields(snapshot)
    ):
        ledger.record(snapshot)
        return True
    return False


def record_saved_card(
    customers: CustomerDirectory,
    payment: Payment,
    *,
    name: str | None,
    tel: str | None,
    email: str | None,
    actor: str,
) -> None:
    """The customer whose card `payment` stored as a billing key (nothing if it stored none)."""
    if not payment.customer_uid:
        return
    customers.save(
        CustomerDetails(
            customer_uid=payment.customer_uid,
            name=name,
            tel=tel,
            email=email,
            card_number=payment.card_number,
            card_name=payment.card_name,
            card_code=payment.card_code,
        ),
        actor=actor,
    )
