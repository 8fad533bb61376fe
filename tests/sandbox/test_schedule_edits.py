"""Changing a booked schedule (reference §6.3): move it, book a failed or revoked one again, or
retry it at once. Statuses follow the swagger; the messages are the sandbox's own."""

from __future__ import annotations

import time

import httpx

from tests.sandbox.helpers import CARD_CC10, issue_key, ok, refused
from tests.sandbox.test_schedules import FAR_FUTURE, SCHEDULE, book

NOT_CHANGEABLE = "이미 실행되었거나 취소된 예약결제입니다."
NOT_RETRYABLE = "실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다."
IN_PAST = "예약시각이 현재 시각보다 과거입니다."
UNKNOWN = "존재하지 않는 예약결제 정보입니다."


def revoke(api: httpx.Client, merchant_uid: str) -> None:
    ok(api.post("/subscribe/payments/unschedule", json={"merchant_uid": [merchant_uid]}))


def test_a_booked_schedule_moves_to_another_future_time(api: httpx.Client) -> None:
    issue_key(api, "edit-move")
    book(api, "edit-move", "em-1")
    moved = ok(api.put(f"{SCHEDULE}/em-1", json={"schedule_at": FAR_FUTURE + 3600}))
    assert moved["schedule_at"] == FAR_FUTURE + 3600 and moved["schedule_status"] == "scheduled"
    assert ok(api.get(f"{SCHEDULE}/em-1")) == moved
    refused(api.put(f"{SCHEDULE}/em-1", json={"schedule_at": 1}), -1, IN_PAST, 400)
    refused(api.put(f"{SCHEDULE}/em-1", json={}), -1, "schedule_at 파라메터가 누락되었습니다.", 400)
    refused(api.put(f"{SCHEDULE}/nope", json={"schedule_at": FAR_FUTURE}), -1, UNKNOWN, 404)
    revoke(api, "em-1")
    refused(api.put(f"{SCHEDULE}/em-1", json={"schedule_at": FAR_FUTURE}), -1, NOT_CHANGEABLE, 400)


def test_a_revoked_schedule_can_be_booked_again(api: httpx.Client) -> None:
    issue_key(api, "edit-again")
    book(api, "edit-again", "ea-1")
    path = f"{SCHEDULE}/ea-1/reschedule"
    refused(api.post(path, json={"schedule_at": FAR_FUTURE}), -1, NOT_RETRYABLE, 400)
    revoke(api, "ea-1")
    refused(api.post(path, json={"schedule_at": 1}), -1, IN_PAST, 400)
    again = ok(api.post(path, json={"schedule_at": FAR_FUTURE + 60}))
    assert again["schedule_status"] == "scheduled" and again["revoked_at"] == 0
    assert again["schedule_at"] == FAR_FUTURE + 60
    refused(
        api.post(f"{SCHEDULE}/nope/reschedule", json={"schedule_at": FAR_FUTURE}), -1, UNKNOWN, 404
    )


def test_a_failed_run_is_retried_at_once_and_answers_with_the_payment(
    api: httpx.Client,
) -> None:
    issue_key(api, "edit-retry", card_number=CARD_CC10)  # balance refusals: charges only
    book(api, "edit-retry", "er-1", at=int(time.time()) - 10)
    failed = ok(api.get(f"{SCHEDULE}/er-1"))
    assert failed["payment_status"] == "failed"
    retried = ok(api.post(f"{SCHEDULE}/er-1/retry"))
    assert retried["merchant_uid"] == "er-1" and retried["status"] == "failed"
    assert retried["imp_uid"] != failed["imp_uid"]
    after = ok(api.get(f"{SCHEDULE}/er-1"))
    assert after["imp_uid"] == retried["imp_uid"] and after["schedule_status"] == "executed"
    paid_card = issue_key(api, "edit-retry")  # the same customer_uid, now a good card
    assert paid_card["card_number"].endswith("1234")
    paid = ok(api.post(f"{SCHEDULE}/er-1/retry/"))
    assert paid["status"] == "paid" and paid["customer_uid_usage"] == "payment.scheduled"
    refused(api.post(f"{SCHEDULE}/er-1/retry"), -1, NOT_RETRYABLE, 400)  # paid: nothing to retry
    refused(api.post(f"{SCHEDULE}/nope/retry"), -1, UNKNOWN, 404)


def test_a_retry_without_a_billing_key_is_404(api: httpx.Client) -> None:
    issue_key(api, "edit-gone")
    book(api, "edit-gone", "eg-1")
    revoke(api, "eg-1")
    ok(api.delete("/subscribe/customers/edit-gone"))
    response = api.post(f"{SCHEDULE}/eg-1/retry")
    assert response.status_code == 404 and response.json()["code"] != 0
    assert ok(api.get(f"{SCHEDULE}/eg-1"))["schedule_status"] == "revoked"


def test_a_retried_revoked_schedule_no_longer_shows_a_revocation(api: httpx.Client) -> None:
    issue_key(api, "edit-revoked")
    book(api, "edit-revoked", "erv-1")
    revoke(api, "erv-1")
    assert ok(api.get(f"{SCHEDULE}/erv-1"))["revoked_at"] > 0
    paid = ok(api.post(f"{SCHEDULE}/erv-1/retry"))
    assert paid["status"] == "paid"
    after = ok(api.get(f"{SCHEDULE}/erv-1"))
    assert (after["schedule_status"], after["payment_status"]) == ("executed", "paid")
    assert after["revoked_at"] == 0 and after["executed_at"] > 0
    assert after["imp_uid"] == paid["imp_uid"]
