"""Money as every screen writes it: amounts in the UI language's form, installments in words, and
the VAT split of an amount (computed once, here, for every screen that shows it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.money import VatSplit, format_krw_for, split_vat


def krw(amount: int, lang: str) -> str:
    """`55,000원` in Korean, `₩55,000` in English."""
    return format_krw_for(amount, lang)


def installments_text(quota: int) -> str:
    """`Full payment` (일시불) for 0 or 1, else `3 months`."""
    if quota <= 1:
        return QCoreApplication.translate("MoneyText", "Full payment")
    return QCoreApplication.translate("MoneyText", "%1 months").replace("%1", str(quota))


def vat_split(amount: int, tax_free: int) -> VatSplit:
    """The split a screen shows. A tax-free part above the amount (a partly refunded payment
    can report one) counts as the whole amount."""
    return split_vat(amount, min(max(tax_free, 0), amount))
