"""Amounts registered before a payment window opens (reference §8.1)."""

from __future__ import annotations

import httpx

from tests.sandbox.helpers import ok, pay_onetime, refused

PREPARE = "/payments/prepare"
NOT_FOUND = "사전등록된 결제정보가 존재하지 않습니다."


def test_register_read_and_change_a_prepared_amount(api: httpx.Client) -> None:
    registered = ok(api.post(PREPARE, json={"merchant_uid": "prep-1", "amount": 30_000}))
    assert registered == {"merchant_uid": "prep-1", "amount": 30_000, "currency": None}
    assert ok(api.get(f"{PREPARE}/prep-1")) == registered
    changed = ok(api.put(PREPARE + "/", data={"merchant_uid": "prep-1", "amount": "35000"}))
    assert changed["amount"] == 35_000
    assert ok(api.get(f"{PREPARE}/prep-1/"))["amount"] == 35_000
    with_currency = ok(
        api.post(PREPARE, json={"merchant_uid": "prep-2", "amount": 1000, "currency": "KRW"})
    )
    assert with_currency["currency"] == "KRW"


def test_unknown_orders_are_404_with_the_live_message(api: httpx.Client) -> None:
    refused(api.get(f"{PREPARE}/never-prepared"), -1, NOT_FOUND, 404)
    refused(
        api.put(PREPARE, json={"merchant_uid": "never-prepared", "amount": 1000}),
        -1,
        NOT_FOUND,
        404,
    )


def test_a_second_registration_a_paid_order_and_bad_amounts_are_refused(
    api: httpx.Client,
) -> None:
    ok(api.post(PREPARE, json={"merchant_uid": "prep-twice", "amount": 1000}))
    refused(
        api.post(PREPARE, json={"merchant_uid": "prep-twice", "amount": 2000}),
        1,
        "이미 사전등록된 merchant_uid입니다.",
    )
    assert ok(api.get(f"{PREPARE}/prep-twice"))["amount"] == 1000
    pay_onetime(api, "prep-paid")
    paid = api.post(PREPARE, json={"merchant_uid": "prep-paid", "amount": 1000}).json()
    assert paid["code"] == -1 and paid["message"].startswith("이미 주문이 이루어진 건입니다.")
    for amount in (0, -1, "ten", 10**30):
        body = {"merchant_uid": "prep-bad", "amount": amount}
        refused(api.post(PREPARE, json=body), -1, "amount 파라메터의 값이 올바르지 않습니다.")
    refused(api.post(PREPARE, json={"amount": 1000}), -1, "merchant_uid 파라메터가 누락되었습니다.")
    refused(api.get(f"{PREPARE}/prep-bad"), -1, NOT_FOUND, 404)


DUPLICATE = (
    "이미 주문이 이루어진 건입니다. (동일한 merchant_uid로 결제 또는 취소된 기록이 있습니다)"
)


def test_changing_the_amount_of_a_paid_order_is_refused_like_preparing_it(
    api: httpx.Client,
) -> None:
    ok(api.post(PREPARE, json={"merchant_uid": "prep-then-paid", "amount": 1000}))
    pay_onetime(api, "prep-then-paid", amount=1000)
    change = {"merchant_uid": "prep-then-paid", "amount": 2000}
    refused(api.put(PREPARE, json=change), -1, DUPLICATE)
    refused(api.put(PREPARE, data=change), -1, DUPLICATE)
    assert ok(api.get(f"{PREPARE}/prep-then-paid"))["amount"] == 1000
