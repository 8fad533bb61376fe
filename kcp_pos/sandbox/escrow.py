"""Escrow shipping info, `/escrows/logis/{imp_uid}`, as NHN KCP supports it (reference §9).

POST registers once (a second POST is 409), GET reads (409 when nothing is registered), PUT is
not offered for KCP (400 "현재 지원되지 않는 PG사입니다."). Only escrow payments that are paid
accept shipping info; others get 409 "해당거래건은 배송정보를 등록할 수 없습니다.". Courier codes
outside PortOne's list become `ETC`, as the docs say.
"""

from __future__ import annotations

import json
from typing import Any

from kcp_pos.iamport.models import EscrowLogis, Payment, PaymentStatus
from kcp_pos.sandbox.body import Params, to_integer
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    ESCROW_ALREADY_REGISTERED,
    ESCROW_LOGIS_MISSING,
    ESCROW_NOT_ALLOWED,
    ESCROW_NOTHING_REGISTERED,
    ESCROW_UNSUPPORTED_PG,
    PAYMENT_NOT_FOUND,
    ApiFailure,
)

COURIER_CODES = frozenset(
    {
        "HYUNDAI", "HANARO", "SAGAWA", "KGB", "YELLOWCAP", "DONGBU", "EPOST", "CJGLS", "HANJIN",
        "DAESIN", "ETC", "REGISTPOST", "CHUNIL", "ILYANG", "CVSNET", "KDEXP", "HONAM", "HDEXP",
    }
)  # fmt: skip


def _payment(sandbox: Sandbox, imp_uid: str) -> Payment:
    payment = sandbox.storage.payment(imp_uid)
    if payment is None:
        raise ApiFailure(PAYMENT_NOT_FOUND, status=404)
    return payment


def register_logis(sandbox: Sandbox, imp_uid: str, params: Params) -> EscrowLogis:
    logis = _read_logis(params.raw("logis"))
    with sandbox.storage.transaction():
        payment = _payment(sandbox, imp_uid)
        if not payment.escrow or payment.status is not PaymentStatus.PAID:
            raise ApiFailure(ESCROW_NOT_ALLOWED, status=409)
        if sandbox.storage.escrow_logis(imp_uid) is not None:
            raise ApiFailure(ESCROW_ALREADY_REGISTERED, status=409)
        registered = EscrowLogis(
            company=logis["company"],
            invoice=logis["invoice"],
            sent_at=logis["sent_at"],
            applied_at=sandbox.now(),
        )
        sandbox.storage.save_escrow_logis(imp_uid, registered)
    return registered


def read_logis(sandbox: Sandbox, imp_uid: str) -> EscrowLogis:
    with sandbox.storage.transaction():
        _payment(sandbox, imp_uid)
        registered = sandbox.storage.escrow_logis(imp_uid)
    if registered is None:
        raise ApiFailure(ESCROW_NOTHING_REGISTERED, status=409)
    return registered


def edit_logis(sandbox: Sandbox, imp_uid: str) -> EscrowLogis:
    """KCP has no shipping-info edit: PUT is refused once the payment is known to exist."""
    with sandbox.storage.transaction():
        _payment(sandbox, imp_uid)
    raise ApiFailure(ESCROW_UNSUPPORTED_PG, status=400)


def _read_logis(raw: Any) -> dict[str, Any]:
    """`logis` must hold `company`, `invoice` and `sent_at` (UNIX seconds)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not isinstance(raw, dict):
        raise ApiFailure(ESCROW_LOGIS_MISSING, status=400)
    company, invoice, sent_at = raw.get("company"), raw.get("invoice"), raw.get("sent_at")
    if not company or not invoice or sent_at in (None, ""):
        raise ApiFailure(ESCROW_LOGIS_MISSING, status=400)
    company_code = str(company).upper()
    return {
        "company": company_code if company_code in COURIER_CODES else "ETC",
        "invoice": str(invoice),
        "sent_at": to_integer(sent_at, "logis.sent_at"),
    }
