"""Payment reads: by imp_uid, lists of uids, by merchant_uid (`find`, `findAll`) and by status.

Missing payments are HTTP 404 with `code -1 "존재하지 않는 결제정보입니다."`; unknown status
values are HTTP 400 `"지원되지 않는 상태값입니다."` (reference §8.1, §11.4). A `merchant_uid` in a
path or query that no payment could have (blank, control characters, too long) and a `sorting`
outside the swagger's six values are HTTP 400 as well.
"""

from __future__ import annotations

from collections.abc import Callable

from kcp_pos.domain.merchant_uid import MERCHANT_UID_MAX_LENGTH
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.sandbox.billing import get_billing_key
from kcp_pos.sandbox.body import Params, checked_identifier, distinct, to_timestamp
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    MAX_LOOKUP_IDS,
    PAYMENT_NOT_FOUND,
    UNSUPPORTED_STATUS,
    ApiFailure,
    invalid_parameter,
    too_many_ids,
)
from kcp_pos.sandbox.paging import Page, page_of, paginate, read_paging
from kcp_pos.sandbox.storage import ListingQuery, StoredPayment

NINETY_DAYS = 90 * 24 * 3600
PAYMENT_STATUSES = tuple(status.value for status in PaymentStatus)

_SORT_KEYS: dict[str, Callable[[StoredPayment], tuple[int, int]]] = {
    "started": lambda stored: (stored.payment.started_at, stored.seq),
    "paid": lambda stored: (stored.payment.paid_at, stored.seq),
    "updated": lambda stored: (stored.updated_at, stored.seq),
}


SORTINGS = ("-started", "started", "-paid", "paid", "-updated", "updated")
"""The swagger's `sorting` enum for `find`, `findAll` and `status` (reference §8.1)."""


def read_sorting(params: Params) -> str:
    """`sorting` (default `-started`); any other value is HTTP 400, not a silent other order."""
    sorting = params.text("sorting") or "-started"
    if sorting not in SORTINGS:
        raise ApiFailure(invalid_parameter("sorting"), status=400)
    return sorting


def _sorted(payments: list[StoredPayment], sorting: str = "-started") -> list[Payment]:
    key = _SORT_KEYS[sorting.lstrip("-")]
    ordered = sorted(payments, key=key, reverse=sorting.startswith("-"))
    return [stored.payment for stored in ordered]


def _merchant_uid(value: str) -> str:
    """A `merchant_uid` in a lookup's path or query: the body rule, refused with HTTP 400."""
    return checked_identifier("merchant_uid", value, max_length=MERCHANT_UID_MAX_LENGTH, status=400)


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
    """`GET /payments?imp_uid[]=…&merchant_uid[]=…`: at most 100 ids in all (swagger); each
    distinct id is looked up once and each payment listed once; 200 all found, 207 some, 404
    none."""
    if len(imp_uids) + len(merchant_uids) > MAX_LOOKUP_IDS:
        raise ApiFailure(too_many_ids("imp_uid[], merchant_uid[]"), status=400)
    wanted_merchant_uids = [_merchant_uid(uid) for uid in distinct(merchant_uids)]
    with sandbox.storage.transaction():
        answers = [sandbox.storage.payment(imp_uid) for imp_uid in distinct(imp_uids)]
        for merchant_uid in wanted_merchant_uids:
            matches = _sorted(sandbox.storage.payments(merchant_uid=merchant_uid))
            answers.append(matches[0] if matches else None)
    found = {payment.imp_uid: payment for payment in answers if payment is not None}
    if not found:
        raise _not_found()
    return list(found.values()), 200 if all(p is not None for p in answers) else 207


def find_payment(
    sandbox: Sandbox, merchant_uid: str, status: str | None, params: Params
) -> Payment:
    """The first payment of a merchant_uid by `sorting` (newest started first by default)."""
    _merchant_uid(merchant_uid)
    wanted = _status_filter(status)
    sorting = read_sorting(params)
    with sandbox.storage.transaction():
        stored = sandbox.storage.payments(merchant_uid=merchant_uid)
    matches = [p for p in _sorted(stored, sorting) if wanted in (None, p.status)]
    if not matches:
        raise _not_found()
    return matches[0]


def find_all_payments(
    sandbox: Sandbox, merchant_uid: str, status: str | None, params: Params
) -> Page[Payment]:
    _merchant_uid(merchant_uid)
    wanted = _status_filter(status)
    page, limit = read_paging(params)
    sorting = read_sorting(params)
    with sandbox.storage.transaction():
        stored = sandbox.storage.payments(merchant_uid=merchant_uid)
    matches = [p for p in _sorted(stored, sorting) if wanted in (None, p.status)]
    if not matches:
        raise _not_found()
    return paginate(matches, page, limit)


_WINDOW_TIME: dict[PaymentStatus | None, str] = {
    None: "started_at",
    PaymentStatus.READY: "started_at",
    PaymentStatus.PAID: "paid_at",
    PaymentStatus.CANCELLED: "cancelled_at",
    PaymentStatus.FAILED: "failed_at",
}
"""The time `from`/`to` apply to: that of the event the status names (swagger §8.1: ready the
start, paid the payment, cancelled the cancel, failed the failure); `all` the start."""

_ORDER_TIME = {"started": "started_at", "paid": "paid_at", "updated": "updated_at"}


def payments_by_status(sandbox: Sandbox, status: str, params: Params) -> Page[Payment]:
    """`GET /payments/status/{all|ready|paid|cancelled|failed}` within `from`..`to` (90 days):
    one indexed query for the page, never a read of every payment under the lock."""
    wanted = None if status == "all" else _status_filter(status)
    page, limit = read_paging(params)
    sorting = read_sorting(params)
    start, end = _status_window(params, sandbox.now())
    query = ListingQuery(
        status=None if wanted is None else wanted.value,
        window_on=_WINDOW_TIME[wanted],
        start=start,
        end=end,
        order_on=_ORDER_TIME[sorting.lstrip("-")],
        descending=sorting.startswith("-"),
        offset=(page - 1) * limit,
        limit=limit,
    )
    total, payments = sandbox.storage.payment_listing(query)
    return page_of(payments, total=total, page=page, limit=limit)


def _status_window(params: Params, now: int) -> tuple[int, int]:
    """`to` defaults to now and `from` to 90 days before `to` (swagger), so `from` alone reaches
    from then until now. A window wider than 90 days or reversed is HTTP 400 naming the bound
    the client gave: `from` when it came alone, else `to`."""
    start = to_timestamp(params.raw("from"), "from", status=400) if params.has("from") else None
    end = to_timestamp(params.raw("to"), "to", status=400) if params.has("to") else now
    if start is None:
        start = end - NINETY_DAYS
    if end < start or end - start > NINETY_DAYS:
        raise ApiFailure(invalid_parameter("to" if params.has("to") else "from"), status=400)
    return start, end


def customer_payments(sandbox: Sandbox, customer_uid: str, params: Params) -> Page[Payment]:
    """`GET /subscribe/customers/{uid}/payments`: payments made with or issuing the key."""
    get_billing_key(sandbox, customer_uid)  # 404 (or the configured status) when unknown
    page, limit = read_paging(params, allow_limit=False)
    with sandbox.storage.transaction():
        stored = sandbox.storage.payments(customer_uid=customer_uid)
    return paginate(_sorted(stored), page, limit)
