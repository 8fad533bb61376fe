"""Classifying V1 error answers by HTTP status and the exact Korean messages of reference §11.4.

V1 has no machine-readable error codes beyond `code` 0/1/-1, so the message text is what tells a
duplicate order from an unknown customer. Matching is by prefix (or a fixed fragment), because
the server appends PG details such as `" [F113]거래거절 카드번호틀림"`.
"""

from __future__ import annotations

import re

from kcp_pos.iamport.errors import (
    AlreadyCancelled,
    ApiError,
    AuthenticationError,
    CardRejected,
    DuplicateMerchantUid,
    IamportError,
    NotFoundError,
    UnknownCustomer,
)

DECLINE_PREFIXES = (
    "카드정보 인증에 실패하였습니다",
    "결제승인에 실패하였습니다",
    "유효하지않은 카드번호",
    "유효하지 않은 카드번호",
)
"""`code -1` messages on key-in that mean the card or the PG said no (reference §11.1)."""

_PG_REASON_CODE = re.compile(r"\[(?:CC[0-9A-Z]{2}|F\d{3,4}|\d{4})\]")
"""A PG result code in brackets, e.g. `[CC03]`, `[F113]`, `[2116]`: the PG answered."""

UNCERTAIN_PG_CODES = frozenset({"CC72", "CC98", "CC99", "8128", "8338", "9167"})
"""KCP codes that do not prove the card was left alone (reference §10.5): a card company
timeout (CC72), card company or KCP system failure (CC98, CC99), and refused duplicates of an
order (8128 duplicate request, 8338/9167 duplicate order number) whose earlier twin may have been
approved. A charge answered with one of these is settled by looking it up, never as a decline."""

_BRACKETED_CODE = re.compile(r"\[([0-9A-Z]{4})\]")

BILLING_KEY_CARD_FAILURES = (
    "카드정보 인증 및 빌키 발급에 실패",
    "카드정보 확인에 실패",
)
DUPLICATE_MERCHANT_UID = "이미 주문이 이루어진 건입니다"
UNKNOWN_CUSTOMER = ("등록되지 않은 구매자입니다", "등록된 고객정보가 없습니다")
ALREADY_CANCELLED = "이미 전액취소된 주문입니다"
NOT_FOUND_FRAGMENTS = (
    "로 등록된 정보를 찾을 수 없습니다",
    "존재하지 않는 결제정보",
    "취소할 결제건이 존재하지 않습니다",
    "취소할 예약결제 기록이 존재하지 않습니다",
)


def is_uncertain_charge_message(message: str | None) -> bool:
    """Whether a `code != 0` answer to a charge carries a PG code from `UNCERTAIN_PG_CODES`,
    which leaves open that the card was charged."""
    codes = _BRACKETED_CODE.findall(message or "")
    return any(code in UNCERTAIN_PG_CODES for code in codes)


def is_decline_message(message: str | None) -> bool:
    """Whether a `code != 0` message on onetime/again is a card decline rather than an error."""
    if not message or is_uncertain_charge_message(message):
        return False
    text = message.strip()
    if text.startswith(DECLINE_PREFIXES):
        return True
    # A bracketed PG code means the PG judged the card; but not on our known business errors.
    return bool(_PG_REASON_CODE.search(text)) and not _is_business_error(text)


def _is_business_error(text: str) -> bool:
    return (
        text.startswith(DUPLICATE_MERCHANT_UID)
        or text.startswith(UNKNOWN_CUSTOMER)
        or text.startswith(ALREADY_CANCELLED)
    )


def error_for(http_status: int, code: int | None, message: str | None) -> IamportError:
    """The typed exception for an error answer the server did send."""
    text = (message or "").strip()
    shown = text or f"HTTP {http_status} without a message"
    error_type = _error_type(http_status, text)
    should_retry = error_type is ApiError and http_status >= 500
    return error_type(shown, http_status=http_status, code=code, should_retry=should_retry)


def _error_type(http_status: int, text: str) -> type[IamportError]:
    if http_status == 401:
        return AuthenticationError
    if text.startswith(DUPLICATE_MERCHANT_UID):
        return DuplicateMerchantUid
    if text.startswith(UNKNOWN_CUSTOMER):
        return UnknownCustomer
    if text.startswith(ALREADY_CANCELLED):
        return AlreadyCancelled
    if http_status == 404 or any(fragment in text for fragment in NOT_FOUND_FRAGMENTS):
        return NotFoundError
    if text.startswith(BILLING_KEY_CARD_FAILURES + DECLINE_PREFIXES):
        return CardRejected
    return ApiError
