"""The sandbox refuses what the real API refuses (and, where the reference is silent, what no
real integration could mean; docs/sandbox.md lists those as the sandbox's own choices), with a
V1 envelope: status, code and message as the app would see them live."""

from __future__ import annotations

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
