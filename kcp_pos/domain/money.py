"""KRW amounts: always `int` won (KRW has no minor unit), parsed from what a clerk types,
formatted with grouping, and split into supply value, VAT and tax-free parts.

Ceiling: `MAX_AMOUNT_KRW` (100,000,000 won) per transaction. A phone order above it is far more
likely a slip of the finger (an extra zero or two) than a real sale, and card limits end well
below it; the PG still enforces the merchant's real limits.

VAT: V1 computes VAT as (amount − tax_free) / 11 when only `tax_free` is sent (reference §3). We
round half up with integer arithmetic: no float can creep into money, and the rule is the one on
Korean receipts. (Since 11 is odd, an exact half never occurs, so half-up and Python's
banker's `round` agree here; integer arithmetic keeps it exact for any size and obvious to read.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import VALID_CHECK, FieldCheck, InputStatus, Invalid, Ok, Result
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed

MAX_AMOUNT_KRW = 100_000_000
AMOUNT_CEILING_KRW = 2_147_483_647
"""The largest amount any part of the app handles (sandbox, client, store): what every amount
column holds on every supported database (a 32-bit INTEGER on PostgreSQL), and far above what a
PG approves for one card payment. `MAX_AMOUNT_KRW` is the clerk's own, lower ceiling."""
VAT_DIVISOR = 11  # price includes 10% VAT: vat = price × 10/110 = price / 11
_IGNORED = " ,_₩원\u00a0"  # grouping and currency marks a clerk may type or paste
_MAX_DIGITS = 15  # anything longer is far beyond the ceiling; avoids parsing huge strings
_TOO_BIG = int("1" + "0" * _MAX_DIGITS)  # stands in for any longer number


def _parse_int(text: str) -> int | None:
    """Signed whole won from typed text (`50,000`, `₩50,000`, `50000원`, `KRW 50000`), else None.

    Commas may sit anywhere: the field regroups as the clerk types, and a pasted `5,0000` still
    means the digits it shows. Decimals and `만` are not accepted: the field shows grouped won.
    """
    normalized = re.sub("krw", "", normalize_typed(text), flags=re.IGNORECASE)
    stripped = "".join(ch for ch in normalized if ch not in _IGNORED)
    sign = 1
    if stripped.startswith(("+", "-")):
        sign = -1 if stripped[0] == "-" else 1
        stripped = stripped[1:]
    if not is_ascii_digits(stripped):
        return None
    if len(stripped.lstrip("0")) > _MAX_DIGITS:
        return sign * _TOO_BIG
    return sign * int(stripped)


_GROUPED_RUN = re.compile(r"\d{1,3}(?:,\d{3})+")
_DIGITS_AND_COMMAS = re.compile(r"[\d,]*\d")


def commas_misplaced(text: str) -> bool:
    """True when `text` has commas that are not thousands separators (`10,00`, `1,0,0,0`). A
    file's amounts were not regrouped as they were typed, so such a comma may hide a typo (an
    amount ten times too small); the amount field, which regroups, accepts them anywhere."""
    runs = _DIGITS_AND_COMMAS.findall(normalize_typed(text))
    return any("," in run and not _GROUPED_RUN.fullmatch(run) for run in runs)


def validate_amount(amount: int) -> Result[int]:
    """A positive amount up to the ceiling."""
    if amount <= 0:
        return Invalid(InputError.AMOUNT_NOT_POSITIVE)
    if amount > MAX_AMOUNT_KRW:
        return Invalid(InputError.AMOUNT_TOO_LARGE)
    return Ok(amount)


def parse_amount(text: str) -> Result[int]:
    """The amount field as typed -> whole won, or why not."""
    if not normalize_typed(text):
        return Invalid(InputError.AMOUNT_REQUIRED)
    amount = _parse_int(text)
    if amount is None:
        return Invalid(InputError.AMOUNT_FORMAT)
    return validate_amount(amount)


def check_amount_as_typed(text: str) -> FieldCheck:
    """An amount is complete at every length, so this is EMPTY, VALID or INVALID."""
    result = parse_amount(text)
    if isinstance(result, Ok):
        return VALID_CHECK
    if result.error is InputError.AMOUNT_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, result.error)
    return FieldCheck(InputStatus.INVALID, result.error)


def validate_tax_free(tax_free: int, *, amount: int) -> Result[int]:
    """0 ≤ tax_free ≤ amount."""
    if tax_free < 0:
        return Invalid(InputError.TAX_FREE_NEGATIVE)
    if tax_free > amount:
        return Invalid(InputError.TAX_FREE_EXCEEDS_AMOUNT)
    return Ok(tax_free)


def parse_tax_free(text: str, *, amount: int) -> Result[int]:
    """The optional tax-free field as typed; empty means 0."""
    if not normalize_typed(text):
        return Ok(0)
    tax_free = _parse_int(text)
    if tax_free is None:
        return Invalid(InputError.TAX_FREE_FORMAT)
    return validate_tax_free(tax_free, amount=amount)


def group_thousands(amount: int) -> str:
    """`50000` -> `50,000`."""
    return f"{amount:,}"


def format_krw(amount: int, *, symbol: bool = False) -> str:
    """`50,000원`, or with `symbol` `₩50,000` (negative: `-50,000원`, `-₩50,000`)."""
    sign = "-" if amount < 0 else ""
    grouped = group_thousands(abs(amount))
    return f"{sign}₩{grouped}" if symbol else f"{sign}{grouped}원"


def format_krw_for(amount: int, lang: str) -> str:
    """An amount as the UI language writes it: `50,000원` in Korean, `₩50,000` in English."""
    return format_krw(amount, symbol=lang == "en")


def regroup_amount_as_typed(text: str) -> str:
    """What the amount field shows while typing: the digits regrouped (`50000` -> `50,000`).

    Text that is not a plain number is returned as typed so the clerk can see and fix it.
    """
    amount = _parse_int(text)
    if amount is None or amount < 0 or len(normalize_typed(text)) > 2 * _MAX_DIGITS:
        return normalize_typed(text)
    return group_thousands(amount)


def vat_for(taxable: int) -> int:
    """VAT included in a taxable amount: taxable / 11, rounded half up, in integers."""
    if taxable < 0:
        raise ValueError("taxable amount must not be negative")
    return (2 * taxable + VAT_DIVISOR) // (2 * VAT_DIVISOR)


@dataclass(frozen=True, slots=True)
class VatSplit:
    """amount = supply + vat + tax_free."""

    amount: int
    tax_free: int
    vat: int
    supply: int  # 공급가액 of the taxable part


def split_vat(amount: int, tax_free: int = 0) -> VatSplit:
    """Split a payment amount for the receipt. Raises ValueError unless 0 ≤ tax_free ≤ amount."""
    if not 0 <= tax_free <= amount:
        raise ValueError("tax_free must be between 0 and the amount")
    vat = vat_for(amount - tax_free)
    return VatSplit(amount=amount, tax_free=tax_free, vat=vat, supply=amount - tax_free - vat)
