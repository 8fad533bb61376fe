"""Card number validation, grouping, hints and the as-you-type check."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kcp_pos.domain.card_number import (
    CardNumber,
    card_hint,
    check_card_number_as_typed,
    digits_only,
    group_card_number,
    group_card_number_as_typed,
    luhn_check_digit,
    luhn_valid,
    mask_card_display,
    mask_kcp,
    validate_card_number,
)
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import InputStatus, Invalid, Ok
from tests.domain.strategies import DIGITS, card_numbers

KB_CARD = "557042123456722"
KB_CARD += luhn_check_digit(KB_CARD)


def reference_luhn(digits: str) -> bool:
    doubled = [
        sum(divmod(int(d) * 2, 10)) if i % 2 else int(d) for i, d in enumerate(reversed(digits))
    ]
    return sum(doubled) % 10 == 0


@given(st.text(DIGITS, min_size=1, max_size=25))
def test_luhn_matches_a_reference_implementation(digits: str) -> None:
    assert luhn_valid(digits) == reference_luhn(digits)


@given(card_numbers())
def test_generated_valid_numbers_are_accepted(digits: str) -> None:
    result = validate_card_number(digits)
    assert isinstance(result, Ok)
    assert result.value.reveal_digits() == digits


@given(card_numbers(), st.data())
def test_any_single_digit_change_is_rejected(digits: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(digits) - 1))
    replacement = data.draw(st.sampled_from(DIGITS.replace(digits[position], "")))
    changed = digits[:position] + replacement + digits[position + 1 :]
    assert isinstance(validate_card_number(changed), Invalid)


@given(card_numbers())
def test_a_dropped_digit_is_rejected(digits: str) -> None:
    assert isinstance(validate_card_number(digits[:-1]), Invalid)
    assert isinstance(validate_card_number(digits[1:]), Invalid)


@given(card_numbers(), st.lists(st.sampled_from([" ", "-", " - ", "  "]), max_size=20))
def test_spaces_and_dashes_are_tolerated(digits: str, separators: list[str]) -> None:
    typed = "".join(
        d + (separators[i] if i < len(separators) else "") for i, d in enumerate(digits)
    )
    result = validate_card_number(f"  {typed}  ")
    assert isinstance(result, Ok)
    assert result.value.reveal_digits() == digits


@given(card_numbers())
def test_api_form_round_trips_and_has_the_cards_groups(digits: str) -> None:
    card = CardNumber(digits)
    api = card.for_api()
    expected = {16: r"\d{4}-\d{4}-\d{4}-\d{4}", 15: r"\d{4}-\d{6}-\d{5}", 14: r"\d{4}-\d{6}-\d{4}"}
    assert re.fullmatch(expected[len(digits)], api)
    assert digits_only(api) == digits
    again = validate_card_number(api)
    assert isinstance(again, Ok) and again.value == card


@given(card_numbers())
def test_as_typed_grouping_is_fours_and_round_trips(digits: str) -> None:
    shown = group_card_number_as_typed(digits)
    assert all(len(group) == 4 for group in shown.split(" ")[:-1])
    assert digits_only(shown) == digits
    assert group_card_number_as_typed(shown) == shown


@given(card_numbers())
def test_every_prefix_while_typing_is_unfinished_not_wrong(digits: str) -> None:
    for end in range(len(digits)):
        check = check_card_number_as_typed(group_card_number_as_typed(digits[:end]))
        assert check.status is not InputStatus.INVALID
        assert check.status is not InputStatus.VALID or end >= 14
    assert check_card_number_as_typed(digits).status is InputStatus.VALID


@given(card_numbers(lengths=(16,)), st.text(DIGITS, min_size=1, max_size=3))
def test_too_many_digits_is_wrong_at_once(digits: str, extra: str) -> None:
    check = check_card_number_as_typed(digits + extra)
    assert check.status is InputStatus.INVALID
    assert check.error is InputError.CARD_NUMBER_LENGTH


@given(card_numbers(lengths=(16,)))
def test_a_full_length_number_failing_luhn_is_wrong_at_once(digits: str) -> None:
    broken = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    check = check_card_number_as_typed(broken)
    assert check.status is InputStatus.INVALID
    assert check.error is InputError.CARD_NUMBER_CHECKSUM


@given(st.text(min_size=1).filter(lambda t: any(c.isalpha() for c in t)))
def test_letters_are_rejected(text: str) -> None:
    result = validate_card_number(text)
    assert isinstance(result, Invalid)
    assert result.error in (
        InputError.CARD_NUMBER_INVALID_CHARACTERS,
        InputError.CARD_NUMBER_REQUIRED,
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", InputError.CARD_NUMBER_REQUIRED),
        ("   ", InputError.CARD_NUMBER_REQUIRED),
        ("5570-42ab", InputError.CARD_NUMBER_INVALID_CHARACTERS),
        ("5570.4212.3456.7221", InputError.CARD_NUMBER_INVALID_CHARACTERS),
        ("----", InputError.CARD_NUMBER_INVALID_CHARACTERS),
        ("4242 4242 4242", InputError.CARD_NUMBER_LENGTH),
        ("4242424242424242", None),
        ("4242424242424241", InputError.CARD_NUMBER_CHECKSUM),
        ("378282246310005", None),  # AMEX test number, 15 digits
        ("3782822463100050", InputError.CARD_NUMBER_LENGTH),  # AMEX can't have 16
        ("36148900647913", None),  # Diners, 14 digits
        ("424242424242426", InputError.CARD_NUMBER_LENGTH),  # 15 digits but not AMEX
    ],
)
def test_known_numbers(text: str, error: InputError | None) -> None:
    result = validate_card_number(text)
    if error is None:
        assert isinstance(result, Ok)
    else:
        assert result == Invalid(error)


def test_full_width_digits_from_an_ime_are_read() -> None:
    result = validate_card_number("４２４２　４２４２－４２４２－４２４２")
    assert isinstance(result, Ok)
    assert result.value.reveal_digits() == "4242424242424242"


def test_superscripts_do_not_crash_luhn() -> None:
    assert not luhn_valid("²²")
    assert digits_only("4²") == "42"


def test_kb_bin_gives_the_kb_hint() -> None:
    hint = card_hint("5570 42")
    assert hint.issuer is not None
    assert hint.issuer.code == "381"
    assert hint.issuer.name_ko == "KB국민카드"
    assert hint.brand == "Mastercard"
    assert hint.expected_length == 16
    assert card_hint("5570 4").issuer is None


def test_amex_hint_expects_fifteen_digits() -> None:
    assert card_hint("37").expected_length == 15
    assert card_hint("37").brand == "AMEX"


def test_kcp_mask_of_the_live_sample() -> None:
    assert mask_kcp("5570421234567221") == "5570420000007221"


def test_masks_of_a_valid_kb_card() -> None:
    card = CardNumber(KB_CARD)
    assert card.masked_kcp == "557042000000" + KB_CARD[-4:]
    assert card.masked == f"5570-42**-****-{KB_CARD[-4:]}"
    assert card.last4 == KB_CARD[-4:]
    assert card.issuer is not None and card.issuer.code == "381"


def test_display_masks_for_each_length() -> None:
    assert mask_card_display("4242424242424242") == "4242-42**-****-4242"
    assert mask_card_display("378282246310005") == "3782-82****-*0005"
    assert mask_card_display("36148900647913") == "3614-89****-7913"
    assert group_card_number("378282246310005") == "3782-822463-10005"
    assert group_card_number("36148900647913") == "3614-890064-7913"


@given(card_numbers())
def test_repr_and_str_never_show_the_digits(digits: str) -> None:
    card = CardNumber(digits)
    for shown in (repr(card), str(card), f"{card}", repr(Ok(card)), repr([card])):
        assert digits not in shown
        assert card.for_api() not in shown
        assert digits_only(shown) == digits[:6] + digits[-4:]


def test_constructing_an_invalid_card_number_fails_without_echoing_it() -> None:
    with pytest.raises(ValueError) as caught:
        CardNumber("4242424242424241")
    assert "4242" not in str(caught.value)


@given(card_numbers())
def test_equal_numbers_are_equal_values(digits: str) -> None:
    assume(len(digits) == 16)
    assert CardNumber(digits) == CardNumber(digits)
    assert len({CardNumber(digits), CardNumber(digits)}) == 1
