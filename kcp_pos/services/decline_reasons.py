"""Plain-language explanations of KCP decline codes for the clerk.

PortOne passes KCP's own answer through `fail_reason`, e.g. `"[CC03] 카드사 거절(기타사유)"`
(reference §10.5). The clerk needs to know what to tell the customer on the phone, so the known
codes get a sentence that says what happened and what to do; an unknown code or a reason without
a code is shown as PortOne sent it, so nothing is ever hidden. The sentences are English sources
for Qt's catalogue (`domain/text.py`); the UI writes them in the clerk's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from kcp_pos.domain.text import QT_TRANSLATE_NOOP, Text

CONTEXT: Final = "DeclineReason"
_CODE = re.compile(r"\[\s*([A-Z]{1,4}\d{2,4})\s*\]")


@dataclass(frozen=True)
class DeclineExplanation:
    """`summary` for the clerk; `code` (e.g. CC03) and `raw` (PortOne's text) for reference."""

    summary: Text
    code: str | None
    raw: str


DECLINE_SENTENCES: Final[dict[str, str]] = {
    "CC03": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The card company declined the payment. Ask the customer "
        "to call their card company or use another card.",
    ),
    "CC07": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The amount is over the card's limit for a "
        "single payment. Split the amount or use another card.",
    ),
    "CC10": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The linked bank account has insufficient funds (debit card). Use another card.",
    ),
    "CC14": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The card's credit limit is exceeded. Use another card.",
    ),
    "CC16": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The installment months are not allowed for "
        "this card. Choose full payment or other months.",
    ),
    "CC35": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "This merchant is not allowed to take keyed-in card payments. Contact the payment gateway.",
    ),
    "CC43": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "This card was reported lost or stolen. Do not proceed with this card.",
    ),
    "CC54": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The expiry date has passed or does not match the card. Check the expiry date.",
    ),
    "CC63": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The first two PIN digits are wrong. Check them with the customer.",
    ),
    "CC66": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The date of birth (or business registration number) "
        "does not match the card. Check it again.",
    ),
    "CC67": QT_TRANSLATE_NOOP(
        "DeclineReason",
        "The card details do not match. Check the card number, expiry and date of birth.",
    ),
}
_FALLBACK: Final = QT_TRANSLATE_NOOP("DeclineReason", "The payment was declined: %1")
_NO_REASON: Final = QT_TRANSLATE_NOOP(
    "DeclineReason", "The payment was declined (no reason given)."
)


def decline_code(fail_reason: str | None) -> str | None:
    """`CC03` from `"[CC03] 카드사 거절(기타사유)"`, or None."""
    if not fail_reason:
        return None
    match = _CODE.search(fail_reason)
    return match.group(1) if match else None


def explain_decline(fail_reason: str | None) -> DeclineExplanation:
    """What to tell the clerk about `fail_reason`."""
    raw = (fail_reason or "").strip()
    code = decline_code(raw)
    if code is not None and code in DECLINE_SENTENCES:
        return DeclineExplanation(Text(CONTEXT, DECLINE_SENTENCES[code]), code, raw)
    if not raw:
        return DeclineExplanation(Text(CONTEXT, _NO_REASON), None, raw)
    return DeclineExplanation(Text(CONTEXT, _FALLBACK, (raw,)), code, raw)
