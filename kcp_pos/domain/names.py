"""Buyer and order names: trimmed, whitespace collapsed, no control characters, and within the
API's lengths (`buyer_name` maxLength 16, `name` maxLength 40, reference §3).

Lengths count characters as the API documents them; 16 Hangul syllables is a long name already.
"""

from __future__ import annotations

import unicodedata

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import Invalid, Ok, Result

BUYER_NAME_MAX_LENGTH = 16
ORDER_NAME_MAX_LENGTH = 40
REFUND_REASON_MAX_LENGTH = 100
"""The app's own limit for a refund's reason (V1 documents none): a sentence, not a letter."""
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def clean_text(text: str) -> str | None:
    """NFC, trimmed, runs of whitespace as one space; None if control characters remain."""
    collapsed = " ".join(unicodedata.normalize("NFC", text).split())
    if any(unicodedata.category(ch) in _CONTROL_CATEGORIES for ch in collapsed):
        return None
    return collapsed


def _validate_name(
    text: str, *, required: bool, max_length: int, missing: InputError, too_long: InputError
) -> Result[str | None]:
    cleaned = clean_text(text)
    if cleaned is None:
        return Invalid(InputError.TEXT_CONTROL_CHARACTERS)
    if not cleaned:
        return Invalid(missing) if required else Ok(None)
    if len(cleaned) > max_length:
        return Invalid(too_long)
    return Ok(cleaned)


def validate_buyer_name(text: str, *, required: bool = False) -> Result[str | None]:
    """`buyer_name`: at most 16 characters; empty is `Ok(None)` unless required."""
    return _validate_name(
        text,
        required=required,
        max_length=BUYER_NAME_MAX_LENGTH,
        missing=InputError.BUYER_NAME_REQUIRED,
        too_long=InputError.BUYER_NAME_TOO_LONG,
    )


def validate_order_name(text: str, *, required: bool = False) -> Result[str | None]:
    """`name` (the order name on the receipt): at most 40 characters."""
    return _validate_name(
        text,
        required=required,
        max_length=ORDER_NAME_MAX_LENGTH,
        missing=InputError.ORDER_NAME_REQUIRED,
        too_long=InputError.ORDER_NAME_TOO_LONG,
    )


def validate_product_name(text: str) -> Result[str | None]:
    """A cart line's product name (required): at most 40 characters, as an order name."""
    return _validate_name(
        text,
        required=True,
        max_length=ORDER_NAME_MAX_LENGTH,
        missing=InputError.PRODUCT_NAME_REQUIRED,
        too_long=InputError.PRODUCT_NAME_TOO_LONG,
    )


def validate_refund_reason(text: str) -> Result[str | None]:
    """A refund's reason (required): at most `REFUND_REASON_MAX_LENGTH` characters."""
    return _validate_name(
        text,
        required=True,
        max_length=REFUND_REASON_MAX_LENGTH,
        missing=InputError.REFUND_REASON_REQUIRED,
        too_long=InputError.REFUND_REASON_TOO_LONG,
    )
