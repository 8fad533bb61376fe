"""The sandbox refuses what the real API refuses (and, where the reference is silent, what no
real integration could mean; docs/sandbox.md lists those as the sandbox's own choices), with a
V1 envelope: status, code and message as the app would see them live."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest

from kcp_pos.domain.money import AMOUNT_CEILING_KRW
from tests.sandbox.helpers import card_fields, issue_key, ok, pay_onetime, refused

ONETIME = "/subscribe/payments/onetime"
AGAIN = "/subscribe/payments/again"


def invalid(name: str) -> str:
    return f"{name} 파라메터의 값이 올바르지 않습니다."


@pytest.mark.parametrize("amount", [AMOUNT_CEILING_KRW + 1, 10**30, 0, -1000, True, "1e3"])
def test_an_amount_no_payment_could_have_is_refused(api: httpx.Client, amount: object) -> None:
    body = {"merchant_uid": "strict-amount", "amount": amount, **card_fields()}
    refused(api.post(ONETIME, json=body), -1, invalid("amount"))
    assert api.get("/payments/findAll/strict-amount").status_code == 404


def test_the_ceiling_itself_is_a_payment(api: httpx.Client) -> None:
    assert pay_onetime(api, "strict-ceiling", amount=AMOUNT_CEILING_KRW)["status"] == "paid"


@pytest.mark.parametrize("tax_free", [-1, 1001, "abc"])
def test_tax_free_outside_zero_to_the_amount_is_refused(
    api: httpx.Client, tax_free: object
) -> None:
    body = {"merchant_uid": "strict-tax", "amount": 1000, "tax_free": tax_free, **card_fields()}
    refused(api.post(ONETIME, json=body), -1, invalid("tax_free"))
    issue_key(api, "cust_strict_tax")
    again = {"customer_uid": "cust_strict_tax", "merchant_uid": "strict-tax-2", "amount": 1000}
    refused(api.post(AGAIN, json={**again, "tax_free": tax_free}), -1, invalid("tax_free"))
    assert ok(api.post(AGAIN, json={**again, "tax_free": 1000}))["status"] == "paid"


def test_a_cancel_refuses_impossible_amounts(api: httpx.Client) -> None:
    payment = pay_onetime(api, "strict-cancel", amount=5000)
    cancel = {"imp_uid": payment["imp_uid"], "checksum": 5000}
    refused(
        api.post("/payments/cancel", json={**cancel, "amount": AMOUNT_CEILING_KRW + 1}),
        -1,
        invalid("amount"),
    )
    refused(
        api.post("/payments/cancel", json={**cancel, "amount": 1000, "tax_free": 1001}),
        -1,
        invalid("tax_free"),
    )
    assert (
        ok(api.post("/payments/cancel", json={**cancel, "amount": 1000}))["cancel_amount"] == 1000
    )


UNREADABLE = "요청 본문을 해석할 수 없습니다."


@pytest.mark.parametrize("depth", [5, 50, 100_000])
def test_deeply_nested_json_gets_an_envelope(api: httpx.Client, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    content = '{"merchant_uid": "strict-deep", "amount": 1000, "custom_data": ' + nested + "}"
    response = api.post(ONETIME, content=content, headers={"Content-Type": "application/json"})
    refused(response, -1, UNREADABLE, 400)


def test_deeply_nested_form_keys_get_an_envelope(api: httpx.Client) -> None:
    key = "schedules" + "[0]" * 5_000 + "[amount]"
    response = api.post("/subscribe/payments/schedule", data={"customer_uid": "c", key: "1"})
    refused(response, -1, UNREADABLE, 400)
    huge_index = api.post(
        "/subscribe/payments/schedule", data={"schedules[99999999999][amount]": "1"}
    )
    refused(huge_index, -1, UNREADABLE, 400)


def test_a_body_above_a_mebibyte_is_refused_unread(api: httpx.Client) -> None:
    content = b'{"merchant_uid": "strict-huge", "name": "' + b"x" * 1_100_000 + b'"}'
    response = api.post(ONETIME, content=content, headers={"Content-Type": "application/json"})
    refused(response, -1, "요청 본문이 너무 큽니다.", 413)


@pytest.mark.parametrize("customer_uid", ["   ", "\t", "cust\x00nul", "cust\nline"])
def test_customer_uids_no_integration_could_mean_are_refused(
    api: httpx.Client, customer_uid: str
) -> None:
    body = {"merchant_uid": "strict-cuid", "amount": 1000, "customer_uid": customer_uid}
    refused(api.post(ONETIME, json={**body, **card_fields()}), -1, invalid("customer_uid"))
    again = {"customer_uid": customer_uid, "merchant_uid": "strict-cuid-2", "amount": 1000}
    response = api.post(AGAIN, json=again).json()
    assert response["code"] == -1 and response["message"].startswith("customer_uid 파라메터")
    issue = api.post(f"/subscribe/customers/{quote(customer_uid)}", json=card_fields())
    refused(issue, -1, invalid("customer_uid"))
    assert api.get("/payments/findAll/strict-cuid").status_code == 404


@pytest.mark.parametrize("merchant_uid", ["order\x00", "\x7forder", "  "])
def test_merchant_uids_with_control_characters_or_blank_are_refused(
    api: httpx.Client, merchant_uid: str
) -> None:
    body = {"merchant_uid": merchant_uid, "amount": 1000, **card_fields()}
    response = api.post(ONETIME, json=body).json()
    assert response["code"] == -1 and response["message"].startswith("merchant_uid 파라메터")
    schedule = {
        "customer_uid": "c",
        "schedules": [{"merchant_uid": merchant_uid, "schedule_at": 4102444800, "amount": 1}],
    }
    issue_key(api, "c")
    response = api.post("/subscribe/payments/schedule", json=schedule).json()
    assert response["code"] == -1 and response["message"].startswith("merchant_uid 파라메터")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": 1.5}, "page"),
        ({"page": 2}, "page"),  # past the data: one payment, 20 to a page
    ],
)
def test_paging_outside_the_data_is_400(api: httpx.Client, query: dict, name: str) -> None:
    pay_onetime(api, "strict-page")
    for path in ("/payments/findAll/strict-page", "/payments/status/all"):
        refused(api.get(path, params=query), -1, invalid(name), 400)


def test_paging_at_the_edges_is_accepted(api: httpx.Client) -> None:
    pay_onetime(api, "strict-edge")
    assert ok(api.get("/payments/findAll/strict-edge", params={"limit": 1000}))["total"] == 1
    assert ok(api.get("/payments/findAll/strict-edge", params={"limit": 1, "page": 1}))["next"] == 0
    empty = ok(api.get("/payments/status/cancelled", params={"page": 1}))
    assert empty == {"total": 0, "previous": 0, "next": 0, "list": []}


def test_a_status_window_wider_than_ninety_days_is_400(api: httpx.Client) -> None:
    window = {"from": 1_700_000_000, "to": 1_700_000_000 + 91 * 86_400}
    refused(api.get("/payments/status/paid", params=window), -1, invalid("to"), 400)
    backwards = {"from": 1_700_000_000, "to": 1_699_999_999}
    refused(api.get("/payments/status/paid", params=backwards), -1, invalid("to"), 400)
    refused(api.get("/payments/status/paid", params={"from": "soon"}), -1, invalid("from"), 400)


@pytest.mark.parametrize("field", ["merchant_uid", "buyer_name", "currency"])
def test_a_lone_surrogate_is_not_text(api: httpx.Client, field: str) -> None:
    """`\\ud800` is valid JSON syntax but no character: it could be neither stored nor echoed."""
    body = {"merchant_uid": "strict-surrogate", "amount": 1000, **card_fields()}
    content = json.dumps({**body, field: "a\ud800b"})
    for path in (ONETIME, "/payments/prepare"):
        response = api.post(path, content=content, headers={"Content-Type": "application/json"})
        refused(response, -1, UNREADABLE, 400)
