"""From a cart to `IMP.request_pay`'s parameters (issue 10): the order checked the way the
terminal checks one (amounts, installments, the buyer's name, phone and e-mail), then the
window's parameter object built from it (`iamport/window.RequestPayParams`).

What a clerk can get wrong is reported as `InputError`s (`InvalidOrder`), in the clerk's
language, before any window opens. The parameter model's own refusal after those checks would be
a defect (`RequestNotBuilt`, naming the fields only).

An escrow cart sends every line as a `kcpProducts` item: its `orderNumber` (`Cart.order_numbers`),
name, quantity and the line's amount (quantity times unit price). PortOne does not check the
items' amounts against the order's (reference §9); the cart's lines always add up to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from kcp_pos.domain.cart import Cart
from kcp_pos.domain.email import validate_buyer_email
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import offered_months_error
from kcp_pos.domain.language import Language
from kcp_pos.domain.merchant_uid import MERCHANT_UID_MAX_LENGTH, validate_uid
from kcp_pos.domain.names import clean_text, validate_buyer_name
from kcp_pos.domain.phone import validate_buyer_tel
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed
from kcp_pos.iamport.window import (
    ALL_CARDS,
    SHOP_USER_ID_MAX_BYTES,
    Bypass,
    CardDetail,
    CardDirect,
    CardOptions,
    DisplayOptions,
    KcpProduct,
    RequestPayParams,
    WindowPayMethod,
    pay_method_errors,
)
from kcp_pos.services.money_call import InvalidOrder, Problems, RequestNotBuilt

POSTCODE_DIGITS = 5
"""Korean postcodes (우편번호) have had five digits since 2015."""


@dataclass(frozen=True, slots=True)
class WindowBuyer:
    """The buyer's fields as typed (all optional)."""

    name: str = ""
    tel: str = ""
    email: str = ""
    addr: str = ""
    postcode: str = ""


@dataclass(frozen=True, slots=True)
class WindowOptions:
    """What the window offers for this order (the NHN KCP guide's options)."""

    pay_method: WindowPayMethod = WindowPayMethod.CARD
    escrow: bool = False
    offered_months: tuple[int, ...] | None = None
    """`display.card_quota`: the installment months offered; `()` a lump sum only; None: the
    window's own choice."""
    direct_card: str | None = None
    """`card.direct.code`: open this card company's window directly (a code from `GET /cards`)."""
    direct_months: int = 0
    only_cards: tuple[str, ...] = ()
    """`card.detail`: offer only these card companies (empty: all)."""
    app_card_only: bool = False
    language: Language = Language.KO
    shop_user_id: str | None = None
    """`bypass.shop_user_id`, which a gift certificate needs."""


def window_params(
    cart: Cart, *, merchant_uid: str, pg: str, buyer: WindowBuyer, options: WindowOptions
) -> RequestPayParams:
    """The parameters of `IMP.request_pay` for this cart, or `InvalidOrder` with every problem."""
    problems = Problems()
    for error in cart.check():
        problems.need(False, error)
    problems.take(validate_uid(merchant_uid, max_length=MERCHANT_UID_MAX_LENGTH))
    _check_months(problems, cart.total, options)
    name = problems.take(validate_buyer_name(buyer.name))
    tel = problems.take(validate_buyer_tel(buyer.tel))
    email = problems.take(validate_buyer_email(buyer.email))
    postcode = normalize_typed(buyer.postcode)
    problems.need(
        not postcode or (len(postcode) == POSTCODE_DIGITS and is_ascii_digits(postcode)),
        InputError.POSTCODE_FORMAT,
    )
    addr = clean_text(buyer.addr)
    problems.need(addr is not None, InputError.TEXT_CONTROL_CHARACTERS)
    _check_pay_method(problems, options)
    if problems.found:
        raise InvalidOrder(problems.found)
    try:
        return RequestPayParams(
            pg=pg,
            pay_method=options.pay_method,
            merchant_uid=merchant_uid,
            name=cart.order_name(),
            amount=cart.total,
            tax_free=cart.tax_free or None,
            buyer_name=name,
            buyer_tel=tel,
            buyer_email=email,
            buyer_addr=addr or None,
            buyer_postcode=postcode or None,
            language=options.language.value,
            escrow=options.escrow or None,
            kcpProducts=_products(cart, merchant_uid) if options.escrow else None,
            display=_display(options),
            card=_card(options),
            appCard=options.app_card_only or None,
            bypass=Bypass(shop_user_id=options.shop_user_id.strip())
            if options.shop_user_id and options.shop_user_id.strip()
            else None,
        )
    except ValidationError as error:
        raise RequestNotBuilt(error) from None


def _check_pay_method(problems: Problems, options: WindowOptions) -> None:
    found = pay_method_errors(
        options.pay_method, escrow=options.escrow, shop_user_id=options.shop_user_id
    )
    for error in found:
        problems.need(False, error)


def _check_months(problems: Problems, amount: int, options: WindowOptions) -> None:
    months = [*(options.offered_months or ())]
    if options.direct_card is not None and options.direct_months:
        months.append(options.direct_months)
    error = offered_months_error(months, amount)
    if error is not None:
        problems.need(False, error)


def _products(cart: Cart, merchant_uid: str) -> list[KcpProduct]:
    numbers = cart.order_numbers(merchant_uid)
    return [
        KcpProduct(orderNumber=number, name=line.name, quantity=line.quantity, amount=line.total)
        for number, line in zip(numbers, cart.lines, strict=True)
    ]


def _display(options: WindowOptions) -> DisplayOptions | None:
    if options.offered_months is None:
        return None
    return DisplayOptions(card_quota=list(options.offered_months))


def _card(options: WindowOptions) -> CardOptions | None:
    direct = None
    if options.direct_card is not None:
        direct = CardDirect(code=options.direct_card, quota=options.direct_months)
    detail = None
    if options.only_cards:
        detail = [CardDetail(card_code=ALL_CARDS, enabled=False)]
        detail += [CardDetail(card_code=code, enabled=True) for code in options.only_cards]
    if direct is None and detail is None:
        return None
    return CardOptions(direct=direct, detail=detail)


def shop_user_id_of(customer_uid: str) -> str:
    """The buyer's ID at the gift-certificate site (`bypass.shop_user_id`, at most 20 bytes),
    taken from the customer: the random part of the app's `cust_…` id (stable and unique per
    customer), else the id's last 20 characters."""
    tail = customer_uid.rsplit("_", 1)[-1]
    chosen = tail if 0 < len(tail.encode()) <= SHOP_USER_ID_MAX_BYTES else customer_uid[-20:]
    while len(chosen.encode()) > SHOP_USER_ID_MAX_BYTES:
        chosen = chosen[1:]
    return chosen
