"""The parts of the store a screen may show, named in change notices (`change_feed.py`).

Free of SQLAlchemy, like `ledger_status.py`: a page can compare topics before the store is open.
"""

from __future__ import annotations

from enum import StrEnum


class StoreTopic(StrEnum):
    """What a screen may show and must refresh when it changes (the value is the table)."""

    JOURNAL = "attempts"
    LEDGER = "payments"
    DIRECTORY = "customers"
    AUDIT = "audit_log"
    SCHEDULES = "schedules"
    SHIPMENTS = "escrow_shipments"
    DAY_CLOSES = "day_closes"
