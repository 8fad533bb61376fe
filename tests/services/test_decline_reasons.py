"""Plain-language decline explanations for KCP codes, with the raw reason as the fallback."""

from __future__ import annotations

import pytest

from kcp_pos.sandbox.rules import DECLINES_BY_LAST_FOUR, EXPIRED_CARD, WRONG_BIRTH, WRONG_PIN
from kcp_pos.services.decline_reasons import DECLINE_SENTENCES, decline_code, explain_decline

REQUIRED_CODES = ("CC03", "CC07", "CC10", "CC14", "CC16", "CC35")
REQUIRED_CODES += ("CC43", "CC54", "CC63", "CC66", "CC67")


def test_every_required_code_has_korean_and_english() -> None:
    for code in REQUIRED_CODES:
        korean, english = DECLINE_SENTENCES[code]
        assert korean and english and korean != english


def test_every_sandbox_decline_is_explained() -> None:
    for decline in (*DECLINES_BY_LAST_FOUR.values(), EXPIRED_CARD, WRONG_PIN, WRONG_BIRTH):
        explained = explain_decline(decline.fail_reason, "ko")
        assert explained.code == decline.code
        assert explained.summary == DECLINE_SENTENCES[decline.code][0]
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
    unknown = explain_decline("[CC99] 기타 오류", "en")
    assert unknown.summary == "The payment was declined: [CC99] 기타 오류"
    assert unknown.code == "CC99"
    assert explain_decline("", "ko").summary == "결제가 거절되었습니다. (사유 없음)"
    assert explain_decline("F113 한도초과", "ko").summary == "결제가 거절되었습니다: F113 한도초과"
