"""Card expiry: typed as MM/YY (also MMYY, MM/YYYY, M/YY, or the API's YYYY-MM), sent as YYYY-MM.

A card is valid through the last day of its expiry month, so the current month is still good.
"Today" is always a parameter: rules never read the clock, which keeps them testable and lets the
caller decide the time zone (the merchant's, KST).

Two-digit years are read in the century that puts them nearest to today (`12/99` read in
2001 is December 1999, expired; read in 2080 it is December 2099, too far ahead). A date more
than `MAX_YEARS_AHEAD` years out is a typo: cards are issued for five years, a few for ten.
"""

from __future__ import annotations

import re
from datetime import date

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import VALID_CHECK, FieldCheck, InputStatus, Invalid, Ok, Result
from kcp_pos.domain.sensitive import SensitiveValue
from kcp_pos.domain.text_input import normalize_typed

MAX_YEARS_AHEAD = 20

_SEPARATOR = r"\s*[/\-.\s]\s*"
_MONTH_FIRST = re.compile(rf"(?P<month>[0-9]{{1,2}}){_SEPARATOR}(?P<year>[0-9]{{2}}|[0-9]{{4}})")
_MONTH_FIRST_COMPACT = re.compile(r"(?P<month>[0-9]{2})(?P<year>[0-9]{2}|[0-9]{4})")
_YEAR_FIRST = re.compile(rf"(?P<year>[0-9]{{4}}){_SEPARATOR}(?P<month>[0-9]{{1,2}})")


class CardExpiry(SensitiveValue):
    """A card's expiry month. Shows itself as `**/**`; `for_api()` gives `YYYY-MM`."""

    __slots__ = ("_month", "_year")

    def __init__(self, year: int, month: int) -> None:
        if not (1 <= month <= 12 and 1 <= year <= 9999):
            raise ValueError("not a valid expiry month")
        self._year = year
        self._month = month

    def for_api(self) -> str:
        """The `expiry` request field, `YYYY-MM`."""
        return f"{self._year:04d}-{self._month:02d}"

    def reveal_year_month(self) -> tuple[int, int]:
        return self._year, self._month

    @property
    def masked(self) -> str:
        return "**/**"

    def months_after(self, today: date) -> int:
        """How many months after today's month this expiry month is (negative: expired)."""
        return (self._year - today.year) * 12 + (self._month - today.month)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CardExpiry) and (other._year, other._month) == (
            self._year,
            self._month,
        )

    def __hash__(self) -> int:
        return hash((CardExpiry, self._year, self._month))


def expand_two_digit_year(yy: int, today: date) -> int:
    """The four-digit year ending in `yy` that is nearest to today's year."""
    this_century = today.year - today.year % 100 + yy
    candidates = (this_century - 100, this_century, this_century + 100)
    return min(candidates, key=lambda year: abs(year - today.year))


def _parse(text: str, today: date) -> tuple[int, int] | InputError:
    """(year, month) from the typed text, or a format error."""
    normalized = normalize_typed(text)
    if not normalized:
        return InputError.EXPIRY_REQUIRED
    match = (
        _YEAR_FIRST.fullmatch(normalized)
        or _MONTH_FIRST.fullmatch(normalized)
        or _MONTH_FIRST_COMPACT.fullmatch(normalized)
    )
    if match is None:
        return InputError.EXPIRY_FORMAT
    year_text = match["year"]
    year = int(year_text) if len(year_text) == 4 else expand_two_digit_year(int(year_text), today)
    return year, int(match["month"])


def validate_expiry(text: str, *, today: date) -> Result[CardExpiry]:
    """Typed expiry -> `CardExpiry`, or why not (format, month 01-12, expired, too far ahead)."""
    parsed = _parse(text, today)
    if isinstance(parsed, InputError):
        return Invalid(parsed)
    year, month = parsed
    if not 1 <= month <= 12:
        return Invalid(InputError.EXPIRY_MONTH)
    if year < 1:
        return Invalid(InputError.EXPIRY_EXPIRED)
    expiry = CardExpiry(year, month)
    months_ahead = expiry.months_after(today)
    if months_ahead < 0:
        return Invalid(InputError.EXPIRY_EXPIRED)
    if months_ahead > MAX_YEARS_AHEAD * 12:
        return Invalid(InputError.EXPIRY_TOO_FAR)
    return Ok(expiry)


def format_expiry_as_typed(text: str) -> str:
    """What the expiry field shows while typing: the slash appears once the year starts
    (`12` -> `12`, `122` -> `12/2`, `1227` -> `12/27`). Text with its own separator is kept."""
    normalized = normalize_typed(text)
    if not normalized.isascii() or not normalized.isdigit() or len(normalized) <= 2:
        return normalized
    return f"{normalized[:2]}/{normalized[2:]}"


_PARTIAL_SEPARATED = re.compile(rf"(?P<month>[0-9]{{1,2}})(?:{_SEPARATOR}[0-9]{{0,3}})?")
_PARTIAL_COMPACT = re.compile(r"(?P<month>[0-9]{2})[0-9]{1,3}")


def _partial_check(normalized: str) -> FieldCheck:
    """For text that is not yet a well-formed expiry: can typing more still make it one?"""
    match = _PARTIAL_SEPARATED.fullmatch(normalized) or _PARTIAL_COMPACT.fullmatch(normalized)
    if match is None:
        return FieldCheck(InputStatus.INVALID, InputError.EXPIRY_FORMAT)
    month_text = match["month"]
    month_is_finished = len(month_text) == 2 or normalized != month_text
    if month_is_finished and not 1 <= int(month_text) <= 12:
        return FieldCheck(InputStatus.INVALID, InputError.EXPIRY_MONTH)
    return FieldCheck(InputStatus.INCOMPLETE, InputError.EXPIRY_FORMAT)


def check_expiry_as_typed(text: str, *, today: date) -> FieldCheck:
    """EMPTY, INCOMPLETE (`1`, `12`, `12/`, `12/2`, and `12/20` while it may become `12/2030`),
    VALID or INVALID (bad characters, month 13, expired, too far ahead)."""
    result = validate_expiry(text, today=today)
    if isinstance(result, Ok):
        return VALID_CHECK
    error = result.error
    normalized = normalize_typed(text)
    if error is InputError.EXPIRY_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, error)
    if error is InputError.EXPIRY_FORMAT:
        return _partial_check(normalized)
    if error in (InputError.EXPIRY_EXPIRED, InputError.EXPIRY_TOO_FAR) and _year_may_grow(
        normalized, today
    ):
        # `12/20` is December 2020, or the first half of `12/2030`.
        return FieldCheck(InputStatus.INCOMPLETE, error)
    return FieldCheck(InputStatus.INVALID, error)


def _year_may_grow(normalized: str, today: date) -> bool:
    century = f"{today.year // 100:02d}"
    match = _MONTH_FIRST.fullmatch(normalized) or _MONTH_FIRST_COMPACT.fullmatch(normalized)
    return match is not None and match["year"] == century
