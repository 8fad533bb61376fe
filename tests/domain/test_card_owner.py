"""Birth dates (YYMMDD with century inference) and business registration numbers."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.card_owner import (
    BirthDate,
    BusinessNumber,
    business_number_check_digit,
    check_birth_as_typed,
    check_business_number_as_typed,
    format_business_number,
    format_business_number_as_typed,
    infer_birth_date,
    validate_birth,
    validate_business_number,
    validate_card_owner,
)
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import InputStatus, Invalid, Ok
from tests.domain.strategies import DIGITS, business_numbers, todays

TODAY = date(2025, 3, 15)


def reference_brn_check(first_nine: str) -> int:
    """The 국세청 rule written out differently: the 9th digit × 5 contributes both its digits."""
    weights = [1, 3, 7, 1, 3, 7, 1, 3]
    total = sum(int(d) * w for d, w in zip(first_nine[:8], weights, strict=True))
    tens, units = divmod(int(first_nine[8]) * 5, 10)
    total += tens + units
    return (10 - total % 10) % 10


@given(todays, st.integers(0, 36_500))
def test_birth_dates_of_the_last_century_are_accepted(today: date, days_ago: int) -> None:
    born = today - timedelta(days=days_ago)
    for typed in (born.strftime("%y%m%d"), born.strftime("%y-%m-%d"), born.strftime("%y.%m.%d")):
        result = validate_birth(typed, today=today)
        assert isinstance(result, Ok)
        assert result.value.reveal_date() == born
        assert result.value.for_api() == born.strftime("%y%m%d")


@given(todays, st.text(DIGITS, min_size=6, max_size=6))
def test_an_inferred_birth_date_is_never_in_the_future(today: date, digits: str) -> None:
    born = infer_birth_date(digits, today=today)
    if born is not None:
        assert today - timedelta(days=36_525) < born <= today


@given(todays, st.integers(0, 99), st.sampled_from([0, *range(13, 100)]), st.integers(1, 28))
def test_impossible_months_are_rejected(today: date, yy: int, month: int, day: int) -> None:
    typed = f"{yy:02d}{month:02d}{day:02d}"
    assert validate_birth(typed, today=today) == Invalid(InputError.BIRTH_NOT_A_DATE)


@given(todays, st.integers(0, 99), st.integers(1, 12), st.data())
def test_impossible_days_are_rejected(
    today: date, yy: int, month: int, data: st.DataObject
) -> None:
    year = infer_birth_date(f"{yy:02d}{month:02d}01", today=today)
    assert year is not None
    last_day = calendar.monthrange(year.year, month)[1]
    day = data.draw(st.sampled_from([0, *range(last_day + 1, 100)]))
    typed = f"{yy:02d}{month:02d}{day:02d}"
    assert validate_birth(typed, today=today) == Invalid(InputError.BIRTH_NOT_A_DATE)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("850315", date(1985, 3, 15)),
        ("000229", date(2000, 2, 29)),  # 2000 is a leap year
        ("960229", date(1996, 2, 29)),
        ("250315", date(2025, 3, 15)),  # today
        ("250316", date(1925, 3, 16)),  # tomorrow a century ago, not tomorrow
        ("991231", date(1999, 12, 31)),
    ],
)
def test_known_birth_dates(typed: str, expected: date) -> None:
    result = validate_birth(typed, today=TODAY)
    assert isinstance(result, Ok)
    assert result.value.reveal_date() == expected


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", InputError.BIRTH_REQUIRED),
        ("970229", InputError.BIRTH_NOT_A_DATE),  # 1997 is not a leap year
        ("250229", InputError.BIRTH_NOT_A_DATE),
        ("850230", InputError.BIRTH_NOT_A_DATE),
        ("851301", InputError.BIRTH_NOT_A_DATE),
        ("85031", InputError.BIRTH_FORMAT),
        ("8503150", InputError.BIRTH_FORMAT),
        ("19850315", InputError.BIRTH_FORMAT),
        ("85O315", InputError.BIRTH_FORMAT),
    ],
)
def test_invalid_birth_dates(typed: str, error: InputError) -> None:
    assert validate_birth(typed, today=TODAY) == Invalid(error)


@given(todays, st.integers(0, 36_500))
def test_typing_a_birth_date_is_never_called_wrong_early(today: date, days_ago: int) -> None:
    typed = (today - timedelta(days=days_ago)).strftime("%y%m%d")
    for end in range(6):
        assert check_birth_as_typed(typed[:end], today=today).status is not InputStatus.INVALID
    assert check_birth_as_typed(typed, today=today).status is InputStatus.VALID


def test_a_month_13_is_wrong_while_typing() -> None:
    assert check_birth_as_typed("8513", today=TODAY).status is InputStatus.INVALID


@given(st.text(DIGITS, min_size=9, max_size=9))
def test_brn_check_digit_matches_the_reference(first_nine: str) -> None:
    assert business_number_check_digit(first_nine) == reference_brn_check(first_nine)


@given(business_numbers())
def test_valid_brns_are_accepted_with_or_without_dashes(digits: str) -> None:
    for typed in (
        digits,
        format_business_number(digits),
        f" {digits[:3]} {digits[3:5]} {digits[5:]} ",
    ):
        result = validate_business_number(typed)
        assert isinstance(result, Ok)
        assert result.value.for_api() == digits
        assert result.value.reveal_formatted() == format_business_number(digits)


@given(business_numbers(), st.data())
def test_any_other_check_digit_is_rejected(digits: str, data: st.DataObject) -> None:
    wrong = data.draw(st.sampled_from(DIGITS.replace(digits[9], "")))
    typed = format_business_number(digits[:9] + wrong)
    assert validate_business_number(typed) == Invalid(InputError.BRN_CHECK_DIGIT)


@given(business_numbers())
def test_typing_a_brn_is_never_called_wrong_early(digits: str) -> None:
    formatted = format_business_number(digits)
    for end in range(len(formatted)):
        shown = format_business_number_as_typed(formatted[:end])
        assert check_business_number_as_typed(shown).status is not InputStatus.INVALID
    assert check_business_number_as_typed(formatted).status is InputStatus.VALID


# Public business numbers (NAVER, Samsung Electronics), checked by hand with the algorithm.
@pytest.mark.parametrize("brn", ["220-81-62517", "124-81-00998", "2208162517"])
def test_known_valid_brns(brn: str) -> None:
    assert isinstance(validate_business_number(brn), Ok)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", InputError.BRN_REQUIRED),
        ("220-81-62518", InputError.BRN_CHECK_DIGIT),
        ("220-81-6251", InputError.BRN_FORMAT),
        ("220-81-625170", InputError.BRN_FORMAT),
        ("220/81/62517", InputError.BRN_FORMAT),
    ],
)
def test_invalid_brns(typed: str, error: InputError) -> None:
    assert validate_business_number(typed) == Invalid(error)


def test_the_corporate_toggle_chooses_the_rule() -> None:
    personal = validate_card_owner("850315", corporate=False, today=TODAY)
    corporate = validate_card_owner("220-81-62517", corporate=True, today=TODAY)
    assert isinstance(personal, Ok) and isinstance(personal.value, BirthDate)
    assert isinstance(corporate, Ok) and isinstance(corporate.value, BusinessNumber)
    assert validate_card_owner("850315", corporate=True, today=TODAY) == Invalid(
        InputError.BRN_FORMAT
    )


def test_reprs_hide_birth_and_brn() -> None:
    birth = BirthDate(date(1985, 3, 15))
    brn = BusinessNumber("2208162517")
    for shown in (repr(birth), str(birth), repr(brn), str(brn), repr(Ok(brn))):
        assert not any(ch.isdigit() for ch in shown)
