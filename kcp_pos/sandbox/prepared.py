"""Amounts registered before a payment window opens: `POST`/`PUT /payments/prepare` and
`GET /payments/prepare/{merchant_uid}` (reference §8.1).

The real service blocks a window payment whose amount differs from the registered one; the
sandbox stores and serves the registration. Unknown `merchant_uid` → HTTP 404
"사전등록된 결제정보가 존재하지 않습니다." (node-iamporter's live test). Registering the same
`merchant_uid` twice is refused with `code 1` (the sandbox's choice: PUT is the documented way to
change an amount); preparing (POST) or changing (PUT) the amount of an order that was already
paid is refused with `code -1` and the duplicate-order text.
"""

from __future__ import annotations

from kcp_pos.domain.merchant_uid import MERCHANT_UID_MAX_LENGTH
from kcp_pos.iamport.models import PreparedPayment
from kcp_pos.sandbox.body import Params, checked_identifier
from kcp_pos.sandbox.charges import ensure_merchant_uid_unused
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import PREPARE_ALREADY_EXISTS, PREPARE_NOT_FOUND, ApiFailure
from kcp_pos.sandbox.rules import read_amount


def prepare(sandbox: Sandbox, params: Params) -> PreparedPayment:
    """`POST /payments/prepare`: register the amount a window payment must have."""
    prepared = _read(params)
    with sandbox.storage.transaction():
        if sandbox.storage.prepared_payment(prepared.merchant_uid) is not None:
            raise ApiFailure(PREPARE_ALREADY_EXISTS, code=1)
        ensure_merchant_uid_unused(sandbox, prepared.merchant_uid)
        sandbox.storage.save_prepared_payment(prepared)
    return prepared


def change_prepared(sandbox: Sandbox, params: Params) -> PreparedPayment:
    """`PUT /payments/prepare`: a new amount for a registered `merchant_uid`."""
    prepared = _read(params)
    with sandbox.storage.transaction():
        if sandbox.storage.prepared_payment(prepared.merchant_uid) is None:
            raise ApiFailure(PREPARE_NOT_FOUND, status=404)
        ensure_merchant_uid_unused(sandbox, prepared.merchant_uid)
        sandbox.storage.save_prepared_payment(prepared)
    return prepared


def get_prepared(sandbox: Sandbox, merchant_uid: str) -> PreparedPayment:
    checked_identifier("merchant_uid", merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH, status=400)
    with sandbox.storage.transaction():
        prepared = sandbox.storage.prepared_payment(merchant_uid)
    if prepared is None:
        raise ApiFailure(PREPARE_NOT_FOUND, status=404)
    return prepared


def _read(params: Params) -> PreparedPayment:
    merchant_uid = params.required_identifier("merchant_uid", max_length=MERCHANT_UID_MAX_LENGTH)
    amount = read_amount(params)
    currency = params.text("currency", max_length=3) or None
    return PreparedPayment(merchant_uid=merchant_uid, amount=amount, currency=currency)
