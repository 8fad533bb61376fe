"""Billing keys and billing-key payments (reference §4, §5)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kcp_pos.sandbox.server import SandboxConfig
from tests.sandbox.helpers import (
    CARD_CC03,
    CARD_CC07,
    CARD_CC10,
    CARD_OK_SHINHAN,
    card_fields,
    issue_key,
    ok,
    pay_onetime,
    refused,
)

AGAIN = "/subscribe/payments/again"
DUPLICATE = (
    "이미 주문이 이루어진 건입니다. (동일한 merchant_uid로 결제 또는 취소된 기록이 있습니다)"
)


def not_found(uid: str) -> str:
    return f"요청하신 customer_uid({uid})로 등록된 정보를 찾을 수 없습니다."


def test_issue_read_and_delete_a_key(api: httpx.Client) -> None:
    issued = issue_key(api, "key-1", customer_name="김고객", customer_tel="010-0000-0000")
    assert issued["customer_uid"] == "key-1" and issued["inserted"] > 0
    assert ok(api.get("/subscribe/customers/key-1/")) == issued
    assert ok(api.delete("/subscribe/customers/key-1")) == issued
    refused(api.get("/subscribe/customers/key-1"), 1, not_found("key-1"), 404)
    refused(api.delete("/subscribe/customers/key-1"), 1, not_found("key-1"), 404)


def test_issue_with_a_form_body(api: httpx.Client) -> None:
    issued = ok(api.post("/subscribe/customers/key-form", data=card_fields(pwd_2digit="00")))
    assert issued["card_number"] == "5570420000001234"


def test_reissue_replaces_the_key(api: httpx.Client) -> None:
    first = issue_key(api, "key-replace")
    second = issue_key(api, "key-replace", card_number=CARD_OK_SHINHAN)
    assert second["card_name"] == "신한카드" and second["card_number"] == "4518420000001111"
    assert second["inserted"] == first["inserted"]
    assert ok(api.get("/subscribe/customers/key-replace"))["card_code"] == "366"


def test_declining_card_fails_issuance(api: httpx.Client) -> None:
    response = api.post("/subscribe/customers/key-bad", json=card_fields(CARD_CC03))
    body = response.json()
    assert response.status_code == 200 and body["code"] == -1 and body["response"] is None
    assert body["message"].startswith("카드정보 인증 및 빌키 발급에 실패하였습니다.")
    assert "[CC03]" in body["message"]
    bad_number = api.post("/subscribe/customers/key-bad", json=card_fields("1111-2222-3333-4445"))
    refused(bad_number, -1, "유효하지않은 카드번호를 입력하셨습니다.")


def test_multiple_lookup_is_200_207_or_404(api: httpx.Client) -> None:
    issue_key(api, "multi-a")
    issue_key(api, "multi-b")
    both = api.get(
        "/subscribe/customers",
        params=[("customer_uid[]", "multi-a"), ("customer_uid[]", "multi-b")],
    )
    assert sorted(c["customer_uid"] for c in ok(both)) == ["multi-a", "multi-b"]
    some = api.get(
        "/subscribe/customers", params=[("customer_uid[]", "multi-a"), ("customer_uid[]", "nope")]
    )
    assert [c["customer_uid"] for c in ok(some, 207)] == ["multi-a"]
    none = api.get("/subscribe/customers", params=[("customer_uid[]", "nope")])
    assert none.status_code == 404 and none.json()["response"] is None


def test_again_charges_the_key_with_key_defaults(api: httpx.Client) -> None:
    issue_key(api, "again-1", customer_name="김고객", customer_email="a@example.com")
    payment = ok(
        api.post(AGAIN, json={"customer_uid": "again-1", "merchant_uid": "ag-1", "amount": 3000})
    )
    assert payment["status"] == "paid" and payment["amount"] == 3000
    assert payment["customer_uid"] == "again-1" and payment["customer_uid_usage"] == "payment"
    assert payment["channel"] == "api" and payment["pg_provider"] == "kcp"
    assert payment["buyer_name"] == "김고객" and payment["buyer_email"] == "a@example.com"
    assert payment["card_number"] == "5570420000001234"
    form = {"customer_uid": "again-1", "merchant_uid": "ag-2", "amount": "4000"}
    assert ok(api.post(AGAIN + "/", data=form))["amount"] == 4000


def test_again_reports_the_pg_of_the_key(api: httpx.Client) -> None:
    issue_key(api, "again-billing", pg="kcp_billing.T0001")
    body = {"customer_uid": "again-billing", "merchant_uid": "ag-pg", "amount": 1000}
    payment = ok(api.post(AGAIN, json=body))
    assert (payment["pg_provider"], payment["pg_id"]) == ("kcp_billing", "T0001")


def test_again_with_an_unknown_customer(api: httpx.Client) -> None:
    body = {"customer_uid": "ghost", "merchant_uid": "ag-ghost", "amount": 1000}
    refused(api.post(AGAIN, json=body), 1, "등록되지 않은 구매자입니다.")


@pytest.mark.parametrize(
    ("card_number", "reason"),
    [(CARD_CC10, "[CC10] 통장 잔액부족"), (CARD_CC07, "[CC07] 1회 한도초과")],
)
def test_again_declines_by_the_stored_cards_last_four(
    api: httpx.Client, card_number: str, reason: str
) -> None:
    # Issuing a key does not charge the card, so balance/limit cards get a key (§4.1) ...
    issue_key(api, "again-decline", card_number=card_number)
    body = {"customer_uid": "again-decline", "merchant_uid": "ag-decline", "amount": 1000}
    payment = ok(api.post(AGAIN, json=body))
    # ... and the charge fails: HTTP 200, code 0, a stored failed payment (§11.1).
    assert payment["status"] == "failed" and payment["fail_reason"] == reason
    assert payment["apply_num"] == "" and payment["paid_at"] == 0 and payment["failed_at"] > 0
    assert ok(api.get(f"/payments/{payment['imp_uid']}"))["status"] == "failed"


def test_again_installment_rule_and_duplicates(api: httpx.Client) -> None:
    issue_key(api, "again-rules")
    small = {"customer_uid": "again-rules", "merchant_uid": "ag-q", "amount": 10_000}
    failed = ok(api.post(AGAIN, json={**small, "card_quota": 2}))
    assert failed["status"] == "failed" and failed["fail_reason"].startswith("[CC16]")
    assert ok(api.post(AGAIN, json=small))["status"] == "paid"  # same merchant_uid after a failure
    refused(api.post(AGAIN, json=small), -1, DUPLICATE)


def test_again_missing_fields(api: httpx.Client) -> None:
    refused(
        api.post(AGAIN, json={"merchant_uid": "x", "amount": 1}),
        -1,
        "customer_uid 파라메터가 누락되었습니다.",
    )


def test_customer_payments_are_paged(api: httpx.Client) -> None:
    pay_onetime(api, "cp-0", customer_uid="paged")
    for index in range(1, 22):
        body = {"customer_uid": "paged", "merchant_uid": f"cp-{index}", "amount": 100}
        ok(api.post(AGAIN, json=body))
    first = ok(api.get("/subscribe/customers/paged/payments"))
    assert first["total"] == 22 and len(first["list"]) == 20
    assert first["previous"] == 0 and first["next"] == 2
    second = ok(api.get("/subscribe/customers/paged/payments", params={"page": 2}))
    assert [p["merchant_uid"] for p in second["list"]] == ["cp-1", "cp-0"]
    assert second["previous"] == 1 and second["next"] == 0
    refused(api.get("/subscribe/customers/nobody/payments"), 1, not_found("nobody"), 404)


class TestOldNotFoundStatus:
    @pytest.fixture
    def sandbox_config(self, tmp_path: Path) -> SandboxConfig:
        return SandboxConfig(data_dir=tmp_path / "sandbox", customer_not_found_status=200)

    def test_unknown_customer_is_http_200_code_1(self, api: httpx.Client) -> None:
        refused(api.get("/subscribe/customers/who"), 1, not_found("who"), 200)
