"""The payment ledger: the latest known state of each V1 payment, keyed by `imp_uid`.

Services convert a wire `Payment` into a `PaymentSnapshot` (V1's `0` timestamps become `None`,
see `timestamps.from_unix`; its status becomes a `LedgerStatus`) and `record()` it; recording the
same `imp_uid` again replaces the row's fields with the newer snapshot. The masked card number is
checked by the card guard like every other column. A payment naming a `customer_uid` the
directory knows becomes that customer's last charge, in the same transaction, unless a newer
one is there (`last_charge.note_charge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.money import AMOUNT_CEILING_KRW as CEILING
from kcp_pos.store.audit_log import SYSTEM_ACTOR, append_entry
from kcp_pos.store.customer_keys import card_last_four
from kcp_pos.store.errors import InvalidRecord
from kcp_pos.store.id_chunks import id_chunks
from kcp_pos.store.last_charge import note_charge
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import AttemptRow, PaymentRow
from kcp_pos.store.payment_query import (
    PAGE_MAX,
    PaymentFilter,
    PaymentPage,
    PaymentQuery,
    PaymentTotals,
)
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now


@dataclass(frozen=True, slots=True)
class PaymentSnapshot:
    """One V1 Payment as the ledger keeps it. Times are aware UTC datetimes, `None` if unset."""

    imp_uid: str
    merchant_uid: str
    status: LedgerStatus
    amount: int
    cancel_amount: int = 0
    currency: str = "KRW"
    pay_method: str | None = None
    channel: str | None = None
    card_name: str | None = None
    card_code: str | None = None
    card_number: str | None = None
    card_quota: int = 0
    card_type: int | None = None
    apply_num: str | None = None
    pg_tid: str | None = None
    pg_provider: str | None = None
    pg_id: str | None = None
    receipt_url: str | None = None
    name: str | None = None
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None
    customer_uid: str | None = None
    customer_uid_usage: str | None = None
    started_at: datetime | None = None
    paid_at: datetime | None = None
    failed_at: datetime | None = None
    cancelled_at: datetime | None = None
    fail_reason: str | None = None
    cancel_reason: str | None = None
    escrow: bool = False
    sandbox: bool = False

    @property
    def balance(self) -> int:
        """What can still be refunded: the `checksum` of the next cancel."""
        return self.amount - self.cancel_amount


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerPayment(PaymentSnapshot):
    """A ledger row: the snapshot plus when this terminal first and last recorded it."""

    recorded_at: datetime
    updated_at: datetime
    occurred_at: datetime
    """When it happened: `started_at`, else when this terminal first recorded it."""
    operator: str | None = None
    """The operator of this terminal's attempt (None: made elsewhere, or before revision 0012)."""
    tax_free: int | None = None
    """The tax-free part from this terminal's attempt (V1's Payment does not report it)."""


_SNAPSHOT_FIELDS: Final = tuple(field.name for field in fields(PaymentSnapshot))
_ROW_FIELDS: Final = tuple(field.name for field in fields(LedgerPayment))


def payment_of_row(row: PaymentRow) -> LedgerPayment:
    """The ledger row as the store hands it out."""
    return LedgerPayment(**{name: getattr(row, name) for name in _ROW_FIELDS})


def _validated(snapshot: PaymentSnapshot) -> dict[str, object]:
    if not snapshot.imp_uid or len(snapshot.imp_uid) > 32:
        raise InvalidRecord("imp_uid must be 1..32 characters")
    if not snapshot.merchant_uid or len(snapshot.merchant_uid) > 40:
        raise InvalidRecord("merchant_uid must be 1..40 characters")
    for name in ("amount", "cancel_amount", "card_quota"):
        value = getattr(snapshot, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= CEILING:
            raise InvalidRecord(f"{name} must be an int from 0 to {CEILING}")
    if snapshot.cancel_amount > snapshot.amount:
        raise InvalidRecord("cancel_amount cannot exceed amount")
    values: dict[str, object] = {name: getattr(snapshot, name) for name in _SNAPSHOT_FIELDS}
    values["status"] = LedgerStatus(snapshot.status)
    # V1 sends "" where a card field does not apply; the ledger keeps None for "not known".
    for name in ("card_number", "card_name", "card_code", "apply_num", "pg_tid", "receipt_url"):
        if values[name] == "":
            values[name] = None
    return values


class PaymentLedger:
    """Record and read payments; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def record(self, snapshot: PaymentSnapshot, *, actor: str = SYSTEM_ACTOR) -> LedgerPayment:
        """Insert or update the payment `snapshot.imp_uid` (an upsert); audits status changes."""
        values = _validated(snapshot)
        try:
            return self._upsert(snapshot.imp_uid, values, actor)
        except IntegrityError:
            # Another terminal inserted the same imp_uid between our read and our insert.
            return self._upsert(snapshot.imp_uid, values, actor)

    def _upsert(self, imp_uid: str, values: dict[str, object], actor: str) -> LedgerPayment:
        now = utc_now()
        with self._database.session() as session:
            row = session.get(PaymentRow, imp_uid, with_for_update=True)
            if row is not None and _is_older(values, row):
                return payment_of_row(row)  # a list read before the change we already have
            before = None if row is None else row.status
            if row is None:
                row = PaymentRow(recorded_at=now)
                session.add(row)
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = now
            row.occurred_at = row.started_at or row.recorded_at
            row.card_last4 = card_last_four(row.card_number)
            if row.operator is None:
                _take_attempt_details(session, row)
            session.flush()
            note_charge(session, row)
            if before is not row.status:
                details = {
                    "from": None if before is None else before.value,
                    "to": row.status.value,
                    "imp_uid": row.imp_uid,
                    "amount": row.amount,
                    "cancel_amount": row.cancel_amount,
                }
                append_entry(
                    session,
                    actor=actor,
                    action="payment.recorded" if before is None else "payment.status",
                    subject=row.merchant_uid,
                    details=details,
                )
            return payment_of_row(row)

    def get(self, imp_uid: str) -> LedgerPayment | None:
        with self._database.reading() as session:
            row = session.get(PaymentRow, imp_uid)
            return None if row is None else payment_of_row(row)

    def find_by_merchant_uid(self, merchant_uid: str) -> Sequence[LedgerPayment]:
        """Every payment with this `merchant_uid` (V1 allows a failed try and a later paid one)."""
        query = (
            select(PaymentRow)
            .where(PaymentRow.merchant_uid == merchant_uid)
            .order_by(_occurred_at(), PaymentRow.imp_uid)
        )
        with self._database.reading() as session:
            return [payment_of_row(row) for row in session.scalars(query)]

    def list_payments(
        self,
        *,
        status: LedgerStatus | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        customer_uid: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> Sequence[LedgerPayment]:
        """Payments newest first by `started_at` (or, if unknown, when first recorded);
        `since` is inclusive, `until` exclusive."""
        occurred = _occurred_at()
        query = select(PaymentRow).order_by(occurred.desc(), PaymentRow.imp_uid.desc())
        if status is not None:
            query = query.where(PaymentRow.status == LedgerStatus(status))
        if since is not None:
            query = query.where(occurred >= since)
        if until is not None:
            query = query.where(occurred < until)
        if customer_uid is not None:
            query = query.where(PaymentRow.customer_uid == customer_uid)
        with self._database.reading() as session:
            rows = session.scalars(query.limit(limit).offset(offset))
            return [payment_of_row(row) for row in rows]

    def occurred_between(self, since: datetime, until: datetime) -> Sequence[LedgerPayment]:
        """Every payment that occurred from `since` (inclusive) to `until` (exclusive), oldest
        first, unpaged (reconciliation compares a whole range; by the `occurred_at` index)."""
        occurred = _occurred_at()
        query = (
            select(PaymentRow)
            .where(occurred >= since, occurred < until)
            .order_by(occurred, PaymentRow.imp_uid)
        )
        with self._database.reading() as session:
            return [payment_of_row(row) for row in session.scalars(query)]

    def page(
        self, query: PaymentQuery, *, after: object | None = None, limit: int = 200
    ) -> PaymentPage:
        """Up to `limit` payments matching `query`, in its order, after the cursor `after` (a
        `next_after` of an earlier page of the same sort and direction; None: from the top).
        Read by key, never by offset (`payment_pages`)."""
        from kcp_pos.store.payment_pages import PaymentReader, cursor_for

        cursor = cursor_for(query, after)
        if not 1 <= limit <= PAGE_MAX:
            raise ValueError(f"limit must be 1..{PAGE_MAX}")
        with self._database.reading() as session:
            payments, next_after = PaymentReader(session, query).page(cursor, limit)
            return PaymentPage(tuple(payments), next_after)

    def totals(self, chosen: PaymentFilter) -> PaymentTotals:
        """How many payments `chosen` matches, the amount of those paid, and what was refunded."""
        from kcp_pos.store.payment_pages import PaymentReader

        with self._database.reading() as session:
            return PaymentReader(session, PaymentQuery(chosen)).totals()

    def paid_of_customers(
        self, customer_uids: Sequence[str], *, since: datetime
    ) -> Sequence[LedgerPayment]:
        """Paid payments of these billing keys that occurred since `since` (inclusive), in no
        particular order (a few hundred keys per query)."""
        occurred = _occurred_at()
        found: list[LedgerPayment] = []
        with self._database.reading() as session:
            for chunk in id_chunks(customer_uids):
                query = select(PaymentRow).where(
                    PaymentRow.customer_uid.in_(chunk),
                    PaymentRow.status == LedgerStatus.PAID,
                    occurred >= since,
                )
                found.extend(payment_of_row(row) for row in session.scalars(query))
        return found


def _occurred_at() -> InstrumentedAttribute[datetime]:
    return PaymentRow.occurred_at


_PROGRESS: Final = {
    LedgerStatus.READY: 0,
    LedgerStatus.PAID: 1,
    LedgerStatus.FAILED: 1,
    LedgerStatus.CANCELLED: 2,
}
"""How far a payment's life has gone: V1 never moves a payment back."""


def _is_older(values: dict[str, object], row: PaymentRow) -> bool:
    """Whether a snapshot is older than what the ledger has (a page of PortOne's list read
    before a refund we recorded meanwhile): its status earlier or less refunded. Recording it
    would turn a refunded payment back into a paid one."""
    status, cancel_amount = values["status"], values["cancel_amount"]
    assert isinstance(status, LedgerStatus) and isinstance(cancel_amount, int)
    return _PROGRESS[status] < _PROGRESS[row.status] or cancel_amount < row.cancel_amount


def _take_attempt_details(session: Session, row: PaymentRow) -> None:
    """The operator and tax-free part of this terminal's charge under the payment's
    `merchant_uid`, if this terminal made it."""
    attempt = session.execute(
        select(AttemptRow.operator, AttemptRow.tax_free)
        .where(AttemptRow.merchant_uid == row.merchant_uid, AttemptRow.kind != AttemptKind.CANCEL)
        .limit(1)
    ).first()
    if attempt is not None:
        row.operator, row.tax_free = attempt.operator, attempt.tax_free
