"""Scheduled payments (reference §6): book, read, list (paged), revoke and execution."""

from __future__ import annotations

import time

import httpx

from tests.sandbox.helpers import CARD_CC03, CARD_CC10, card_fields, issue_key, ok, refused

SCHEDULE = "/subscribe/payments/schedule"
FAR_FUTURE = 4_102_444_800  # 2100-01-01


def book(api: httpx.Client, customer_uid: str, *merchant_uids: str, at: int = FAR_FUTURE) -> list:
    schedules = [
        {"merchant_uid": uid, "schedule_at": at + index, "amount": 5000, "name": "정기"}
        for index, uid in enumerate(merchant_uids)
    ]
    result: list = ok(
        api.post(SCHEDULE, json={"customer_uid": customer_uid, "schedules": schedules})
    )
    return result


def test_book_and_read_a_schedule(api: httpx.Client) -> None:
    issue_key(api, "sch-1", customer_name="김정기")
    (booked,) = book(api, "sch-1", "s-1")
    assert booked["schedule_status"] == "scheduled" and booked["buyer_name"] == "김정기"
    assert booked["schedule_at"] == FAR_FUTURE and booked["pg_provider"] == "kcp"
    assert ok(api.get(f"{SCHEDULE}/s-1")) == booked
    refused(api.get(f"{SCHEDULE}/unknown"), -1, "존재하지 않는 예약결제 정보입니다.", 404)


def test_form_body_with_indexed_schedules(api: httpx.Client) -> None:
    issue_key(api, "sch-form")
    form = {
        "customer_uid": "sch-form",
        "schedules[0][merchant_uid]": "sf-1",
        "schedules[0][schedule_at]": str(FAR_FUTURE),
        "schedules[0][amount]": "1000",
        "schedules[1][merchant_uid]": "sf-2",
        "schedules[1][schedule_at]": str(FAR_FUTURE + 60),
        "schedules[1][amount]": "2000",
    }
    booked = ok(api.post(SCHEDULE + "/", data=form))
    assert [(s["merchant_uid"], s["amount"]) for s in booked] == [("sf-1", 1000), ("sf-2", 2000)]


def test_unknown_customer_without_card_and_with_card(api: httpx.Client) -> None:
    body = {
        "customer_uid": "sch-new",
        "schedules": [{"merchant_uid": "sn-1", "schedule_at": FAR_FUTURE, "amount": 1000}],
    }
    refused(api.post(SCHEDULE, json=body), 1, "등록된 고객정보가 없습니다.")
    declined = api.post(SCHEDULE, json={**body, **card_fields(CARD_CC03)}).json()
    assert declined["code"] == 1
    assert declined["message"].startswith("카드정보 확인에 실패하였습니다. [CC03]")
    ok(api.post(SCHEDULE, json={**body, **card_fields()}))
    assert ok(api.get("/subscribe/customers/sch-new"))["card_number"] == "5570420000001234"


def test_listing_is_paged_on_both_paths(api: httpx.Client) -> None:
    issue_key(api, "sch-list")
    book(api, "sch-list", *(f"sl-{index}" for index in range(25)))
    window = {"from": FAR_FUTURE - 1, "to": FAR_FUTURE + 100}
    for path in (
        "/subscribe/payments/schedule/customers/sch-list",
        "/subscribe/customers/sch-list/schedules",
    ):
        page = ok(api.get(path, params=window))
        assert set(page) == {"total", "previous", "next", "list"}
        assert page["total"] == 25 and len(page["list"]) == 20 and page["next"] == 2
        second = ok(api.get(path, params={**window, "page": 2}))
        assert len(second["list"]) == 5 and second["previous"] == 1 and second["next"] == 0
    revoked = ok(
        api.get(
            "/subscribe/customers/sch-list/schedules",
            params={**window, "schedule-status": "revoked"},
        )
    )
    assert revoked["total"] == 0


def test_unschedule_by_merchant_uid_then_by_customer(api: httpx.Client) -> None:
    issue_key(api, "sch-revoke")
    book(api, "sch-revoke", "r-1", "r-2", "r-3")
    body = {"customer_uid": "sch-revoke", "merchant_uid": ["r-1"]}
    (revoked,) = ok(api.post("/subscribe/payments/unschedule", json=body))
    assert revoked["schedule_status"] == "revoked" and revoked["revoked_at"] > 0
    form = [("customer_uid", "sch-revoke"), ("merchant_uid[]", "r-2")]
    (by_form,) = ok(api.post("/subscribe/payments/unschedule/", data=dict(form)))
    assert by_form["merchant_uid"] == "r-2"
    rest = ok(api.post("/subscribe/payments/unschedule", json={"customer_uid": "sch-revoke"}))
    assert [s["merchant_uid"] for s in rest] == ["r-3"]
    refused(
        api.post("/subscribe/payments/unschedule", json={"customer_uid": "sch-revoke"}),
        1,
        "취소할 예약결제 기록이 존재하지 않습니다.",
    )


def test_a_due_schedule_runs_on_the_next_request(api: httpx.Client) -> None:
    issue_key(api, "sch-due")
    issue_key(api, "sch-due-decline", card_number=CARD_CC10)
    now = int(time.time())
    book(api, "sch-due", "due-1", at=now - 10)
    book(api, "sch-due-decline", "due-2", at=now - 10)
    executed = ok(api.get(f"{SCHEDULE}/due-1"))
    assert executed["schedule_status"] == "executed" and executed["payment_status"] == "paid"
    payment = ok(api.get(f"/payments/{executed['imp_uid']}"))
    assert payment["customer_uid_usage"] == "payment.scheduled" and payment["amount"] == 5000
    failed = ok(api.get(f"{SCHEDULE}/due-2"))
    assert failed["payment_status"] == "failed" and failed["fail_reason"] == "[CC10] 통장 잔액부족"


def test_duplicate_schedule_merchant_uid_is_refused(api: httpx.Client) -> None:
    issue_key(api, "sch-dup")
    book(api, "sch-dup", "dup-s")
    body = {
        "customer_uid": "sch-dup",
        "schedules": [{"merchant_uid": "dup-s", "schedule_at": FAR_FUTURE, "amount": 1000}],
    }
    response = api.post(SCHEDULE, json=body)
    assert response.json()["code"] == -1 and response.json()["response"] is None


def test_schedule_lists_need_a_window_of_at_most_three_months(api: httpx.Client) -> None:
    """`from`/`to` (`schedule_from`/`schedule_to` merchant-wide) are required, `to` is exclusive
    and the window is at most three calendar months (§6.3, swagger)."""
    issue_key(api, "sch-window")
    book(api, "sch-window", "w-1", "w-2")  # at FAR_FUTURE and FAR_FUTURE + 1
    customer = "/subscribe/customers/sch-window/schedules"
    refused(api.get(SCHEDULE), -1, "schedule_from 파라메터가 누락되었습니다.", 400)
    refused(
        api.get(SCHEDULE, params={"schedule_from": FAR_FUTURE}),
        -1,
        "schedule_to 파라메터가 누락되었습니다.",
        400,
    )
    refused(
        api.get(customer, params={"to": FAR_FUTURE}), -1, "from 파라메터가 누락되었습니다.", 400
    )
    exclusive = ok(
        api.get(SCHEDULE, params={"schedule_from": FAR_FUTURE, "schedule_to": FAR_FUTURE + 1})
    )
    assert [s["merchant_uid"] for s in exclusive["list"]] == ["w-1"]
    three_months = FAR_FUTURE + 89 * 86_400  # 2100-01-01 → 2100-03-31 (KST): inside the window
    assert ok(api.get(customer, params={"from": FAR_FUTURE, "to": three_months}))["total"] == 2
    too_wide = {"from": FAR_FUTURE, "to": FAR_FUTURE + 93 * 86_400}
    refused(api.get(customer, params=too_wide), -1, "to 파라메터의 값이 올바르지 않습니다.", 400)
    backwards = {"schedule_from": FAR_FUTURE, "schedule_to": FAR_FUTURE - 1}
    refused(
        api.get(SCHEDULE, params=backwards),
        -1,
        "schedule_to 파라메터의 값이 올바르지 않습니다.",
        400,
    )
    not_a_time = {"schedule_from": "tomorrow", "schedule_to": FAR_FUTURE}
    refused(
        api.get(SCHEDULE, params=not_a_time),
        -1,
        "schedule_from 파라메터의 값이 올바르지 않습니다.",
        400,
    )


NOT_A_LIST = "schedules 파라메터는 예약건(객체)의 배열이어야 합니다."


def test_schedules_must_be_an_array_of_objects(api: httpx.Client) -> None:
    """One object is not taken for a list of one: the message says what `schedules` must be."""
    issue_key(api, "sch-shape")
    item = {"merchant_uid": "shape-1", "schedule_at": FAR_FUTURE, "amount": 1000}
    for schedules in (item, {"0": item}, "shape-1", [item, "shape-2"], [[item]], 1):
        body = {"customer_uid": "sch-shape", "schedules": schedules}
        refused(api.post(SCHEDULE, json=body), -1, NOT_A_LIST)
    form = {"customer_uid": "sch-shape", "schedules[merchant_uid]": "shape-1"}
    refused(api.post(SCHEDULE, data=form), -1, NOT_A_LIST)
    for schedules in ([], "", None):
        body = {"customer_uid": "sch-shape", "schedules": schedules}
        refused(api.post(SCHEDULE, json=body), -1, "schedules 파라메터가 누락되었습니다.")
    refused(api.get(f"{SCHEDULE}/shape-1"), -1, "존재하지 않는 예약결제 정보입니다.", 404)


def test_a_schedule_is_charged_with_its_installments(api: httpx.Client) -> None:
    issue_key(api, "sch-quota")
    now = int(time.time())
    schedules = [
        {
            "merchant_uid": "quota-3",
            "schedule_at": now - 10,
            "amount": 60000,
            "name": "할부",
            "card_quota": 3,
        },
        {
            "merchant_uid": "quota-small",
            "schedule_at": now - 10,
            "amount": 9000,
            "name": "할부",
            "card_quota": 3,
        },
    ]
    ok(api.post(SCHEDULE, json={"customer_uid": "sch-quota", "schedules": schedules}))
    paid = ok(api.get(f"{SCHEDULE}/quota-3"))
    payment = ok(api.get(f"/payments/{paid['imp_uid']}"))
    assert (payment["status"], payment["card_quota"]) == ("paid", 3)
    small = ok(api.get(f"{SCHEDULE}/quota-small"))  # installments need 50,000 KRW (§10.3)
    assert small["payment_status"] == "failed" and "CC16" in small["fail_reason"]
