"""pwd_2digit: exactly two digits; required or optional by merchant setting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.card_pin import CardPin2, check_pwd_2digit_as_typed, validate_pwd_2digit
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import InputStatus, Invalid, Ok
from tests.domain.strategies import DIGITS


@given(st.text(DIGITS, min_size=2, max_size=2), st.booleans())
def test_two_digits_are_accepted(digits: str, required: bool) -> None:
    result = validate_pwd_2digit(digits, required=required)
    assert isinstance(result, Ok) and result.value is not None
    assert result.value.for_api() == digits
    assert digits not in repr(result)


@given(st.text(min_size=1).filter(lambda t: not (len(t.strip()) == 2 and t.strip().isdigit())))
def test_anything_else_is_rejected(text: str) -> None:
    result = validate_pwd_2digit(text, required=True)
    assert isinstance(result, Invalid)
    assert result.error in (InputError.PWD_2DIGIT_FORMAT, InputError.PWD_2DIGIT_REQUIRED)


def test_empty_depends_on_the_merchant_setting() -> None:
    assert validate_pwd_2digit("", required=False) == Ok(None)
    assert validate_pwd_2digit(" ", required=True) == Invalid(InputError.PWD_2DIGIT_REQUIRED)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", InputStatus.EMPTY),
        ("1", InputStatus.INCOMPLETE),
        ("12", InputStatus.VALID),
        ("123", InputStatus.INVALID),
        ("a", InputStatus.INVALID),
    ],
)
def test_as_typed(text: str, status: InputStatus) -> None:
    assert check_pwd_2digit_as_typed(text, required=True).status is status


def test_pin_cannot_be_built_from_bad_digits() -> None:
    with pytest.raises(ValueError):
        CardPin2("1")
