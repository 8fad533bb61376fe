"""The payment window's wire models against the reference's field lists (§12): an escrow cart
becomes the exact object the SDK is given, what KCP or the SDK would refuse is refused before a
window opens, and `rsp` is read tolerantly, as a report and never as proof."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from kcp_pos.iamport.window import (
    KcpProduct,
    RequestPayParams,
    RequestPayResponse,
    WindowPayMethod,
)
from tests.iamport.sdk_reference_fields import (
    KCP_PAY_METHODS_USED,
    KCP_PRODUCT_PROPERTIES,
    REQUEST_PAY_PARAMS_USED,
    RESPONSE_FIELDS,
)

CART = [
    {"orderNumber": "kcp_cart_1", "name": "원두 1kg", "quantity": 1, "amount": 30_000},
    {"orderNumber": "kcp_cart_2", "name": "드립백", "quantity": 2, "amount": 12_000},
    {"orderNumber": "kcp_cart_3", "name": "머그컵", "quantity": 1, "amount": 15_000},
]


def _escrow_cart(**changes: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "pg": "kcp.T0000",
        "pay_method": "card",
        "merchant_uid": "kcp_cart",
        "name": "원두 1kg 외 2건",
        "amount": 57_000,
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_addr": "서울특별시 중구 세종대로 110",
        "buyer_postcode": "04524",
        "language": "ko",
        "escrow": True,
        "kcpProducts": CART,
    }
    return {**params, **changes}


def test_the_models_carry_the_references_fields() -> None:
    assert tuple(RequestPayParams.model_fields) == REQUEST_PAY_PARAMS_USED
    assert tuple(KcpProduct.model_fields) == KCP_PRODUCT_PROPERTIES
    assert tuple(method.value for method in WindowPayMethod) == KCP_PAY_METHODS_USED
    assert tuple(RequestPayResponse.model_fields) == RESPONSE_FIELDS


def test_an_escrow_cart_becomes_the_object_the_sdk_is_given() -> None:
    params = RequestPayParams.model_validate(
        _escrow_cart(
            display={"card_quota": [2, 3]}, card={"detail": [{"card_code": "*", "enabled": True}]}
        )
    )
    assert params.to_js() == {
        **_escrow_cart(),
        "display": {"card_quota": [2, 3]},
        "card": {"detail": [{"card_code": "*", "enabled": True}]},
    }


def test_window_options_and_a_gift_certificate_are_accepted() -> None:
    direct = RequestPayParams.model_validate(
        _escrow_cart(
            escrow=None,
            kcpProducts=None,
            card={"direct": {"code": "361", "quota": 3}},
            appCard=True,
        )
    )
    assert direct.to_js()["card"] == {"direct": {"code": "361", "quota": 3}}
    assert "escrow" not in direct.to_js() and direct.to_js()["appCard"] is True
    lump_sum = RequestPayParams.model_validate(
        _escrow_cart(amount=9_000, escrow=None, kcpProducts=None, display={"card_quota": []})
    )
    assert lump_sum.to_js()["display"] == {"card_quota": []}
    gift = RequestPayParams.model_validate(
        _escrow_cart(
            pg="kcp.IP0001",
            pay_method="cultureland",
            escrow=None,
            kcpProducts=None,
            bypass={"shop_user_id": "고객0001"},
        )
    )
    assert gift.to_js()["bypass"] == {"shop_user_id": "고객0001"}
    billing = RequestPayParams.model_validate(
        {
            "pg": "kcp_billing",
            "pay_method": "card",
            "merchant_uid": "kcp_key",
            "name": "카드 등록",
            "amount": 0,
            "customer_uid": "cust_0001",
        }
    )
    assert billing.to_js()["amount"] == 0


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"kcpProducts": None}, "an escrow order needs its kcpProducts"),
        ({"escrow": False}, "kcpProducts belong to an escrow order"),
        ({"kcpProducts": [{k: v for k, v in CART[0].items() if k != "quantity"}]}, "quantity"),
        ({"kcpProducts": [{**CART[0], "name": "  "}]}, "name"),
        ({"kcpProducts": [{**CART[0], "quantity": 0}]}, "quantity"),
        ({"kcpProducts": [{**CART[0], "quantity": 1.5}]}, "quantity"),
        ({"kcpProducts": [{**CART[0], "amount": -1}]}, "amount"),
        (
            {"kcpProducts": [CART[0], {**CART[1], "orderNumber": "kcp_cart_1"}]},
            "its own orderNumber",
        ),
        ({"amount": 57_000.5}, "amount"),
        ({"amount": "57000"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": 0}, "amount of 0"),
        ({"tax_free": 60_000}, "tax_free cannot exceed amount"),
        ({"name": "가" * 41}, "name"),
        ({"merchant_uid": ""}, "merchant_uid"),
        ({"pg": "nice.T0000"}, "pg"),
        ({"pay_method": "phone"}, "pay_method"),
        (
            {
                "amount": 49_000,
                "kcpProducts": [{**CART[0], "amount": 49_000}],
                "display": {"card_quota": [3]},
            },
            "50,000",
        ),
        ({"amount": 1_000}, "add up to the order's amount"),
        ({"kcpProducts": [{**CART[0], "amount": 999_999}, *CART[1:]]}, "add up"),
        ({"name": "원두\x1f외"}, "control characters"),
        ({"kcpProducts": [{**CART[0], "name": "원두\x1egood_amtx=1"}, *CART[1:]]}, "control"),
        ({"kcpProducts": [{**CART[0], "name": "가" * 41}, *CART[1:]]}, "name"),
        ({"buyer_addr": "서울\u200b중구"}, "control characters"),
        ({"customer_uid": "cust_0001"}, "go together"),
        ({"pg": "kcp_billing"}, "go together"),
        ({"display": {"card_quota": [13]}}, "from 2 to 12"),
        ({"card": {"direct": {"code": "361", "quota": 1}}}, "from 2 to 12"),
        ({"escrow": None, "kcpProducts": None, "pay_method": "vbank"}, "escrow orders"),
        ({"escrow": None, "kcpProducts": None, "pay_method": "happymoney"}, "shop_user_id"),
        ({"bypass": {"shop_user_id": "가나다라마바사"}}, "20 bytes"),
        ({"language": "zh"}, "language"),
        ({"unknown_option": 1}, "unknown_option"),
    ],
)
def test_what_kcp_or_the_sdk_would_refuse_is_refused_before_the_window_opens(
    changes: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        RequestPayParams.model_validate(_escrow_cart(**changes))
    assert reason in str(refused.value)


def test_refusals_never_quote_the_values() -> None:
    card = "4111111111111111"
    for changes in ({"buyer_name": int(card)}, {"name": card * 3}, {"buyer_tel": card + "\x00"}):
        with pytest.raises(ValidationError) as refused:
            RequestPayParams.model_validate(_escrow_cart(**changes))
        assert card not in str(refused.value)


def test_rsp_is_read_tolerantly_and_only_as_a_report() -> None:
    newest = RequestPayResponse.model_validate(
        {
            "imp_uid": "imp_123412341234",
            "merchant_uid": "kcp_cart",
            "status": "paid",
            "paid_amount": 57_000,
            "pg_provider": "kcp",
            "pg_type": "payment",
            "something_new": 1,
        }
    )
    assert not newest.reports_failure  # no success flag at all: the newest SDK's form
    cancelled = RequestPayResponse.model_validate(
        {
            "success": False,
            "error_code": "F400",
            "error_msg": "[결제포기] 사용자가 결제를 취소하셨습니다",
            "imp_uid": None,
            "merchant_uid": "kcp_cart",
        }
    )
    assert cancelled.reports_failure
    assert RequestPayResponse.model_validate({"imp_success": False}).reports_failure
