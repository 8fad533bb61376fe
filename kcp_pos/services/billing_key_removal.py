"""Deleting a customer's billing key (`DELETE /subscribe/customers/{customer_uid}`): the card can
no longer be charged, and the customer leaves the directory (soft-deleted, so past payments still
name who it was).

A reason is required and audited. A key with schedules still booked is refused until they are
revoked: the real API deletes it anyway and the booked charges then fail when due, which a shop
would only learn from angry customers. The call moves no money, so it is not journalled as an
attempt: a lost answer is simply sent again by the clerk, and "not found" at PortOne (deleted by
our lost call, or elsewhere) counts as deleted.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import ScheduleStatus
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import Approval, permit
from kcp_pos.store import Customer, utc_now

DELETE_KEY: Final = "billing_key.delete"
SCHEDULE_HORIZON: Final = timedelta(days=366 * 2)
"""How far ahead booked schedules are looked for before a key is deleted."""
SCHEDULE_WINDOW: Final = timedelta(days=89)
"""One lookup's window: schedule lists take at most three calendar months at a time (§6.3)."""
MAX_SCHEDULE_PAGES: Final = 20
REASON_MAX_LENGTH: Final = 200


class ReasonRequired(ValueError):
    """A deletion needs a reason (1..200 characters) for the audit trail."""


class SchedulesPending(Exception):
    """The key still has `count` booked schedules: revoke them first."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} booked schedule(s)")
        self.count = count


def delete_billing_key(
    services: AppServices,
    customer_uid: str,
    reason: str,
    *,
    operator: Operator,
    approval: Approval | None = None,
    now: datetime | None = None,
) -> Customer:
    """Delete the key at PortOne, then soft-delete the customer with the reason audited. Needs a
    manager, or a manager's `approval` of `DELETE_KEY` for `operator`."""
    permit(operator, Role.MANAGER, action=DELETE_KEY, approval=approval)
    return retire_key(services, customer_uid, reason, operator=operator, now=now)


def retire_key(
    services: AppServices,
    customer_uid: str,
    reason: str,
    *,
    operator: Operator,
    now: datetime | None = None,
) -> Customer:
    """`delete_billing_key` without the role check, for a key whose card was replaced (a
    clerk's action: the customer keeps a card, the new one)."""
    clean = " ".join(reason.split())
    if not clean or len(clean) > REASON_MAX_LENGTH:
        raise ReasonRequired(reason)
    booked = booked_schedules(services, customer_uid, now=now or utc_now())
    if booked:
        raise SchedulesPending(booked)
    with contextlib.suppress(NotFoundError):  # already gone at PortOne: nothing left there
        services.client.delete_billing_key(customer_uid, reason=clean)
    return services.customers.delete(customer_uid, actor=operator.name, reason=clean)


def booked_schedules(services: AppServices, customer_uid: str, *, now: datetime) -> int:
    """How many schedules of the key are still booked (from now to `SCHEDULE_HORIZON`), looked
    up window by window."""
    count, start, horizon = 0, now, now + SCHEDULE_HORIZON
    while start < horizon:
        end = min(start + SCHEDULE_WINDOW, horizon)
        count += _booked_between(services, customer_uid, start, end)
        start = end
    return count


def _booked_between(
    services: AppServices, customer_uid: str, start: datetime, end: datetime
) -> int:
    count = 0
    for page in range(1, MAX_SCHEDULE_PAGES + 1):
        found = services.client.get_customer_schedules(
            customer_uid,
            int(start.timestamp()),
            int(end.timestamp()),
            page=page,
            status=ScheduleStatus.SCHEDULED,
        )
        count += len(found.list)
        if not found.next:
            break
    return count
