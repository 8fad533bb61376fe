"""An escrow shipment as the clerk types it (reference §9): the courier, the tracking number and
when it was sent, with the sender and receiver. KCP marks none of the people's fields required."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.text_input import normalize_typed

INVOICE_MAX_LENGTH: Final = 40
_INVOICE = re.compile(r"^[A-Za-z0-9-]+$")
CLOCK_SLACK: Final = timedelta(minutes=10)
"""A sending time this far ahead of the terminal's clock is still taken (clocks differ)."""


def invoice_error(invoice: str) -> InputError | None:
    typed = normalize_typed(invoice)
    if not typed:
        return InputError.INVOICE_REQUIRED
    if len(typed) > INVOICE_MAX_LENGTH or not _INVOICE.match(typed):
        return InputError.INVOICE_FORMAT
    return None


def sent_at_error(sent_at: datetime, now: datetime) -> InputError | None:
    return InputError.SENT_AT_IN_FUTURE if sent_at > now + CLOCK_SLACK else None
