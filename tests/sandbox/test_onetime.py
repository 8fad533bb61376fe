"""Key-in payments: validation, the decline table, installments, duplicates (reference §3, §11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from kcp_pos.sandbox.server import SandboxConfig
from tests.sandbox.helpers import (
    CARD_CC03,
    CARD_CC07,
    CARD_CC10,
    CARD_CC35,
    CARD_CC43,
    CARD_OK,
    CARD_OK_SHINHAN,
    CARD_UNKNOWN_BIN,
    card_fields,
    ok,
    pay_onetime,
    refused,
)

ONETIME = "/subscribe/payments/onetime"
INVALID_CARD = "유효하지않은 카드번호를 입력하셨습니다."
DUPLICATE = (
    "이미 주문이 이루어진 건입니다. (동일한 merchant_uid로 결제 또는 취소된 기록이 있습니다)"
)


def test_form_body_with_string_amount_and_trailing_slash(api: httpx.Client) -> None:
    form = {"merchant_uid": "form-1", "amount": "1500", **card_fields()}
    payment = ok(api.post(ONETIME + "/", data=form))
    assert payment["status"] == "paid" and payment["amount"] == 1500


def test_json_amount_as_float_or_string(api: httpx.Client) -> None:
    assert pay_onetime(api, "amount-float", amount=2000.0)["amount"] == 2000  # type: ignore[arg-type]
    body = {"merchant_uid": "amount-str", "amount": "3000", **card_fields()}
    assert ok(api.post(ONETIME, json=body))["amount"] == 3000


@pytest.mark.parametrize(
    ("card_number", "masked"),
    [("3782-822463-10005", "378282000000005"), ("3056-930902-5904", "30569300005904")],
    ids=["amex-15", "diners-14"],
)
def test_amex_and_diners_groupings_are_accepted(
    api: httpx.Client, card_number: str, masked: str
) -> None:
    payment = pay_onetime(api, f"grouping-{len(masked)}", card_number=card_number)
    assert payment["status"] == "paid" and payment["card_number"] == masked


def test_undashed_number_and_yyyymm_expiry_are_tolerated(api: httpx.Client) -> None:
    payment = pay_onetime(api, "undashed", card_number="5570420000051234", expiry="203107")
    assert payment["status"] == "paid" and payment["card_number"] == "5570420000001234"


@pytest.mark.parametrize(
    "card_number",
    ["5570-4200-0005-1235", "5570-4200-0005", "5570 4200 0005 1234", "abcd-efgh-ijkl-mnop", ""],
)
def test_malformed_or_luhn_invalid_numbers_are_refused(api: httpx.Client, card_number: str) -> None:
    body = {"merchant_uid": "bad-card", "amount": 1000, **card_fields(card_number)}
    response = api.post(ONETIME, json=body)
    if card_number == "":
        refused(response, -1, "card_number 파라메터가 누락되었습니다.")
    else:
        refused(response, -1, INVALID_CARD)
    assert api.get("/payments/findAll/bad-card").status_code == 404  # nothing was stored


@pytest.mark.parametrize("missing", ["merchant_uid", "amount", "card_number", "expiry"])
def test_missing_required_fields_are_code_minus_one(api: httpx.Client, missing: str) -> None:
    body: dict[str, Any] = {"merchant_uid": "missing", "amount": 1000, **card_fields()}
    del body[missing]
    refused(api.post(ONETIME, json=body), -1, f"{missing} 파라메터가 누락되었습니다.")


@pytest.mark.parametrize(
    ("field", "value"),
    [("expiry", "2031-13"), ("expiry", "07/31"), ("birth", "8712"), ("pwd_2digit", "1")],
)
def test_malformed_card_fields_are_refused(api: httpx.Client, field: str, value: str) -> None:
    body = {"merchant_uid": "bad-field", "amount": 1000, **card_fields(**{field: value})}
    response = api.post(ONETIME, json=body)
    assert response.status_code == 200
    assert response.json()["code"] == -1 and field in response.json()["message"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"card_number": CARD_CC03}, "[CC03] 카드사 거절(기타사유)"),
        ({"card_number": CARD_CC10}, "[CC10] 통장 잔액부족"),
        ({"card_number": CARD_CC07}, "[CC07] 1회 한도초과"),
        ({"card_number": CARD_CC35}, "[CC35] KEY-IN불가가맹점"),
        ({"card_number": CARD_CC43}, "[CC43] 도난카드"),
        ({"pwd_2digit": "99"}, "[CC63] 비밀번호 오류"),
        ({"expiry": "2020-01"}, "[CC54] 카드유효기간만료 또는 불일치"),
        ({"birth": "000000"}, "[CC66] 주민번호 오류"),
    ],
)
def test_decline_table_gives_a_stored_failed_payment(
    api: httpx.Client, fields: dict[str, str], reason: str
) -> None:
    payment = pay_onetime(api, "declined", **fields)
    assert payment["status"] == "failed"
    assert payment["fail_reason"] == reason
    assert payment["failed_at"] > 0 and payment["paid_at"] == 0
    assert payment["apply_num"] == ""  # reference §11.1
    assert ok(api.get(f"/payments/{payment['imp_uid']}"))["status"] == "failed"


def test_installments_below_fifty_thousand_fail_with_cc16(api: httpx.Client) -> None:
    small = pay_onetime(api, "quota-small", amount=49_999, card_quota=3)
    assert small["status"] == "failed" and small["fail_reason"].startswith("[CC16]")
    large = pay_onetime(api, "quota-large", amount=50_000, card_quota=3)
    assert large["status"] == "paid" and large["card_quota"] == 3
    assert pay_onetime(api, "quota-one", amount=1000, card_quota=1)["status"] == "paid"


def test_duplicate_merchant_uid_after_paid_or_cancelled_is_refused(api: httpx.Client) -> None:
    paid = pay_onetime(api, "dup-paid")
    body = {"merchant_uid": "dup-paid", "amount": 1000, **card_fields()}
    refused(api.post(ONETIME, json=body), -1, DUPLICATE)
    ok(api.post("/payments/cancel", json={"imp_uid": paid["imp_uid"]}))
    refused(api.post(ONETIME, json=body), -1, DUPLICATE)


def test_merchant_uid_can_be_reused_after_a_failure(api: httpx.Client) -> None:
    failed = pay_onetime(api, "retry-after-fail", card_number=CARD_CC03)
    paid = pay_onetime(api, "retry-after-fail")
    assert failed["status"] == "failed" and paid["status"] == "paid"
    page = ok(api.get("/payments/findAll/retry-after-fail"))
    assert page["total"] == 2


def test_card_company_comes_from_the_bin_table(api: httpx.Client) -> None:
    shinhan = pay_onetime(api, "bin-shinhan", card_number=CARD_OK_SHINHAN)
    assert (shinhan["card_code"], shinhan["card_name"]) == ("366", "신한카드")
    unknown = pay_onetime(api, "bin-unknown", card_number=CARD_UNKNOWN_BIN)
    assert (unknown["card_code"], unknown["card_name"]) == ("361", "BC카드")


@pytest.mark.parametrize(
    ("pg", "provider", "pg_id"),
    [
        ("kcp", "kcp", "A7NC2"),
        ("kcp.T0000", "kcp", "T0000"),
        ("kcp_billing", "kcp_billing", "A7NC2"),
        ("kcp_billing.IP05N", "kcp_billing", "IP05N"),
        ("nonsense.XYZ", "kcp", "A7NC2"),  # unknown -> default PG, not an error (§3)
    ],
)
def test_pg_values(api: httpx.Client, pg: str, provider: str, pg_id: str) -> None:
    payment = pay_onetime(api, f"pg-{pg}", pg=pg)
    assert (payment["pg_provider"], payment["pg_id"]) == (provider, pg_id)


def test_customer_uid_stores_a_key_and_marks_the_payment_issue(api: httpx.Client) -> None:
    payment = pay_onetime(api, "with-key", customer_uid="cust-onetime", buyer_name="박구매")
    assert payment["customer_uid"] == "cust-onetime"
    assert payment["customer_uid_usage"] == "issue"
    customer = ok(api.get("/subscribe/customers/cust-onetime"))
    assert customer["card_number"] == "5570420000001234"
    assert customer["customer_name"] == "박구매"  # buyer_* copied into customer_* (§3)


def test_a_declined_onetime_does_not_store_a_key(api: httpx.Client) -> None:
    pay_onetime(api, "declined-key", customer_uid="cust-declined", card_number=CARD_CC03)
    assert api.get("/subscribe/customers/cust-declined").status_code == 404


def test_escrow_is_not_a_key_in_field(api: httpx.Client) -> None:
    """Escrow payments come from the payment window; the REST key-in call has no such field and
    the sandbox ignores it unless started with its sandbox-only `escrow_key_in` switch."""
    assert pay_onetime(api, "escrow-flag", escrow=True)["escrow"] is False
    assert CARD_OK


class TestCodeMinusOneDeclines:
    @pytest.fixture
    def sandbox_config(self, tmp_path: Path) -> SandboxConfig:
        return SandboxConfig(data_dir=tmp_path / "sandbox", onetime_decline_style="code-1")

    def test_decline_is_code_minus_one_but_recorded(self, api: httpx.Client) -> None:
        body = {"merchant_uid": "decl-1", "amount": 1000, **card_fields(CARD_CC10)}
        refused(api.post(ONETIME, json=body), -1, "결제승인에 실패하였습니다. [CC10] 통장 잔액부족")
        (recorded,) = ok(api.get("/payments/findAll/decl-1"))["list"]
        assert recorded["status"] == "failed"


class TestPwdRequired:
    @pytest.fixture
    def sandbox_config(self, tmp_path: Path) -> SandboxConfig:
        return SandboxConfig(data_dir=tmp_path / "sandbox", pwd_2digit_required=True)

    def test_missing_pwd_is_refused(self, api: httpx.Client) -> None:
        body = {"merchant_uid": "pwd-1", "amount": 1000, **card_fields()}
        refused(api.post(ONETIME, json=body), -1, "pwd_2digit 파라메터가 누락되었습니다.")
        assert pay_onetime(api, "pwd-2", pwd_2digit="12")["status"] == "paid"


@pytest.mark.parametrize("birth", ["871326", "870132", "870230", "870000", "250229", "87122"])
def test_a_birth_date_that_cannot_exist_is_refused(api: httpx.Client, birth: str) -> None:
    body = {"merchant_uid": "birth-bad", "amount": 1000, **card_fields(birth=birth)}
    refused(api.post(ONETIME, json=body), -1, "birth 파라메터의 값이 올바르지 않습니다.")
    key = api.post("/subscribe/customers/birth-bad", json=card_fields(birth=birth))
    refused(key, -1, "birth 파라메터의 값이 올바르지 않습니다.")


@pytest.mark.parametrize("birth", ["000229", "960229", "871231", "1234567890", "0000000000"])
def test_real_dates_and_business_numbers_are_accepted(api: httpx.Client, birth: str) -> None:
    assert pay_onetime(api, "birth-ok", birth=birth)["status"] == "paid"
