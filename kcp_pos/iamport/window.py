"""The payment window's wire models: what `IMP.request_pay(param, callback)` is given, and the
`rsp` its callback gets (reference §12, the NHN KCP parameters).

`RequestPayParams` is exact on output: it refuses what the SDK or KCP would refuse (an escrow
order without its product list, a product missing one of its four properties, a non-integer
amount, installment months offered below 50,000 won, a `shop_user_id` over 20 bytes), products
whose amounts do not add up to the order's (PortOne does not compare them), the billing-key
window's `pg` without a `customer_uid` or the other way round, and control characters in text
(KCP's product list uses some as separators), so that the window never opens on an order that
cannot be paid as shown. `to_js()` is the object handed to the SDK.

`RequestPayResponse` is tolerant on input and proves nothing: it is what a page in the window
said, so a payment is settled only by looking it up (`GET /payments/{imp_uid}`), never from it.
The newest SDK no longer sends `success`/`imp_success`; both are read when present.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    model_validator,
)

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import offered_months_error
from kcp_pos.domain.money import AMOUNT_CEILING_KRW

NAME_MAX = 40
MERCHANT_UID_MAX = 40
SHOP_USER_ID_MAX_BYTES = 20
ALL_CARDS = "*"
"""`card.detail`'s code for every card company."""


class WindowPayMethod(StrEnum):
    """The pay methods the window offers for KCP in this app."""

    CARD = "card"
    TRANS = "trans"  # 계좌이체 (escrow orders)
    VBANK = "vbank"  # 가상계좌 (escrow orders)
    CULTURELAND = "cultureland"
    SMARTCULTURE = "smartculture"
    BOOKNLIFE = "booknlife"
    HAPPYMONEY = "happymoney"


GIFT_CERTIFICATES = frozenset(
    {
        WindowPayMethod.CULTURELAND,
        WindowPayMethod.SMARTCULTURE,
        WindowPayMethod.BOOKNLIFE,
        WindowPayMethod.HAPPYMONEY,
    }
)


def _plain(text: str) -> str:
    """No control or format characters: KCP's product list uses some as separators."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise ValueError("control characters are not allowed")
    return text


PlainText = Annotated[str, AfterValidator(_plain)]


class _Param(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


_Amount = Field(ge=0, le=AMOUNT_CEILING_KRW)


class KcpProduct(_Param):
    """One line of a KCP escrow cart: all four properties, always."""

    orderNumber: PlainText = Field(min_length=1, max_length=MERCHANT_UID_MAX)  # the SDK's name
    name: PlainText = Field(min_length=1, max_length=NAME_MAX, pattern=r"\S")
    quantity: StrictInt = Field(ge=1)
    amount: StrictInt = _Amount


class CardDirect(_Param):
    """Open one card company's window directly; `quota` 0 is a lump sum."""

    code: str = Field(min_length=1)
    quota: StrictInt = Field(ge=0)


class CardDetail(_Param):
    card_code: str = Field(min_length=1)
    enabled: StrictBool


class CardOptions(_Param):
    direct: CardDirect | None = None
    detail: list[CardDetail] | None = None


class DisplayOptions(_Param):
    card_quota: list[StrictInt]
    """The installment months the window offers; `[]` is a lump sum only."""


class Bypass(_Param):
    shop_user_id: str | None = Field(default=None, min_length=1)


class RequestPayParams(_Param):
    """`param` of `IMP.request_pay` for KCP (reference §12)."""

    pg: str = Field(pattern=r"^kcp(_billing)?(\.[A-Za-z0-9_]+)?$")
    pay_method: WindowPayMethod
    merchant_uid: str = Field(min_length=1, max_length=MERCHANT_UID_MAX)
    name: PlainText = Field(min_length=1, max_length=NAME_MAX, pattern=r"\S")
    amount: StrictInt = _Amount
    tax_free: StrictInt | None = Field(default=None, ge=0, le=AMOUNT_CEILING_KRW)
    buyer_name: PlainText | None = None
    buyer_tel: PlainText | None = None
    buyer_email: PlainText | None = None
    buyer_addr: PlainText | None = None
    buyer_postcode: PlainText | None = None
    language: Literal["ko", "en"] | None = None
    escrow: StrictBool | None = None
    kcpProducts: list[KcpProduct] | None = None  # the SDK's name
    display: DisplayOptions | None = None
    card: CardOptions | None = None
    appCard: StrictBool | None = None  # the SDK's name
    bypass: Bypass | None = None
    customer_uid: str | None = Field(default=None, min_length=1, max_length=80)

    @model_validator(mode="after")
    def _kcp_rules(self) -> RequestPayParams:
        _check_amounts(self)
        _check_escrow(self)
        _check_installments(self)
        _check_pay_method(self)
        return self

    def to_js(self) -> dict[str, Any]:
        """The object handed to `IMP.request_pay` (unset options left out)."""
        return self.model_dump(mode="json", exclude_none=True)


def _check_amounts(params: RequestPayParams) -> None:
    if params.tax_free is not None and params.tax_free > params.amount:
        raise ValueError("tax_free cannot exceed amount")
    billing_window = params.pg.startswith("kcp_billing")
    if billing_window != (params.customer_uid is not None):
        raise ValueError("the billing-key window (pg kcp_billing) and customer_uid go together")
    if not billing_window and params.amount == 0:
        raise ValueError("only the billing-key window may show an amount of 0")


def _check_escrow(params: RequestPayParams) -> None:
    products = params.kcpProducts
    if params.escrow and not products:
        raise ValueError("an escrow order needs its kcpProducts")
    if products and not params.escrow:
        raise ValueError("kcpProducts belong to an escrow order")
    if products:
        numbers = [product.orderNumber for product in products]
        if len(set(numbers)) != len(numbers):
            raise ValueError("each product needs its own orderNumber")
        # PortOne does not compare them (reference §9): this is the only place that can.
        if sum(product.amount for product in products) != params.amount:
            raise ValueError("the products' amounts must add up to the order's amount")


_REFUSED = {
    InputError.QUOTA_INVALID: "installment months are from 2 to 12",
    InputError.QUOTA_AMOUNT_TOO_SMALL: "installments need an amount of at least 50,000 won",
    InputError.PAY_METHOD_NEEDS_ESCROW: (
        "account transfer and virtual accounts are offered for escrow orders"
    ),
    InputError.SHOP_USER_ID_REQUIRED: "a gift certificate needs bypass.shop_user_id",
    InputError.SHOP_USER_ID_TOO_LONG: f"shop_user_id is at most {SHOP_USER_ID_MAX_BYTES} bytes",
}


def _check_installments(params: RequestPayParams) -> None:
    months = [*(params.display.card_quota if params.display else [])]
    if params.card is not None and params.card.direct is not None and params.card.direct.quota:
        months.append(params.card.direct.quota)
    error = offered_months_error(months, params.amount)
    if error is not None:
        raise ValueError(_REFUSED[error])


def _check_pay_method(params: RequestPayParams) -> None:
    shop_user_id = params.bypass.shop_user_id if params.bypass else None
    errors = pay_method_errors(
        params.pay_method, escrow=bool(params.escrow), shop_user_id=shop_user_id
    )
    if errors:
        raise ValueError(_REFUSED[errors[0]])


def pay_method_errors(
    pay_method: WindowPayMethod, *, escrow: bool, shop_user_id: str | None
) -> list[InputError]:
    """What keeps `pay_method` from this order, as the clerk is told it: account transfer and
    virtual accounts for escrow orders only, a gift certificate with a `shop_user_id` of at most
    20 bytes."""
    found = []
    if not escrow and pay_method in (WindowPayMethod.TRANS, WindowPayMethod.VBANK):
        found.append(InputError.PAY_METHOD_NEEDS_ESCROW)
    shop = (shop_user_id or "").strip()
    if pay_method in GIFT_CERTIFICATES and not shop:
        found.append(InputError.SHOP_USER_ID_REQUIRED)
    if len(shop.encode()) > SHOP_USER_ID_MAX_BYTES:
        found.append(InputError.SHOP_USER_ID_TOO_LONG)
    return found


class RequestPayResponse(BaseModel):
    """`rsp` as the window's page reported it: tolerant, and never proof of a payment."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    success: bool | None = None
    imp_success: bool | None = None
    error_code: str | None = None
    error_msg: str | None = None
    imp_uid: str | None = None
    merchant_uid: str | None = None
    pay_method: str | None = None
    paid_amount: int | None = None
    status: str | None = None
    name: str | None = None
    pg_provider: str | None = None
    emb_pg_provider: str | None = None
    pg_tid: str | None = None
    pg_type: str | None = None
    buyer_name: str | None = None
    buyer_email: str | None = None
    buyer_tel: str | None = None
    buyer_addr: str | None = None
    buyer_postcode: str | None = None
    custom_data: Any = None
    paid_at: int | None = None
    receipt_url: str | None = None
    apply_num: str | None = None
    card_name: str | None = None
    card_number: str | None = None
    card_quota: int | None = None
    currency: str | None = None
    bank_name: str | None = None
    vbank_num: str | None = None
    vbank_name: str | None = None
    vbank_holder: str | None = None
    vbank_date: int | None = None

    @property
    def reports_failure(self) -> bool:
        """The page says it failed (an error code, or a success flag that is false). Even so
        the payment is looked up: only PortOne's answer settles it."""
        flags = (self.success, self.imp_success)
        return self.error_code is not None or any(flag is False for flag in flags)
