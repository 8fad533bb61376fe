"""Masking card data for display, and redacting it from free text (DESIGN.md rule 4).

`redact_card_numbers` has two policies:
* `Redaction.LUHN` (the logging filter's, the default) errs on the side of hiding: any 13 to 19
  digits in a row (spaces, dashes, dots or slashes between them allowed) that pass Luhn are
  starred out, even inside a longer run of digits. The price is that an unrelated number (a
  14-digit `pg_tid`, say) is sometimes starred too; a log line missing a number is a nuisance, a
  log line holding a card number is an incident. `new_merchant_uid` makes ids whose digit runs
  are too short to be mistaken for a card.
* `Redaction.WHOLE_RUNS` (for text we did not write, a server's error message) replaces every
  standalone run of 13 to 19 digits (spaces, dashes, dots or slashes between them allowed),
  Luhn or not, by a marker: a server that echoes a number
  back may have mangled it, and nothing in such a message needs to be read that long.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from kcp_pos.domain.card_number import (
    group_card_number,
    luhn_valid,
    mask_card_display,
    mask_kcp,
)

__all__ = [
    "Redaction",
    "mask_card_display",
    "mask_kcp",
    "mask_reported_card",
    "redact_card_numbers",
]

MIN_PAN_DIGITS = 13
MAX_PAN_DIGITS = 19
_SEPARATOR = r"[ \-./\u00a0]{0,3}"
# A run of digits (any script) with up to three separator characters between neighbours.
_DIGIT_RUN = re.compile(rf"\d(?:{_SEPARATOR}\d)*")
_CARD_SHAPED_RUN = re.compile(r"(?<!\d)\d(?:[ \-./]?\d){12,18}(?!\d)")
REDACTED_DIGITS = "[redacted digits]"


class Redaction(StrEnum):
    LUHN = "luhn"  # star out the digits of Luhn-valid runs; ids and amounts stay readable
    WHOLE_RUNS = "whole_runs"  # replace every card-length digit run whole, Luhn or not
    LONG_RUNS = "long_runs"  # replace every run of 13+ digits whole, however separated or long


SHOWN_PREFIX, SHOWN_SUFFIX = 6, 4
"""Card digits a person may see: the BIN and the last four."""


def mask_reported_card(reported: str | None) -> str:
    """A card number as the PG reported it, for people: `5570-42**-****-7221`; "" for none.

    KCP reports `5570420000007221` (zeros in the middle); other forms (`557042******7221`,
    grouped with dashes) are read the same way. Only the first six and last four positions are
    ever shown, so even a full number reported by mistake comes out masked.
    """
    chars = "".join(ch for ch in (reported or "") if ch.isascii() and (ch.isdigit() or ch == "*"))
    if len(chars) < SHOWN_PREFIX + SHOWN_SUFFIX:
        return "*" * len(chars)
    middle = "*" * (len(chars) - SHOWN_PREFIX - SHOWN_SUFFIX)
    return group_card_number(chars[:SHOWN_PREFIX] + middle + chars[-SHOWN_SUFFIX:])


def _luhn_hits(digits: str) -> list[bool]:
    """For each digit: is it part of some Luhn-valid 13-19 digit window?"""
    hidden = [False] * len(digits)
    for start in range(len(digits) - MIN_PAN_DIGITS + 1):
        for length in range(MIN_PAN_DIGITS, MAX_PAN_DIGITS + 1):
            end = start + length
            if end > len(digits):
                break
            if luhn_valid(digits[start:end]):
                hidden[start:end] = [True] * length
    return hidden


def _redact_long_run(match: re.Match[str]) -> str:
    run = match.group()
    digits = sum(ch.isdecimal() for ch in run)
    return REDACTED_DIGITS if digits >= MIN_PAN_DIGITS else run


def _redact_run(match: re.Match[str]) -> str:
    run = match.group()
    positions = [index for index, ch in enumerate(run) if ch.isdecimal()]
    if len(positions) < MIN_PAN_DIGITS:
        return run
    digits = "".join(str(unicodedata.decimal(run[index])) for index in positions)
    hidden = _luhn_hits(digits)
    if not any(hidden):
        return run
    chars = list(run)
    for position, is_hidden in zip(positions, hidden, strict=True):
        if is_hidden:
            chars[position] = "*"
    return "".join(chars)


def redact_card_numbers(text: str, policy: Redaction = Redaction.LUHN) -> str:
    """`text` with anything that looks like a card number hidden, by `policy`."""
    if policy is Redaction.WHOLE_RUNS:
        return _CARD_SHAPED_RUN.sub(REDACTED_DIGITS, text)
    if policy is Redaction.LONG_RUNS:
        return _DIGIT_RUN.sub(_redact_long_run, text)
    return _DIGIT_RUN.sub(_redact_run, text)
