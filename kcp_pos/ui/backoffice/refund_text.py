"""The words of a refund on screen: the confirmation, and what an outcome says (refunded,
refused, being checked). Kept apart from the dialog, which decides when each is shown; the
catalogue's context stays the dialog's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.domain.language import Lang
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.money_text import krw

if TYPE_CHECKING:
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.services.refunds import Refundable


def confirm_text(
    refundable: Refundable,
    amount: int,
    tax_free: int,
    reason: str,
    *,
    needs_approval: bool,
    lang: Lang,
) -> str:
    """The confirmation: the amount and the balance (and after), the tax-free part, the reason."""
    balance = refundable.balance
    lines = [
        QCoreApplication.translate("RefundDialog", "Refund %1 of the refundable balance %2?")
        .replace("%1", krw(amount, lang))
        .replace("%2", krw(balance, lang)),
        QCoreApplication.translate("RefundDialog", "Left to refund afterwards: %1").replace(
            "%1", krw(balance - amount, lang)
        ),
    ]
    if refundable.paid_tax_free > 0:
        lines.append(
            QCoreApplication.translate("RefundDialog", "Tax-free part: %1").replace(
                "%1", krw(tax_free, lang)
            )
        )
    lines.append(QCoreApplication.translate("RefundDialog", "Reason: %1").replace("%1", reason))
    if needs_approval:
        lines.append(
            QCoreApplication.translate("RefundDialog", "A manager approves this refund next.")
        )
    lines.append(QCoreApplication.translate("RefundDialog", "A refund cannot be undone."))
    return "\n".join(lines)


def refunded_text(outcome: Outcome, lang: Lang) -> str:
    """What was refunded, and what has been refunded and is left of the payment."""
    attempt, payment = outcome.attempt, outcome.payment
    lines = [
        QCoreApplication.translate("RefundDialog", "%1 was refunded.").replace(
            "%1", krw(attempt.amount, lang)
        )
    ]
    if payment is not None:
        lines.append(
            QCoreApplication.translate("RefundDialog", "Refunded in all: %1 · left to refund: %2")
            .replace("%1", krw(payment.cancel_amount, lang))
            .replace("%2", krw(payment.cancellable_balance, lang))
        )
    return "\n".join(lines)


def refusal_text(outcome: Outcome) -> str:
    """Why the refund was not made: PortOne's refusal in plain words, or what the lookup of a
    lost answer found."""
    from kcp_pos.services.refund_refusals import Refusal, explain_refusal
    from kcp_pos.services.refund_refusals import refusal_text as sentence
    from kcp_pos.services.refunds import ANOTHER_REFUND_FIRST, UNDECIDED

    if outcome.attempt.state is not AttemptState.RESOLVED_FAILED:  # PortOne's answer
        return translated(explain_refusal(outcome.fail_reason))
    if outcome.fail_reason == ANOTHER_REFUND_FIRST:  # settled by lookup
        return translated(sentence(Refusal.BALANCE_CHANGED))
    if outcome.fail_reason == UNDECIDED:  # settled without proof: a person must look
        return QCoreApplication.translate(
            "RefundDialog",
            "PortOne's refund history cannot tell whether this refund was made. Check the "
            "payment's refund history on PortOne before refunding it again; the refundable "
            "balance shown next is PortOne's own.",
        )
    return QCoreApplication.translate(
        "RefundDialog", "PortOne shows no such refund of this payment: nothing was refunded."
    )


def checking_text(amount: int, lang: Lang) -> str:
    """A refund whose answer was lost: checked by lookup, never sent again."""
    return QCoreApplication.translate(
        "RefundDialog",
        "The answer to the refund of %1 did not arrive. It is being checked with "
        "PortOne; do not refund again. You may close this window: opening the refund "
        "of this payment again checks it, and so does the next start.",
    ).replace("%1", krw(amount, lang))
