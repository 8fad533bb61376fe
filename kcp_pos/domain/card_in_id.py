"""Telling a card number inside an id (`merchant_uid`, `customer_uid`) from an id made of digits.

A web shop's order id may be a long run of digits (`2024031512345672`, `shop_240315_0000123457`)
and passes the Luhn check one time in ten: refusing every Luhn-valid run would refuse real,
paid payments. A card number is told by where it stands and what it is
(`card_number.is_card_number`: a scheme's prefix, a length that scheme issues, and Luhn):

* a group of digits that is a card number as a whole (`o-4111111111111111`);
* neighbouring groups in a card's printed layout (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3), whatever
  the separator between them (`o.4111.1111.1111.1111`, `4111:1111:1111:1111`);
* a card glued to a few more digits, as a date (`202403154111111111111111`): in a run of 20 to
  27 digits, the first or last 15 or 16 digits (the usual card lengths; checking every length
  would refuse about one such id in ten).

Digits of any script count as digits (`unicodedata.decimal`); letters end a group, and anything
else (spaces, punctuation, dashes of any kind) separates groups.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Final

from kcp_pos.domain.card_number import is_card_number

CARD_LAYOUTS: Final = frozenset({(4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3)})
"""Groups a card number is printed in."""
SHORTEST_CARD: Final = 13
LONGEST_CARD: Final = 19
GLUED_RUN: Final = range(LONGEST_CARD + 1, LONGEST_CARD + 9)
"""Lengths of a digit run that may be a card with a date or a counter glued to it."""
GLUED_CARD_LENGTHS: Final = (15, 16)


def holds_card_number(identifier: str) -> bool:
    """True when `identifier` holds a card number (see the module docstring)."""
    return any(_sequence_holds_card(groups) for groups in _digit_sequences(identifier))


def _digit_sequences(text: str) -> Iterator[list[str]]:
    """Runs of digit groups with only separators between them; a letter ends a run."""
    sequence: list[str] = []
    group: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            group.append(str(digit))
            continue
        if group:
            sequence.append("".join(group))
            group = []
        if char.isalpha() and sequence:
            yield sequence
            sequence = []
    if group:
        sequence.append("".join(group))
    if sequence:
        yield sequence


def _sequence_holds_card(groups: list[str]) -> bool:
    if any(_group_holds_card(group) for group in groups):
        return True
    sizes = [len(group) for group in groups]
    for start in range(len(groups)):
        for layout in CARD_LAYOUTS:
            end = start + len(layout)
            if tuple(sizes[start:end]) == layout and is_card_number("".join(groups[start:end])):
                return True
    return False


def _group_holds_card(group: str) -> bool:
    if SHORTEST_CARD <= len(group) <= LONGEST_CARD:
        return is_card_number(group)
    if len(group) in GLUED_RUN:
        ends = [end for n in GLUED_CARD_LENGTHS for end in (group[:n], group[-n:])]
        return any(is_card_number(end) for end in ends)
    return False
