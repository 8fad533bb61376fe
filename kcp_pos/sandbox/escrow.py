"""Escrow shipping info, `/escrows/logis/{imp_uid}`, as NHN KCP supports it (reference §9).

The body must be 2-depth JSON: `sender`, `receiver` and `logis` are required objects of plain
values (a form body, a nested value or a missing object is HTTP 400); `logis` needs all of
`company`, `invoice` and `sent_at`. POST registers once (a second POST is 409), GET reads (409
when nothing is registered), PUT is not offered for KCP (400 "현재 지원되지 않는 PG사입니다.").
Only escrow payments that are paid accept shipping info; others get 409
"해당거래건은 배송정보를 등록할 수 없습니다.". Courier codes outside PortOne's list become `ETC`,
as the docs say. Escrow payments come from the payment window; with `escrow_key_in` (a
sandbox-only switch) a onetime body with `"escrow": true` makes one, so tests can reach here.
"""

from __future__ import annotations

from typing import Any

from kcp_pos.iamport.models import EscrowLogis, Payment, PaymentStatus
from kcp_pos.sandbox.body import Params, to_timestamp
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    ESCROW_ALREADY_REGISTERED,
    ESCROW_BODY_NOT_JSON,
    ESCROW_LOGIS_MISSING,
    ESCROW_NOT_ALLOWED,
    ESCROW_NOTHING_REGISTERED,
    ESCROW_UNSUPPORTED_PG,
    PAYMENT_NOT_FOUND,
    ApiFailure,
    invalid_parameter,
    missing_parameter,
)

INVOICE_MAX_LENGTH = 100  # not published; long enough for any courier's tracking number
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


def register_logis(
    sandbox: Sandbox, imp_uid: str, params: Params, *, json_body: bool
) -> EscrowLogis:
    if not json_body:
        raise ApiFailure(ESCROW_BODY_NOT_JSON, status=400)
    _read_party(params, "sender")
    _read_party(params, "receiver")
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


def _read_party(params: Params, name: str) -> dict[str, Any]:
    """`sender` or `receiver`: required, one level of plain values (no KCP field is required)."""
    raw = params.raw(name)
    if raw is None:
        raise ApiFailure(missing_parameter(name), status=400)
    if not _is_flat_object(raw):
        raise ApiFailure(invalid_parameter(name), status=400)
    return dict(raw)


def _is_flat_object(value: Any) -> bool:
    return isinstance(value, dict) and not any(
        isinstance(item, (dict, list)) for item in value.values()
    )


def _read_logis(raw: Any) -> dict[str, Any]:
    """`logis` must hold `company`, `invoice` and `sent_at` (UNIX seconds), all plain values."""
    if not _is_flat_object(raw):
        raise ApiFailure(ESCROW_LOGIS_MISSING, status=400)
    company, invoice, sent_at = raw.get("company"), raw.get("invoice"), raw.get("sent_at")
    if not company or not invoice or sent_at in (None, ""):
        raise ApiFailure(ESCROW_LOGIS_MISSING, status=400)
    company_code = str(company).upper()
    return {
        "company": company_code if company_code in COURIER_CODES else "ETC",
        "invoice": _invoice(invoice),
        "sent_at": to_timestamp(sent_at, "logis.sent_at", status=400),
    }


def _invoice(value: Any) -> str:
    invoice = str(value)
    if len(invoice) > INVOICE_MAX_LENGTH:
        raise ApiFailure(invalid_parameter("logis.invoice"), status=400)
    return invoice
