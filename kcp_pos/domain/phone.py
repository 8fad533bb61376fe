"""Korean phone numbers for `buyer_tel`: normalized to the usual dashed form (`010-1234-5678`).

Accepted: mobile 010 (11 digits) and the old 011/016/017/018/019 (10-11), Seoul 02 (9-10), the
other area codes 031…064 (10-11), 070 internet phones and 080 toll-free (10-11), 050X safe
numbers (11-12), and 15XX/16XX/18XX company numbers (8). `+82` is turned into the leading 0.
"""

from __future__ import annotations

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import VALID_CHECK, FieldCheck, InputStatus, Invalid, Ok, Result
from kcp_pos.domain.text_input import normalize_typed

_OLD_MOBILE = frozenset({"011", "016", "017", "018", "019"})
_AREA_CODES = frozenset(
    {"031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055"}
    | {"061", "062", "063", "064", "070", "080"}
)
_COMPANY_PREFIXES = ("15", "16", "18")
_SEPARATORS = " -.()"
_MAX_DIGITS = 12


def _layout(digits: str) -> tuple[int, ...] | None:
    """The dash groups of a complete number, or None if it is not a complete number."""
    length = len(digits)
    if digits.startswith("02"):
        return {9: (2, 3, 4), 10: (2, 4, 4)}.get(length)
    if digits.startswith("010"):
        return (3, 4, 4) if length == 11 else None
    if digits[:3] in _OLD_MOBILE or digits[:3] in _AREA_CODES:
        return {10: (3, 3, 4), 11: (3, 4, 4)}.get(length)
    if digits.startswith("050"):
        return {11: (4, 3, 4), 12: (4, 4, 4)}.get(length)
    if digits.startswith(_COMPANY_PREFIXES):
        return (4, 4) if length == 8 else None
    return None


def _group(digits: str, sizes: tuple[int, ...]) -> str:
    parts, start = [], 0
    for size in sizes:
        if digits[start : start + size]:
            parts.append(digits[start : start + size])
        start += size
    return "-".join(parts)


def _national_digits(text: str) -> str | None:
    """The digits of a phone number in national form (`+82 10…` -> `010…`), or None when the
    text holds anything but digits and separators."""
    normalized = normalize_typed(text)
    international = normalized.startswith("+")
    body = normalized.removeprefix("+")
    if any(not ("0" <= ch <= "9") and ch not in _SEPARATORS for ch in body):
        return None
    digits = "".join(ch for ch in body if "0" <= ch <= "9")
    if international:
        if not digits.startswith("82"):
            return None
        digits = digits[2:]
        digits = digits if digits.startswith("0") else "0" + digits
    return digits


def validate_buyer_tel(text: str, *, required: bool = False) -> Result[str | None]:
    """A phone number -> `010-1234-5678` form; empty is `Ok(None)` unless required."""
    if not normalize_typed(text):
        return Invalid(InputError.PHONE_REQUIRED) if required else Ok(None)
    digits = _national_digits(text)
    layout = _layout(digits) if digits is not None else None
    if digits is None or layout is None:
        return Invalid(InputError.PHONE_FORMAT)
    return Ok(_group(digits, layout))


def format_phone_as_typed(text: str) -> str:
    """The phone field while typing: `010`, `010-1234`, `010-1234-5678`, `02-123-4567`."""
    digits = _national_digits(text)
    if digits is None or len(digits) > _MAX_DIGITS or normalize_typed(text).startswith("+"):
        return normalize_typed(text)  # international form: shown as typed, normalized on submit
    layout = _layout(digits)
    if layout is not None:
        return _group(digits, layout)
    if digits.startswith("02"):
        area = 2
    elif digits.startswith("050") or digits.startswith(_COMPANY_PREFIXES):
        area = 4
    else:
        area = 3
    rest = len(digits) - area
    middle = 4 if digits.startswith("010") or rest > 7 else 3
    return _group(digits, (area, middle, _MAX_DIGITS))


def check_phone_as_typed(text: str, *, required: bool = False) -> FieldCheck:
    result = validate_buyer_tel(text, required=required)
    if isinstance(result, Ok):
        return VALID_CHECK
    if result.error is InputError.PHONE_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, result.error)
    if normalize_typed(text) in ("+", "+8"):  # the start of +82
        return FieldCheck(InputStatus.INCOMPLETE, result.error)
    digits = _national_digits(text)
    if digits is not None and len(digits) < _MAX_DIGITS:
        return FieldCheck(InputStatus.INCOMPLETE, result.error)
    return FieldCheck(InputStatus.INVALID, result.error)
