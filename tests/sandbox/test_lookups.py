"""Payment reads (reference §8.1): by imp_uid, lists, find, findAll, by status."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.helpers import CARD_CC03, ok, pay_onetime, refused

NOT_FOUND = "존재하지 않는 결제정보입니다."


def test_get_by_imp_uid_and_404(api: httpx.Client) -> None:
    payment = pay_onetime(api, "get-1")
    assert ok(api.get(f"/payments/{payment['imp_uid']}/")) == payment
    refused(api.get("/payments/imp_000000000000"), -1, NOT_FOUND, 404)


def test_multi_lookup_with_query_lists(api: httpx.Client) -> None:
    first = pay_onetime(api, "multi-1")
    second = pay_onetime(api, "multi-2")
    both = api.get(
        "/payments", params=[("imp_uid[]", first["imp_uid"]), ("merchant_uid[]", "multi-2")]
    )
    assert [p["imp_uid"] for p in ok(both)] == [first["imp_uid"], second["imp_uid"]]
    partial = api.get("/payments", params=[("imp_uid[]", first["imp_uid"]), ("imp_uid[]", "imp_1")])
    assert [p["imp_uid"] for p in ok(partial, 207)] == [first["imp_uid"]]
    refused(api.get("/payments", params=[("imp_uid[]", "imp_1")]), -1, NOT_FOUND, 404)


def test_find_returns_the_newest_and_filters_by_status(api: httpx.Client) -> None:
    failed = pay_onetime(api, "find-1", card_number=CARD_CC03)
    paid = pay_onetime(api, "find-1")
    assert ok(api.get("/payments/find/find-1"))["imp_uid"] == paid["imp_uid"]
    assert ok(api.get("/payments/find/find-1/failed"))["imp_uid"] == failed["imp_uid"]
    assert ok(api.get("/payments/find/find-1/paid/"))["imp_uid"] == paid["imp_uid"]
    refused(api.get("/payments/find/find-1/cancelled"), -1, NOT_FOUND, 404)
    refused(api.get("/payments/find/none"), -1, NOT_FOUND, 404)


def test_find_all_is_paged_and_404_when_empty(api: httpx.Client) -> None:
    pay_onetime(api, "all-1", card_number=CARD_CC03)
    pay_onetime(api, "all-1", card_number=CARD_CC03)
    pay_onetime(api, "all-1")
    page = ok(api.get("/payments/findAll/all-1"))
    assert page["total"] == 3 and page["list"][0]["status"] == "paid"
    small = ok(api.get("/payments/findAll/all-1", params={"limit": 2, "page": 2}))
    assert len(small["list"]) == 1 and small["previous"] == 1 and small["next"] == 0
    assert ok(api.get("/payments/findAll/all-1/failed"))["total"] == 2
    refused(api.get("/payments/findAll/none"), -1, NOT_FOUND, 404)
    refused(api.get("/payments/findAll/all-1/cancelled"), -1, NOT_FOUND, 404)


def test_status_listing_pages_and_windows(api: httpx.Client) -> None:
    for index in range(3):
        pay_onetime(api, f"st-{index}")
    pay_onetime(api, "st-failed", card_number=CARD_CC03)
    assert ok(api.get("/payments/status/paid"))["total"] == 3
    assert ok(api.get("/payments/status/failed"))["total"] == 1
    assert ok(api.get("/payments/status/all"))["total"] == 4
    assert ok(api.get("/payments/status/cancelled"))["total"] == 0
    page = ok(api.get("/payments/status/all", params={"limit": 3, "sorting": "started"}))
    assert page["next"] == 2 and page["list"][0]["merchant_uid"] == "st-0"
    assert ok(api.get("/payments/status/paid", params={"from": 0, "to": 1}))["total"] == 0


@pytest.mark.parametrize("status", ["refunded", "PAID", "partial_cancelled"])
def test_unsupported_status_is_400(api: httpx.Client, status: str) -> None:
    refused(api.get(f"/payments/status/{status}"), -1, "지원되지 않는 상태값입니다.", 400)


def test_unknown_route_is_a_json_404(api: httpx.Client) -> None:
    response = api.get("/no/such/endpoint")
    assert response.status_code == 404 and response.json()["response"] is None
