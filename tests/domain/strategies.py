"""Hypothesis strategies shared by the domain tests: card numbers, dates, BRNs."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from kcp_pos.domain.card_issuers import BIN_TABLE
from kcp_pos.domain.card_number import luhn_check_digit
from kcp_pos.domain.card_owner import business_number_check_digit

DIGITS = "0123456789"

# Prefixes per length, chosen so the brand rules give that length.
_PREFIXES_16 = st.one_of(
    st.sampled_from(sorted(BIN_TABLE)),
    st.sampled_from(["4", "51", "52", "53", "54", "55", "9", "35", "62"]),
)
_PREFIXES_15 = st.sampled_from(["34", "37"])
_PREFIXES_14 = st.sampled_from(["36", "38", "300", "305"])


@st.composite
def card_numbers(draw: st.DrawFn, lengths: tuple[int, ...] = (14, 15, 16)) -> str:
    """Luhn-valid card numbers of a length their brand allows."""
    length = draw(st.sampled_from(lengths))
    prefix = draw({16: _PREFIXES_16, 15: _PREFIXES_15, 14: _PREFIXES_14}[length])
    body_size = length - 1 - len(prefix)
    body = draw(st.text(DIGITS, min_size=body_size, max_size=body_size))
    partial = prefix + body
    return partial + luhn_check_digit(partial)


@st.composite
def business_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(st.text(DIGITS, min_size=9, max_size=9))
    return first_nine + str(business_number_check_digit(first_nine))


todays = st.dates(min_value=date(2001, 1, 1), max_value=date(2079, 12, 31))
