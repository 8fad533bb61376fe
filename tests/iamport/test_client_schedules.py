"""Scheduled payments on a billing key: book, read, list, revoke."""

from __future__ import annotations

import time

import pytest

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import ApiError, DuplicateMerchantUid, NotFoundError, UnknownCustomer
from kcp_pos.iamport.models import (
    PaymentStatus,
    ScheduleItem,
    ScheduleRequest,
    ScheduleStatus,
    UnscheduleRequest,
)
from kcp_pos.sandbox.server import SandboxServer
from tests.conftest import advance_clock
from tests.iamport.conftest import billing_key, onetime

DAY = 86_400


def book(client: IamportClient, customer_uid: str, *merchant_uids: str, at: int) -> None:
    client.schedule(
        ScheduleRequest(
            customer_uid=customer_uid,
            schedules=[
                ScheduleItem(merchant_uid=uid, schedule_at=at, amount=9_900, name="월 구독")
                for uid in merchant_uids
            ],
        )
    )


def test_schedule_read_list_and_revoke(client: IamportClient) -> None:
    now = int(time.time())
    client.issue_billing_key("cust-s", billing_key(customer_name="구독자"))
    booked = client.schedule(
        ScheduleRequest(
            customer_uid="cust-s",
            schedules=[
                ScheduleItem(merchant_uid="s-1", schedule_at=now + DAY, amount=9_900, name="1월"),
                ScheduleItem(merchant_uid="s-2", schedule_at=now + 2 * DAY, amount=9_900),
            ],
        )
    )
    assert [s.merchant_uid for s in booked] == ["s-1", "s-2"]
    assert all(s.schedule_status is ScheduleStatus.SCHEDULED for s in booked)
    assert all(s.imp_uid is None and s.payment_status is None for s in booked)
    assert booked[0].executed_at == 0 and booked[0].revoked_at == 0
    assert booked[0].buyer_name == "구독자"  # falls back to the key's customer_name

    one = client.get_schedule("s-1")
    assert (one.merchant_uid, one.schedule_at, one.amount) == ("s-1", now + DAY, 9_900)

    page = client.get_customer_schedules("cust-s", now, now + 3 * DAY)
    assert page.total == 2 and {s.merchant_uid for s in page.list} == {"s-1", "s-2"}
    revoked_so_far = client.get_customer_schedules(
        "cust-s", now, now + 3 * DAY, status=ScheduleStatus.REVOKED
    )
    assert revoked_so_far.total == 0

    revoked = client.unschedule(UnscheduleRequest(customer_uid="cust-s", merchant_uid=["s-1"]))
    assert [s.merchant_uid for s in revoked] == ["s-1"]
    assert revoked[0].schedule_status is ScheduleStatus.REVOKED and revoked[0].revoked_at > 0
    assert client.get_schedule("s-2").schedule_status is ScheduleStatus.SCHEDULED

    assert [
        s.merchant_uid for s in client.unschedule(UnscheduleRequest(customer_uid="cust-s"))
    ] == ["s-2"]
    with pytest.raises(NotFoundError) as caught:
        client.unschedule(UnscheduleRequest(customer_uid="cust-s"))
    assert caught.value.message == "취소할 예약결제 기록이 존재하지 않습니다."


def test_a_due_schedule_runs_and_shows_its_payment(client: IamportClient) -> None:
    client.issue_billing_key("cust-due", billing_key())
    book(client, "cust-due", "due-1", at=int(time.time()) - 5)  # the sandbox runs it at once
    executed = client.get_schedule("due-1")
    assert executed.schedule_status is ScheduleStatus.EXECUTED
    assert executed.payment_status is PaymentStatus.PAID
    assert executed.imp_uid is not None and executed.executed_at > 0
    assert client.get_payment(executed.imp_uid).customer_uid_usage == "payment.scheduled"


def test_schedule_for_unknown_customer_raises(client: IamportClient) -> None:
    with pytest.raises(UnknownCustomer) as caught:
        book(client, "nobody", "s-x", at=int(time.time()) + DAY)
    assert caught.value.code == 1 and caught.value.message == "등록된 고객정보가 없습니다."


def test_schedule_with_a_paid_merchant_uid_raises_duplicate(client: IamportClient) -> None:
    assert client.pay_onetime(onetime("used-order", customer_uid="cust-d")).paid
    with pytest.raises(DuplicateMerchantUid):
        book(client, "cust-d", "used-order", at=int(time.time()) + DAY)


def test_unknown_schedule_is_not_found(client: IamportClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.get_schedule("never-booked")
    assert caught.value.http_status == 404


def test_move_reschedule_and_retry(client: IamportClient, sandbox: SandboxServer) -> None:
    now = int(time.time())
    client.issue_billing_key("cust-edit", billing_key())
    client.issue_billing_key("cust-poor", billing_key(card_number="5570-4200-0007-9995"))
    book(client, "cust-edit", "edit-1", at=now + DAY)
    moved = client.move_schedule("edit-1", now + 2 * DAY)
    assert moved.schedule_at == now + 2 * DAY and moved.schedule_status is ScheduleStatus.SCHEDULED
    book(client, "cust-poor", "edit-2", at=now + DAY)
    advance_clock(sandbox, DAY + 60)
    failed = client.get_schedule("edit-2")
    assert failed.payment_status is PaymentStatus.FAILED
    declined = client.retry_schedule("edit-2")
    assert not declined.paid and "[CC10]" in (declined.fail_reason or "")
    again = client.reschedule("edit-2", now + 5 * DAY)
    assert again.schedule_status is ScheduleStatus.SCHEDULED and again.payment_status is None
    with pytest.raises(ApiError):
        client.move_schedule("edit-2", now)  # in the past now
