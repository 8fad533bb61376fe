"""The KCP-like window page the sandbox shows inside the SDK's frame, and the page that hands the
callback its `rsp` (`window.parent.postMessage`), in Korean or English (`language`).

Every input has a label a person (and a test) finds it by. What the page offers follows the
request (`window_request.offered_cards`, `offered_months`); the server checks the choice again.
"""

from __future__ import annotations

from html import escape
from typing import Any, Final

from kcp_pos.domain.money import format_krw_for
from kcp_pos.domain.script_json import script_json
from kcp_pos.sandbox.pay_window import BANKS, CARD_OUTCOMES, EASY_PAY_APPS, Opened
from kcp_pos.sandbox.rules import INSUFFICIENT_BALANCE
from kcp_pos.sandbox.window_request import (
    CARD,
    GIFT_CERTIFICATES,
    TRANS,
    offered_cards,
    offered_months,
)

MESSAGE_TYPE: Final = "imp-sandbox"
"""The `type` of the messages the page posts to the SDK's page (`ready`, `rsp`)."""

_WORDS: Final[dict[str, dict[str, str]]] = {
    "title": {"ko": "NHN KCP 결제 (샌드박스)", "en": "NHN KCP payment (sandbox)"},
    "order": {"ko": "주문", "en": "Order"},
    "amount": {"ko": "결제금액", "en": "Amount"},
    "products": {"ko": "에스크로 상품", "en": "Escrow products"},
    "card_code": {"ko": "카드사", "en": "Card company"},
    "app_card": {"ko": "앱카드 결제", "en": "App card payment"},
    "app": {"ko": "결제 앱", "en": "Payment app"},
    "company_app": {"ko": "카드사 앱카드", "en": "Card company's app"},
    "card_quota": {"ko": "할부", "en": "Installments"},
    "lump_sum": {"ko": "일시불", "en": "Lump sum"},
    "months": {"ko": "{n}개월", "en": "{n} months"},
    "outcome": {"ko": "테스트 결과", "en": "Test outcome"},
    "approve": {"ko": "승인", "en": "Approve"},
    "bank_code": {"ko": "은행", "en": "Bank"},
    "gift_pin": {"ko": "상품권 PIN", "en": "Gift certificate PIN"},
    "shop_user_id": {"ko": "상품권 사이트 아이디", "en": "Gift site user ID"},
    "card_number": {"ko": "카드번호", "en": "Card number"},
    "expiry": {"ko": "유효기간 (YYYY-MM)", "en": "Expiry (YYYY-MM)"},
    "birth": {"ko": "생년월일 6자리 또는 사업자번호", "en": "Birth date (YYMMDD) or business no."},
    "pwd_2digit": {"ko": "비밀번호 앞 2자리", "en": "First 2 PIN digits"},
    "billing": {"ko": "카드 등록 (정기결제)", "en": "Register a card (billing)"},
    "pay": {"ko": "결제하기", "en": "Pay"},
    "register": {"ko": "등록하기", "en": "Register"},
    "cancel": {"ko": "취소", "en": "Cancel"},
    "vbank": {"ko": "가상계좌 발급", "en": "Virtual account"},
    "trans": {"ko": "계좌이체", "en": "Bank transfer"},
    "card": {"ko": "신용카드", "en": "Credit card"},
    "gift": {"ko": "상품권", "en": "Gift certificate"},
}
_STYLE: Final = """
body{font-family:'NanumGothic','Malgun Gothic',sans-serif;margin:0;background:#fff;color:#222}
header{background:#e4002b;color:#fff;padding:10px 16px;font-weight:bold}
main{padding:12px 16px}
label{display:block;margin:10px 0 4px;font-size:13px}
select,input{width:100%;box-sizing:border-box;padding:6px;font-size:14px}
table{width:100%;border-collapse:collapse;font-size:12px;margin:6px 0}
td,th{border-bottom:1px solid #ddd;padding:3px;text-align:left}
.amount{font-size:20px;font-weight:bold}
.error{color:#c00;font-weight:bold}
.buttons{display:flex;gap:8px;margin-top:14px}
button{flex:1;padding:10px;font-size:15px}
"""


def _language(opened: Opened) -> str:
    return "en" if opened.request.params.get("language") == "en" else "ko"


def window_page(opened: Opened, error: str | None = None) -> str:
    """The window for one request, with `error` shown above the buttons if the last try failed."""
    lang = _language(opened)

    def word(key: str) -> str:
        return _WORDS[key][lang]

    request = opened.request
    token = escape(opened.record.token)
    body = [
        f"<header>{word('title')}</header><main>",
        f"<div>{word('order')}: {escape(request.text('name') or '')}</div>",
        f"<div class='amount' id='amount'>{word('amount')}: "
        f"{format_krw_for(request.amount, lang)}</div>",
        _products(request.products, word, lang),
        f"<form id='pay' method='post' action='/__sandbox__/window/{token}/pay'>",
        _method_fields(opened, word, lang),
    ]
    if error:
        body.append(f"<p class='error' id='error' role='alert'>{escape(error)}</p>")
    submit = word("register") if request.billing else word("pay")
    body += [
        f"<div class='buttons'><button type='submit' id='submit'>{submit}</button>",
        f"<button type='submit' id='cancel' formaction='/__sandbox__/window/{token}/cancel'>"
        f"{word('cancel')}</button></div></form></main>",
        _post({"type": MESSAGE_TYPE, "ready": True}),
    ]
    return _page(lang, "".join(body))


def done_page(rsp: dict[str, Any]) -> str:
    """The page that hands `rsp` to the SDK's callback."""
    return _page("ko", _post({"type": MESSAGE_TYPE, "rsp": rsp}))


def _products(products: list[dict[str, Any]], word: Any, lang: str) -> str:
    if not products:
        return ""

    def cell(item: dict[str, Any], key: str) -> str:
        value = item.get(key, "")
        if key == "amount" and isinstance(value, int) and not isinstance(value, bool):
            return format_krw_for(value, lang)
        return escape(str(value))

    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(item, key)}</td>" for key in _PRODUCT_COLUMNS) + "</tr>"
        for item in products
    )
    return f"<table id='products' aria-label='{word('products')}'>{rows}</table>"


_PRODUCT_COLUMNS: Final = ("orderNumber", "name", "quantity", "amount")


def _method_fields(opened: Opened, word: Any, lang: str) -> str:
    request = opened.request
    if request.billing:
        return f"<h3>{word('billing')}</h3>" + "".join(
            _input(name, word(name)) for name in ("card_number", "expiry", "birth", "pwd_2digit")
        )
    if request.pay_method == CARD:
        return _card_fields(opened, word, lang)
    if request.pay_method in GIFT_CERTIFICATES:
        user = escape(request.shop_user_id or "")
        return (
            f"<h3>{word('gift')}</h3><div id='shop_user_id'>{word('shop_user_id')}: {user}</div>"
            + _input("gift_pin", word("gift_pin"))
        )
    banks = [(code, name) for code, name in BANKS.items()]
    fields = f"<h3>{word('trans' if request.pay_method == TRANS else 'vbank')}</h3>"
    fields += _select("bank_code", word("bank_code"), banks)
    if request.pay_method == TRANS:
        outcomes = [("approve", word("approve")), ("CC10", INSUFFICIENT_BALANCE.fail_reason)]
        fields += _select("outcome", word("outcome"), outcomes)
    return fields


def _card_fields(opened: Opened, word: Any, lang: str) -> str:
    request = opened.request
    heading = word("app_card") if request.app_card else word("card")
    cards = [(i.code, i.name_ko if lang == "ko" else i.name_en) for i in offered_cards(request)]
    months = [("0", word("lump_sum"))]
    months += [(str(m), word("months").format(n=m)) for m in offered_months(request)]
    outcomes = [("approve", word("approve"))]
    outcomes += [(code, d.fail_reason) for code, d in CARD_OUTCOMES.items() if d is not None]
    fields = f"<h3>{heading}</h3>" + _select("card_code", word("card_code"), cards)
    if request.app_card:
        apps = [("", word("company_app")), *((app, app) for app in EASY_PAY_APPS)]
        fields += _select("app", word("app"), apps)
    return (
        fields
        + _select("card_quota", word("card_quota"), months)
        + _select("outcome", word("outcome"), outcomes)
    )


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<option value='{escape(value)}'>{escape(text)}</option>" for value, text in options
    )
    return f"<label for='{name}'>{label}</label><select id='{name}' name='{name}'>{items}</select>"


def _input(name: str, label: str) -> str:
    return (
        f"<label for='{name}'>{label}</label><input id='{name}' name='{name}' autocomplete='off'>"
    )


def _post(message: dict[str, Any]) -> str:
    return f"<script>window.parent.postMessage({script_json(message)}, '*');</script>"


def _page(lang: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>NHN KCP</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    )
