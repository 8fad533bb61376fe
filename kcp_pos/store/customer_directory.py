"""The customer directory: one entry per customer per card, keyed by its `customer_uid`
(the billing key's id at PortOne). Only the masked card number and the issuer are kept.

Deleting is soft (`deleted_at`), so payments that name the `customer_uid` still find who it was;
adding the same `customer_uid` again (a re-issued billing key) brings the entry back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, SQLColumnExpression, func, or_, select

from kcp_pos.domain.card_number import digits_only
from kcp_pos.store.audit_log import SYSTEM_ACTOR, append_entry
from kcp_pos.store.errors import InvalidRecord, NotFound
from kcp_pos.store.models import CustomerRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

CUSTOMER_UID_MAX: Final = 80


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

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


_DETAIL_FIELDS: Final = tuple(field.name for field in fields(CustomerDetails))
_ROW_FIELDS: Final = tuple(field.name for field in fields(Customer))


def _customer(row: CustomerRow) -> Customer:
    return Customer(**{name: getattr(row, name) for name in _ROW_FIELDS})


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: SQLColumnExpression[Any], needle: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{_escape_like(needle)}%", escape="\\")


def _tel_digits() -> ColumnElement[str]:
    return func.replace(func.replace(func.coalesce(CustomerRow.tel, ""), "-", ""), " ", "")


class CustomerDirectory:
    """Add, change, soft-delete and find customers; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def save(self, details: CustomerDetails, *, actor: str = SYSTEM_ACTOR) -> Customer:
        """Add the customer, or replace its details (and undelete it) if it exists."""
        if not details.customer_uid or len(details.customer_uid) > CUSTOMER_UID_MAX:
            raise InvalidRecord(f"customer_uid must be 1..{CUSTOMER_UID_MAX} characters")
        now = utc_now()
        with self._database.session() as session:
            row = session.get(CustomerRow, details.customer_uid, with_for_update=True)
            action = "customer.updated"
            if row is None:
                row = CustomerRow(created_at=now)
                session.add(row)
                action = "customer.added"
            for name in _DETAIL_FIELDS:
                setattr(row, name, getattr(details, name))
            row.updated_at = now
            row.deleted_at = None
            session.flush()
            append_entry(session, actor=actor, action=action, subject=row.customer_uid)
            return _customer(row)

    def delete(self, customer_uid: str, *, actor: str = SYSTEM_ACTOR) -> Customer:
        """Soft-delete (after its billing key was deleted at PortOne)."""
        now = utc_now()
        with self._database.session() as session:
            row = session.get(CustomerRow, customer_uid, with_for_update=True)
            if row is None:
                raise NotFound("no such customer")
            if row.deleted_at is None:
                row.deleted_at = now
                row.updated_at = now
                session.flush()
                append_entry(session, actor=actor, action="customer.deleted", subject=customer_uid)
            return _customer(row)

    def get(self, customer_uid: str) -> Customer | None:
        """The customer, deleted or not."""
        with self._database.session() as session:
            row = session.get(CustomerRow, customer_uid)
            return None if row is None else _customer(row)

    def list_customers(
        self, *, include_deleted: bool = False, limit: int = 500, offset: int = 0
    ) -> Sequence[Customer]:
        """Customers by name, then customer_uid."""
        return self._select(None, include_deleted, limit, offset)

    def search(
        self, text: str, *, include_deleted: bool = False, limit: int = 100
    ) -> Sequence[Customer]:
        """Customers whose name, email or customer_uid contains `text` (case-insensitive), whose
        phone number contains its digits (dashes and spaces ignored), or whose card ends in it."""
        needle = text.strip().lower()
        if not needle:
            return self._select(None, include_deleted, limit, 0)
        matches = [
            _contains(CustomerRow.name, needle),
            _contains(CustomerRow.email, needle),
            _contains(CustomerRow.customer_uid, needle),
        ]
        digits = digits_only(needle)
        if digits and len(digits) == len(needle.replace("-", "").replace(" ", "")):
            matches.append(_tel_digits().like(f"%{digits}%"))
            if len(digits) == 4:
                matches.append(CustomerRow.card_number.like(f"%{digits}"))
        return self._select(or_(*matches), include_deleted, limit, 0)

    def _select(
        self,
        condition: ColumnElement[bool] | None,
        include_deleted: bool,
        limit: int,
        offset: int,
    ) -> Sequence[Customer]:
        query = select(CustomerRow).order_by(CustomerRow.name, CustomerRow.customer_uid)
        if condition is not None:
            query = query.where(condition)
        if not include_deleted:
            query = query.where(CustomerRow.deleted_at.is_(None))
        with self._database.session() as session:
            return [_customer(row) for row in session.scalars(query.limit(limit).offset(offset))]
