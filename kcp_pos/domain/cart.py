"""A cart: product lines with a quantity and a unit price, their totals, and what an order made
from them is called and numbered (issue 10's escrow orders, `kcpProducts`).

Amounts are whole won. A line's total is its quantity times its unit price; a tax-free line
(면세: books, fresh food) counts into the order's `tax_free`, and VAT is that of the rest
(`money.split_vat`). The order's name is the first product's, with "외 N건" for the others,
cut to the 40 characters V1 keeps. Each line's `orderNumber` is the order's `merchant_uid` and
the line's place (`kcp_20261203…_1`), cut from the front of the uid so that it stays within 40
characters and the place is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.money import MAX_AMOUNT_KRW, VatSplit, parse_amount, split_vat
from kcp_pos.domain.names import ORDER_NAME_MAX_LENGTH, validate_product_name
from kcp_pos.domain.result import Invalid, Ok, Result
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed

MAX_QUANTITY = 9_999
ORDER_NUMBER_MAX_LENGTH = 40
_MORE_KO = " 외 {count}건"
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class CartLine:
    name: str
    quantity: int
    unit_price: int
    tax_free: bool = False

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True, slots=True)
class Cart:
    lines: tuple[CartLine, ...] = ()

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def tax_free(self) -> int:
        return sum(line.total for line in self.lines if line.tax_free)

    @property
    def vat(self) -> VatSplit:
        return split_vat(self.total, self.tax_free)

    def order_name(self) -> str:
        """`원두 1kg 외 2건`, at most 40 characters (the first name is cut, never the count)."""
        if not self.lines:
            return ""
        first = self.lines[0].name
        more = _MORE_KO.format(count=len(self.lines) - 1) if len(self.lines) > 1 else ""
        room = ORDER_NAME_MAX_LENGTH - len(more)
        if len(first) > room:
            first = first[: room - len(_ELLIPSIS)] + _ELLIPSIS
        return first + more

    def order_numbers(self, merchant_uid: str) -> tuple[str, ...]:
        """Each line's `orderNumber`: the uid and the line's place, within 40 characters."""
        numbers = []
        for place in range(1, len(self.lines) + 1):
            suffix = f"_{place}"
            numbers.append(merchant_uid[-(ORDER_NUMBER_MAX_LENGTH - len(suffix)) :] + suffix)
        return tuple(numbers)

    def check(self) -> tuple[InputError, ...]:
        """What keeps the cart from being paid: no lines, nothing to pay, or a total above the
        ceiling."""
        if not self.lines:
            return (InputError.CART_EMPTY,)
        if self.total <= 0:
            return (InputError.AMOUNT_NOT_POSITIVE,)
        if self.total > MAX_AMOUNT_KRW:
            return (InputError.AMOUNT_TOO_LARGE,)
        return ()


@dataclass(frozen=True, slots=True)
class LineProblems:
    name: InputError | None = None
    quantity: InputError | None = None
    unit_price: InputError | None = None

    def __bool__(self) -> bool:
        return any((self.name, self.quantity, self.unit_price))


def parse_cart_line(
    name: str, quantity: str, unit_price: str, *, tax_free: bool = False
) -> CartLine | LineProblems:
    """A line as typed, or the problem of each field (never quoting what was typed)."""
    checked_name = validate_product_name(name)
    checked_quantity = parse_quantity(quantity)
    checked_price = parse_amount(unit_price)
    if (
        isinstance(checked_name, Ok)
        and checked_name.value is not None
        and isinstance(checked_quantity, Ok)
        and isinstance(checked_price, Ok)
    ):
        return CartLine(checked_name.value, checked_quantity.value, checked_price.value, tax_free)
    return LineProblems(
        name=_error_of(checked_name),
        quantity=_error_of(checked_quantity),
        unit_price=_error_of(checked_price),
    )


def parse_quantity(text: str) -> Result[int]:
    """A whole number of items, 1 to `MAX_QUANTITY`."""
    typed = normalize_typed(text).replace(",", "")
    if not typed:
        return Invalid(InputError.QUANTITY_REQUIRED)
    if not is_ascii_digits(typed) or not 1 <= int(typed) <= MAX_QUANTITY:
        return Invalid(InputError.QUANTITY_INVALID)
    return Ok(int(typed))


def _error_of(result: Result[object]) -> InputError | None:
    return result.error if isinstance(result, Invalid) else None
