"""`GET /cards` (reference §10.4): the card companies the payment window can be limited to."""

from __future__ import annotations

from kcp_pos.domain.card_issuers import ISSUERS
from kcp_pos.iamport.client import IamportClient


def test_the_card_codes_are_read_with_their_names(client: IamportClient) -> None:
    cards = client.card_codes()
    assert {card.code for card in cards} == set(ISSUERS)
    assert {card.code: card.name for card in cards}["366"] == "신한카드"
