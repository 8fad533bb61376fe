"""The life of one money-moving attempt (DESIGN.md rules 1 and 2).

draft -> sending -> paid | failed | unknown;  unknown -> resolved_paid | resolved_failed.
An attempt is written durably in `sending` before its request leaves the machine. A timeout or
dropped connection after that is `unknown`, never `failed`: only a lookup by `merchant_uid`
settles it.
"""

from __future__ import annotations

from enum import StrEnum


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
