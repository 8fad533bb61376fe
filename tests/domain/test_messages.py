"""Every error kind has a message: an English source for the catalogue whose placeholders get the
numbers the rules use (the Korean is checked with the catalogue, tests/ui/test_catalogue.py)."""

from __future__ import annotations

import re

import pytest

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import CONTEXT, message
from kcp_pos.domain.text import Text, fill

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("error", list(InputError))
def test_every_error_has_an_english_source_with_its_values(error: InputError) -> None:
    text = message(error)
    assert text.context == CONTEXT
    assert not HANGUL.search(text.source), text.source
    english = text.english
    assert english.strip() == english and len(english) > 5
    assert "%" not in english and "{" not in english  # every placeholder filled
    assert len(set(re.findall(r"%\d", text.source))) == len(text.args)


def test_messages_name_the_numbers_the_rules_use() -> None:
    assert "50,000" in message(InputError.QUOTA_AMOUNT_TOO_SMALL).english
    assert "100,000,000" in message(InputError.AMOUNT_TOO_LARGE).english
    assert "16" in message(InputError.CARD_NUMBER_LENGTH).english


def test_fill_reads_each_placeholder_once() -> None:
    assert fill("from %1 to %2", ("%2", "x")) == "from %2 to x"
    assert (
        Text("C", "%1 months", ("3",)).english == "3 months" == str(Text("C", "%1 months", ("3",)))
    )
