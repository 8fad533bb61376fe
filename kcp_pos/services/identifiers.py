"""The ids the app mints for PortOne, one rule each (the shape is `domain/merchant_uid.py`'s:
`{prefix}_{YYYYMMDD}T{HHMMSS}_{10 random letters}`, no card data, no digit run long enough to be
taken for a card number).

* `new_order_uid`: the `merchant_uid` of one charge attempt (`kcp_…`). Every attempt gets a new
  one, a retry after a confirmed decline too (linked to the declined one, never reused: V1 has
  no idempotency key, so a reused id could be refused or, worse, charged twice).
* `new_registration_uid`: the journal's id of one card registration (`reg_…`). The billing-key
  request has no `merchant_uid`; this one is ours only, so that every attempt, whatever its kind,
  is found by one query.
* `new_schedule_uid`: the `merchant_uid` of one scheduled charge (`sch_…`), one per entry of a
  monthly series. It is PortOne's order id when the schedule runs, so it is never reused either;
  a failed schedule retried now is a new charge with a new `kcp_…` id, linked to it.
* `new_customer_uid`: the billing key of one card of one customer (`cust_…`). A replaced card
  gets a new one: re-issuing a key under the same uid does not revoke the old key at KCP.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kcp_pos.domain.merchant_uid import new_merchant_uid

ORDER_PREFIX = "kcp"
REGISTRATION_PREFIX = "reg"
CUSTOMER_PREFIX = "cust"
SCHEDULE_PREFIX = "sch"


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def new_order_uid(now: datetime | None = None) -> str:
    return new_merchant_uid(ORDER_PREFIX, now=_now(now))


def new_registration_uid(now: datetime | None = None) -> str:
    return new_merchant_uid(REGISTRATION_PREFIX, now=_now(now))


def new_customer_uid(now: datetime | None = None) -> str:
    return new_merchant_uid(CUSTOMER_PREFIX, now=_now(now))


def new_schedule_uid(now: datetime | None = None) -> str:
    return new_merchant_uid(SCHEDULE_PREFIX, now=_now(now))
