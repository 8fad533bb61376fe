"""Text from below the UI in the clerk's language, through the one catalogue: every input error,
decline explanation and receipt word has its Korean, with the rules' numbers filled in."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import message
from kcp_pos.domain.text import Text
from kcp_pos.services.decline_reasons import CONTEXT as DECLINES
from kcp_pos.services.decline_reasons import DECLINE_SENTENCES, explain_decline
from kcp_pos.services.receipt import ENGLISH_LABELS, ReceiptStatus
from kcp_pos.settings.secrets import KeychainError, NoKeychainError
from kcp_pos.ui.widgets.catalogue import translated, translated_in
from kcp_pos.ui.widgets.receipt_view import receipt_labels

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("error", list(InputError))
def test_every_input_error_reads_in_korean(qapp: Any, error: InputError) -> None:
    korean = translated_in("ko", message(error))
    english = translated_in("en", message(error))
    assert HANGUL.search(korean), korean
    assert not HANGUL.search(english) and korean != english
    assert "%" not in korean and korean.strip() == korean


def test_korean_messages_name_the_numbers_the_rules_use(qapp: Any) -> None:
    assert "50,000" in translated_in("ko", message(InputError.QUOTA_AMOUNT_TOO_SMALL))
    assert "100,000,000" in translated_in("ko", message(InputError.AMOUNT_TOO_LARGE))
    assert translated_in("ko", message(InputError.CARD_NUMBER_REQUIRED)) == (
        "카드번호를 입력해 주세요."
    )


def test_every_decline_sentence_reads_in_korean(qapp: Any) -> None:
    for code, source in DECLINE_SENTENCES.items():
        korean = translated_in("ko", Text(DECLINES, source))
        assert HANGUL.search(korean) and korean != source, code
    assert translated_in("ko", explain_decline("[CC03] 카드사 거절(기타사유)").summary) == (
        "카드사가 승인을 거절했습니다. 고객에게 카드사에 문의하거나 다른 카드를 사용하도록 "
        "안내해 주세요."
    )
    assert translated_in("ko", explain_decline("").summary) == "결제가 거절되었습니다. (사유 없음)"
    assert translated_in("ko", explain_decline("F113 한도초과").summary) == (
        "결제가 거절되었습니다: F113 한도초과"
    )


def test_the_ui_language_is_the_installed_catalogue(qapp: Any, korean: None) -> None:
    assert translated(message(InputError.AMOUNT_REQUIRED)) == "결제 금액을 입력해 주세요."


def test_english_is_the_source_without_a_catalogue(qapp: Any) -> None:
    assert translated(message(InputError.AMOUNT_REQUIRED)) == "Enter the amount."


def test_receipt_words_in_either_language(qapp: Any) -> None:
    korean = receipt_labels("ko")
    assert (korean.title, korean.total, korean.months) == ("신용카드 매출전표", "합계", "%1개월")
    assert korean.statuses[ReceiptStatus.PARTIALLY_CANCELLED] == "부분취소"
    assert (
        korean.cancelled_amount == "취소금액" and korean.statuses[ReceiptStatus.CANCELLED] == "취소"
    )
    assert receipt_labels("en") is ENGLISH_LABELS


def test_keychain_errors_read_in_korean(qapp: Any) -> None:
    assert "키체인" in translated_in("ko", NoKeychainError().text)
    refused = KeychainError(
        Text(
            "KeychainError",
            "The keychain (%1) refused to save the API key (%2). Unlock it and try again.",
            ("macOS Keychain", "RuntimeError"),
        )
    )
    korean = translated_in("ko", refused.text)
    assert "키체인(macOS Keychain)" in korean and "RuntimeError" in korean
