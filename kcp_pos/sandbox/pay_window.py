"""The payment window the sandbox's `iamport.js` opens: a KCP-like page per request, and what the
buyer does in it (pay, cancel), recorded as PortOne records window payments.

Opening a window checks the request (`window_request.read_request`), refuses an amount other
than the one registered with `POST /payments/prepare` and a `merchant_uid` already paid, and
records the payment as `ready` (as PortOne does when a window opens, so `findAll` sees it).
Paying moves it to `paid` or `failed`; a virtual account stays `ready` with its `vbank_*` until
the sandbox's deposit action (`deposit`); the window's own Cancel makes it `failed` with the
KCP window's words. The billing-key window records no payment: it issues the key.

The test inputs (decline choices, gift-certificate PINs, the billing window's test cards) are
listed in docs/sandbox.md.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel

from kcp_pos.domain.card_issuers import BIN_TABLE, CardIssuer
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.sandbox.billing import store_billing_key
from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.charges import ensure_merchant_uid_unused
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import ApiFailure
from kcp_pos.sandbox.identifiers import new_apply_num, new_imp_uid, new_pg_tid, receipt_url
from kcp_pos.sandbox.rules import (
    CARD_COMPANY_REFUSAL,
    INSUFFICIENT_BALANCE,
    SINGLE_LIMIT_EXCEEDED,
    STOLEN_CARD,
    Decline,
    issuance_decline,
    read_keyed_card,
)
from kcp_pos.sandbox.window_request import (
    AMOUNT_NOT_PREPARED,
    CARD,
    TRANS,
    VBANK,
    WindowRefused,
    WindowRequest,
    offered_cards,
    offered_months,
    read_request,
)

USER_CANCELLED: Final = "사용자가 결제를 취소하셨습니다"
ALREADY_PAID: Final = "이미 결제가 완료된 주문번호입니다."  # the sandbox's own text
WINDOW_CLOSED: Final = "이미 종료된 결제창입니다."  # the sandbox's own text
CHOICE_NOT_OFFERED: Final = "결제창에서 선택할 수 없는 항목입니다."  # the sandbox's own text
GIFT_PIN_INVALID: Final = "상품권 PIN 번호가 올바르지 않습니다."  # the sandbox's own text
GIFT_BALANCE = Decline("GC10", "상품권 잔액 부족")  # the sandbox's own code
ERROR_CODE: Final = "F400"  # the sandbox's error_code for every failure (the real codes vary)
VBANK_DAYS: Final = 3
VBANK_HOLDER: Final = "(주)케이씨피샌드박스"
EASY_PAY_APPS: Final = ("kakaopay", "naverpay", "payco")
"""What an app-card payment can report as `emb_pg_provider` (none for a card company's app)."""

BANKS: Final[dict[str, str]] = {
    "004": "KB국민은행",
    "088": "신한은행",
    "020": "우리은행",
    "081": "하나은행",
    "011": "NH농협은행",
    "003": "IBK기업은행",
}
CARD_OUTCOMES: Final[dict[str, Decline | None]] = {
    "approve": None,
    CARD_COMPANY_REFUSAL.code: CARD_COMPANY_REFUSAL,
    SINGLE_LIMIT_EXCEEDED.code: SINGLE_LIMIT_EXCEEDED,
    INSUFFICIENT_BALANCE.code: INSUFFICIENT_BALANCE,
    STOLEN_CARD.code: STOLEN_CARD,
}
_GIFT_PIN = re.compile(r"^[0-9]{16,18}$")
GIFT_PIN_NO_BALANCE_END: Final = "9999"


class WindowRecord(BaseModel):
    """An opened window as the sandbox keeps it (no card data: the buyer's inputs are read once
    when paying and only derived facts are stored)."""

    token: str
    imp_code: str
    params: dict[str, Any]
    imp_uid: str | None = None
    done: bool = False


@dataclass(frozen=True)
class Opened:
    record: WindowRecord
    request: WindowRequest


def failure_rsp(params: Any, message: str, imp_uid: str | None = None) -> dict[str, Any]:
    """The callback's `rsp` for a window that failed or was refused."""
    merchant_uid = params.get("merchant_uid") if isinstance(params, dict) else None
    return {
        "success": False,
        "imp_success": False,
        "error_code": ERROR_CODE,
        "error_msg": message,
        "imp_uid": imp_uid,
        "merchant_uid": merchant_uid if isinstance(merchant_uid, str) else None,
    }


def open_window(sandbox: Sandbox, imp_code: Any, params: Any) -> Opened:
    """Check the request and record the window (and its `ready` payment); `WindowRefused`."""
    request = read_request(imp_code, params, sandbox.config.site_code)
    record = WindowRecord(token=secrets.token_urlsafe(16), imp_code=imp_code, params=params)
    with sandbox.storage.transaction():
        if not request.billing:
            _check_prepared(sandbox, request)
            record.imp_uid = _record_ready(sandbox, request).imp_uid
        sandbox.storage.save_window(record.token, record.imp_uid, record.model_dump_json())
    return Opened(record, request)


def _check_prepared(sandbox: Sandbox, request: WindowRequest) -> None:
    prepared = sandbox.storage.prepared_payment(request.merchant_uid)
    if prepared is not None and prepared.amount != request.amount:
        raise WindowRefused(AMOUNT_NOT_PREPARED)
    try:
        ensure_merchant_uid_unused(sandbox, request.merchant_uid)
    except ApiFailure:
        raise WindowRefused(ALREADY_PAID) from None


def _record_ready(sandbox: Sandbox, request: WindowRequest) -> Payment:
    now = sandbox.now()
    imp_uid = new_imp_uid()
    while sandbox.storage.payment(imp_uid) is not None:
        imp_uid = new_imp_uid()
    custom = request.params.get("custom_data")
    payment = Payment(
        imp_uid=imp_uid,
        merchant_uid=request.merchant_uid,
        pay_method=request.pay_method,
        channel="pc",
        pg_provider=request.pg.provider,
        pg_id=request.pg.pg_id,
        escrow=request.escrow,
        name=request.text("name"),
        amount=request.amount,
        currency=request.text("currency") or "KRW",
        custom_data=json.dumps(custom, ensure_ascii=False) if custom is not None else None,
        status=PaymentStatus.READY,
        started_at=now,
        buyer_name=request.text("buyer_name"),
        buyer_email=request.text("buyer_email"),
        buyer_tel=request.text("buyer_tel"),
        buyer_addr=request.text("buyer_addr"),
        buyer_postcode=request.text("buyer_postcode"),
        user_agent="Mozilla/5.0 (kcp-pos sandbox window)",
    )
    sandbox.storage.insert_payment(payment, now)
    return payment


def opened(sandbox: Sandbox, token: str) -> Opened:
    """A window still open, or `WindowRefused`."""
    with sandbox.storage.transaction():
        body = sandbox.storage.window(token)
    if body is None:
        raise WindowRefused(WINDOW_CLOSED)
    record = WindowRecord.model_validate_json(body)
    if record.done:
        raise WindowRefused(WINDOW_CLOSED)
    return Opened(record, read_request(record.imp_code, record.params, sandbox.config.site_code))


def cancel(sandbox: Sandbox, token: str) -> dict[str, Any]:
    """The window's own Cancel: the `ready` payment fails with KCP's words."""
    with sandbox.storage.transaction():  # read and closed in one turn: no pay in between
        window = opened(sandbox, token)
        _close(sandbox, window.record)
        if window.record.imp_uid is not None:
            _update(sandbox, window.record.imp_uid, _failed(Decline("", USER_CANCELLED)))
    return failure_rsp(window.record.params, USER_CANCELLED, window.record.imp_uid)


def pay(sandbox: Sandbox, token: str, form: Params) -> dict[str, Any]:
    """What the buyer chose in the window, paid (or declined): the callback's `rsp`."""
    with sandbox.storage.transaction():  # read and closed in one turn: one outcome per window
        window = opened(sandbox, token)
        request = window.request
        if request.billing:
            return _issue_key(sandbox, window, form)
        if request.pay_method == CARD:
            changes = _card_payment(request, form)
        elif request.pay_method in (TRANS, VBANK):
            changes = _bank_payment(sandbox, request, form)
        else:
            changes = _gift_payment(form)
        assert window.record.imp_uid is not None
        _close(sandbox, window.record)
        payment = _update(sandbox, window.record.imp_uid, changes)
    return payment_rsp(payment)


def _card_payment(request: WindowRequest, form: Params) -> dict[str, Any]:
    issuer = _choice({i.code: i for i in offered_cards(request)}, form.text("card_code"))
    quota = form.integer("card_quota") or 0
    if quota and quota not in offered_months(request):
        raise WindowRefused(CHOICE_NOT_OFFERED)
    decline = _choice(CARD_OUTCOMES, form.text("outcome") or "approve")
    app = form.text("app") if request.app_card else None
    if app is not None and app not in EASY_PAY_APPS:
        app = None
    card = {
        "card_code": issuer.code,
        "card_name": issuer.name_ko,
        "card_quota": quota,
        "card_number": _masked_number(issuer),
        "card_type": 0,
        "emb_pg_provider": app,
    }
    return {**card, **(_failed(decline) if decline else _paid())}


def _bank_payment(sandbox: Sandbox, request: WindowRequest, form: Params) -> dict[str, Any]:
    code = form.text("bank_code") or ""
    name = _choice(BANKS, code)
    if request.pay_method == TRANS:
        outcomes = {"approve": None, INSUFFICIENT_BALANCE.code: INSUFFICIENT_BALANCE}
        decline = _choice(outcomes, form.text("outcome") or "approve")
        bank = {"bank_code": code, "bank_name": name}
        return {**bank, **(_failed(decline) if decline else _paid())}
    now = sandbox.now()
    due = request.params.get("vbank_due")
    return {
        "vbank_code": code,
        "vbank_name": name,
        "vbank_num": "".join(str(secrets.randbelow(10)) for _ in range(14)),
        "vbank_holder": VBANK_HOLDER,
        "vbank_date": due if isinstance(due, int) and due > now else now + VBANK_DAYS * 86400,
        "vbank_issued_at": now,
        "pg_tid": new_pg_tid(),
    }


def _gift_payment(form: Params) -> dict[str, Any]:
    pin = re.sub(r"[\s-]", "", form.text("gift_pin") or "")
    if not _GIFT_PIN.match(pin):
        raise WindowRefused(GIFT_PIN_INVALID)
    if pin.endswith(GIFT_PIN_NO_BALANCE_END):
        return _failed(GIFT_BALANCE)
    return _paid()


def _issue_key(sandbox: Sandbox, window: Opened, form: Params) -> dict[str, Any]:
    request = window.request
    try:
        card = read_keyed_card(form, sandbox.today(), pwd_2digit_required=False)
    except ApiFailure as error:
        raise WindowRefused(error.message) from None
    decline = issuance_decline(card)
    with sandbox.storage.transaction():
        _close(sandbox, window.record)
        if decline is not None:
            return failure_rsp(request.params, decline.fail_reason)
        fields = {
            "customer_name": request.text("buyer_name"),
            "customer_tel": request.text("buyer_tel"),
            "customer_email": request.text("buyer_email"),
            "customer_addr": request.text("buyer_addr"),
            "customer_postcode": request.text("buyer_postcode"),
        }
        assert request.customer_uid is not None
        store_billing_key(sandbox, request.customer_uid, card, request.pg, fields)
    return {
        "success": True,
        "imp_success": True,
        "error_code": None,
        "error_msg": None,
        "imp_uid": None,
        "merchant_uid": request.merchant_uid,
        "customer_uid": request.customer_uid,
        "pg_provider": request.pg.provider,
        "pay_method": CARD,
        "card_name": card.issuer.name_ko,
        "card_number": card.masked_number,
        "status": "paid",
    }


def deposit(sandbox: Sandbox, imp_uid: str) -> Payment:
    """The sandbox's deposit action: a virtual account still awaiting its deposit is paid."""
    with sandbox.storage.transaction():
        payment = sandbox.storage.payment(imp_uid)
        if payment is None or payment.status is not PaymentStatus.READY or not payment.vbank_num:
            raise ApiFailure("입금 대기 중인 가상계좌가 아닙니다.", status=404)  # own text
        return _update(sandbox, imp_uid, _paid())


def window_params(sandbox: Sandbox, imp_uid: str) -> dict[str, Any]:
    """What the page handed `request_pay` for a window payment (its `kcpProducts` too)."""
    with sandbox.storage.transaction():
        body = sandbox.storage.window_of_payment(imp_uid)
    if body is not None:
        return WindowRecord.model_validate_json(body).params
    raise ApiFailure("결제창으로 만들어진 결제가 아닙니다.", status=404)  # own text


def payment_rsp(payment: Payment) -> dict[str, Any]:
    """The callback's `rsp` for a payment the window made (paid, ready or failed)."""
    paid = payment.status is not PaymentStatus.FAILED
    return {
        "success": paid,
        "imp_success": paid,
        "error_code": None if paid else ERROR_CODE,
        "error_msg": None if paid else payment.fail_reason,
        "imp_uid": payment.imp_uid,
        "merchant_uid": payment.merchant_uid,
        "pay_method": payment.pay_method,
        "paid_amount": payment.amount if payment.status is PaymentStatus.PAID else 0,
        "status": payment.status.value,
        "name": payment.name,
        "pg_provider": payment.pg_provider,
        "emb_pg_provider": payment.emb_pg_provider,
        "pg_tid": payment.pg_tid,
        "pg_type": "payment",
        "buyer_name": payment.buyer_name,
        "buyer_email": payment.buyer_email,
        "buyer_tel": payment.buyer_tel,
        "buyer_addr": payment.buyer_addr,
        "buyer_postcode": payment.buyer_postcode,
        "custom_data": payment.custom_data,
        "paid_at": payment.paid_at,
        "receipt_url": payment.receipt_url,
        "apply_num": payment.apply_num,
        "card_name": payment.card_name,
        "card_number": payment.card_number,
        "card_quota": payment.card_quota,
        "currency": payment.currency,
        "bank_name": payment.bank_name,
        "vbank_num": payment.vbank_num,
        "vbank_name": payment.vbank_name,
        "vbank_holder": payment.vbank_holder,
        "vbank_date": payment.vbank_date,
    }


def _choice(options: dict[str, Any], key: str | None) -> Any:
    if key is None or key not in options:
        raise WindowRefused(CHOICE_NOT_OFFERED)
    return options[key]


def _masked_number(issuer: CardIssuer) -> str:
    """KCP's masked form for a card of `issuer`: its BIN, zeros, and four random digits."""
    bin_ = next((b for b, code in BIN_TABLE.items() if code == issuer.code), "943116")
    return bin_ + "000000" + "".join(str(secrets.randbelow(10)) for _ in range(4))


def _paid() -> dict[str, Any]:
    return {"status": PaymentStatus.PAID, "apply_num": new_apply_num(), "pg_tid": new_pg_tid()}


def _failed(decline: Decline) -> dict[str, Any]:
    reason = decline.fail_reason if decline.code else decline.text
    return {"status": PaymentStatus.FAILED, "fail_reason": reason}


def _update(sandbox: Sandbox, imp_uid: str, changes: dict[str, Any]) -> Payment:
    now = sandbox.now()
    payment = sandbox.storage.payment(imp_uid)
    assert payment is not None
    changes = dict(changes)
    if changes.get("status") is PaymentStatus.PAID:
        changes["paid_at"] = now
        changes["receipt_url"] = receipt_url(changes["pg_tid"], imp_uid, payment.amount)
    elif changes.get("status") is PaymentStatus.FAILED:
        changes["failed_at"] = now
    updated = payment.model_copy(update=changes)
    sandbox.storage.update_payment(updated, now)
    return updated


def _close(sandbox: Sandbox, record: WindowRecord) -> None:
    record.done = True
    sandbox.storage.save_window(record.token, record.imp_uid, record.model_dump_json())
