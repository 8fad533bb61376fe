"""Redacting card numbers and known values from free text (the log filter's core)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.card_number import group_card_number, luhn_valid
from kcp_pos.domain.masking import Redaction, redact_card_numbers
from kcp_pos.domain.merchant_uid import new_merchant_uid
from tests.domain.strategies import card_numbers

# Free text around the cards: anything, digits included, so cards may sit next to other digits.
filler = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@st.composite
def card_in_text(draw: st.DrawFn) -> str:
    digits = draw(card_numbers(lengths=(14, 15, 16)))
    style = draw(st.sampled_from(["plain", "dashes", "spaces", "fours"]))
    if style == "dashes":
        return group_card_number(digits)
    if style == "spaces":
        return group_card_number(digits, " ")
    if style == "fours":
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return digits


@given(st.lists(st.tuples(filler, card_in_text()), min_size=1, max_size=4), filler)
def test_every_embedded_card_number_is_starred(parts: list[tuple[str, str]], tail: str) -> None:
    text, card_spans = "", []
    for before, card in parts:
        text += before
        card_spans.append((len(text), card))
        text += card
    text += tail
    redacted = redact_card_numbers(text)
    assert len(redacted) == len(text)
    for start, card in card_spans:
        for offset, ch in enumerate(card):
            if ch.isdigit():
                assert redacted[start + offset] == "*"


@given(st.text(max_size=200))
def test_redaction_is_idempotent_and_leaves_no_luhn_run(text: str) -> None:
    once = redact_card_numbers(text)
    assert redact_card_numbers(once) == once


@given(st.text(st.characters(codec="ascii"), max_size=60))
def test_text_without_long_digit_runs_is_unchanged(text: str) -> None:
    digits_in_text = sum(ch.isdigit() for ch in text)
    if digits_in_text < 13:
        assert redact_card_numbers(text) == text


def test_examples() -> None:
    assert redact_card_numbers("card 4242-4242-4242-4242 ok") == "card ****-****-****-**** ok"
    assert redact_card_numbers("card=4242424242424242&x=1") == "card=****************&x=1"
    assert redact_card_numbers("amount 50000 at 2025-03-15") == "amount 50000 at 2025-03-15"
    assert redact_card_numbers("imp_803037736674") == "imp_803037736674"
    # JSON-escaped text and full-width digits from an IME
    assert "4242" not in redact_card_numbers('{"card_number": "4242-4242-4242-4242"}')
    assert redact_card_numbers("４２４２４２４２４２４２４２４２") == "*" * 16
    # KCP's masked form of the live sample and a real pg_tid: no stretch passes Luhn
    assert not luhn_valid("5570420000007221")
    masked_and_tid = "masked 5570420000007221 tid 22895235578509"
    assert redact_card_numbers(masked_and_tid) == masked_and_tid
    # a stretch of a longer run that passes Luhn is starred too
    assert redact_card_numbers("4242424242424241") == "***************1"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_merchant_uids_survive_redaction(now: datetime) -> None:
    uid = new_merchant_uid(now=now)
    assert redact_card_numbers(f"paid {uid}") == f"paid {uid}"


@pytest.mark.parametrize("separator", [".", "/", " ", "-"])
def test_numbers_grouped_with_dots_or_slashes_are_hidden_too(separator: str) -> None:
    grouped = separator.join(["4242"] * 4)
    for policy in Redaction:
        assert "4242" not in redact_card_numbers(f"card {grouped} end", policy)
    assert redact_card_numbers("on 2025/03/15 and 2025.03.15") == "on 2025/03/15 and 2025.03.15"
