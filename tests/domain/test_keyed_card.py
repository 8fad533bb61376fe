"""KeyedCard: assembling validated fields, the API fields, masking, and never leaking digits."""

from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.card_expiry import CardExpiry
from kcp_pos.domain.card_number import CardNumber, digits_only, luhn_check_digit
from kcp_pos.domain.card_owner import BirthDate, BusinessNumber
from kcp_pos.domain.card_pin import CardPin2
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.keyed_card import CardField, InvalidFields, KeyedCard, validate_keyed_card
from kcp_pos.domain.result import Ok
from tests.domain.strategies import DIGITS, business_numbers, card_numbers

TODAY = date(2025, 3, 15)
KB_CARD = "557042123456722" + luhn_check_digit("557042123456722")


def keyed(**overrides: object) -> Ok[KeyedCard] | InvalidFields:
    fields: dict[str, object] = {
        "card_number": "5570 4212 3456 722" + KB_CARD[-1],
        "expiry": "12/27",
        "birth": "850315",
        "pwd_2digit": "12",
        "corporate": False,
        "pwd_required": False,
        "today": TODAY,
    }
    fields.update(overrides)
    return validate_keyed_card(**fields)  # type: ignore[arg-type]


def test_a_valid_card_gives_the_api_fields() -> None:
    result = keyed()
    assert isinstance(result, Ok)
    card = result.value
    assert card.api_fields() == {
        "card_number": f"5570-4212-3456-722{KB_CARD[-1]}",
        "expiry": "2027-12",
        "birth": "850315",
        "pwd_2digit": "12",
    }
    assert card.masked == f"557042000000722{KB_CARD[-1]}"
    assert card.masked_display == f"5570-42**-****-722{KB_CARD[-1]}"
    assert card.last4 == KB_CARD[-4:]
    assert card.issuer is not None and card.issuer.code == "381"
    assert card.brand == "Mastercard"
    assert not card.is_corporate


def test_pwd_2digit_is_left_out_when_not_given() -> None:
    result = keyed(pwd_2digit="")
    assert isinstance(result, Ok)
    assert "pwd_2digit" not in result.value.api_fields()


def test_a_corporate_card_sends_the_brn_as_birth() -> None:
    result = keyed(birth="220-81-62517", corporate=True)
    assert isinstance(result, Ok)
    assert result.value.is_corporate
    assert result.value.api_fields()["birth"] == "2208162517"


def test_every_wrong_field_is_reported_at_once() -> None:
    result = keyed(
        card_number="4242 4242 4242 4241",
        expiry="13/27",
        birth="850230",
        pwd_2digit="",
        pwd_required=True,
    )
    assert result == InvalidFields(
        {
            CardField.CARD_NUMBER: InputError.CARD_NUMBER_CHECKSUM,
            CardField.EXPIRY: InputError.EXPIRY_MONTH,
            CardField.BIRTH: InputError.BIRTH_NOT_A_DATE,
            CardField.PWD_2DIGIT: InputError.PWD_2DIGIT_REQUIRED,
        }
    )


def test_one_wrong_field_is_reported_alone() -> None:
    assert keyed(expiry="02/25") == InvalidFields({CardField.EXPIRY: InputError.EXPIRY_EXPIRED})


@given(
    card_numbers(),
    st.integers(0, 60),
    st.integers(0, 36_000),
    st.one_of(st.none(), st.text(DIGITS, min_size=2, max_size=2)),
    st.one_of(st.none(), business_numbers()),
)
def test_no_repr_or_str_shows_card_data(
    number: str, months: int, days: int, pin: str | None, brn: str | None
) -> None:
    year, month = divmod(TODAY.year * 12 + TODAY.month - 1 + months, 12)
    expiry = CardExpiry(year, month + 1)
    born = TODAY - timedelta(days=days)
    owner = BusinessNumber(brn) if brn else BirthDate(born)
    card = KeyedCard(CardNumber(number), expiry, owner, CardPin2(pin) if pin else None)
    secrets = [number, CardNumber(number).for_api(), expiry.for_api(), owner.for_api()]
    secrets += [f"{month + 1:02d}/{year % 100:02d}", born.isoformat()]
    shown = [repr(card), str(card), f"{card}", f"{card!r}", repr(Ok(card)), repr({"card": card})]
    shown += [repr(card.number), repr(card.expiry), repr(card.owner), repr(card.pwd_2digit)]
    for text in shown:
        for secret in secrets:
            assert secret not in text
        # the only digits shown are the first six and last four of the number
        shown_digits = digits_only(text.replace("CardPin2", "CardPin"))
        assert set(shown_digits) <= set(number[:6] + number[-4:])


def test_card_data_cannot_be_pickled() -> None:
    result = keyed()
    assert isinstance(result, Ok)
    with pytest.raises(TypeError) as caught:
        pickle.dumps(result.value)
    assert "5570" not in str(caught.value)
    for part in (result.value.number, result.value.expiry, result.value.owner):
        with pytest.raises(TypeError):
            pickle.dumps(part)


def test_copies_share_the_value_and_stay_masked() -> None:
    result = keyed()
    assert isinstance(result, Ok)
    clone = copy.deepcopy(result.value)
    assert clone == result.value
    assert clone.number is result.value.number
