"""The life of one money-moving attempt (DESIGN.md rules 1 and 2).

draft -> sending -> paid | failed | unknown;  unknown -> resolved_paid | resolved_failed.
An attempt is written durably in `sending` before its request leaves the machine. A timeout or
dropped connection after that is `unknown`, never `failed`: only a lookup by `merchant_uid`
settles it.

The states are the same for every kind of call. `paid` means "the call succeeded": money moved
for `onetime`, `again` and `schedule`, the billing key was issued for `register`, the refund went
through for `cancel`. Keeping one vocabulary keeps one journal and one resolver.

An attempt found in `sending` after a restart may have been sent before the crash: it is as
unresolved as `unknown` (`needs_resolution`). Linking a retry to the attempt it replaces is the
services' policy (`services/keyed_charge.new_keyed_order`), recorded by the journal.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ALLOWED_TRANSITIONS",
    "AttemptKind",
    "AttemptState",
    "InvalidTransition",
    "is_final",
    "is_success",
    "needs_resolution",
    "transition",
]


class AttemptState(StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    PAID = "paid"
    FAILED = "failed"
    UNKNOWN = "unknown"
    RESOLVED_PAID = "resolved_paid"
    RESOLVED_FAILED = "resolved_failed"


class AttemptKind(StrEnum):
    """Which V1 call the attempt makes."""

    ONETIME = "onetime"  # POST /subscribe/payments/onetime
    REGISTER = "register"  # POST /subscribe/customers/{customer_uid}; moves no money
    AGAIN = "again"  # POST /subscribe/payments/again
    SCHEDULE = "schedule"  # POST /subscribe/payments/schedule
    CANCEL = "cancel"  # POST /payments/cancel
    WINDOW = "window"  # IMP.request_pay in the payment window, after POST /payments/prepare
    WINDOW_KEY = "window_key"  # IMP.request_pay in KCP's billing-key window; moves no money


ALLOWED_TRANSITIONS: dict[AttemptState, frozenset[AttemptState]] = {
    AttemptState.DRAFT: frozenset({AttemptState.SENDING}),
    AttemptState.SENDING: frozenset({AttemptState.PAID, AttemptState.FAILED, AttemptState.UNKNOWN}),
    AttemptState.UNKNOWN: frozenset({AttemptState.RESOLVED_PAID, AttemptState.RESOLVED_FAILED}),
    AttemptState.PAID: frozenset(),
    AttemptState.FAILED: frozenset(),
    AttemptState.RESOLVED_PAID: frozenset(),
    AttemptState.RESOLVED_FAILED: frozenset(),
}

_UNRESOLVED = frozenset({AttemptState.SENDING, AttemptState.UNKNOWN})
_SUCCEEDED = frozenset({AttemptState.PAID, AttemptState.RESOLVED_PAID})


class InvalidTransition(Exception):
    """A state change the machine does not allow (a bug in the caller, never a user error)."""

    def __init__(self, current: AttemptState, target: AttemptState) -> None:
        super().__init__(f"attempt cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def transition(current: AttemptState, target: AttemptState) -> AttemptState:
    """`target` if the machine allows current -> target, else InvalidTransition."""
    if target not in ALLOWED_TRANSITIONS[current]:
        raise InvalidTransition(current, target)
    return target


def is_final(state: AttemptState) -> bool:
    """No further change: paid, failed, resolved_paid, resolved_failed."""
    return not ALLOWED_TRANSITIONS[state]


def needs_resolution(state: AttemptState) -> bool:
    """Sent, or maybe sent, with no known outcome: look the merchant_uid up before anything else."""
    return state in _UNRESOLVED


def is_success(state: AttemptState) -> bool:
    """The call succeeded, whether we heard it at once or found it by lookup."""
    return state in _SUCCEEDED
