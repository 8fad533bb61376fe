"""Deleting a billing key: refused without a reason or while schedules are booked, then gone at
PortOne and soft-deleted in the directory with the reason in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import ScheduleItem, ScheduleRequest, UnscheduleRequest
from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.billing_key_removal import (
    DELETE_KEY,
    ReasonRequired,
    SchedulesPending,
    delete_billing_key,
)
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import Operator, Role
from tests.operators import MANAGER
from tests.services.conftest import keyed_card


def _saved(services: AppServices) -> str:
    registration = new_card_registration(name="문지우")
    assert register_card(services, keyed_card(), registration, operator=MANAGER).paid
    return registration.customer_uid


def test_a_key_is_deleted_with_its_reason_audited(services: AppServices) -> None:
    uid = _saved(services)
    customer = delete_billing_key(services, uid, "  고객 요청:  카드 분실 ", operator=MANAGER)
    assert customer.is_deleted
    with pytest.raises(NotFoundError):
        services.client.get_billing_key(uid)
    (entry,) = [e for e in services.audit.entries(subject=uid) if e.action == "customer.deleted"]
    assert entry.details == {"reason": "고객 요청: 카드 분실"} and entry.actor == MANAGER.name
    # Sent again (the first answer was lost): already gone at PortOne counts as deleted.
    assert delete_billing_key(services, uid, "again", operator=MANAGER).is_deleted


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_a_reason_is_required(services: AppServices, reason: str) -> None:
    uid = _saved(services)
    with pytest.raises(ReasonRequired):
        delete_billing_key(services, uid, reason, operator=MANAGER)
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
        delete_billing_key(services, uid, "해지", operator=MANAGER)
    assert refused.value.count == 1
    assert services.client.get_billing_key(uid).customer_uid == uid
    services.client.unschedule(UnscheduleRequest(customer_uid=uid))
    assert delete_billing_key(services, uid, "해지", operator=MANAGER).is_deleted


def test_a_clerk_may_not_delete_a_key_unless_a_manager_approves_in_place(
    services: AppServices,
) -> None:
    admin = operators.create_first_admin(services, "김사장", "482913")
    operators.add_operator(services, "박매니저", Role.MANAGER, "246810", by=admin)
    clerk = Operator("이점원", Role.CLERK)
    uid = _saved(services)
    with pytest.raises(operators.NotPermitted):
        delete_billing_key(services, uid, "고객 요청", operator=clerk)
    assert services.client.get_billing_key(uid).customer_uid == uid  # nothing sent
    # An approval of another action, or for another operator, does not do.
    refund_approval = operators.approve(
        services,
        approver_name="박매니저",
        approver_pin="246810",
        needed=Role.MANAGER,
        action="refund",
        for_operator=clerk,
    )
    with pytest.raises(operators.NotPermitted):
        delete_billing_key(services, uid, "고객 요청", operator=clerk, approval=refund_approval)
    approval = operators.approve(
        services,
        approver_name="박매니저",
        approver_pin="246810",
        needed=Role.MANAGER,
        action=DELETE_KEY,
        for_operator=clerk,
    )
    other_clerk = Operator("최점원", Role.CLERK)
    with pytest.raises(operators.NotPermitted):
        delete_billing_key(services, uid, "고객 요청", operator=other_clerk, approval=approval)
    assert delete_billing_key(
        services, uid, "고객 요청", operator=clerk, approval=approval
    ).is_deleted
    approved = [e for e in services.audit.entries() if e.action == operators.APPROVED]
    assert approved[-1].details == {"action": DELETE_KEY, "approver": "박매니저"}
