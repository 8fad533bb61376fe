"""Errors the store raises. None of them ever carries the value that was refused."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for every error raised by `kcp_pos.store`."""


class CardDataRefused(StoreError):
    """A value about to be written looked like card data (a full card number, or an unmasked
    number in the masked-number column). The message names the table and column only."""

    def __init__(self, table: str, column: str, why: str) -> None:
        super().__init__(f"refused to store card data in {table}.{column}: {why}")
        self.table = table
        self.column = column


class AppendOnlyViolation(StoreError):
    """Something tried to change or delete a row of the append-only audit log."""


class InvalidTransition(StoreError):
    """An attempt was asked to move to a state its current state does not lead to."""

    def __init__(self, attempt_id: int, current: str, wanted: str) -> None:
        super().__init__(f"attempt {attempt_id}: cannot go from {current!r} to {wanted!r}")
        self.attempt_id = attempt_id
        self.current = current
        self.wanted = wanted


class NotFound(StoreError):
    """The row asked for does not exist."""


class InvalidRecord(StoreError):
    """A record is missing something its kind requires (e.g. a cancel without its checksum)."""


class DuplicateProduct(StoreError):
    """A product of this name is already in the catalogue."""


class DuplicateOperator(StoreError):
    """An operator of this name is already set up."""


class DuplicateAttempt(StoreError):
    """A charge with this `merchant_uid` is already journaled, or a cancel of the same payment
    is still in flight. V1 has no idempotency key: never reuse a merchant_uid for a new charge."""


class ScheduleChanged(StoreError):
    """A schedule was not in the state a guarded change needs (another thread or terminal moved
    it first, or retried it): nothing was written. Carries the row as it stands."""

    def __init__(self, merchant_uid: str, state: str, retried_by: str | None) -> None:
        super().__init__(f"schedule {merchant_uid} is {state!r}, retried by {retried_by!r}")
        self.merchant_uid = merchant_uid
        self.state = state
        self.retried_by = retried_by
