"""What the transactions view asks the ledger for: a filter, an order, one page of payments, and
the count and sums of everything the filter matches.

`PaymentQuery` is what the clerk has chosen (`PaymentFilter` and a `PaymentSort` with its
direction); `PaymentPage` one page of the answer with an opaque cursor for the next
(`PaymentLedger.page`, read by key after that cursor, never by offset); `PaymentTotals` the
count, amount and refunded amount of every payment the filter matches (`PaymentLedger.totals`).

The statuses a clerk picks are V1's, with `cancelled` split in two by `cancel_amount`, which
V1 does not do (a partial cancel leaves `status: cancelled`): fully refunded (`cancel_amount`
= `amount`) and partially refunded (0 < `cancel_amount` < `amount`).

Pure Python (no SQLAlchemy), so the UI can name these types before the store is open.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Final

from kcp_pos.domain.text_input import is_ascii_digits
from kcp_pos.store.customer_keys import LAST_FOUR
from kcp_pos.store.ledger_status import LedgerStatus

if TYPE_CHECKING:
    from kcp_pos.store.payment_ledger import LedgerPayment

PAGE_MAX: Final = 5_000
"""The most rows `PaymentLedger.page` returns at once."""
SEARCH_MAX: Final = 40
"""The longest search text (a `merchant_uid`)."""


class ListedStatus(enum.StrEnum):
    """A payment's status as the transactions view lists and filters it."""

    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    """Cancelled with 0 < cancel_amount < amount: part of it was refunded."""
    CANCELLED = "cancelled"
    """Cancelled in full (cancel_amount = amount, or nothing was ever paid)."""
    FAILED = "failed"
    READY = "ready"

    @property
    def ledger_status(self) -> LedgerStatus:
        """The V1 status stored for it (both refunded kinds are `cancelled`)."""
        if self is ListedStatus.PARTIALLY_REFUNDED:
            return LedgerStatus.CANCELLED
        return LedgerStatus(self.value)


def listed_status(payment: LedgerPayment) -> ListedStatus:
    """How the transactions view shows `payment`'s status."""
    status = LedgerStatus(payment.status)
    if status is LedgerStatus.CANCELLED and 0 < payment.cancel_amount < payment.amount:
        return ListedStatus.PARTIALLY_REFUNDED
    return ListedStatus(status.value)


class PaymentSort(enum.Enum):
    """The orders the list can be read in. Each ends with `imp_uid`, so that payments with
    equal keys (two at the same second) still have one order and pages continue exactly."""

    OCCURRED = "occurred"
    """When it happened (`occurred_at`)."""
    AMOUNT = "amount"
    STATUS = "status"
    """By V1 status, then when it happened."""


class InvalidFilter(ValueError):
    """The filter cannot be asked (a naive time, a negative amount, min above max…)."""


@dataclass(frozen=True, slots=True)
class PaymentFilter:
    """Which payments: every field left at its default matches everything; the fields set
    must all match. `text` is the view's search box: an approval number, the start of a
    `merchant_uid` or `imp_uid`, or (four digits) the card's last four digits: any of them."""

    since: datetime | None = None
    """Inclusive, aware (`occurred_at` >= since)."""
    until: datetime | None = None
    """Exclusive, aware (`occurred_at` < until)."""
    statuses: frozenset[ListedStatus] = field(default_factory=frozenset)
    """Empty: any status."""
    customer_uid: str | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    """Both inclusive."""
    apply_num: str | None = None
    """The approval number, exactly."""
    order_id: str | None = None
    """A `merchant_uid` or `imp_uid`: exactly, or its start when `order_id_prefix`."""
    order_id_prefix: bool = False
    card_last4: str | None = None
    operator: str | None = None
    pay_method: str | None = None
    escrow: bool | None = None
    text: str = ""

    def __post_init__(self) -> None:
        for moment in (self.since, self.until):
            if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
                raise InvalidFilter("since and until must be aware datetimes")
        for amount in (self.amount_min, self.amount_max):
            if amount is not None and (isinstance(amount, bool) or amount < 0):
                raise InvalidFilter("amounts must be whole won, 0 or more")
        low, high = self.amount_min, self.amount_max
        if low is not None and high is not None and low > high:
            raise InvalidFilter("the lowest amount is above the highest")
        last4 = self.card_last4
        if last4 is not None and not (len(last4) == LAST_FOUR and is_ascii_digits(last4)):
            raise InvalidFilter("the card's last four must be four digits")
        if len(self.text.strip()) > SEARCH_MAX:
            raise InvalidFilter(f"the search text is longer than {SEARCH_MAX} characters")

    @property
    def search(self) -> str:
        """The search text as matched (spaces around it dropped)."""
        return self.text.strip()


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """Which payments, in which order (newest first by default)."""

    filter: PaymentFilter = field(default_factory=PaymentFilter)
    sort: PaymentSort = PaymentSort.OCCURRED
    descending: bool = True


@dataclass(frozen=True, slots=True)
class PaymentPage:
    """One page of payments in the query's order."""

    payments: tuple[LedgerPayment, ...]
    next_after: object | None
    """Pass as `after=` for the next page; None when there are no more rows."""


@dataclass(frozen=True, slots=True)
class PaymentTotals:
    """Every payment a filter matches: how many, their amounts and what was refunded of them."""

    count: int
    amount: int
    refunded: int
