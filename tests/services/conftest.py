"""Services against the real sandbox (loopback HTTP) and a real SQLite store in tmp_path."""

from __future__ import annotations

from datetime import date

from kcp_pos.domain.keyed_card import KeyedCard, validate_keyed_card
from kcp_pos.domain.result import Ok

APPROVED_CARD = "5570-4200-0005-1234"
DECLINED_CC03_CARD = "5570-4200-0007-0002"
INSUFFICIENT_CC10_CARD = "5570-4200-0007-9995"


def keyed_card(
    number: str = APPROVED_CARD,
    *,
    expiry: str = "12/30",
    birth: str = "880315",
    pwd_2digit: str = "12",
    corporate: bool = False,
) -> KeyedCard:
    result = validate_keyed_card(
        card_number=number,
        expiry=expiry,
        birth=birth,
        pwd_2digit=pwd_2digit,
        corporate=corporate,
        pwd_required=False,
        today=date(2026, 11, 28),
    )
    assert isinstance(result, Ok), result
    return result.value
