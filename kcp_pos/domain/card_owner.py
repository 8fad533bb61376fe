"""The card owner's check value for key-in: a birth date (YYMMDD) for personal cards, or the
10-digit business registration number (사업자등록번호) for corporate cards (reference §10.2).

Birth century: a six-digit date can be 19YY or 20YY. We take 20YY unless that date would be after
today, in which case 19YY. This is "YY greater than this year's two digits means 1900s" refined
for the current year, and it means a birth date is never in the future by construction. Feb 29
is checked against the inferred year.

BRN check digit (국세청 algorithm): weights 1,3,7,1,3,7,1,3,5 over the first nine digits, plus
floor(ninth digit × 5 / 10); check = (10 − sum mod 10) mod 10.
"""

from __future__ import annotations

from datetime import date

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import VALID_CHECK, FieldCheck, InputStatus, Invalid, Ok, Result
from kcp_pos.domain.sensitive import SensitiveValue
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed

BIRTH_DIGITS = 6
BRN_DIGITS = 10
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_BIRTH_SEPARATORS = " -./"
_BRN_SEPARATORS = " -"


class BirthDate(SensitiveValue):
    """A cardholder's birth date. Shows itself as `******`; `for_api()` gives `YYMMDD`."""

    __slots__ = ("_date",)

    def __init__(self, value: date) -> None:
        self._date = value

    def for_api(self) -> str:
        """The `birth` request field, `YYMMDD`."""
        return self._date.strftime("%y%m%d")

    def reveal_date(self) -> date:
        return self._date

    @property
    def masked(self) -> str:
        return "*" * BIRTH_DIGITS

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BirthDate) and other._date == self._date

    def __hash__(self) -> int:
        return hash((BirthDate, self._date))


def business_number_check_digit(first_nine: str) -> int:
    """The tenth digit of a business registration number whose first nine digits are given."""
    if len(first_nine) != 9 or not is_ascii_digits(first_nine):
        raise ValueError("need the first nine digits")
    digits = [int(ch) for ch in first_nine]
    total = sum(digit * weight for digit, weight in zip(digits, _BRN_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def format_business_number(text: str) -> str:
    """The digits of `text` grouped as `123-45-67890` (as far as they go while typing: `12345`
    -> `123-45`); `124-81-00998` stays as it is and an empty text stays empty."""
    digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
    return "-".join(part for part in (digits[:3], digits[3:5], digits[5:]) if part)


class BusinessNumber(SensitiveValue):
    """A business registration number with a valid check digit. Shows itself as `***-**-*****`;
    `for_api()` gives the ten digits."""

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        if _business_number_error(digits) is not None:
            raise ValueError("not a valid business registration number")
        self._digits = digits

    def for_api(self) -> str:
        """The `birth` request field for corporate cards: ten digits, no dashes."""
        return self._digits

    def reveal_formatted(self) -> str:
        """`123-45-67890`."""
        return format_business_number(self._digits)

    @property
    def masked(self) -> str:
        return "***-**-*****"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BusinessNumber) and other._digits == self._digits

    def __hash__(self) -> int:
        return hash((BusinessNumber, self._digits))


def _scan_digits(text: str, separators: str) -> str | None:
    """The ASCII digits of `text` when everything else is an allowed separator, else None."""
    kept = []
    for ch in normalize_typed(text):
        if "0" <= ch <= "9":
            kept.append(ch)
        elif ch not in separators:
            return None
    return "".join(kept)


def _business_number_error(digits: str) -> InputError | None:
    if len(digits) != BRN_DIGITS or not is_ascii_digits(digits):
        return InputError.BRN_FORMAT
    if business_number_check_digit(digits[:9]) != int(digits[9]):
        return InputError.BRN_CHECK_DIGIT
    return None


def infer_birth_date(yymmdd: str, *, today: date) -> date | None:
    """The date six digits mean as a birth date (see the module docstring), or None if no such
    day exists (month 13, Feb 30, Feb 29 of a common year)."""
    yy, mm, dd = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    this_century = today.year - today.year % 100
    not_after_today = (yy, mm, dd) <= (today.year % 100, today.month, today.day)
    year = this_century + yy if not_after_today else this_century - 100 + yy
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def validate_birth(text: str, *, today: date) -> Result[BirthDate]:
    """`YYMMDD` (spaces, dashes, dots allowed between) -> `BirthDate`, or why not."""
    if not normalize_typed(text):
        return Invalid(InputError.BIRTH_REQUIRED)
    digits = _scan_digits(text, _BIRTH_SEPARATORS)
    if digits is None or len(digits) != BIRTH_DIGITS:
        return Invalid(InputError.BIRTH_FORMAT)
    born = infer_birth_date(digits, today=today)
    if born is None:
        return Invalid(InputError.BIRTH_NOT_A_DATE)
    return Ok(BirthDate(born))


def validate_business_number(text: str) -> Result[BusinessNumber]:
    """Ten digits (`123-45-67890` formatting allowed) with a valid check digit."""
    if not normalize_typed(text):
        return Invalid(InputError.BRN_REQUIRED)
    digits = _scan_digits(text, _BRN_SEPARATORS)
    if digits is None:
        return Invalid(InputError.BRN_FORMAT)
    error = _business_number_error(digits)
    if error is not None:
        return Invalid(error)
    return Ok(BusinessNumber(digits))


def validate_card_owner(
    text: str, *, corporate: bool, today: date
) -> Result[BirthDate | BusinessNumber]:
    """The `birth` field: a birth date, or for a corporate card (the UI's 법인카드 toggle) a BRN."""
    if corporate:
        return validate_business_number(text)
    return validate_birth(text, today=today)


def check_birth_as_typed(text: str, *, today: date) -> FieldCheck:
    """INCOMPLETE below six digits unless the month typed so far is already impossible."""
    result = validate_birth(text, today=today)
    if isinstance(result, Ok):
        return VALID_CHECK
    if result.error is InputError.BIRTH_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, result.error)
    digits = _scan_digits(text, _BIRTH_SEPARATORS)
    if digits is not None and len(digits) < BIRTH_DIGITS:
        month = digits[2:4]
        if len(month) == 2 and not 1 <= int(month) <= 12:
            return FieldCheck(InputStatus.INVALID, InputError.BIRTH_NOT_A_DATE)
        return FieldCheck(InputStatus.INCOMPLETE, result.error)
    return FieldCheck(InputStatus.INVALID, result.error)


def check_business_number_as_typed(text: str) -> FieldCheck:
    result = validate_business_number(text)
    if isinstance(result, Ok):
        return VALID_CHECK
    if result.error is InputError.BRN_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, result.error)
    digits = _scan_digits(text, _BRN_SEPARATORS)
    if digits is not None and len(digits) < BRN_DIGITS:
        return FieldCheck(InputStatus.INCOMPLETE, result.error)
    return FieldCheck(InputStatus.INVALID, result.error)


def check_card_owner_as_typed(text: str, *, corporate: bool, today: date) -> FieldCheck:
    if corporate:
        return check_business_number_as_typed(text)
    return check_birth_as_typed(text, today=today)


def format_business_number_as_typed(text: str) -> str:
    """What the BRN field shows while typing: `123`, `123-4`, `123-45-678`."""
    digits = _scan_digits(text, _BRN_SEPARATORS)
    return normalize_typed(text) if digits is None else format_business_number(digits)
