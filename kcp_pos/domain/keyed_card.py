"""`KeyedCard`: one card as dictated over the phone, validated and ready for one request.

It assembles the validated number, expiry, birth date or business number, and PIN digits, gives
the request fields in the API's formats, and otherwise shows only masked forms. Build it with
`validate_keyed_card`, which checks every field and reports every wrong field at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NotRequired, TypedDict

from kcp_pos.domain.card_expiry import CardExpiry, validate_expiry
from kcp_pos.domain.card_issuers import CardIssuer
from kcp_pos.domain.card_number import CardNumber, validate_card_number
from kcp_pos.domain.card_owner import BirthDate, BusinessNumber, validate_card_owner
from kcp_pos.domain.card_pin import CardPin2, validate_pwd_2digit
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import Invalid, Ok


class CardField(StrEnum):
    """The card inputs of the keyed-entry form, named as the API names them."""

    CARD_NUMBER = "card_number"
    EXPIRY = "expiry"
    BIRTH = "birth"  # birth date, or business registration number for corporate cards
    PWD_2DIGIT = "pwd_2digit"


class CardApiFields(TypedDict):
    """The card part of an `onetime` or billing-key request body, in the API's formats."""

    card_number: str  # dddd-dddd-dddd-dddd
    expiry: str  # YYYY-MM
    birth: str  # YYMMDD, or ten BRN digits
    pwd_2digit: NotRequired[str]


@dataclass(frozen=True, slots=True, repr=False)
class KeyedCard:
    number: CardNumber
    expiry: CardExpiry
    owner: BirthDate | BusinessNumber
    pwd_2digit: CardPin2 | None = None

    def api_fields(self) -> CardApiFields:
        """The request fields. Reveals card data: pass straight into the request model."""
        fields = CardApiFields(
            card_number=self.number.for_api(),
            expiry=self.expiry.for_api(),
            birth=self.owner.for_api(),
        )
        if self.pwd_2digit is not None:
            fields["pwd_2digit"] = self.pwd_2digit.for_api()
        return fields

    @property
    def masked(self) -> str:
        """KCP style, `5570420000007221`: the only form of the number that may be stored."""
        return self.number.masked_kcp

    @property
    def masked_display(self) -> str:
        """For people: `5570-42**-****-7221`."""
        return self.number.masked

    @property
    def last4(self) -> str:
        return self.number.last4

    @property
    def issuer(self) -> CardIssuer | None:
        return self.number.issuer

    @property
    def brand(self) -> str | None:
        return self.number.brand

    @property
    def is_corporate(self) -> bool:
        return isinstance(self.owner, BusinessNumber)

    def __repr__(self) -> str:
        return f"KeyedCard({self.masked_display!r})"

    def __str__(self) -> str:
        return self.masked_display


@dataclass(frozen=True, slots=True)
class InvalidFields:
    """Every card field that is wrong, with its error. Never empty."""

    errors: dict[CardField, InputError]


def validate_keyed_card(
    *,
    card_number: str,
    expiry: str,
    birth: str,
    pwd_2digit: str,
    corporate: bool,
    pwd_required: bool,
    today: date,
) -> Ok[KeyedCard] | InvalidFields:
    """All card inputs as typed -> a `KeyedCard`, or the error of each wrong field.

    `birth` is the birth date (YYMMDD) or, with `corporate`, the business registration number.
    """
    number = validate_card_number(card_number)
    expiry_result = validate_expiry(expiry, today=today)
    owner = validate_card_owner(birth, corporate=corporate, today=today)
    pin = validate_pwd_2digit(pwd_2digit, required=pwd_required)
    errors: dict[CardField, InputError] = {}
    if isinstance(number, Invalid):
        errors[CardField.CARD_NUMBER] = number.error
    if isinstance(expiry_result, Invalid):
        errors[CardField.EXPIRY] = expiry_result.error
    if isinstance(owner, Invalid):
        errors[CardField.BIRTH] = owner.error
    if isinstance(pin, Invalid):
        errors[CardField.PWD_2DIGIT] = pin.error
    if (
        isinstance(number, Invalid)
        or isinstance(expiry_result, Invalid)
        or isinstance(owner, Invalid)
        or isinstance(pin, Invalid)
    ):
        return InvalidFields(errors)
    return Ok(KeyedCard(number.value, expiry_result.value, owner.value, pin.value))
