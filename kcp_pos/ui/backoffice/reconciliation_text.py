"""The words of reconciliation: what a difference is, what each side says, what its fix does,
and what applying the fixes did (the dialog's table and result line)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.language import Lang
from kcp_pos.domain.text import fill
from kcp_pos.services.reconciliation import Difference, DifferenceKind, Fix, FixOutcome, FixResult
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import payment_look


def kind_text(difference: Difference) -> str:
    return {
        DifferenceKind.MISSING_LOCALLY: QCoreApplication.translate(
            "ReconciliationText", "Not in this terminal's ledger"
        ),
        DifferenceKind.MISSING_REMOTELY: QCoreApplication.translate(
            "ReconciliationText", "Unknown to PortOne"
        ),
        DifferenceKind.STATUS: QCoreApplication.translate("ReconciliationText", "Different status"),
        DifferenceKind.AMOUNT: QCoreApplication.translate("ReconciliationText", "Different amount"),
    }[difference.kind]


def fix_text(difference: Difference) -> str:
    if difference.fix is Fix.IMPORT:
        return QCoreApplication.translate("ReconciliationText", "Take PortOne's record")
    return QCoreApplication.translate(
        "ReconciliationText", "Look it up at PortOne (a person decides if it is unknown)"
    )


def side_text(status: str | None, amount: int, cancel_amount: int, lang: Lang) -> str:
    """`Paid · 3,000원`, with the refunded part when there is one; a dash for no record."""
    if status is None:
        return "—"
    look = payment_look(LedgerStatus(status), cancel_amount=cancel_amount)
    text = f"{look.words} · {krw(amount, lang)}"
    if cancel_amount:
        refunded = QCoreApplication.translate("ReconciliationText", "(refunded %1)")
        text += " " + fill(refunded, (krw(cancel_amount, lang),))
    return text


def ledger_side(difference: Difference, lang: Lang) -> str:
    row = difference.local
    if row is None:
        return side_text(None, 0, 0, lang)
    return side_text(row.status.value, row.amount, row.cancel_amount, lang)


def portone_side(difference: Difference, lang: Lang) -> str:
    payment = difference.remote
    if payment is None:
        return side_text(None, 0, 0, lang)
    return side_text(payment.status.value, payment.amount, payment.cancel_amount, lang)


def outcomes_text(outcomes: Sequence[FixOutcome]) -> str:
    """`Imported 1, corrected 2. PortOne does not know 1: a person must look into it.`"""
    counts = Counter(outcome.result for outcome in outcomes)
    done = QCoreApplication.translate("ReconciliationText", "Imported %1, corrected %2.")
    text = fill(done, (str(counts[FixResult.IMPORTED]), str(counts[FixResult.CORRECTED])))
    unknown = counts[FixResult.STILL_UNKNOWN]
    if unknown:
        unknown_text = QCoreApplication.translate(
            "ReconciliationText", "PortOne does not know %1: a person must look into it."
        )
        text += " " + fill(unknown_text, (str(unknown),))
    return text
