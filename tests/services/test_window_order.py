"""From a cart to `IMP.request_pay`'s parameters: an escrow cart with its products and window
options becomes the exact object the SDK is given; what a clerk got wrong comes back as the
terminal's field messages before any window opens."""

from __future__ import annotations

import pytest

from kcp_pos.domain.cart import Cart, CartLine
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.language import Language
from kcp_pos.iamport.window import WindowPayMethod
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.window_order import WindowBuyer, WindowOptions, window_params

CART = Cart(
    (
        CartLine("원두 1kg", 1, 30_000),
        CartLine("드립백", 2, 6_000),
        CartLine("커피 책", 1, 15_000, tax_free=True),
    )
)
UID = "kcp_20261203T151500_abcdefghij"
BUYER = WindowBuyer(
    name=" 홍길동 ",
    tel="01012345678",
    email="hong@example.com",
    addr="서울특별시 중구 세종대로 110",
    postcode="04524",
)


def test_an_escrow_cart_with_window_options_becomes_the_sdks_parameters() -> None:
    options = WindowOptions(
        escrow=True,
        offered_months=(2, 3),
        only_cards=("361", "381"),
        app_card_only=True,
        language=Language.EN,
    )
    params = window_params(CART, merchant_uid=UID, pg="kcp.T0000", buyer=BUYER, options=options)
    assert params.to_js() == {
        "pg": "kcp.T0000",
        "pay_method": "card",
        "merchant_uid": UID,
        "name": "원두 1kg 외 2건",
        "amount": 57_000,
        "tax_free": 15_000,
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "hong@example.com",
        "buyer_addr": "서울특별시 중구 세종대로 110",
        "buyer_postcode": "04524",
        "language": "en",
        "escrow": True,
        "kcpProducts": [
            {"orderNumber": f"{UID}_1", "name": "원두 1kg", "quantity": 1, "amount": 30_000},
            {"orderNumber": f"{UID}_2", "name": "드립백", "quantity": 2, "amount": 12_000},
            {"orderNumber": f"{UID}_3", "name": "커피 책", "quantity": 1, "amount": 15_000},
        ],
        "display": {"card_quota": [2, 3]},
        "card": {
            "detail": [
                {"card_code": "*", "enabled": False},
                {"card_code": "361", "enabled": True},
                {"card_code": "381", "enabled": True},
            ]
        },
        "appCard": True,
    }
    assert sum(item["amount"] for item in params.to_js()["kcpProducts"]) == params.amount


def test_a_plain_order_a_direct_card_and_a_gift_certificate() -> None:
    plain = window_params(
        CART,
        merchant_uid=UID,
        pg="kcp",
        buyer=WindowBuyer(),
        options=WindowOptions(direct_card="361", direct_months=3),
    ).to_js()
    assert "escrow" not in plain and "kcpProducts" not in plain
    assert not any(key.startswith("buyer_") for key in plain)  # nothing typed, nothing sent
    assert plain["card"] == {"direct": {"code": "361", "quota": 3}}
    gift = window_params(
        CART,
        merchant_uid=UID,
        pg="kcp.IP0001",
        buyer=WindowBuyer(),
        options=WindowOptions(pay_method=WindowPayMethod.HAPPYMONEY, shop_user_id="cust_0001"),
    ).to_js()
    assert gift["pay_method"] == "happymoney" and gift["bypass"] == {"shop_user_id": "cust_0001"}


@pytest.mark.parametrize(
    ("cart", "buyer", "options", "problems"),
    [
        (Cart(), WindowBuyer(), WindowOptions(), [InputError.CART_EMPTY]),
        (
            Cart((CartLine("엽서", 1, 3_000),)),
            WindowBuyer(),
            WindowOptions(offered_months=(3,)),
            [InputError.QUOTA_AMOUNT_TOO_SMALL],
        ),
        (CART, WindowBuyer(), WindowOptions(offered_months=(1, 13)), [InputError.QUOTA_INVALID]),
        (
            Cart((CartLine("증정품", 1, 0),)),
            WindowBuyer(),
            WindowOptions(),
            [InputError.AMOUNT_NOT_POSITIVE],
        ),
        (
            CART,
            WindowBuyer(addr="서울\u200b중구"),
            WindowOptions(pay_method=WindowPayMethod.VBANK),
            [InputError.TEXT_CONTROL_CHARACTERS, InputError.PAY_METHOD_NEEDS_ESCROW],
        ),
        (
            CART,
            WindowBuyer(),
            WindowOptions(pay_method=WindowPayMethod.CULTURELAND, shop_user_id="  "),
            [InputError.SHOP_USER_ID_REQUIRED],
        ),
        (
            CART,
            WindowBuyer(),
            WindowOptions(pay_method=WindowPayMethod.BOOKNLIFE, shop_user_id="가나다라마바사"),
            [InputError.SHOP_USER_ID_TOO_LONG],
        ),
        (
            CART,
            WindowBuyer(tel="12", email="no-at-sign", postcode="123"),
            WindowOptions(),
            [InputError.PHONE_FORMAT, InputError.EMAIL_FORMAT, InputError.POSTCODE_FORMAT],
        ),
    ],
)
def test_what_a_clerk_got_wrong_is_said_field_by_field_before_any_window_opens(
    cart: Cart, buyer: WindowBuyer, options: WindowOptions, problems: list[InputError]
) -> None:
    with pytest.raises(InvalidOrder) as refused:
        window_params(cart, merchant_uid=UID, pg="kcp", buyer=buyer, options=options)
    assert list(refused.value.problems) == problems
