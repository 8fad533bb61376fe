"""What the clerk reads once a window payment has been looked up (never the window's own word)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.korea_time import korea_time, minute_text
from kcp_pos.domain.language import Lang
from kcp_pos.services.window_payment import (
    ABANDONED,
    EXPIRED,
    NOT_OPENED,
    NOTHING_FOUND,
    WindowResult,
    WindowSettlement,
)
from kcp_pos.ui.widgets.money_text import krw


def settlement_text(settlement: WindowSettlement, lang: Lang) -> str:
    attempt, payment = settlement.attempt, settlement.payment
    amount = krw(attempt.amount, lang)
    if settlement.result is WindowResult.PAID and settlement.late:
        return QCoreApplication.translate(
            "SettlementText",
            "Paid after all: this order was settled as not paid, and PortOne now reports it "
            "paid (%1). It is recorded as a late approval; refund it or keep it.",
        ).replace("%1", amount)
    if settlement.result is WindowResult.PAID:
        return (
            QCoreApplication.translate("SettlementText", "Paid: %1 (%2).")
            .replace("%1", amount)
            .replace("%2", attempt.merchant_uid or "")
        )
    if settlement.result is WindowResult.AMOUNT_MISMATCH:
        return QCoreApplication.translate(
            "SettlementText",
            "ALERT: a payment of another amount was made for this order. It is not counted as "
            "paid and has been recorded; a manager must check it (%1).",
        ).replace("%1", attempt.fail_reason or "")
    if settlement.result is WindowResult.AWAITING_DEPOSIT and payment is not None:
        return (
            QCoreApplication.translate(
                "SettlementText", "Awaiting deposit of %1: %2 %3, holder %4, by %5."
            )
            .replace("%1", amount)
            .replace("%2", payment.vbank_name or "")
            .replace("%3", payment.vbank_num or "")
            .replace("%4", payment.vbank_holder or "")
            .replace("%5", _when(payment.vbank_date))
        )
    if settlement.result is WindowResult.NOT_PAID:
        return QCoreApplication.translate("SettlementText", "Not paid: %1").replace(
            "%1", reason_text(attempt.fail_reason or "")
        )
    return QCoreApplication.translate(
        "SettlementText",
        "No payment confirmed yet. The app keeps checking (about 5 minutes at most); do not "
        "take the money another way until this says paid or not paid.",
    )


def _when(timestamp: int) -> str:
    moment = korea_time(timestamp)
    return minute_text(moment) if moment is not None else "-"


def reason_text(reason: str) -> str:
    """The app's own reasons in the clerk's language; the PG's words as they came."""
    own = {
        ABANDONED: QCoreApplication.translate(
            "SettlementText", "the window was closed and nothing was paid in it."
        ),
        EXPIRED: QCoreApplication.translate(
            "SettlementText", "the virtual account expired without a deposit."
        ),
        NOTHING_FOUND: QCoreApplication.translate(
            "SettlementText", "PortOne has no payment for this order."
        ),
    }
    for source, text in own.items():
        if reason.startswith(source):
            return text
    if reason.startswith(NOT_OPENED):
        return QCoreApplication.translate("SettlementText", "the window was not opened.")
    return reason
