"""buyer_tel normalisation and the name length rules."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.names import (
    BUYER_NAME_MAX_LENGTH,
    ORDER_NAME_MAX_LENGTH,
    validate_buyer_name,
    validate_order_name,
)
from kcp_pos.domain.phone import check_phone_as_typed, format_phone_as_typed, validate_buyer_tel
from kcp_pos.domain.result import InputStatus, Invalid, Ok

DIGITS = "0123456789"
mobile_numbers = st.text(DIGITS, min_size=8, max_size=8).map(lambda rest: "010" + rest)


@given(mobile_numbers)
def test_mobile_numbers_normalise_from_any_common_form(digits: str) -> None:
    expected = f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    for typed in (
        digits,
        expected,
        f"{digits[:3]} {digits[3:7]} {digits[7:]}",
        f"+82 {digits[1:]}",
    ):
        assert validate_buyer_tel(typed) == Ok(expected), typed


@given(mobile_numbers)
def test_typing_a_mobile_number_shows_it_grouped_and_never_wrong(digits: str) -> None:
    for end in range(1, len(digits)):
        shown = format_phone_as_typed(digits[:end])
        assert check_phone_as_typed(shown).status is not InputStatus.INVALID
        assert format_phone_as_typed(shown) == shown
    assert format_phone_as_typed(digits) == f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("021234567", "02-123-4567"),
        ("0212345678", "02-1234-5678"),
        ("031-123-4567", "031-123-4567"),
        ("0311234567", "031-123-4567"),
        ("07012345678", "070-1234-5678"),
        ("0111234567", "011-123-4567"),
        ("1588-1234", "1588-1234"),
        ("050512345678", "0505-1234-5678"),
        ("(02) 123-4567", "02-123-4567"),
    ],
)
def test_known_phone_numbers(typed: str, expected: str) -> None:
    assert validate_buyer_tel(typed) == Ok(expected)


@pytest.mark.parametrize(
    "typed",
    ["0101234567", "010123456789", "12345", "010-1234-567a", "+1 415 555 1234", "0901234567"],
)
def test_invalid_phone_numbers(typed: str) -> None:
    assert validate_buyer_tel(typed) == Invalid(InputError.PHONE_FORMAT)


@given(mobile_numbers)
def test_typing_an_international_number_is_never_wrong(digits: str) -> None:
    typed = f"+82 {digits[1:3]}-{digits[3:7]}-{digits[7:]}"
    for end in range(1, len(typed)):
        assert check_phone_as_typed(typed[:end]).status is not InputStatus.INVALID
        assert format_phone_as_typed(typed[:end]) == typed[:end].strip()
    assert validate_buyer_tel(typed) == Ok(f"{digits[:3]}-{digits[3:7]}-{digits[7:]}")


def test_empty_phone_depends_on_required() -> None:
    assert validate_buyer_tel("") == Ok(None)
    assert validate_buyer_tel("", required=True) == Invalid(InputError.PHONE_REQUIRED)


@given(st.text(st.characters(categories=("L", "N", "Zs")), max_size=40))
def test_names_are_accepted_exactly_up_to_their_limits(text: str) -> None:
    # The limit applies to what is sent: NFC may change the length (U+09DC decomposes).
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    for validate, limit, too_long in (
        (validate_buyer_name, BUYER_NAME_MAX_LENGTH, InputError.BUYER_NAME_TOO_LONG),
        (validate_order_name, ORDER_NAME_MAX_LENGTH, InputError.ORDER_NAME_TOO_LONG),
    ):
        result = validate(text)
        if not cleaned:
            assert result == Ok(None)
        elif len(cleaned) <= limit:
            assert isinstance(result, Ok) and result.value is not None
            assert len(result.value) <= limit
        else:
            assert result == Invalid(too_long)


def test_name_examples() -> None:
    assert validate_buyer_name("  홍   길동 ") == Ok("홍 길동")
    assert validate_buyer_name("가" * 16) == Ok("가" * 16)
    assert validate_buyer_name("가" * 17) == Invalid(InputError.BUYER_NAME_TOO_LONG)
    assert validate_buyer_name("", required=True) == Invalid(InputError.BUYER_NAME_REQUIRED)
    assert validate_order_name("", required=True) == Invalid(InputError.ORDER_NAME_REQUIRED)
    assert validate_order_name("a\u200bb") == Invalid(InputError.TEXT_CONTROL_CHARACTERS)
    assert validate_order_name("line\nbreak") == Ok("line break")
