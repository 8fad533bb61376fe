"""Was this saved card charged a moment ago? The charge-again confirmation leads with a warning
when it was (as the terminal's does for a keyed card), so that a clerk unsure whether the first
charge went through does not charge it twice without seeing so.

A saved card is known exactly by its `customer_uid`, so the journal answers (unlike the keyed
terminal, which may only compare amounts and last four digits in memory): any charge of the key,
paid or still unknown, begun in the last `DEFAULT_WINDOW`.
"""

from __future__ import annotations

from datetime import datetime

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.duplicate_guard import DEFAULT_WINDOW
from kcp_pos.store import Attempt, utc_now

CHARGED_OR_UNKNOWN = frozenset(
    {AttemptState.PAID, AttemptState.RESOLVED_PAID, AttemptState.SENDING, AttemptState.UNKNOWN}
)


def recent_charge_of(
    services: AppServices, customer_uid: str, *, now: datetime | None = None
) -> Attempt | None:
    """The latest charge of the billing key, paid or not yet known, begun within the window."""
    since = (now or utc_now()) - DEFAULT_WINDOW
    found = services.journal.charges_of_customers(
        [customer_uid], since=since, states=CHARGED_OR_UNKNOWN
    )
    return found[-1] if found else None
