"""The customer directory: one entry per customer per card, keyed by its `customer_uid`
(the billing key's id at PortOne). Only the masked card number and the issuer are kept.

Deleting is soft (`deleted_at`), so payments that name the `customer_uid` still find who it was;
adding the same `customer_uid` again (a re-issued billing key) brings the entry back.

The customers screen reads it a page at a time (`page`, by key after a cursor, never by offset)
with a count for its status line (`count`, capped): how the typed text is read is in
`customer_query`, the orders in `customer_order`, how a page stays quick at a million customers
in `customer_pages`. Every save stores the search keys those use (`customer_keys`); each entry
also shows its last charge, which the ledger keeps current (`last_charge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Row, func, select, text
from sqlalchemy.orm import Session

from kcp_pos.store.audit_log import SYSTEM_ACTOR, append_entry
from kcp_pos.store.customer_keys import keys_of
from kcp_pos.store.customer_order import cursor_for
from kcp_pos.store.customer_pages import PageReader
from kcp_pos.store.customer_query import CustomerPage, CustomerQuery
from kcp_pos.store.errors import InvalidRecord, NotFound
from kcp_pos.store.last_charge import take_last_charge
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.models import SEARCH_TABLE, CustomerRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

CUSTOMER_UID_MAX: Final = 80
PAGE_MAX: Final = 5_000
"""The most rows `page` returns at once."""


@dataclass(frozen=True, slots=True)
class CustomerDetails:
    """What the clerk and the billing key tell about a customer's card."""

    customer_uid: str
    name: str | None = None
    tel: str | None = None
    email: str | None = None
    card_number: str | None = None
    card_name: str | None = None
    card_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Customer(CustomerDetails):
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    last_charge_at: datetime | None = None
    """When the newest payment with this billing key was paid, failed or started."""
    last_charge_status: LedgerStatus | None = None
    last_charge_amount: int | None = None
    key_missing_at: datetime | None = None
    """When a sync found that PortOne no longer has the billing key (None: it had it)."""

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


_DETAIL_FIELDS: Final = tuple(field.name for field in fields(CustomerDetails))
_ROW_FIELDS: Final = tuple(field.name for field in fields(Customer))
_ROW_COLUMNS: Final = tuple(getattr(CustomerRow, name) for name in _ROW_FIELDS)


def _customer(row: CustomerRow) -> Customer:
    return Customer(**{name: getattr(row, name) for name in _ROW_FIELDS})


def _listed(row: Row[Any]) -> Customer:
    """A customer from a page's row (`PageReader`: the sort key, then `_ROW_COLUMNS`)."""
    return Customer(**dict(zip(_ROW_FIELDS, row[1:], strict=True)))


class CustomerDirectory:
    """Add, change, soft-delete and find customers; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database
        self._full_text: bool | None = None
        """Whether SQLite's trigram table exists (see `customer_pages.PageReader`)."""

    def save(self, details: CustomerDetails, *, actor: str = SYSTEM_ACTOR) -> Customer:
        """Add the customer, or replace its details (and undelete it) if it exists."""
        if not details.customer_uid or len(details.customer_uid) > CUSTOMER_UID_MAX:
            raise InvalidRecord(f"customer_uid must be 1..{CUSTOMER_UID_MAX} characters")
        now = utc_now()
        with self._database.session() as session:
            row = session.get(CustomerRow, details.customer_uid, with_for_update=True)
            action = "customer.updated"
            if row is None:
                row = CustomerRow(customer_uid=details.customer_uid, created_at=now)
                take_last_charge(session, row)
                session.add(row)
                action = "customer.added"
            for name in _DETAIL_FIELDS:
                setattr(row, name, getattr(details, name))
            for name, value in keys_of(
                name=details.name,
                email=details.email,
                tel=details.tel,
                card_number=details.card_number,
            ).items():
                setattr(row, name, value)
            row.updated_at = now
            row.deleted_at = None
            session.flush()
            append_entry(session, actor=actor, action=action, subject=row.customer_uid)
            return _customer(row)

    def delete(
        self, customer_uid: str, *, actor: str = SYSTEM_ACTOR, reason: str | None = None
    ) -> Customer:
        """Soft-delete (after its billing key was deleted at PortOne); `reason` is audited."""
        now = utc_now()
        with self._database.session() as session:
            row = session.get(CustomerRow, customer_uid, with_for_update=True)
            if row is None:
                raise NotFound("no such customer")
            if row.deleted_at is None:
                row.deleted_at = now
                row.updated_at = now
                session.flush()
                append_entry(
                    session,
                    actor=actor,
                    action="customer.deleted",
                    subject=customer_uid,
                    details={"reason": reason} if reason else None,
                )
            return _customer(row)

    def count_active(self) -> int:
        """How many customers are not deleted (a full count: for a sync's progress)."""
        query = (
            select(func.count()).select_from(CustomerRow).where(CustomerRow.deleted_at.is_(None))
        )
        with self._database.reading() as session:
            return int(session.scalar(query) or 0)

    def uids_after(self, after: str | None, *, limit: int) -> list[str]:
        """Customers not deleted, by `customer_uid` after `after` (a sync walks them all)."""
        query = select(CustomerRow.customer_uid).where(CustomerRow.deleted_at.is_(None))
        if after is not None:
            query = query.where(CustomerRow.customer_uid > after)
        with self._database.reading() as session:
            return list(session.scalars(query.order_by(CustomerRow.customer_uid).limit(limit)))

    def record_key_check(
        self,
        present: Sequence[CustomerDetails],
        missing: Sequence[str],
        *,
        actor: str = SYSTEM_ACTOR,
    ) -> None:
        """What a sync found, in one transaction: the card details PortOne has for `present`
        keys (name, phone and e-mail stay the clerk's), and the `missing` keys marked."""
        now = utc_now()
        with self._database.session() as session:
            for found in present:
                row = session.get(CustomerRow, found.customer_uid, with_for_update=True)
                if row is None:
                    continue
                row.card_number = found.card_number or row.card_number
                row.card_name = found.card_name or row.card_name
                row.card_code = found.card_code or row.card_code
                row.card_last4 = keys_of(
                    name=row.name, email=row.email, tel=row.tel, card_number=row.card_number
                )["card_last4"]
                row.key_missing_at = None
                row.updated_at = now
            for uid in missing:
                row = session.get(CustomerRow, uid, with_for_update=True)
                if row is not None and row.key_missing_at is None:
                    row.key_missing_at = now
                    row.updated_at = now
                    session.flush()
                    append_entry(session, actor=actor, action="customer.key_missing", subject=uid)

    def get(self, customer_uid: str) -> Customer | None:
        """The customer, deleted or not."""
        with self._database.reading() as session:
            row = session.get(CustomerRow, customer_uid)
            return None if row is None else _customer(row)

    def page(
        self, query: CustomerQuery, *, after: object | None = None, limit: int = 200
    ) -> CustomerPage:
        """Up to `limit` customers matching `query`, in its order, after the cursor `after` (a
        `next_after` of an earlier page of the same sort and direction; None: from the top)."""
        cursor = cursor_for(query, after)
        if not 1 <= limit <= PAGE_MAX:
            raise ValueError(f"limit must be 1..{PAGE_MAX}")
        with self._database.reading() as session:
            reader = PageReader(session, query, self._full_text_in(session), _ROW_COLUMNS)
            rows, next_after = reader.page(cursor, limit)
            return CustomerPage(tuple(_listed(row) for row in rows), next_after)

    def count(self, query: CustomerQuery) -> int:
        """How many customers match `query`, counted up to `CUSTOMER_COUNT_CAP` (10,000): the
        answer 10,001 means "more than 10,000". Cheap enough for a status line per keystroke."""
        with self._database.reading() as session:
            return PageReader(session, query, self._full_text_in(session)).count()

    def search(
        self, text: str, *, include_deleted: bool = False, limit: int = 100
    ) -> Sequence[Customer]:
        """The first `limit` customers matching `text`, by name (see `customer_query`)."""
        query = CustomerQuery(text=text, include_deleted=include_deleted)
        return self.page(query, limit=limit).customers

    def _full_text_in(self, session: Session) -> bool | None:
        """None off SQLite; else whether revision 0002 could make the trigram table."""
        if session.get_bind().dialect.name != "sqlite":
            return None
        if self._full_text is None:
            found = session.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": SEARCH_TABLE},
            ).first()
            self._full_text = found is not None
        return self._full_text
