"""The directory's search and order rules read plainly, in Python, to check the store against."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kcp_pos.store import Customer, CustomerDetails, CustomerQuery, CustomerSort
from kcp_pos.store.customer_keys import (
    card_last_four,
    given_name_key,
    phone_digits,
    stored_key,
)
from kcp_pos.store.customer_query import NeedleKind, needle_of


def matches(details: CustomerDetails, text: str) -> bool:
    """What `customer_query` says the typed `text` finds."""
    needle = needle_of(text)
    if needle is None:
        return True
    if needle.kind is NeedleKind.DIGITS:
        keys = [phone_digits(details.tel) or ""]
    else:
        keys = [stored_key(details.name) or "", stored_key(details.email) or ""]
    if needle.by_given_name:
        keys.append(given_name_key(details.name) or "")
    if needle.anywhere:
        hit = any(needle.text in key for key in keys)
    else:
        hit = any(key.startswith(needle.text) for key in keys)
    return hit or (needle.is_last_four and card_last_four(details.card_number) == needle.text)


def sort_value(customer: Customer, sort: CustomerSort) -> str | datetime | None:
    """What `customer_order` sorts by."""
    values: dict[CustomerSort, Any] = {
        CustomerSort.NAME: stored_key(customer.name),
        CustomerSort.TEL: phone_digits(customer.tel),
        CustomerSort.EMAIL: stored_key(customer.email),
        CustomerSort.CARD: customer.card_number,
        CustomerSort.ISSUER: customer.card_name,
        CustomerSort.SAVED: customer.created_at,
        CustomerSort.LAST_CHARGE: customer.last_charge_at,
    }
    value: str | datetime | None = values[sort]
    return value


def in_order(customers: list[Customer], query: CustomerQuery) -> list[str]:
    """The customer_uids of `customers` that `query` finds, in its order: by the sort value
    then customer_uid, both in the query's direction, the empty values last either way."""
    found = [c for c in customers if matches(c, query.text)]
    if not query.include_deleted:
        found = [c for c in found if not c.is_deleted]
    filled = [c for c in found if sort_value(c, query.sort) is not None]
    empty = [c for c in found if sort_value(c, query.sort) is None]
    filled.sort(key=lambda c: (sort_value(c, query.sort), c.customer_uid), reverse=query.descending)
    empty.sort(key=lambda c: c.customer_uid, reverse=query.descending)
    return [c.customer_uid for c in filled + empty]
