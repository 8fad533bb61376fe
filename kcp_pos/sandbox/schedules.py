"""Scheduled payments: book, revoke and read (`/subscribe/payments/schedule…`).

A schedule whose `schedule_at` has passed is executed the next time any API request arrives, or
when the sandbox clock is moved past it (`clock.py`; see `charges.run_due_schedules`); there is
no webhook. Lists come back paged
`{total, previous, next, list}`, the shape the official clients expect (reference §6.3).
A `schedule_at` in the past is accepted (it runs at once), which the live API may refuse.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any

from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.merchant_uid import CUSTOMER_UID_MAX_LENGTH, MERCHANT_UID_MAX_LENGTH
from kcp_pos.iamport.models import ScheduleResult, ScheduleStatus
from kcp_pos.sandbox.billing import store_billing_key
from kcp_pos.sandbox.body import LATEST_TIMESTAMP, Params, checked_identifier, to_timestamp
from kcp_pos.sandbox.charges import BUYER_FIELDS, ensure_merchant_uid_unused
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    NO_CUSTOMER_FOR_SCHEDULE,
    NOTHING_TO_UNSCHEDULE,
    SCHEDULE_ALREADY_EXISTS,
    SCHEDULE_CARD_CHECK_FAILED,
    SCHEDULE_NOT_FOUND,
    SCHEDULES_NOT_A_LIST,
    UNSUPPORTED_STATUS,
    ApiFailure,
    invalid_parameter,
    missing_parameter,
)
from kcp_pos.sandbox.paging import Page, paginate, read_paging
from kcp_pos.sandbox.rules import (
    issuance_decline,
    read_amount,
    read_card_quota,
    read_keyed_card,
    read_tax_free,
    resolve_pg,
)

SCHEDULE_STATUSES = tuple(status.value for status in ScheduleStatus)


def schedule_payments(sandbox: Sandbox, params: Params) -> list[ScheduleResult]:
    customer_uid = params.required_identifier("customer_uid", max_length=CUSTOMER_UID_MAX_LENGTH)
    items = _read_items(params)
    storage = sandbox.storage
    with storage.transaction():
        customer = storage.customer(customer_uid)
        if customer is None:
            if not params.has("card_number"):
                raise ApiFailure(NO_CUSTOMER_FOR_SCHEDULE, code=1)
            card = read_keyed_card(
                params, sandbox.today(), pwd_2digit_required=sandbox.config.pwd_2digit_required
            )
            decline = issuance_decline(card)
            if decline is not None:
                raise ApiFailure(f"{SCHEDULE_CARD_CHECK_FAILED} {decline.fail_reason}", code=1)
            pg = resolve_pg(params.text("pg"), sandbox.config.site_code)
            fields = {"customer_id": params.text("customer_id")}
            customer = store_billing_key(sandbox, customer_uid, card, pg, fields)
        booked: list[ScheduleResult] = []
        quotas: dict[str, int] = {}
        for item in items:
            merchant_uid = item.required_identifier(
                "merchant_uid", max_length=MERCHANT_UID_MAX_LENGTH
            )
            if storage.schedule(merchant_uid) is not None or any(
                entry.merchant_uid == merchant_uid for entry in booked
            ):
                raise ApiFailure(SCHEDULE_ALREADY_EXISTS)
            ensure_merchant_uid_unused(sandbox, merchant_uid)
            amount = read_amount(item)
            read_tax_free(item, amount)
            quotas[merchant_uid] = read_card_quota(item)
            key_defaults = {
                "buyer_name": customer.customer_name,
                "buyer_email": customer.customer_email,
                "buyer_tel": customer.customer_tel,
                "buyer_addr": customer.customer_addr,
                "buyer_postcode": customer.customer_postcode,
            }
            booked.append(
                ScheduleResult(
                    customer_uid=customer_uid,
                    merchant_uid=merchant_uid,
                    pg_provider=customer.pg_provider,
                    pg_id=customer.pg_id,
                    customer_id=params.text("customer_id") or customer.customer_id,
                    schedule_at=read_schedule_at(item),
                    amount=amount,
                    currency=item.text("currency") or "KRW",
                    name=item.text("name", max_length=40),
                    custom_data=item.text("custom_data"),
                    schedule_status=ScheduleStatus.SCHEDULED,
                    **{name: item.text(name) or key_defaults[name] for name in BUYER_FIELDS},
                )
            )
        for schedule in booked:
            storage.save_schedule(schedule)
            storage.save_schedule_quota(schedule.merchant_uid, quotas[schedule.merchant_uid])
    return booked


def _read_items(params: Params) -> list[Params]:
    """`schedules`: a non-empty array of objects (swagger). One object not in an array is
    refused with a message saying so, not guessed at."""
    raw: Any = params.raw("schedules")
    if raw in (None, "", []):
        raise ApiFailure(missing_parameter("schedules"))
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ApiFailure(SCHEDULES_NOT_A_LIST)
    return [Params(item) for item in raw]


def unschedule_payments(sandbox: Sandbox, params: Params) -> list[ScheduleResult]:
    customer_uid = params.text("customer_uid") or None
    merchant_uids = _text_list(params.raw("merchant_uid"))
    if customer_uid is None and not merchant_uids:
        raise ApiFailure(missing_parameter("customer_uid"))
    storage = sandbox.storage
    revoked: list[ScheduleResult] = []
    with storage.transaction():
        now = sandbox.now()
        for schedule in storage.schedules(
            customer_uid=customer_uid, status=ScheduleStatus.SCHEDULED.value
        ):
            if merchant_uids and schedule.merchant_uid not in merchant_uids:
                continue
            updated = schedule.model_copy(
                update={"schedule_status": ScheduleStatus.REVOKED, "revoked_at": now}
            )
            storage.save_schedule(updated)
            revoked.append(updated)
    if not revoked:
        raise ApiFailure(NOTHING_TO_UNSCHEDULE, code=1)
    return revoked


def _text_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(item) for item in value if item not in (None, "")]
    return [str(value)]


def get_schedule(sandbox: Sandbox, merchant_uid: str) -> ScheduleResult:
    checked_identifier("merchant_uid", merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH, status=400)
    with sandbox.storage.transaction():
        schedule = sandbox.storage.schedule(merchant_uid)
    if schedule is None:
        raise ApiFailure(SCHEDULE_NOT_FOUND, status=404)
    return schedule


def list_schedules(
    sandbox: Sandbox,
    params: Params,
    *,
    customer_uid: str | None,
    from_name: str,
    to_name: str,
    status_names: tuple[str, ...],
) -> Page[ScheduleResult]:
    """Schedules with `from <= schedule_at < to`, newest first unless `sorting=scheduled` (§6.3);
    any other `sorting` is HTTP 400, and so is a `customer_uid` no key could have."""
    if customer_uid is not None:
        checked_identifier(
            "customer_uid", customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH, status=400
        )
    status = next((params.text(name) for name in status_names if params.has(name)), None)
    if status is not None and status not in SCHEDULE_STATUSES:
        raise ApiFailure(UNSUPPORTED_STATUS, status=400)
    start, end = read_schedule_window(params, from_name, to_name)
    page, limit = read_paging(params)
    oldest_first = _oldest_first(params)
    with sandbox.storage.transaction():
        schedules = sandbox.storage.schedules(customer_uid=customer_uid, status=status)
    selected = [schedule for schedule in schedules if start <= schedule.schedule_at < end]
    if not oldest_first:
        selected.reverse()
    return paginate(selected, page, limit)


def _oldest_first(params: Params) -> bool:
    """`sorting=scheduled` is the one documented value (oldest first); absent is newest first."""
    sorting = params.text("sorting")
    if sorting not in (None, "", "scheduled"):
        raise ApiFailure(invalid_parameter("sorting"), status=400)
    return sorting == "scheduled"


def read_schedule_window(params: Params, from_name: str, to_name: str) -> tuple[int, int]:
    """Both bounds required, `to` after `from` and at most three calendar months (KST) later;
    anything else is HTTP 400 ("검색 파라메터가 유효하지 않은 경우", swagger)."""
    start = _bound(params, from_name)
    end = _bound(params, to_name)
    if end <= start or end > three_months_after(start):
        raise ApiFailure(invalid_parameter(to_name), status=400)
    return start, end


def read_schedule_at(params: Params, *, status: int = 200) -> int:
    """`schedule_at`: required UNIX seconds (HTTP `status` when it is missing or not a time)."""
    if not params.has("schedule_at"):
        raise ApiFailure(missing_parameter("schedule_at"), status=status)
    return to_timestamp(params.raw("schedule_at"), "schedule_at", status=status)


def _bound(params: Params, name: str) -> int:
    if not params.has(name):
        raise ApiFailure(missing_parameter(name), status=400)
    return to_timestamp(params.raw(name), name, status=400)


def three_months_after(timestamp: int) -> int:
    """The same wall-clock time in Korea three calendar months later (the 31st of May gives the
    31st of August; the 30th of November gives the 28th or 29th of February)."""
    moment = datetime.fromtimestamp(timestamp, UTC).astimezone(KST)
    month_index = moment.month - 1 + 3
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    if year > 9999:
        return LATEST_TIMESTAMP
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())
