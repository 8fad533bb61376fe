"""Syncing the directory with PortOne's billing keys in batches of 100: keys PortOne no longer
has are marked (and unmarked when they come back), card details are refreshed."""

from __future__ import annotations

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.key_sync import sync_billing_keys
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.store import CustomerDetails
from tests.services.conftest import keyed_card


def _saved(services: AppServices, name: str) -> str:
    registration = new_card_registration(name=name)
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    return registration.customer_uid


def test_keys_portone_no_longer_has_are_marked(services: AppServices) -> None:
    kept, gone = _saved(services, "하나"), _saved(services, "두나")
    services.client.delete_billing_key(gone, reason="deleted in the console")
    # 250 entries the directory got from elsewhere, unknown to PortOne: three batches in all.
    for number in range(250):
        services.customers.save(CustomerDetails(customer_uid=f"cust_old_{number:04d}"))

    report = sync_billing_keys(services, operator=LOCAL_CLERK)

    assert report.checked == 252
    assert gone in report.missing and kept not in report.missing and len(report.missing) == 251
    kept_now, gone_now = services.customers.get(kept), services.customers.get(gone)
    assert kept_now is not None and kept_now.key_missing_at is None
    assert kept_now.card_number == "5570420000001234"
    assert gone_now is not None and gone_now.key_missing_at is not None
    assert not gone_now.is_deleted  # marked, not removed: the clerk decides
    entries = services.audit.entries(subject=gone)
    assert [e.action for e in entries].count("customer.key_missing") == 1

    again = sync_billing_keys(services, operator=LOCAL_CLERK)  # marked once, not again
    assert gone in again.missing
    assert [e.action for e in services.audit.entries(subject=gone)].count(
        "customer.key_missing"
    ) == 1
