"""Changing a booked schedule: move it, book a failed or revoked one again, or retry it now.

`PUT /subscribe/payments/schedule/{merchant_uid}` moves a `scheduled` entry to another future
`schedule_at`; `POST …/reschedule` books a failed or revoked entry again at a future time;
`POST …/retry` charges a failed or revoked entry at once and answers with the payment (whose
`status` says whether it was approved). The swagger gives the statuses (400 wrong state or a time
in the past, 404 unknown) but not the messages, so the texts here are the sandbox's own
(reference §6.3).
"""

from __future__ import annotations

from kcp_pos.domain.merchant_uid import MERCHANT_UID_MAX_LENGTH
from kcp_pos.iamport.models import Payment, PaymentStatus, ScheduleResult, ScheduleStatus
from kcp_pos.sandbox.body import Params, checked_identifier
from kcp_pos.sandbox.charges import execute_schedule
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    DUPLICATE_MERCHANT_UID,
    SCHEDULE_AT_IN_PAST,
    SCHEDULE_NOT_CHANGEABLE,
    SCHEDULE_NOT_FOUND,
    SCHEDULE_NOT_RETRYABLE,
    ApiFailure,
    customer_not_found,
)
from kcp_pos.sandbox.schedules import read_schedule_at


def move_schedule(sandbox: Sandbox, merchant_uid: str, params: Params) -> ScheduleResult:
    """`PUT …/schedule/{merchant_uid}`: a new time for an entry that has not run."""
    with sandbox.storage.transaction():
        schedule = _schedule(sandbox, merchant_uid)
        if schedule.schedule_status is not ScheduleStatus.SCHEDULED:
            raise ApiFailure(SCHEDULE_NOT_CHANGEABLE, status=400)
        moved = schedule.model_copy(update={"schedule_at": _future_time(sandbox, params)})
        sandbox.storage.save_schedule(moved)
    return moved


def book_again(sandbox: Sandbox, merchant_uid: str, params: Params) -> ScheduleResult:
    """`POST …/reschedule`: a failed or revoked entry is `scheduled` again at a future time."""
    with sandbox.storage.transaction():
        schedule = _retryable(sandbox, merchant_uid)
        booked = schedule.model_copy(
            update={
                "schedule_status": ScheduleStatus.SCHEDULED,
                "schedule_at": _future_time(sandbox, params),
                "executed_at": 0,
                "revoked_at": 0,
                "imp_uid": None,
                "payment_status": None,
                "fail_reason": None,
            }
        )
        sandbox.storage.save_schedule(booked)
    return booked


def retry_now(sandbox: Sandbox, merchant_uid: str) -> Payment:
    """`POST …/retry`: charge a failed or revoked entry now; 404 when its billing key is gone.
    The entry is `executed` afterwards, so a revocation no longer shows (`revoked_at` is 0)."""
    with sandbox.storage.transaction():
        schedule = _retryable(sandbox, merchant_uid)
        if sandbox.storage.customer(schedule.customer_uid) is None:
            raise ApiFailure(customer_not_found(schedule.customer_uid), status=404)
        executed, payment = execute_schedule(sandbox, schedule, sandbox.now())
        if payment is None:  # the merchant_uid was paid meanwhile: nothing reached the PG
            raise ApiFailure(DUPLICATE_MERCHANT_UID, status=400)
        sandbox.storage.save_schedule(executed.model_copy(update={"revoked_at": 0}))
    return payment


def _schedule(sandbox: Sandbox, merchant_uid: str) -> ScheduleResult:
    checked_identifier("merchant_uid", merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH, status=400)
    schedule = sandbox.storage.schedule(merchant_uid)
    if schedule is None:
        raise ApiFailure(SCHEDULE_NOT_FOUND, status=404)
    return schedule


def _retryable(sandbox: Sandbox, merchant_uid: str) -> ScheduleResult:
    """Only a revoked entry or one whose run failed may be booked again or retried."""
    schedule = _schedule(sandbox, merchant_uid)
    failed_run = (
        schedule.schedule_status is ScheduleStatus.EXECUTED
        and schedule.payment_status is PaymentStatus.FAILED
    )
    if not failed_run and schedule.schedule_status is not ScheduleStatus.REVOKED:
        raise ApiFailure(SCHEDULE_NOT_RETRYABLE, status=400)
    return schedule


def _future_time(sandbox: Sandbox, params: Params) -> int:
    schedule_at = read_schedule_at(params, status=400)
    if schedule_at <= sandbox.now():
        raise ApiFailure(SCHEDULE_AT_IN_PAST, status=400)
    return schedule_at
