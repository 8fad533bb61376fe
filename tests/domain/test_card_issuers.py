"""The card company PortOne reports, named as a clerk working in Korean or English knows it."""

from __future__ import annotations

from kcp_pos.domain.card_issuers import reported_issuer_name


def test_a_known_company_is_named_in_the_clerks_language() -> None:
    assert reported_issuer_name("BC카드", "en") == "BC Card"
    assert reported_issuer_name("BC카드", "ko") == "BC카드"
    assert reported_issuer_name(None, "en", card_code="381") == "KB Kookmin Card"
    assert reported_issuer_name("현대카드", "en", card_code="999") == "Hyundai Card"


def test_an_unknown_company_is_shown_as_reported() -> None:
    assert reported_issuer_name("가나은행카드", "en") == "가나은행카드"
    assert reported_issuer_name(None, "en") == ""
