"""Bringing the directory up to date with PortOne's billing keys
(`GET /subscribe/customers?customer_uid[]=…`, at most 100 per request).

Every customer not deleted is asked for, in batches of 100 by `customer_uid`: a key PortOne has
refreshes the card details the directory shows; a key it no longer has (deleted by a web shop,
the console or another terminal) is marked, so the clerk sees it before charging. Nothing here
moves money. The caller may stop between batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kcp_pos.iamport.client import BILLING_KEY_BATCH_SIZE
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink, stop_if_requested
from kcp_pos.store import CustomerDetails

BATCH: Final = BILLING_KEY_BATCH_SIZE


@dataclass(frozen=True)
class SyncReport:
    checked: int
    missing: tuple[str, ...]
    """The keys PortOne does not have (marked in the directory)."""


def sync_billing_keys(
    services: AppServices, *, operator: Operator, progress: ProgressSink = NO_PROGRESS
) -> SyncReport:
    """Ask PortOne for every key of the directory; see the module docstring."""
    total = max(services.customers.count_active(), 1)
    checked, after = 0, None
    missing: list[str] = []
    while True:
        stop_if_requested(progress)
        uids = services.customers.uids_after(after, limit=BATCH)
        if not uids:
            return SyncReport(checked, tuple(missing))
        found = {key.customer_uid: key for key in services.client.get_billing_keys(uids)}
        present = [
            CustomerDetails(
                customer_uid=uid,
                card_number=found[uid].card_number,
                card_name=found[uid].card_name,
                card_code=found[uid].card_code,
            )
            for uid in uids
            if uid in found
        ]
        gone = [uid for uid in uids if uid not in found]
        services.customers.record_key_check(present, gone, actor=operator.name)
        missing.extend(gone)
        checked += len(uids)
        after = uids[-1]
        progress.report(f"{checked} checked", min(checked / total, 1.0))
