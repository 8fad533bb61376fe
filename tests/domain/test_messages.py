"""Every error kind has a Korean and an English message."""

from __future__ import annotations

import re

import pytest

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import message

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("error", list(InputError))
def test_every_error_has_both_messages(error: InputError) -> None:
    korean = message(error, "ko")
    english = message(error, "en")
    assert HANGUL.search(korean), korean
    assert not HANGUL.search(english), english
    assert korean != english
    for text in (korean, english):
        assert text.strip() == text and len(text) > 5
        assert "{" not in text and "}" not in text  # no unfilled placeholders


def test_messages_name_the_numbers_the_rules_use() -> None:
    assert "50,000" in message(InputError.QUOTA_AMOUNT_TOO_SMALL, "ko")
    assert "50,000" in message(InputError.QUOTA_AMOUNT_TOO_SMALL, "en")
    assert "100,000,000" in message(InputError.AMOUNT_TOO_LARGE, "ko")
    assert "16" in message(InputError.CARD_NUMBER_LENGTH, "ko")
