"""Plain-language explanations of KCP decline codes for the clerk, in Korean and English.

PortOne passes KCP's own answer through `fail_reason`, e.g. `"[CC03] 카드사 거절(기타사유)"`
(reference §10.5). The clerk needs to know what to tell the customer on the phone, so the known
codes get a sentence that says what happened and what to do; an unknown code or a reason without
a code is shown as PortOne sent it, so nothing is ever hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kcp_pos.domain.language import Lang

_CODE = re.compile(r"\[\s*([A-Z]{1,4}\d{2,4})\s*\]")


@dataclass(frozen=True)
class DeclineExplanation:
    """`summary` for the clerk; `code` (e.g. CC03) and `raw` (PortOne's text) for reference."""

    summary: str
    code: str | None
    raw: str


DECLINE_SENTENCES: dict[str, tuple[str, str]] = {
    "CC03": (
        "카드사가 승인을 거절했습니다. 고객에게 카드사에 문의하거나 다른 카드를 사용하도록 "
        "안내해 주세요.",
        "The card company declined the payment. Ask the customer to call their card company "
        "or use another card.",
    ),
    "CC07": (
        "1회 결제 한도를 넘었습니다. 금액을 나누거나 다른 카드로 결제해 주세요.",
        "The amount is over the card's limit for a single payment. Split the amount or use "
        "another card.",
    ),
    "CC10": (
        "연결된 계좌의 잔액이 부족합니다(체크카드). 다른 카드로 결제해 주세요.",
        "The linked bank account has insufficient funds (debit card). Use another card.",
    ),
    "CC14": (
        "카드 한도를 초과했습니다. 다른 카드로 결제해 주세요.",
        "The card's credit limit is exceeded. Use another card.",
    ),
    "CC16": (
        "할부 개월 수가 맞지 않습니다. 일시불로 결제하거나 할부 개월 수를 바꿔 주세요.",
        "The installment months are not allowed for this card. Choose full payment or other "
        "months.",
    ),
    "CC35": (
        "이 가맹점은 카드번호 수기 입력 결제(KEY-IN)가 허용되지 않습니다. PG사에 문의해 주세요.",
        "This merchant is not allowed to take keyed-in card payments. Contact the payment gateway.",
    ),
    "CC43": (
        "도난·분실 신고된 카드입니다. 결제를 진행하지 마세요.",
        "This card was reported lost or stolen. Do not proceed with this card.",
    ),
    "CC54": (
        "유효기간이 지났거나 카드와 맞지 않습니다. 유효기간을 다시 확인해 주세요.",
        "The expiry date has passed or does not match the card. Check the expiry date.",
    ),
    "CC63": (
        "카드 비밀번호 앞 2자리가 맞지 않습니다. 고객에게 다시 확인해 주세요.",
        "The first two PIN digits are wrong. Check them with the customer.",
    ),
    "CC66": (
        "생년월일(또는 사업자등록번호)이 카드 정보와 맞지 않습니다. 다시 확인해 주세요.",
        "The date of birth (or business registration number) does not match the card. "
        "Check it again.",
    ),
    "CC67": (
        "카드 정보가 맞지 않습니다. 카드번호·유효기간·생년월일을 다시 확인해 주세요.",
        "The card details do not match. Check the card number, expiry and date of birth.",
    ),
}

_FALLBACK = (
    "결제가 거절되었습니다: {raw}",
    "The payment was declined: {raw}",
)
_NO_REASON = ("결제가 거절되었습니다. (사유 없음)", "The payment was declined (no reason given).")


def decline_code(fail_reason: str | None) -> str | None:
    """`CC03` from `"[CC03] 카드사 거절(기타사유)"`, or None."""
    if not fail_reason:
        return None
    match = _CODE.search(fail_reason)
    return match.group(1) if match else None


def explain_decline(fail_reason: str | None, lang: Lang) -> DeclineExplanation:
    """What to tell the clerk about `fail_reason`, in `lang`."""
    raw = (fail_reason or "").strip()
    code = decline_code(raw)
    index = 0 if lang == "ko" else 1
    if code is not None and code in DECLINE_SENTENCES:
        return DeclineExplanation(DECLINE_SENTENCES[code][index], code, raw)
    if not raw:
        return DeclineExplanation(_NO_REASON[index], None, raw)
    return DeclineExplanation(_FALLBACK[index].format(raw=raw), code, raw)
