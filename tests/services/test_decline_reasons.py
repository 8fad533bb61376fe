"""Plain-language decline explanations for KCP codes, with the raw reason as the fallback (the
sentences are catalogue sources; their Korean is checked in tests/ui/test_catalogue.py)."""

from __future__ import annotations

import pytest

from kcp_pos.sandbox.rules import DECLINES_BY_LAST_FOUR, EXPIRED_CARD, WRONG_BIRTH, WRONG_PIN
from kcp_pos.services.decline_reasons import DECLINE_SENTENCES, decline_code, explain_decline

REQUIRED_CODES = ("CC03", "CC07", "CC10", "CC14", "CC16", "CC35")
REQUIRED_CODES += ("CC43", "CC54", "CC63", "CC66", "CC67")


def test_every_required_code_has_a_sentence() -> None:
    for code in REQUIRED_CODES:
        assert len(DECLINE_SENTENCES[code]) > 20


def test_every_sandbox_decline_is_explained() -> None:
    for decline in (*DECLINES_BY_LAST_FOUR.values(), EXPIRED_CARD, WRONG_PIN, WRONG_BIRTH):
        explained = explain_decline(decline.fail_reason)
        assert explained.code == decline.code
        assert explained.summary.source == DECLINE_SENTENCES[decline.code]
        assert explained.raw == decline.fail_reason


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("[CC03] 카드사 거절(기타사유)", "CC03"),
        ("[ CC63 ] x", "CC63"),
        ("no code", None),
        (None, None),
    ],
)
def test_code_extraction(reason: str | None, code: str | None) -> None:
    assert decline_code(reason) == code


def test_unknown_code_and_missing_reason_fall_back_to_the_raw_text() -> None:
    unknown = explain_decline("[CC99] 기타 오류")
    assert unknown.summary.english == "The payment was declined: [CC99] 기타 오류"
    assert unknown.code == "CC99"
    assert explain_decline("").summary.english == "The payment was declined (no reason given)."
    assert explain_decline("F113 한도초과").summary.english == (
        "The payment was declined: F113 한도초과"
    )
