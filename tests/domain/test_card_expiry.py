"""Expiry: formats, month boundaries, expired, too far ahead, the as-you-type check."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.card_expiry import (
    MAX_YEARS_AHEAD,
    CardExpiry,
    check_expiry_as_typed,
    format_expiry_as_typed,
    validate_expiry,
)
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import InputStatus, Invalid, Ok
from tests.domain.strategies import todays

TODAY = date(2025, 3, 15)


def add_months(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + (today.month - 1) + months
    return index // 12, index % 12 + 1


def typed_forms(year: int, month: int) -> list[str]:
    yy = f"{year % 100:02d}"
    forms = [f"{month:02d}/{yy}", f"{month:02d}{yy}", f"{month:02d}/{year}", f"{month:02d} / {yy}"]
    forms += [f"{month:02d}{year}", f"{year}-{month:02d}", f"{month}/{yy}", f"{month:02d}-{yy}"]
    return forms


@given(todays, st.integers(0, MAX_YEARS_AHEAD * 12))
def test_months_from_now_to_the_limit_are_accepted_in_every_form(today: date, ahead: int) -> None:
    year, month = add_months(today, ahead)
    for typed in typed_forms(year, month):
        result = validate_expiry(typed, today=today)
        assert isinstance(result, Ok), typed
        assert result.value.for_api() == f"{year:04d}-{month:02d}"
        assert result.value.reveal_year_month() == (year, month)


@given(todays, st.integers(1, 49 * 12))
def test_past_months_are_expired(today: date, behind: int) -> None:
    year, month = add_months(today, -behind)
    for typed in typed_forms(year, month):
        assert validate_expiry(typed, today=today) == Invalid(InputError.EXPIRY_EXPIRED), typed


@given(todays, st.integers(MAX_YEARS_AHEAD * 12 + 1, 49 * 12))
def test_months_beyond_the_limit_are_too_far(today: date, ahead: int) -> None:
    year, month = add_months(today, ahead)
    for typed in typed_forms(year, month):
        assert validate_expiry(typed, today=today) == Invalid(InputError.EXPIRY_TOO_FAR), typed


@given(todays, st.sampled_from([0, *range(13, 100)]), st.integers(0, 99))
def test_months_outside_01_to_12_are_rejected(today: date, month: int, yy: int) -> None:
    for typed in (f"{month:02d}/{yy:02d}", f"{month:02d}{yy:02d}", f"{month:02d}/20{yy:02d}"):
        assert validate_expiry(typed, today=today) == Invalid(InputError.EXPIRY_MONTH), typed


@given(todays)
def test_the_current_month_is_valid_and_the_previous_is_not(today: date) -> None:
    assert isinstance(validate_expiry(f"{today.month:02d}/{today.year}", today=today), Ok)
    year, month = add_months(today, -1)
    assert validate_expiry(f"{month:02d}/{year}", today=today) == Invalid(InputError.EXPIRY_EXPIRED)


@given(todays, st.integers(0, MAX_YEARS_AHEAD * 12))
def test_while_typing_a_valid_expiry_it_is_never_called_wrong(today: date, ahead: int) -> None:
    year, month = add_months(today, ahead)
    for typed in (f"{month:02d}/{year % 100:02d}", f"{month:02d}/{year}", f"{month:02d}{year}"):
        for end in range(len(typed)):
            check = check_expiry_as_typed(typed[:end], today=today)
            assert check.status is not InputStatus.INVALID, typed[:end]
        assert check_expiry_as_typed(typed, today=today).status is InputStatus.VALID


@given(todays, st.integers(0, 99), st.integers(1, 12))
def test_as_typed_formatting_round_trips(today: date, yy: int, month: int) -> None:
    compact = f"{month:02d}{yy:02d}"
    shown = format_expiry_as_typed(compact)
    assert shown == f"{month:02d}/{yy:02d}"
    assert validate_expiry(shown, today=today) == validate_expiry(compact, today=today)


@pytest.mark.parametrize(
    ("text", "status", "error"),
    [
        ("", InputStatus.EMPTY, InputError.EXPIRY_REQUIRED),
        ("1", InputStatus.INCOMPLETE, InputError.EXPIRY_FORMAT),
        ("12/", InputStatus.INCOMPLETE, InputError.EXPIRY_FORMAT),
        ("13", InputStatus.INVALID, InputError.EXPIRY_MONTH),
        ("00/", InputStatus.INVALID, InputError.EXPIRY_MONTH),
        ("12/24", InputStatus.INVALID, InputError.EXPIRY_EXPIRED),
        ("12/20", InputStatus.INCOMPLETE, InputError.EXPIRY_EXPIRED),  # maybe 12/2030
        ("ab/cd", InputStatus.INVALID, InputError.EXPIRY_FORMAT),
        ("12/2027/1", InputStatus.INVALID, InputError.EXPIRY_FORMAT),
        ("03/25", InputStatus.VALID, None),
    ],
)
def test_as_typed_examples(text: str, status: InputStatus, error: InputError | None) -> None:
    check = check_expiry_as_typed(text, today=TODAY)
    assert (check.status, check.error) == (status, error)


@pytest.mark.parametrize(
    ("text", "api"),
    [("12/27", "2027-12"), ("1227", "2027-12"), ("3/30", "2030-03"), ("０５／２９", "2029-05")],
)
def test_known_expiries(text: str, api: str) -> None:
    result = validate_expiry(text, today=TODAY)
    assert isinstance(result, Ok)
    assert result.value.for_api() == api


@pytest.mark.parametrize("text", ["12", "1/2/27", "12/2", "12/027", "2027", "december"])
def test_malformed_expiries(text: str) -> None:
    result = validate_expiry(text, today=TODAY)
    assert isinstance(result, Invalid)
    assert result.error in (InputError.EXPIRY_FORMAT, InputError.EXPIRY_MONTH)


def test_repr_hides_the_expiry() -> None:
    expiry = CardExpiry(2027, 12)
    for shown in (repr(expiry), str(expiry), repr(Ok(expiry))):
        assert "27" not in shown and "12" not in shown
