"""Ids and text the sandbox refuses rather than guesses at (docs/sandbox.md, "What the sandbox
refuses"): a uid that no path could name, bytes that are not UTF-8, control characters in a uid
wherever it arrives. Each answer is a V1 envelope, and no refusal echoes the bad id back."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.sandbox.helpers import card_fields, issue_key, ok, pay_onetime, refused
from tests.sandbox.test_schedules import FAR_FUTURE, SCHEDULE

ONETIME = "/subscribe/payments/onetime"
AGAIN = "/subscribe/payments/again"
UNREADABLE_BODY = "요청 본문을 해석할 수 없습니다."
UNREADABLE_URL = "요청 주소를 해석할 수 없습니다."
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def invalid(name: str) -> str:
    return f"{name} 파라메터의 값이 올바르지 않습니다."


def nothing_was_paid(api: httpx.Client) -> bool:
    return bool(ok(api.get("/payments/status/all"))["total"] == 0)


# ------------------------------------------------------------------ a `/` in a body uid


@pytest.mark.parametrize("merchant_uid", ["order/1", "/", "a/b/c"])
def test_a_slash_in_a_body_merchant_uid_is_refused(api: httpx.Client, merchant_uid: str) -> None:
    """`/payments/find/{merchant_uid}` could never name such an order, so it is never made."""
    body = {"merchant_uid": merchant_uid, "amount": 1000, **card_fields()}
    refused(api.post(ONETIME, json=body), -1, invalid("merchant_uid"))
    issue_key(api, "slash-key")
    again = {"customer_uid": "slash-key", "merchant_uid": merchant_uid, "amount": 1000}
    refused(api.post(AGAIN, json=again), -1, invalid("merchant_uid"))
    item = {"merchant_uid": merchant_uid, "schedule_at": FAR_FUTURE, "amount": 1000}
    schedule = {"customer_uid": "slash-key", "schedules": [item]}
    refused(api.post(SCHEDULE, json=schedule), -1, invalid("merchant_uid"))
    prepare = {"merchant_uid": merchant_uid, "amount": 1000}
    refused(api.post("/payments/prepare", json=prepare), -1, invalid("merchant_uid"))
    assert nothing_was_paid(api)


def test_a_slash_in_a_body_customer_uid_is_refused(api: httpx.Client) -> None:
    body = {"merchant_uid": "slash-cuid", "amount": 1000, "customer_uid": "cust/1"}
    refused(api.post(ONETIME, json={**body, **card_fields()}), -1, invalid("customer_uid"))
    again = {"customer_uid": "cust/1", "merchant_uid": "slash-cuid-2", "amount": 1000}
    refused(api.post(AGAIN, data=again), -1, invalid("customer_uid"))
    item = {"merchant_uid": "slash-cuid-3", "schedule_at": FAR_FUTURE, "amount": 1000}
    schedule = {"customer_uid": "cust/1", "schedules": [item], **card_fields()}
    refused(api.post(SCHEDULE, json=schedule), -1, invalid("customer_uid"))
    assert nothing_was_paid(api)


def test_other_characters_the_reference_allows_are_kept_and_reachable(api: httpx.Client) -> None:
    merchant_uid = "주문.1:ü@#?+ &=%"
    paid = pay_onetime(api, merchant_uid, customer_uid="고객 1+#")
    assert paid["merchant_uid"] == merchant_uid and paid["customer_uid"] == "고객 1+#"
    found = ok(api.get(f"/payments/find/{quote(merchant_uid, safe='')}"))
    assert found["imp_uid"] == paid["imp_uid"]
    key = ok(api.get(f"/subscribe/customers/{quote('고객 1+#', safe='')}"))
    assert key["customer_uid"] == "고객 1+#"


# ------------------------------------------------------------------ bytes that are not UTF-8


CARD_JSON = b'"card_number": "5570-4200-0005-1234", "expiry": "2031-07"}'
CARD_FORM = b"&card_number=5570-4200-0005-1234&expiry=2031-07"


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b'{"merchant_uid": "utf-\xff", "amount": 1000, ' + CARD_JSON, JSON),
        (b'{"merchant_uid": "utf-8", "amount": 1000, "name": "\xc3\x28", ' + CARD_JSON, JSON),
        (b"merchant_uid=utf-%FF&amount=1000" + CARD_FORM, FORM),
        (b"merchant_uid=utf-8&amount=1000&name=%ED%A0%80" + CARD_FORM, FORM),  # a surrogate
        (b"merchant_uid=utf-\xff&amount=1000" + CARD_FORM, FORM),
    ],
)
def test_a_body_that_is_not_utf8_is_refused_not_replaced(
    api: httpx.Client, content: bytes, headers: dict[str, str]
) -> None:
    refused(api.post(ONETIME, content=content, headers=headers), -1, UNREADABLE_BODY, 400)
    assert nothing_was_paid(api)


def test_a_path_or_query_that_is_not_utf8_is_refused(api: httpx.Client) -> None:
    refused(api.get("/payments/find/order-%FF"), -1, UNREADABLE_URL, 400)
    refused(api.get("/subscribe/customers/cust-%C3%28"), -1, UNREADABLE_URL, 400)
    refused(api.get("/payments/status/all?sorting=%FF"), -1, UNREADABLE_URL, 400)
    refused(api.get("/subscribe/customers?customer_uid[]=%FF"), -1, UNREADABLE_URL, 400)
    issue = api.post("/subscribe/customers/key-%FF", json=card_fields())
    refused(issue, -1, UNREADABLE_URL, 400)
    assert api.get("/subscribe/customers?customer_uid[]=key-%EF%BF%BD").status_code == 404


def test_utf8_escapes_still_work_in_body_path_and_query(api: httpx.Client) -> None:
    form = "merchant_uid=%EC%A3%BC%EB%AC%B8-1&amount=1000&" + "&".join(
        f"{k}={v}" for k, v in card_fields().items()
    )
    paid = ok(api.post(ONETIME, content=form.encode(), headers=FORM))
    assert paid["merchant_uid"] == "주문-1"
    assert ok(api.get("/payments/find/%EC%A3%BC%EB%AC%B8-1"))["imp_uid"] == paid["imp_uid"]
    listed = ok(api.get("/payments?merchant_uid[]=%EC%A3%BC%EB%AC%B8-1"))
    assert [payment["imp_uid"] for payment in listed] == [paid["imp_uid"]]


# ------------------------------------------------------------------ control characters


@pytest.mark.parametrize("control", ["\x85", "\x80", "\x9f", "\x00", "\x7f"])
def test_c0_and_c1_control_characters_in_body_uids_are_refused(
    api: httpx.Client, control: str
) -> None:
    body = {"merchant_uid": f"order{control}1", "amount": 1000, **card_fields()}
    refused(api.post(ONETIME, json=body), -1, invalid("merchant_uid"))
    keyed = {**body, "merchant_uid": "ctl-order", "customer_uid": f"cust{control}1"}
    refused(api.post(ONETIME, json=keyed), -1, invalid("customer_uid"))
    assert nothing_was_paid(api)


@pytest.mark.parametrize("bad", ["a%00b", "%C2%85", "%20%20", "x%0A"])
def test_lookup_paths_refuse_what_no_merchant_uid_could_be(api: httpx.Client, bad: str) -> None:
    """HTTP 400 like the lookups' other parameters; the message names the field, not the value."""
    for path in (
        f"/payments/find/{bad}",
        f"/payments/find/{bad}/paid",
        f"/payments/findAll/{bad}",
        f"{SCHEDULE}/{bad}",
        f"/payments/prepare/{bad}",
        f"/payments?merchant_uid[]={bad}",
    ):
        refused(api.get(path), -1, invalid("merchant_uid"), 400)
    moved = api.put(f"{SCHEDULE}/{bad}", json={"schedule_at": FAR_FUTURE})
    refused(moved, -1, invalid("merchant_uid"), 400)
    refused(api.post(f"{SCHEDULE}/{bad}/retry"), -1, invalid("merchant_uid"), 400)


@pytest.mark.parametrize("bad", ["a%00b", "%C2%85", "%20", "x%1B"])
def test_lookup_paths_refuse_what_no_customer_uid_could_be(api: httpx.Client, bad: str) -> None:
    window = {"from": FAR_FUTURE, "to": FAR_FUTURE + 86_400}
    for path, params in (
        (f"/subscribe/customers/{bad}", None),
        (f"/subscribe/customers/{bad}/payments", None),
        (f"/subscribe/customers/{bad}/schedules", window),
        (f"{SCHEDULE}/customers/{bad}", window),
    ):
        refused(api.get(path, params=params), -1, invalid("customer_uid"), 400)
    refused(
        api.get(f"/subscribe/customers?customer_uid[]={bad}"), -1, invalid("customer_uid[]"), 400
    )
    # A change refuses it as a body uid is refused: HTTP 200, code -1 (as issuing a key does).
    refused(api.delete(f"/subscribe/customers/{bad}"), -1, invalid("customer_uid"))
    refused(
        api.post(f"/subscribe/customers/{bad}", json=card_fields()), -1, invalid("customer_uid")
    )
