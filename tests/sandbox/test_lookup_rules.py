"""Lookup parameters held to the reference (§4.4, §6.3, §8.1): only the documented `sorting`
values, at most 100 ids in a multi-lookup with each id answered once, the `/payments/status`
window's defaults, and a multi-lookup without ids named as a missing parameter."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.sandbox.helpers import issue_key, ok, pay_onetime, refused
from tests.sandbox.test_schedules import FAR_FUTURE, SCHEDULE, book

DAY = 86_400
TOO_MANY_PAYMENTS = "imp_uid[], merchant_uid[] 파라메터는 한 번에 최대 100개까지 보낼 수 있습니다."
TOO_MANY_KEYS = "customer_uid[] 파라메터는 한 번에 최대 100개까지 보낼 수 있습니다."


def invalid(name: str) -> str:
    return f"{name} 파라메터의 값이 올바르지 않습니다."


# ------------------------------------------------------------------ sorting


@pytest.mark.parametrize("sorting", ["bogus", "-bogus", "started ", "STARTED", "-", "scheduled"])
def test_an_undocumented_sorting_is_400_not_another_order(api: httpx.Client, sorting: str) -> None:
    pay_onetime(api, "sort-1")
    for path in ("/payments/find/sort-1", "/payments/findAll/sort-1", "/payments/status/all"):
        refused(api.get(path, params={"sorting": sorting}), -1, invalid("sorting"), 400)


@pytest.mark.parametrize("sorting", ["-started", "started", "-paid", "paid", "-updated", "updated"])
def test_the_six_documented_sortings_are_accepted(api: httpx.Client, sorting: str) -> None:
    first = pay_onetime(api, "sort-ok")["imp_uid"]
    assert ok(api.get("/payments/find/sort-ok", params={"sorting": sorting}))["imp_uid"] == first
    assert ok(api.get("/payments/findAll/sort-ok", params={"sorting": sorting}))["total"] == 1
    assert ok(api.get("/payments/status/paid", params={"sorting": sorting}))["total"] == 1


def test_schedule_lists_take_only_sorting_scheduled(api: httpx.Client) -> None:
    issue_key(api, "sort-sch")
    book(api, "sort-sch", "ss-1", "ss-2")
    window = {"schedule_from": FAR_FUTURE, "schedule_to": FAR_FUTURE + DAY}
    oldest = ok(api.get(SCHEDULE, params={**window, "sorting": "scheduled"}))
    assert [s["merchant_uid"] for s in oldest["list"]] == ["ss-1", "ss-2"]
    newest = ok(api.get(SCHEDULE, params=window))
    assert [s["merchant_uid"] for s in newest["list"]] == ["ss-2", "ss-1"]
    for sorting in ("-scheduled", "-started", "oldest"):
        response = api.get(SCHEDULE, params={**window, "sorting": sorting})
        refused(response, -1, invalid("sorting"), 400)
    customer = {"from": FAR_FUTURE, "to": FAR_FUTURE + DAY, "sorting": "-scheduled"}
    refused(api.get("/subscribe/customers/sort-sch/schedules", params=customer), -1,
            invalid("sorting"), 400)  # fmt: skip


# ------------------------------------------------------------------ multi-lookups


def test_payments_multi_lookup_takes_at_most_100_ids_in_all(api: httpx.Client) -> None:
    paid = pay_onetime(api, "multi-pay")["imp_uid"]
    hundred = [("imp_uid[]", paid)] + [("merchant_uid[]", f"m-{n}") for n in range(99)]
    assert [p["imp_uid"] for p in ok(api.get("/payments", params=hundred), 207)] == [paid]
    over = [*hundred, ("imp_uid[]", "imp_000000000000")]
    refused(api.get("/payments", params=over), -1, TOO_MANY_PAYMENTS, 400)
    repeats = [("imp_uid[]", paid)] * 101  # repeats count: the limit is on what is sent
    refused(api.get("/payments", params=repeats), -1, TOO_MANY_PAYMENTS, 400)


def test_payments_multi_lookup_answers_each_id_and_payment_once(api: httpx.Client) -> None:
    first = pay_onetime(api, "multi-once")["imp_uid"]
    other = pay_onetime(api, "multi-twice")["imp_uid"]
    params = [
        ("imp_uid[]", first),
        ("imp_uid[]", first),
        ("merchant_uid[]", "multi-once"),  # the same payment by its order id
        ("merchant_uid[]", "multi-twice"),
        ("merchant_uid[]", "multi-twice"),
    ]
    assert [p["imp_uid"] for p in ok(api.get("/payments", params=params))] == [first, other]
    with_unknown = [*params, ("imp_uid[]", "imp_999999999999")]
    assert [p["imp_uid"] for p in ok(api.get("/payments", params=with_unknown), 207)] == [
        first,
        other,
    ]


def test_billing_key_multi_lookup_takes_at_most_100_and_answers_each_once(
    api: httpx.Client,
) -> None:
    issue_key(api, "mk-a")
    issue_key(api, "mk-b")
    hundred = [("customer_uid[]", "mk-a")] * 50 + [("customer_uid[]", "mk-b")] * 50
    assert [k["customer_uid"] for k in ok(api.get("/subscribe/customers", params=hundred))] == [
        "mk-a",
        "mk-b",
    ]
    over = [*hundred, ("customer_uid[]", "mk-a")]
    refused(api.get("/subscribe/customers", params=over), -1, TOO_MANY_KEYS, 400)
    some = [("customer_uid[]", "mk-a"), ("customer_uid[]", "nope"), ("customer_uid[]", "nope")]
    assert [k["customer_uid"] for k in ok(api.get("/subscribe/customers", params=some), 207)] == [
        "mk-a"
    ]
    none = [("customer_uid[]", "nope"), ("customer_uid[]", "nope")]
    not_found = "요청하신 customer_uid(nope)로 등록된 정보를 찾을 수 없습니다."
    refused(api.get("/subscribe/customers", params=none), 1, not_found, 404)


@pytest.mark.parametrize("query", ["", "?customer_uid[]=", "?customer_uid[]=&other=1"])
def test_billing_key_multi_lookup_without_ids_is_a_missing_parameter(
    api: httpx.Client, query: str
) -> None:
    missing = "customer_uid[] 파라메터가 누락되었습니다."
    refused(api.get("/subscribe/customers" + query), -1, missing, 400)
    refused(api.get("/subscribe/customers/" + query), -1, missing, 400)


# ------------------------------------------------------------------ /payments/status window


def test_status_from_alone_reaches_until_now(api: httpx.Client) -> None:
    """`to` defaults to now (swagger), so `from` alone is the window from then until now."""
    paid = pay_onetime(api, "window-now")["imp_uid"]
    ten_days_ago = int(time.time()) - 10 * DAY
    listed = ok(api.get("/payments/status/paid", params={"from": ten_days_ago}))["list"]
    assert [payment["imp_uid"] for payment in listed] == [paid]


@pytest.mark.parametrize("days_ago", [91, 400, -1])
def test_status_from_alone_outside_ninety_days_of_now_names_from(
    api: httpx.Client, days_ago: int
) -> None:
    """Not silently cut to 90 days: the bound the client gave is named."""
    start = int(time.time()) - days_ago * DAY
    refused(api.get("/payments/status/all", params={"from": start}), -1, invalid("from"), 400)


def test_status_to_alone_reaches_back_ninety_days(api: httpx.Client) -> None:
    paid = pay_onetime(api, "window-to")["imp_uid"]
    tomorrow = int(time.time()) + DAY
    listed = ok(api.get("/payments/status/paid", params={"to": tomorrow}))["list"]
    assert [payment["imp_uid"] for payment in listed] == [paid]
    long_ago = ok(api.get("/payments/status/paid", params={"to": 1_000_000_000}))
    assert long_ago["total"] == 0
    both = {"from": tomorrow - 91 * DAY, "to": tomorrow}
    refused(api.get("/payments/status/paid", params=both), -1, invalid("to"), 400)
