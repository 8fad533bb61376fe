"""Why a refund was refused, in words a clerk can act on: the app's own refusals before anything
is sent (`Refusal`), and PortOne's answers to `POST /payments/cancel` (reference §7, §10.5,
§11.4), which arrive in Korean and sometimes in the PG's English.

A refusal the app knows gets a sentence that says what happened and what to do; any other
answer is shown as PortOne sent it, so nothing is hidden. The sentences are English sources for
Qt's catalogue (`domain/text.py`); the UI writes them in the clerk's language.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from kcp_pos.domain.text import QT_TRANSLATE_NOOP, Text
from kcp_pos.iamport.messages import ALREADY_CANCELLED

CONTEXT: Final = "RefundRefusal"

NOTHING_TO_CANCEL: Final = "취소할 결제건이 존재하지 않습니다"
CANCEL_FAILED: Final = "결제취소에 실패하였습니다"
ABOVE_BALANCE_WORDS: Final = "bigger than cancelable amount"
CHECKSUM_WORDS: Final = "checksum"
_PG_CODE = re.compile(r"\[?\b(CC[0-9A-Z]{2}|8133|8344|8381|8382|8386|8734)\b\]?")


class Refusal(StrEnum):
    """Why the app or PortOne refused a refund."""

    ABOVE_BALANCE = "above_balance"
    FULLY_REFUNDED = "fully_refunded"
    BALANCE_CHANGED = "balance_changed"
    NOT_REFUNDABLE = "not_refundable"
    REFUND_IN_FLIGHT = "refund_in_flight"
    NO_SUCH_PAYMENT = "no_such_payment"
    TOO_MANY_PARTIAL = "too_many_partial"
    PARTIAL_ONLY = "partial_only"


SENTENCES: Final[dict[Refusal, str]] = {
    Refusal.ABOVE_BALANCE: QT_TRANSLATE_NOOP(
        "RefundRefusal",
        "The refund is more than what is left to refund of this payment. "
        "Enter at most the refundable balance.",
    ),
    Refusal.FULLY_REFUNDED: QT_TRANSLATE_NOOP(
        "RefundRefusal", "This payment has already been refunded in full. Nothing was refunded."
    ),
    Refusal.BALANCE_CHANGED: QT_TRANSLATE_NOOP(
        "RefundRefusal",
        "The refundable balance changed since it was shown (another refund was made). "
        "Nothing was refunded: look at the payment again before refunding.",
    ),
    Refusal.NOT_REFUNDABLE: QT_TRANSLATE_NOOP(
        "RefundRefusal", "Only a paid payment can be refunded. Nothing was refunded."
    ),
    Refusal.REFUND_IN_FLIGHT: QT_TRANSLATE_NOOP(
        "RefundRefusal",
        "An earlier refund of this payment is still being checked. Wait until its result is "
        "known; do not refund again meanwhile.",
    ),
    Refusal.NO_SUCH_PAYMENT: QT_TRANSLATE_NOOP(
        "RefundRefusal", "PortOne has no payment to refund under this ID. Nothing was refunded."
    ),
    Refusal.TOO_MANY_PARTIAL: QT_TRANSLATE_NOOP(
        "RefundRefusal",
        "The card company allows no more partial refunds of this payment. "
        "Contact the payment gateway.",
    ),
    Refusal.PARTIAL_ONLY: QT_TRANSLATE_NOOP(
        "RefundRefusal",
        "This payment was partly refunded, so the card company takes only partial refunds "
        "of it now. Refund the remaining balance as a partial refund.",
    ),
}
_FALLBACK: Final = QT_TRANSLATE_NOOP("RefundRefusal", "The refund was refused: %1")
_NO_REASON: Final = QT_TRANSLATE_NOOP("RefundRefusal", "The refund was refused (no reason given).")

_KCP_CODES: Final[dict[str, Refusal]] = {
    "8133": Refusal.FULLY_REFUNDED,  # 기취소된 신용카드 거래 취소요청
    "8734": Refusal.FULLY_REFUNDED,  # 부분취소 완료거래 취소요청 거절
    "8344": Refusal.BALANCE_CHANGED,  # 취소 금액 불일치
    "8381": Refusal.BALANCE_CHANGED,  # 부분취소 가능 금액 불일치
    "CCA8": Refusal.BALANCE_CHANGED,  # 남은 금액 불일치
    "8382": Refusal.ABOVE_BALANCE,  # 부분취소 가능 금액 초과
    "8386": Refusal.TOO_MANY_PARTIAL,  # 부분취소 가능횟수 초과
    "CCA9": Refusal.PARTIAL_ONLY,  # 부분취소 거래, 전체취소 불가
    "CCA1": Refusal.NO_SUCH_PAYMENT,  # 원거래 없음
}


def refusal_text(refusal: Refusal) -> Text:
    """The sentence for one of the app's (or PortOne's known) refusals."""
    return Text(CONTEXT, SENTENCES[refusal])


def refusal_of_message(message: str | None) -> Refusal | None:
    """Which known refusal PortOne's answer to a cancel is, or None."""
    text = (message or "").strip()
    if text.startswith(ALREADY_CANCELLED):
        return Refusal.FULLY_REFUNDED
    if NOTHING_TO_CANCEL in text:
        return Refusal.NO_SUCH_PAYMENT
    if ABOVE_BALANCE_WORDS in text:
        return Refusal.ABOVE_BALANCE
    if text.startswith(CANCEL_FAILED) and CHECKSUM_WORDS in text.lower():
        return Refusal.BALANCE_CHANGED
    for code in _PG_CODE.findall(text):
        if code in _KCP_CODES:
            return _KCP_CODES[code]
    return None


def explain_refusal(message: str | None) -> Text:
    """What to tell the clerk about PortOne's refusal `message`."""
    raw = (message or "").strip()
    known = refusal_of_message(raw)
    if known is not None:
        return refusal_text(known)
    if not raw:
        return Text(CONTEXT, _NO_REASON)
    return Text(CONTEXT, _FALLBACK, (raw,))
