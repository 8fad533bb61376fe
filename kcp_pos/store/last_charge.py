"""Each customer's last charge (when, its status, its amount), kept on the directory's row.

The customers screen shows and sorts by it for 100,000 customers at a time, which a join with the
ledger per page could not do by index. So the ledger writes it in the transaction that records a
payment naming the `customer_uid` (`note_charge`), unless a newer payment is already there; and
a customer added after its payments were recorded (a billing key issued with its first charge
is recorded before the directory hears of the card) takes it from the ledger when saved
(`take_last_charge`). Revision 0002 filled it for the payments recorded before.

A payment happened when it was paid, failed, or else started (as the customer's file shows it);
the ledger's first sight of it stands in when V1 gave none of those.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from kcp_pos.store.models import CustomerRow, PaymentRow


def occurred_at(payment: PaymentRow) -> datetime:
    """When `payment` happened (see the module docstring)."""
    return payment.paid_at or payment.failed_at or payment.started_at or payment.recorded_at


def _occurred_at_column() -> ColumnElement[datetime]:
    return func.coalesce(
        PaymentRow.paid_at,
        PaymentRow.failed_at,
        PaymentRow.started_at,
        PaymentRow.recorded_at,
        type_=PaymentRow.recorded_at.type,
    )


def note_charge(session: Session, payment: PaymentRow) -> None:
    """Make `payment` its customer's last charge, unless the directory does not know the
    customer or already shows a newer payment (the same moment counts as newer: a payment
    recorded again with a new status replaces itself)."""
    if not payment.customer_uid:
        return
    customer = session.get(CustomerRow, payment.customer_uid, with_for_update=True)
    if customer is None:
        return
    at = occurred_at(payment)
    if customer.last_charge_at is not None and at < customer.last_charge_at:
        return
    _show(customer, payment, at)


def take_last_charge(session: Session, customer: CustomerRow) -> None:
    """Fill a newly added customer's last charge from the payments the ledger already has."""
    occurred = _occurred_at_column()
    latest = session.scalars(
        select(PaymentRow)
        .where(PaymentRow.customer_uid == customer.customer_uid)
        .order_by(occurred.desc(), PaymentRow.recorded_at.desc(), PaymentRow.imp_uid.desc())
        .limit(1)
    ).first()
    if latest is not None:
        _show(customer, latest, occurred_at(latest))


def _show(customer: CustomerRow, payment: PaymentRow, at: datetime) -> None:
    customer.last_charge_at = at
    customer.last_charge_status = payment.status
    customer.last_charge_amount = payment.amount
