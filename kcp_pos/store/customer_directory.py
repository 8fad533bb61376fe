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

from sqlalchemy import Row, text
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

    def get(self, customer_uid: str) -> Customer | None:
        """The customer, deleted or not."""
        with self._database.session() as session:
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
        with self._database.session() as session:
            reader = PageReader(session, query, self._full_text_in(session), _ROW_COLUMNS)
            rows, next_after = reader.page(cursor, limit)
            return CustomerPage(tuple(_listed(row) for row in rows), next_after)

    def count(self, query: CustomerQuery) -> int:
        """How many customers match `query`, counted up to `CUSTOMER_COUNT_CAP` (10,000): the
        answer 10,001 means "more than 10,000". Cheap enough for a status line per keystroke."""
        with self._database.session() as session:
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
