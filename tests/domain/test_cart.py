"""The cart: totals with their tax-free and VAT parts, the order's name and each line's number,
and a line as typed checked field by field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.cart import (
    MAX_QUANTITY,
    Cart,
    CartLine,
    LineProblems,
    parse_cart_line,
)
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.money import MAX_AMOUNT_KRW

BEANS = CartLine("원두 1kg", 1, 30_000)
DRIP = CartLine("드립백", 2, 6_000)
BOOK = CartLine("커피 책", 1, 15_000, tax_free=True)


def test_totals_tax_free_and_vat() -> None:
    cart = Cart((BEANS, DRIP, BOOK))
    assert cart.total == 57_000
    assert cart.tax_free == 15_000
    split = cart.vat
    assert (split.amount, split.tax_free) == (57_000, 15_000)
    assert split.vat == 3_818  # (57,000 - 15,000) / 11, rounded
    assert split.supply + split.vat + split.tax_free == 57_000


def test_the_order_is_named_after_its_first_product_and_counts_the_rest() -> None:
    assert Cart((BEANS,)).order_name() == "원두 1kg"
    assert Cart((BEANS, DRIP, BOOK)).order_name() == "원두 1kg 외 2건"
    assert Cart().order_name() == ""
    long_first = CartLine(
        "에티오피아 예가체프 G1 내추럴 워시드 싱글오리진 원두 1kg 홀빈", 1, 30_000
    )
    name = Cart((long_first, *[DRIP] * 11)).order_name()
    assert len(name) == 40 and name.endswith("… 외 11건")


@given(
    uid=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=40),
    lines=st.integers(min_value=1, max_value=120),
)
def test_each_line_has_its_own_number_within_40_characters(uid: str, lines: int) -> None:
    numbers = Cart((BEANS,) * lines).order_numbers(uid)
    assert len(numbers) == lines == len(set(numbers))
    assert all(len(number) <= 40 for number in numbers)
    assert all(number.endswith(f"_{place}") for place, number in enumerate(numbers, 1))


def test_long_uids_keep_their_end_so_two_orders_never_share_a_number() -> None:
    first, second = (
        "order-2026-12-03-shopA-00000000000000001",
        "order-2026-12-03-shopA-00000000000000002",
    )
    cart = Cart((BEANS, DRIP))
    assert set(cart.order_numbers(first)).isdisjoint(cart.order_numbers(second))


def test_a_line_as_typed_becomes_a_line_or_says_what_is_wrong_with_each_field() -> None:
    assert parse_cart_line(" 원두 1kg ", "2", "30,000") == CartLine("원두 1kg", 2, 30_000)
    assert parse_cart_line("책", "1", "15000", tax_free=True) == CartLine("책", 1, 15_000, True)
    assert parse_cart_line("", "", "") == LineProblems(
        InputError.PRODUCT_NAME_REQUIRED, InputError.QUANTITY_REQUIRED, InputError.AMOUNT_REQUIRED
    )
    assert parse_cart_line("가" * 41, "0", "abc") == LineProblems(
        InputError.PRODUCT_NAME_TOO_LONG, InputError.QUANTITY_INVALID, InputError.AMOUNT_FORMAT
    )
    too_many = parse_cart_line("원두", str(MAX_QUANTITY + 1), "1000")
    assert too_many == LineProblems(quantity=InputError.QUANTITY_INVALID)
    assert parse_cart_line("원두", "1.5", "1000") == LineProblems(
        quantity=InputError.QUANTITY_INVALID
    )
    assert not LineProblems()


def test_a_cart_to_pay_has_lines_and_stays_under_the_ceiling() -> None:
    assert Cart().check() == (InputError.CART_EMPTY,)
    assert Cart((CartLine("증정품", 1, 0),)).check() == (InputError.AMOUNT_NOT_POSITIVE,)
    assert Cart((BEANS,)).check() == ()
    assert Cart((CartLine("금괴", 2, MAX_AMOUNT_KRW),)).check() == (InputError.AMOUNT_TOO_LARGE,)
