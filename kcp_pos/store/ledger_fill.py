"""Filling a ledger quickly: many payments at once, with the journal's attempt behind each one
made here and the audit entry that records it (a benchmark's million, a big test's thousands).

`PaymentLedger.record` reads and writes one payment per transaction through the ORM (about 1.3
ms each: a million take over 20 minutes); this writes them in batches of plain inserts, one
transaction per batch. It keeps the rules of the ledger's own path:

* every value is checked as `_validated` checks a recorded payment, and every text by the card
  guard's rules for its column (masked numbers only in the card columns, no card number in
  any other text), before anything of its batch is written;
* each payment gets its `occurred_at`, `card_last4`, operator and tax-free part as `record`
  would give them;
* each audit entry is chained to the one before (`audit_log.entry_hash`), the last hash read
  inside the batch's write transaction;
* the store's change notices are published once per batch (plain inserts pass no ORM flush).

Only new payments: an `imp_uid` or charge `merchant_uid` already there fails the batch.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, cast

from sqlalchemy import String, Table, select
from sqlalchemy.orm import Session

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.store.audit_log import SYSTEM_ACTOR, entry_hash, redact
from kcp_pos.store.card_guard import CARD_DATA_INFO_KEY, DIGEST, MASKED_CARD_NUMBER, check_value
from kcp_pos.store.customer_keys import card_last_four
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import AttemptRow, AuditRow, PaymentRow
from kcp_pos.store.payment_ledger import PaymentSnapshot, _validated
from kcp_pos.store.timestamps import utc_now
from kcp_pos.store.topics import StoreTopic

if TYPE_CHECKING:
    from kcp_pos.store.database import Database

SHORTEST_CARD: Final = 13
"""Digits in the shortest card number (`card_guard`)."""
BATCH_ROWS: Final = 5_000
"""Payments per transaction."""
_ATTEMPT_STATES: Final = {
    LedgerStatus.PAID: AttemptState.PAID,
    LedgerStatus.CANCELLED: AttemptState.PAID,  # it was paid, then refunded
    LedgerStatus.FAILED: AttemptState.FAILED,
}


@dataclass(frozen=True, slots=True)
class FilledPayment:
    """One payment to write. `attempt` is the kind of this terminal's attempt that made it (a
    settled one is journalled beside it), None for a payment made elsewhere; a `ready`
    payment gets no attempt (an open one would be looked up at every start)."""

    snapshot: PaymentSnapshot
    operator: str | None = None
    tax_free: int | None = None
    attempt: AttemptKind | None = AttemptKind.ONETIME


def fill_ledger(
    database: Database,
    payments: Iterable[FilledPayment],
    *,
    actor: str = SYSTEM_ACTOR,
    batch_rows: int = BATCH_ROWS,
    now: datetime | None = None,
) -> int:
    """Write `payments` in batches of `batch_rows`; how many were written. `now` is when they
    are recorded (`recorded_at`, and `occurred_at` of those with no `started_at`)."""
    written = 0
    source = iter(payments)
    for batch in iter(lambda: list(itertools.islice(source, batch_rows)), []):
        recorded = now or utc_now()
        rows = [_payment_values(item, recorded) for item in batch]
        attempts = [_attempt_values(item, row) for item, row in zip(batch, rows, strict=True)]
        journal = [values for values in attempts if values is not None]
        with database.session() as session:
            audit = list(_audit_values(session, rows, actor, recorded))
            connection = session.connection()  # plain inserts: no ORM bookkeeping per row
            connection.execute(_table(PaymentRow).insert(), rows)
            if journal:
                connection.execute(_table(AttemptRow).insert(), journal)
            connection.execute(_table(AuditRow).insert(), audit)
        written += len(batch)
        database.changes.publish({StoreTopic.LEDGER, StoreTopic.JOURNAL, StoreTopic.AUDIT})
    return written


def _payment_values(item: FilledPayment, recorded: datetime) -> dict[str, Any]:
    values = _validated(item.snapshot)
    values.update(
        recorded_at=recorded,
        updated_at=recorded,
        occurred_at=item.snapshot.started_at or recorded,
        card_last4=card_last_four(item.snapshot.card_number),
        operator=item.operator if item.attempt is not None else None,
        tax_free=item.tax_free if item.attempt is not None else None,
    )
    _guard(_table(PaymentRow), values)
    return values


def _attempt_values(item: FilledPayment, payment: dict[str, Any]) -> dict[str, Any] | None:
    state = _ATTEMPT_STATES.get(LedgerStatus(payment["status"]))
    if item.attempt is None or state is None:
        return None
    snapshot = item.snapshot
    values: dict[str, Any] = {
        "kind": item.attempt,
        "state": state,
        "merchant_uid": snapshot.merchant_uid,
        "previous_merchant_uid": None,
        "amount": snapshot.amount,
        "tax_free": item.tax_free or 0,
        "card_quota": snapshot.card_quota,
        "order_name": snapshot.name,
        "buyer_name": snapshot.buyer_name,
        "buyer_tel": snapshot.buyer_tel,
        "buyer_email": snapshot.buyer_email,
        "customer_uid": snapshot.customer_uid,
        "card_number": payment["card_number"],
        "card_name": payment["card_name"],
        "imp_uid": snapshot.imp_uid,
        "fail_reason": snapshot.fail_reason,
        "checksum": None,
        "cancel_reason": None,
        "created_at": payment["occurred_at"],
        "updated_at": payment["occurred_at"],
        "resolved_at": None,
        "operator": item.operator,
    }
    _guard(_table(AttemptRow), values)
    return values


def _audit_values(
    session: Session, rows: list[dict[str, Any]], actor: str, at: datetime
) -> Iterator[dict[str, Any]]:
    """Each payment's `payment.recorded` entry, chained from the last entry written."""
    previous = session.scalar(select(AuditRow.entry_hash).order_by(AuditRow.id.desc()).limit(1))
    for row in rows:
        details = {
            "from": None,
            "to": LedgerStatus(row["status"]).value,
            "imp_uid": row["imp_uid"],
            "amount": row["amount"],
            "cancel_amount": row["cancel_amount"],
        }
        entry = _AuditContent(
            at=at,
            actor=actor,
            action="payment.recorded",
            subject=row["merchant_uid"],
            details=json.dumps(redact(details), ensure_ascii=False, sort_keys=True),
            prev_hash=previous,
        )
        values = {name: getattr(entry, name) for name in _AuditContent.__slots__}
        values["entry_hash"] = entry_hash(cast(AuditRow, entry))
        previous = values["entry_hash"]
        _guard(_table(AuditRow), values)
        yield values


@dataclass(frozen=True, slots=True)
class _AuditContent:
    """What `audit_log.entry_hash` reads of an entry (an ORM row costs more to make)."""

    at: datetime
    actor: str
    action: str
    subject: str | None
    details: str
    prev_hash: str | None


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


@functools.cache
def _text_columns(table: Table) -> tuple[tuple[str, str | None], ...]:
    """The text columns of `table` and their card-data marks."""
    return tuple(
        (column.name, column.info.get(CARD_DATA_INFO_KEY))
        for column in table.columns
        if isinstance(column.type, String)
    )


def _guard(table: Table, values: dict[str, Any]) -> None:
    """The card guard's check of every text column, as on a flush (`card_guard.check_row`).
    Text with fewer digits than the shortest card number cannot hold one (every rule of the
    guard looks for 13 digits or more), so only masked-number and digest columns, which have
    rules of their own, are checked whatever they hold."""
    for name, kind in _text_columns(table):
        value = values.get(name)
        if not isinstance(value, str):
            continue
        if kind in (MASKED_CARD_NUMBER, DIGEST) or sum(map(str.isdigit, value)) >= SHORTEST_CARD:
            check_value(table.name, name, kind, value)
