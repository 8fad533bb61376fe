"""Payment reads: by imp_uid, lists of uids, by merchant_uid (`find`, `findAll`) and by status.

Missing payments are HTTP 404 with `code -1 "존재하지 않는 결제정보입니다."`; unknown status
values are HTTP 400 `"지원되지 않는 상태값입니다."` (reference §8.1, §11.4).
"""

from __future__ import annotations

from collections.abc import Callable

from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.sandbox.billing import get_billing_key
from kcp_pos.sandbox.body import Params, to_timestamp
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    PAYMENT_NOT_FOUND,
    UNSUPPORTED_STATUS,
    ApiFailure,
    invalid_parameter,
)
from kcp_pos.sandbox.paging import Page, paginate, read_paging
from kcp_pos.sandbox.storage import StoredPayment

NINETY_DAYS = 90 * 24 * 3600
PAYMENT_STATUSES = tuple(status.value for status in PaymentStatus)

_SORT_KEYS: dict[str, Callable[[StoredPayment], tuple[int, int]]] = {
    "started": lambda stored: (stored.payment.started_at, stored.seq),
    "paid": lambda stored: (stored.payment.paid_at, stored.seq),
    "updated": lambda stored: (stored.updated_at, stored.seq),
}


def _sorted(payments: list[StoredPayment], sorting: str | None) -> list[Payment]:
    """`-started` (default), `started`, `-paid`, `paid`, `-updated`, `updated`."""
    sorting = sorting or "-started"
    key = _SORT_KEYS.get(sorting.lstrip("-"), _SORT_KEYS["started"])
    ordered = sorted(payments, key=key, reverse=sorting.startswith("-"))
    return [stored.payment for stored in ordered]


def _not_found() -> ApiFailure:
    return ApiFailure(PAYMENT_NOT_FOUND, status=404)


def _status_filter(status: str | None) -> PaymentStatus | None:
    if status is None:
        return None
    if status not in PAYMENT_STATUSES:
        raise ApiFailure(UNSUPPORTED_STATUS, status=400)
    return PaymentStatus(status)


def get_payment(sandbox: Sandbox, imp_uid: str) -> Payment:
    with sandbox.storage.transaction():
        payment = sandbox.storage.payment(imp_uid)
    if payment is None:
        raise _not_found()
    return payment


def get_payments(
    sandbox: Sandbox, imp_uids: list[str], merchant_uids: list[str]
) -> tuple[list[Payment], int]:
    """`GET /payments?imp_uid[]=…&merchant_uid[]=…`: 200 all found, 207 some, 404 none."""
    found: list[Payment] = []
    with sandbox.storage.transaction():
        for imp_uid in imp_uids:
            payment = sandbox.storage.payment(imp_uid)
            if payment is not None:
                found.append(payment)
        for merchant_uid in merchant_uids:
            matches = _sorted(sandbox.storage.payments(merchant_uid=merchant_uid), None)
            if matches:
                found.append(matches[0])
    if not found:
        raise _not_found()
    return found, 200 if len(found) == len(imp_uids) + len(merchant_uids) else 207


def find_payment(
    sandbox: Sandbox, merchant_uid: str, status: str | None, params: Params
) -> Payment:
    """The first payment of a merchant_uid by `sorting` (newest started first by default)."""
    wanted = _status_filter(status)
    with sandbox.storage.transaction():
        stored = sandbox.storage.payments(merchant_uid=merchant_uid)
    matches = [p for p in _sorted(stored, params.text("sorting")) if wanted in (None, p.status)]
    if not matches:
        raise _not_found()
    return matches[0]


def find_all_payments(
    sandbox: Sandbox, merchant_uid: str, status: str | None, params: Params
) -> Page[Payment]:
    wanted = _status_filter(status)
    page, limit = read_paging(params)
    with sandbox.storage.transaction():
        stored = sandbox.storage.payments(merchant_uid=merchant_uid)
    matches = [p for p in _sorted(stored, params.text("sorting")) if wanted in (None, p.status)]
    if not matches:
        raise _not_found()
    return paginate(matches, page, limit)


def payments_by_status(sandbox: Sandbox, status: str, params: Params) -> Page[Payment]:
    """`GET /payments/status/{all|ready|paid|cancelled|failed}` within `from`..`to` (90 days)."""
    wanted = None if status == "all" else _status_filter(status)
    page, limit = read_paging(params)
    start, end = _status_window(params, sandbox.now())

    def event_time(payment: Payment) -> int:
        # The window applies to the time of the event the status names (reference §8.1).
        if wanted is PaymentStatus.PAID:
            return payment.paid_at
        if wanted is PaymentStatus.CANCELLED:
            return payment.cancelled_at
        if wanted is PaymentStatus.FAILED:
            return payment.failed_at
        return payment.started_at

    with sandbox.storage.transaction():
        stored = sandbox.storage.payments()
    matches = [
        payment
        for payment in _sorted(stored, params.text("sorting"))
        if wanted in (None, payment.status) and start <= event_time(payment) <= end
    ]
    return paginate(matches, page, limit)


def _status_window(params: Params, now: int) -> tuple[int, int]:
    """`from`/`to` default to the last 90 days; a wider or reversed window is HTTP 400."""
    start = to_timestamp(params.raw("from"), "from", status=400) if params.has("from") else None
    end = to_timestamp(params.raw("to"), "to", status=400) if params.has("to") else None
    if start is None:
        start = (now if end is None else end) - NINETY_DAYS
    if end is None:
        end = min(now, start + NINETY_DAYS)
    if end < start or end - start > NINETY_DAYS:
        raise ApiFailure(invalid_parameter("to"), status=400)
    return start, end


def customer_payments(sandbox: Sandbox, customer_uid: str, params: Params) -> Page[Payment]:
    """`GET /subscribe/customers/{uid}/payments`: payments made with or issuing the key."""
    get_billing_key(sandbox, customer_uid)  # 404 (or the configured status) when unknown
    page, limit = read_paging(params, allow_limit=False)
    with sandbox.storage.transaction():
        stored = sandbox.storage.payments(customer_uid=customer_uid)
    return paginate(_sorted(stored, None), page, limit)
