"""Reading what a page handed `IMP.request_pay` (reference §12) the way the SDK and KCP refuse it,
and what the window then offers: the card companies (`card.direct`, `card.detail`), the
installment months (`display.card_quota`, only from 50,000 won) and the pay method's screen.

The sandbox's `iamport.js` refuses the same things before the window opens; this module checks
them again on the server, as a page could post anything. A refusal is a `WindowRefused` with the
words the callback's `error_msg` gets (the sandbox's own where the real text is not published).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final

from kcp_pos.domain.card_issuers import ISSUERS, CardIssuer
from kcp_pos.domain.installments import INSTALLMENT_MINIMUM_KRW
from kcp_pos.domain.merchant_uid import CUSTOMER_UID_MAX_LENGTH, MERCHANT_UID_MAX_LENGTH
from kcp_pos.domain.money import AMOUNT_CEILING_KRW
from kcp_pos.sandbox.rules import PgChoice, resolve_pg

CARD = "card"
TRANS = "trans"
VBANK = "vbank"
GIFT_CERTIFICATES: Final = frozenset({"cultureland", "smartculture", "booknlife", "happymoney"})
PAY_METHODS: Final = frozenset({CARD, TRANS, VBANK, *GIFT_CERTIFICATES})
PRODUCT_PROPERTIES: Final = ("orderNumber", "name", "quantity", "amount")
ALL_CARDS: Final = "*"
MONTHS: Final = tuple(range(2, 13))
_IMP_CODE = re.compile(r"^imp[0-9]{8}$")

# The callback's error_msg for each refusal (the sandbox's own words unless noted).
NOT_INITIALISED = "IMP.init()으로 가맹점 식별코드를 먼저 설정해주세요."
MERCHANT_UID_MISSING = "merchant_uid는 필수 파라미터입니다."
AMOUNT_NOT_NUMBER = "amount는 숫자여야 합니다."
PRODUCT_PROPERTY_MISSING = (
    "kcpProducts의 각 항목에는 orderNumber, name, quantity, amount가 모두 필요합니다."
)
ESCROW_NEEDS_PRODUCTS = "NHN KCP 에스크로 결제에는 kcpProducts가 필요합니다."
PAY_METHOD_UNSUPPORTED = "지원하지 않는 결제수단입니다."
SHOP_USER_ID_MISSING = "상품권 결제에는 bypass.shop_user_id가 필요합니다."
BILLING_NEEDS_CUSTOMER_UID = "빌링키 발급에는 customer_uid가 필요합니다."
AMOUNT_NOT_PREPARED = "사전등록된 결제금액과 요청 금액이 일치하지 않습니다."


class WindowRefused(Exception):
    """The window does not open; `message` is the callback's `error_msg`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class WindowRequest:
    """One `request_pay` call, checked."""

    imp_code: str
    params: dict[str, Any]
    merchant_uid: str
    amount: int
    pay_method: str
    pg: PgChoice

    @property
    def billing(self) -> bool:
        return self.pg.provider == "kcp_billing"

    @property
    def customer_uid(self) -> str | None:
        value = self.params.get("customer_uid")
        return value if isinstance(value, str) and value else None

    @property
    def escrow(self) -> bool:
        return self.params.get("escrow") is True

    @property
    def products(self) -> list[dict[str, Any]]:
        products = self.params.get("kcpProducts")
        return products if isinstance(products, list) else []

    @property
    def app_card(self) -> bool:
        return self.params.get("appCard") is True

    @property
    def shop_user_id(self) -> str | None:
        bypass = self.params.get("bypass")
        value = bypass.get("shop_user_id") if isinstance(bypass, dict) else None
        return value if isinstance(value, str) and value.strip() else None

    def text(self, name: str) -> str | None:
        value = self.params.get(name)
        return str(value) if isinstance(value, (str, int)) and value != "" else None


def read_request(imp_code: Any, params: Any, site_code: str) -> WindowRequest:
    """The request, or `WindowRefused` for what the SDK would refuse."""
    if not isinstance(imp_code, str) or not _IMP_CODE.match(imp_code):
        raise WindowRefused(NOT_INITIALISED)
    if not isinstance(params, dict):
        raise WindowRefused(MERCHANT_UID_MISSING)
    merchant_uid = params.get("merchant_uid")
    if not isinstance(merchant_uid, str) or not merchant_uid.strip():
        raise WindowRefused(MERCHANT_UID_MISSING)
    if len(merchant_uid) > MERCHANT_UID_MAX_LENGTH:
        raise WindowRefused(MERCHANT_UID_MISSING)
    amount = params.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        raise WindowRefused(AMOUNT_NOT_NUMBER)
    if isinstance(amount, float) and not math.isfinite(amount):
        raise WindowRefused(AMOUNT_NOT_NUMBER)
    if amount != int(amount) or not 0 <= amount <= AMOUNT_CEILING_KRW:
        raise WindowRefused(AMOUNT_NOT_NUMBER)
    pay_method = params.get("pay_method", CARD)
    if not isinstance(pay_method, str) or pay_method not in PAY_METHODS:
        raise WindowRefused(PAY_METHOD_UNSUPPORTED)
    pg = resolve_pg(params.get("pg") if isinstance(params.get("pg"), str) else None, site_code)
    request = WindowRequest(imp_code, params, merchant_uid, int(amount), pay_method, pg)
    _check_products(request)
    _check_method(request)
    return request


def _check_products(request: WindowRequest) -> None:
    products = request.params.get("kcpProducts")
    if products is not None:
        if not isinstance(products, list) or not products:
            raise WindowRefused(PRODUCT_PROPERTY_MISSING)
        for item in products:
            if not isinstance(item, dict) or any(
                item.get(name) in (None, "") for name in PRODUCT_PROPERTIES
            ):
                raise WindowRefused(PRODUCT_PROPERTY_MISSING)
    if request.escrow and products is None:
        raise WindowRefused(ESCROW_NEEDS_PRODUCTS)


def _check_method(request: WindowRequest) -> None:
    if request.billing:
        uid = request.customer_uid
        if uid is None or len(uid) > CUSTOMER_UID_MAX_LENGTH:
            raise WindowRefused(BILLING_NEEDS_CUSTOMER_UID)
        return
    if request.amount == 0:
        raise WindowRefused(AMOUNT_NOT_NUMBER)
    if request.pay_method in GIFT_CERTIFICATES and request.shop_user_id is None:
        raise WindowRefused(SHOP_USER_ID_MISSING)


def offered_cards(request: WindowRequest) -> list[CardIssuer]:
    """The card companies the window lists: the direct one only, else `card.detail` applied in
    order over every company (`"*"` for all)."""
    card = request.params.get("card")
    card = card if isinstance(card, dict) else {}
    direct = card.get("direct")
    direct_code = direct.get("code") if isinstance(direct, dict) else None
    if isinstance(direct_code, str) and direct_code in ISSUERS:
        return [ISSUERS[direct_code]]
    enabled = dict.fromkeys(ISSUERS, True)
    rules = card.get("detail")
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, dict) or not isinstance(rule.get("enabled"), bool):
            continue
        code = rule.get("card_code")
        if not isinstance(code, str):
            continue
        for key in enabled if code == ALL_CARDS else [code] if code in enabled else []:
            enabled[key] = rule["enabled"]
    return [ISSUERS[code] for code, on in enabled.items() if on]


def offered_months(request: WindowRequest) -> list[int]:
    """Installment months besides the lump sum: none below 50,000 won; the direct card's quota
    when one is given; `display.card_quota` (`[]` lump sum only, `[n]` 2 to n months, a longer
    list exactly those months); else 2 to 12."""
    if request.amount < INSTALLMENT_MINIMUM_KRW:
        return []
    card = request.params.get("card")
    direct = card.get("direct") if isinstance(card, dict) else None
    if isinstance(direct, dict) and isinstance(direct.get("quota"), int):
        quota = direct["quota"]
        return [quota] if quota in MONTHS else []
    display = request.params.get("display")
    quota_list = display.get("card_quota") if isinstance(display, dict) else None
    if not isinstance(quota_list, list):
        return list(MONTHS)
    months = [m for m in quota_list if isinstance(m, int) and not isinstance(m, bool)]
    if len(months) == 1:
        return [m for m in MONTHS if m <= months[0]]
    return [m for m in MONTHS if m in months]
