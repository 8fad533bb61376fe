"""Deleting a billing key: refused without a reason or while schedules are booked, then gone at
PortOne and soft-deleted in the directory with the reason in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import ScheduleItem, ScheduleRequest, UnscheduleRequest
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.billing_key_removal import (
    ReasonRequired,
    SchedulesPending,
    delete_billing_key,
)
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import LOCAL_CLERK
from tests.services.conftest import keyed_card


def _saved(services: AppServices) -> str:
    registration = new_card_registration(name="문지우")
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    return registration.customer_uid


def test_a_key_is_deleted_with_its_reason_audited(services: AppServices) -> None:
    uid = _saved(services)
    customer = delete_billing_key(services, uid, "  고객 요청:  카드 분실 ", operator=LOCAL_CLERK)
    assert customer.is_deleted
    with pytest.raises(NotFoundError):
        services.client.get_billing_key(uid)
    (entry,) = [e for e in services.audit.entries(subject=uid) if e.action == "customer.deleted"]
    assert entry.details == {"reason": "고객 요청: 카드 분실"} and entry.actor == LOCAL_CLERK.name
    # Sent again (the first answer was lost): already gone at PortOne counts as deleted.
    assert delete_billing_key(services, uid, "again", operator=LOCAL_CLERK).is_deleted


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_a_reason_is_required(services: AppServices, reason: str) -> None:
    uid = _saved(services)
    with pytest.raises(ReasonRequired):
        delete_billing_key(services, uid, reason, operator=LOCAL_CLERK)
    assert services.client.get_billing_key(uid).customer_uid == uid


def test_a_key_with_booked_schedules_is_kept_until_they_are_revoked(
    services: AppServices,
) -> None:
    uid = _saved(services)
    when = int((datetime.now(UTC) + timedelta(days=40)).timestamp())
    services.client.schedule(
        ScheduleRequest(
            customer_uid=uid,
            schedules=[
                ScheduleItem(merchant_uid="sch_monthly_0001", schedule_at=when, amount=9900)
            ],
        )
    )
    with pytest.raises(SchedulesPending) as refused:
        delete_billing_key(services, uid, "해지", operator=LOCAL_CLERK)
    assert refused.value.count == 1
    assert services.client.get_billing_key(uid).customer_uid == uid
    services.client.unschedule(UnscheduleRequest(customer_uid=uid))
    assert delete_billing_key(services, uid, "해지", operator=LOCAL_CLERK).is_deleted
