"""`pwd_2digit`: the first two digits of the card PIN.

Whether KCP requires it depends on the merchant's contract (reference §10.2, UNCONFIRMED), so
`required` is a merchant setting the caller passes in.
"""

from __future__ import annotations

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import VALID_CHECK, FieldCheck, InputStatus, Invalid, Ok, Result
from kcp_pos.domain.sensitive import SensitiveValue
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed

PIN_DIGITS = 2


class CardPin2(SensitiveValue):
    """Two PIN digits. Shows itself as `**`; `for_api()` gives the digits."""

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        if len(digits) != PIN_DIGITS or not is_ascii_digits(digits):
            raise ValueError("pwd_2digit must be two digits")
        self._digits = digits

    def for_api(self) -> str:
        """The `pwd_2digit` request field."""
        return self._digits

    @property
    def masked(self) -> str:
        return "*" * PIN_DIGITS

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CardPin2) and other._digits == self._digits

    def __hash__(self) -> int:
        return hash((CardPin2, self._digits))


def validate_pwd_2digit(text: str, *, required: bool) -> Result[CardPin2 | None]:
    """Exactly two digits; empty is `Ok(None)` unless the merchant requires it."""
    normalized = normalize_typed(text)
    if not normalized:
        return Invalid(InputError.PWD_2DIGIT_REQUIRED) if required else Ok(None)
    if len(normalized) != PIN_DIGITS or not is_ascii_digits(normalized):
        return Invalid(InputError.PWD_2DIGIT_FORMAT)
    return Ok(CardPin2(normalized))


def check_pwd_2digit_as_typed(text: str, *, required: bool) -> FieldCheck:
    result = validate_pwd_2digit(text, required=required)
    if isinstance(result, Ok):
        return VALID_CHECK
    if result.error is InputError.PWD_2DIGIT_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, result.error)
    normalized = normalize_typed(text)
    if len(normalized) < PIN_DIGITS and is_ascii_digits(normalized):
        return FieldCheck(InputStatus.INCOMPLETE, result.error)
    return FieldCheck(InputStatus.INVALID, result.error)
