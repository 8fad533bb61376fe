"""KRW parsing and formatting, VAT split, tax-free validation."""

from __future__ import annotations

from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.money import (
    MAX_AMOUNT_KRW,
    check_amount_as_typed,
    format_krw,
    format_krw_for,
    group_thousands,
    parse_amount,
    parse_tax_free,
    regroup_amount_as_typed,
    split_vat,
    validate_amount,
    vat_for,
)
from kcp_pos.domain.result import InputStatus, Invalid, Ok

amounts = st.integers(1, MAX_AMOUNT_KRW)


@given(amounts)
def test_formatted_amounts_parse_back(amount: int) -> None:
    for shown in (
        format_krw(amount),
        format_krw(amount, symbol=True),
        group_thousands(amount),
        str(amount),
        f"  {amount:,} 원 ",
        f"￦{amount:,}",
        f"KRW {amount}",
    ):
        assert parse_amount(shown) == Ok(amount), shown


@given(amounts)
def test_regrouping_while_typing_is_stable(amount: int) -> None:
    shown = regroup_amount_as_typed(str(amount))
    assert shown == f"{amount:,}"
    assert regroup_amount_as_typed(shown) == shown
    assert check_amount_as_typed(shown).status is InputStatus.VALID


@given(st.integers(max_value=0))
def test_non_positive_amounts_are_rejected(amount: int) -> None:
    assert validate_amount(amount) == Invalid(InputError.AMOUNT_NOT_POSITIVE)
    assert parse_amount(f"{amount:,}") == Invalid(InputError.AMOUNT_NOT_POSITIVE)


@given(st.integers(MAX_AMOUNT_KRW + 1, 10**30))
def test_amounts_above_the_ceiling_are_rejected(amount: int) -> None:
    assert validate_amount(amount) == Invalid(InputError.AMOUNT_TOO_LARGE)
    assert parse_amount(f"{amount:,}") == Invalid(InputError.AMOUNT_TOO_LARGE)


@pytest.mark.parametrize("text", ["5만", "50000.5", "50,000.00", "abc", "--5", "5-0", "₩"])
def test_malformed_amounts_are_rejected(text: str) -> None:
    assert parse_amount(text) == Invalid(InputError.AMOUNT_FORMAT)
    assert check_amount_as_typed(text).status is InputStatus.INVALID


def test_empty_amount() -> None:
    assert parse_amount(" ") == Invalid(InputError.AMOUNT_REQUIRED)
    assert check_amount_as_typed("").status is InputStatus.EMPTY


def test_formatting_examples() -> None:
    assert format_krw(50_000) == "50,000원"
    assert format_krw(50_000, symbol=True) == "₩50,000"
    assert format_krw(-1_500) == "-1,500원"
    assert regroup_amount_as_typed("1234567") == "1,234,567"
    assert regroup_amount_as_typed("12a") == "12a"


def reference_vat(taxable: int) -> int:
    return floor(Fraction(taxable, 11) + Fraction(1, 2))


@given(st.integers(0, 10**15), st.data())
def test_vat_split_invariants(amount: int, data: st.DataObject) -> None:
    tax_free = data.draw(st.integers(0, amount))
    split = split_vat(amount, tax_free)
    assert split.vat + split.supply + split.tax_free == amount
    assert split.vat >= 0 and split.supply >= 0
    assert split.vat == reference_vat(amount - tax_free)
    assert split.supply >= 10 * split.vat - 10  # VAT is about a tenth of supply


@pytest.mark.parametrize(
    ("amount", "tax_free", "vat", "supply"),
    [
        (50_000, 0, 4_545, 45_455),
        (50_000, 10_000, 3_636, 36_364),
        (11, 0, 1, 10),
        (1, 0, 0, 1),
        (6, 0, 1, 5),
        (5, 0, 0, 5),
        (1_000, 1_000, 0, 0),
    ],
)
def test_vat_examples(amount: int, tax_free: int, vat: int, supply: int) -> None:
    split = split_vat(amount, tax_free)
    assert (split.vat, split.supply) == (vat, supply)


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_bad_tax_free_is_rejected(amount: int, excess: int) -> None:
    assert parse_tax_free(f"{amount + excess:,}", amount=amount) == Invalid(
        InputError.TAX_FREE_EXCEEDS_AMOUNT
    )
    assert parse_tax_free(f"-{excess}", amount=amount) == Invalid(InputError.TAX_FREE_NEGATIVE)
    with pytest.raises(ValueError):
        split_vat(amount, amount + excess)
    with pytest.raises(ValueError):
        split_vat(amount, -excess)


@given(amounts, st.data())
def test_tax_free_within_the_amount_is_accepted(amount: int, data: st.DataObject) -> None:
    tax_free = data.draw(st.integers(0, amount))
    assert parse_tax_free(format_krw(tax_free), amount=amount) == Ok(tax_free)
    assert parse_tax_free("", amount=amount) == Ok(0)
    assert parse_tax_free("x", amount=amount) == Invalid(InputError.TAX_FREE_FORMAT)


def test_vat_of_a_negative_amount_is_a_bug() -> None:
    with pytest.raises(ValueError):
        vat_for(-1)


def test_amounts_follow_the_ui_language() -> None:
    assert format_krw_for(55_000, "ko") == "55,000원"
    assert format_krw_for(55_000, "en") == "₩55,000"
