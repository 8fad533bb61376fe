"""Escrow orders and their shipments (revision 0009): the shipment registered with PortOne for
each paid escrow payment, and the paid escrow orders still to ship."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import and_, or_, select

from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import EscrowShipmentRow, PaymentRow
from kcp_pos.store.payment_ledger import LedgerPayment, payment_of_row
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

LIST_LIMIT: Final = 500


@dataclass(frozen=True, slots=True)
class Shipment:
    imp_uid: str
    merchant_uid: str
    company: str
    invoice: str
    sent_at: datetime
    registered_at: datetime
    operator: str


@dataclass(frozen=True, slots=True)
class EscrowOrder:
    payment: LedgerPayment
    shipment: Shipment | None


class ShipmentBook:
    """Shipments; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def record(
        self,
        *,
        imp_uid: str,
        merchant_uid: str,
        company: str,
        invoice: str,
        sent_at: datetime,
        operator: str,
    ) -> Shipment:
        """Keep a shipment PortOne has (again: a later read of the same one replaces it)."""
        with self._database.session() as session:
            row = session.get(EscrowShipmentRow, imp_uid) or EscrowShipmentRow(imp_uid=imp_uid)
            row.merchant_uid = merchant_uid
            row.company = company
            row.invoice = invoice
            row.sent_at = sent_at
            row.registered_at = row.registered_at or utc_now()
            row.operator = operator
            session.add(row)
            session.flush()
            return _shipment(row)

    def get(self, imp_uid: str) -> Shipment | None:
        with self._database.reading() as session:
            row = session.get(EscrowShipmentRow, imp_uid)
            return _shipment(row) if row is not None else None

    def escrow_orders(self, *, to_ship_only: bool = False) -> Sequence[EscrowOrder]:
        """Paid escrow payments (partly refunded ones too), newest first, with their shipment;
        `to_ship_only`: those without one."""
        query = (
            select(PaymentRow, EscrowShipmentRow)
            .outerjoin(EscrowShipmentRow, EscrowShipmentRow.imp_uid == PaymentRow.imp_uid)
            .where(
                PaymentRow.escrow.is_(True),
                or_(
                    PaymentRow.status == LedgerStatus.PAID,
                    and_(
                        PaymentRow.status == LedgerStatus.CANCELLED,
                        PaymentRow.cancel_amount < PaymentRow.amount,
                    ),
                ),
            )
            .order_by(PaymentRow.paid_at.desc(), PaymentRow.imp_uid)
            .limit(LIST_LIMIT)
        )
        if to_ship_only:
            query = query.where(EscrowShipmentRow.imp_uid.is_(None))
        with self._database.reading() as session:
            return [
                EscrowOrder(payment_of_row(payment), _shipment(row) if row else None)
                for payment, row in session.execute(query)
            ]


def _shipment(row: EscrowShipmentRow) -> Shipment:
    return Shipment(
        imp_uid=row.imp_uid,
        merchant_uid=row.merchant_uid,
        company=row.company,
        invoice=row.invoice,
        sent_at=row.sent_at,
        registered_at=row.registered_at,
        operator=row.operator,
    )
