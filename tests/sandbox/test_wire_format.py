"""The sandbox's responses against the reference: field lists (OpenAPI) and live-sample shapes."""

from __future__ import annotations

import json
import re

import httpx

from tests.sandbox import reference_fields as ref
from tests.sandbox.helpers import (
    CARD_OK,
    DEMO_KEY,
    DEMO_SECRET,
    issue_key,
    ok,
    pay_onetime,
)

RECEIPT_URL = re.compile(
    r"^https://admin8\.kcp\.co\.kr/assist/bill\.BillActionNew\.do"
    r"\?cmd=card_bill&tno=(\d{14})&order_no=(imp_\d{12})&trade_mony=(\d+)$"
)


def live_style(text: str) -> str:
    """How the live API would have written the same JSON (reference §1.2)."""
    compact = json.dumps(json.loads(text), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return compact.replace("/", "\\/")


def test_get_token_matches_the_live_sample_shape(client: httpx.Client) -> None:
    response = client.post("/users/getToken", json={"imp_key": DEMO_KEY, "imp_secret": DEMO_SECRET})
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    body = response.json()
    assert list(body) == ["code", "message", "response"]
    assert body["code"] == 0 and body["message"] is None
    token = body["response"]
    assert sorted(token) == sorted(ref.AUTH_ANNOTATION_PROPERTIES)
    assert re.fullmatch(r"[0-9a-f]{40}", token["access_token"])
    assert token["expired_at"] - token["now"] == 1800  # 30 minutes (reference §2)
    assert response.text == live_style(response.text)


def test_payment_has_every_payment_annotation_field_and_kcp_shapes(api: httpx.Client) -> None:
    payment = pay_onetime(api, "wire-1", amount=100, buyer_name="홍길동")
    assert set(payment) == set(ref.PAYMENT_ANNOTATION_PROPERTIES)
    for name in ref.PAYMENT_ANNOTATION_REQUIRED:
        assert payment[name] is not None
    assert re.fullmatch(r"imp_\d{12}", payment["imp_uid"])
    assert payment["channel"] == "api"
    assert payment["pay_method"] == "card"
    assert payment["pg_provider"] == "kcp"
    assert payment["pg_id"] == "A7NC2"
    assert re.fullmatch(r"\d{14}", payment["pg_tid"])
    assert re.fullmatch(r"\d{8}", payment["apply_num"])
    assert payment["card_number"] == "5570420000001234"  # first 6 + zeros + last 4
    assert payment["card_code"] == "381" and payment["card_name"] == "KB국민카드"
    assert payment["card_type"] == 0 and payment["card_quota"] == 0
    assert payment["status"] == "paid" and payment["amount"] == 100
    assert payment["cancel_amount"] == 0 and payment["currency"] == "KRW"
    assert payment["paid_at"] > 0
    for unset in ("failed_at", "cancelled_at", "vbank_date", "vbank_issued_at"):
        assert payment[unset] == 0  # 0, never null (reference §1.5)
    assert payment["customer_uid"] is None and payment["customer_uid_usage"] is None
    assert payment["cancel_history"] == [] and payment["cancel_receipt_urls"] == []
    match = RECEIPT_URL.match(payment["receipt_url"])
    assert match is not None
    assert match.groups() == (payment["pg_tid"], payment["imp_uid"], "100")


def test_raw_json_is_sorted_and_escaped_like_the_live_kcp_sample(api: httpx.Client) -> None:
    payment = pay_onetime(api, "wire-2", amount=100)
    raw = api.get(f"/payments/{payment['imp_uid']}").text
    assert raw == live_style(raw)
    assert '"card_name":"KB\\uad6d\\ubbfc\\uce74\\ub4dc"' in raw  # the sample's exact bytes
    assert '"receipt_url":"https:\\/\\/admin8.kcp.co.kr\\/assist\\/bill.BillActionNew.do' in raw
    assert raw.isascii()


def test_cancel_history_items_have_the_payment_cancel_annotation_fields(api: httpx.Client) -> None:
    payment = pay_onetime(api, "wire-3", amount=100)
    cancelled = ok(api.post("/payments/cancel", json={"imp_uid": payment["imp_uid"], "amount": 50}))
    (entry,) = cancelled["cancel_history"]
    assert set(entry) == set(ref.PAYMENT_CANCEL_ANNOTATION_PROPERTIES)
    assert entry["pg_tid"] == payment["pg_tid"]  # KCP: the payment's tno (reference §7)
    assert entry["amount"] == 50 and entry["cancelled_at"] > 0
    assert entry["cancellation_id"]


def test_billing_key_has_every_customer_annotation_field(api: httpx.Client) -> None:
    customer = issue_key(api, "wire-customer", customer_name="김고객")
    assert set(customer) == set(ref.CUSTOMER_ANNOTATION_PROPERTIES)
    for name in ref.CUSTOMER_ANNOTATION_REQUIRED:
        assert customer[name] is not None
    assert customer["card_number"] == "5570420000001234"
    assert customer["pg_provider"] == "kcp" and customer["pg_id"] == "A7NC2"
    assert customer["customer_name"] == "김고객"


def test_paged_lists_have_the_paged_payment_annotation_fields(api: httpx.Client) -> None:
    pay_onetime(api, "wire-4")
    page = ok(api.get("/payments/findAll/wire-4"))
    assert set(page) == set(ref.PAGED_PAYMENT_ANNOTATION_PROPERTIES)
    assert page["total"] == 1 and page["previous"] == 0 and page["next"] == 0


def test_schedule_objects_have_their_annotation_fields(api: httpx.Client) -> None:
    issue_key(api, "wire-schedule")
    body = {
        "customer_uid": "wire-schedule",
        "schedules": [{"merchant_uid": "wire-s1", "schedule_at": 4102444800, "amount": 5000}],
    }
    (schedule,) = ok(api.post("/subscribe/payments/schedule", json=body))
    assert set(schedule) == set(ref.SCHEDULE_RESULT_ANNOTATION_PROPERTIES)
    assert schedule["payment_status"] is None and schedule["imp_uid"] is None
    assert schedule["executed_at"] == 0 and schedule["revoked_at"] == 0


def test_card_number_in_the_reference_sample_is_not_a_valid_test_card(api: httpx.Client) -> None:
    # The sample's number is itself a masked one; the sandbox must not accept it as a real card.
    body = {"merchant_uid": "wire-5", "amount": 100, "card_number": "5570-4200-0000-7221"}
    body["expiry"] = "2031-07"
    response = api.post("/subscribe/payments/onetime", json=body)
    assert response.json()["code"] == -1
    assert body["card_number"] != CARD_OK
