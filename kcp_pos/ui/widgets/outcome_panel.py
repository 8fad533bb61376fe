"""The outcome panel beside the form: what is happening to the current order, large and clear.

Each state has its own colour, icon and words (never colour alone): ready, sending (with a cancel
button that works only before the request leaves), paid (approval number, issuer, masked card,
installments, amount, VAT, receipt buttons), declined (the reason in plain words, try again),
unknown ("checking the result…", no retry button at all), and cancelled or failed-before-sending.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.card_issuers import reported_issuer_name
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.language import Lang
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.services.decline_reasons import explain_decline
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.money_text import installments_text, krw, vat_split
from kcp_pos.ui.widgets.status_look import ICONS, Tone, tone_rules

if TYPE_CHECKING:  # the store (SQLAlchemy) loads on the runner, after the first paint
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.store import Attempt


class PanelState(enum.StrEnum):
    READY = "ready"
    SENDING = "sending"
    PAID = "paid"
    DECLINED = "declined"
    UNKNOWN = "unknown"
    STOPPED = "stopped"  # cancelled before sending, or failed before anything was sent


_TONES = {
    PanelState.READY: Tone.NEUTRAL,
    PanelState.SENDING: Tone.WORKING,
    PanelState.PAID: Tone.GOOD,
    PanelState.DECLINED: Tone.BAD,
    PanelState.UNKNOWN: Tone.UNSURE,
    PanelState.STOPPED: Tone.NEUTRAL,
}
READY_ICON = "₩"  # nothing happening yet: the won sign, not the neutral dash

PANEL_STYLE = f"""
QFrame#outcomePanel {{ border-radius: 10px; }}
{tone_rules("QFrame#outcomePanel", title="QLabel#outcomeTitle", badge="QLabel#outcomeIcon")}
QLabel#outcomeIcon {{ font-size: 22pt; font-weight: 700; color: #FFFFFF;
    border-radius: 24px; min-width: 48px; max-width: 48px; min-height: 48px; max-height: 48px; }}
QLabel#outcomeTitle {{ font-size: 17pt; font-weight: 700; }}
QLabel#outcomeMessage {{ font-size: 11pt; color: #1F2933; }}
QLabel#outcomeDetailName {{ color: #52606D; }}
QLabel#outcomeDetailValue {{ color: #1F2933; font-weight: 600; }}
QLabel#outcomeAmount {{ font-size: 15pt; font-weight: 700; color: #1F2933; }}
QLabel#outcomeSmall {{ color: #52606D; font-size: 9pt; }}
"""


class OutcomePanel(QFrame):
    """Shows one state at a time; the controller says which."""

    cancel_requested = Signal()
    retry_requested = Signal()
    new_order_requested = Signal()
    open_pg_receipt_requested = Signal()
    print_receipt_requested = Signal()

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomePanel")
        self.lang: Lang = lang
        self.state = PanelState.READY
        self.outcome: Outcome | None = None
        self.icon_label = QLabel(self)
        self.icon_label.setObjectName("outcomeIcon")
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icon_label.setAccessibleName(self.tr("Status icon"))
        self.title_label = QLabel(self)
        self.title_label.setObjectName("outcomeTitle")
        self.title_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("outcomeMessage")
        self.message_label.setWordWrap(True)
        self.amount_label = QLabel(self)
        self.amount_label.setObjectName("outcomeAmount")
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(14)
        self.details.setVerticalSpacing(6)
        self.detail_values: dict[str, QLabel] = {}
        self.small_label = QLabel(self)
        self.small_label.setObjectName("outcomeSmall")
        self.small_label.setWordWrap(True)
        self.small_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        self.busy_bar.setAccessibleName(self.tr("Working"))

        self.cancel_button = QPushButton(self.tr("Cancel request"), self)
        self.retry_button = QPushButton(self.tr("Try again"), self)
        self.new_order_button = QPushButton(self.tr("New order"), self)
        self.new_order_button.setToolTip(self.tr("Clear the form for the next order (Ctrl+N)"))
        self.pg_receipt_button = QPushButton(self.tr("Open PG receipt"), self)
        self.print_button = QPushButton(self.tr("Print / PDF receipt"), self)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.retry_button.clicked.connect(self.retry_requested)
        self.new_order_button.clicked.connect(self.new_order_requested)
        self.pg_receipt_button.clicked.connect(self.open_pg_receipt_requested)
        self.print_button.clicked.connect(self.print_receipt_requested)
        self._buttons = (
            self.cancel_button,
            self.retry_button,
            self.pg_receipt_button,
            self.print_button,
            self.new_order_button,
        )

        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.title_label, 1)
        receipts = QHBoxLayout()
        receipts.addWidget(self.pg_receipt_button)
        receipts.addWidget(self.print_button)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        actions.addWidget(self.new_order_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.amount_label)
        layout.addLayout(self.details)
        layout.addWidget(self.small_label)
        layout.addStretch(1)
        layout.addLayout(receipts)
        layout.addLayout(actions)
        self.setStyleSheet(PANEL_STYLE)
        self.show_ready()

    # --- states ------------------------------------------------------------------------------

    def show_ready(self) -> None:
        self.outcome = None
        self._set(
            PanelState.READY,
            self.tr("Ready for the next order"),
            self.tr(
                "Type the order as the customer says it: amount, order name, buyer, then the "
                "card. Enter moves to the next field; Ctrl+Enter charges."
            ),
        )

    def show_sending(self, action_text: str, amount: int | None) -> None:
        self.outcome = None
        self._set(
            PanelState.SENDING,
            action_text,
            self.tr("Sending the request to the card company… Please wait."),
        )
        self.amount_label.setText(krw(amount, self.lang) if amount else "")
        self.amount_label.setVisible(bool(amount))
        self.busy_bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setToolTip(self.tr("Stops the request if it has not been sent yet."))

    def mark_sent(self) -> None:
        """The request is on the wire: it can no longer be cancelled, and the button says why."""
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip(
            self.tr("The request was already sent, so it cannot be cancelled. Wait for the result.")
        )
        self.message_label.setText(self.tr("Waiting for the card company's answer…"))

    def show_stopped(self, title: str, text: str) -> None:
        self.outcome = None
        self._set(PanelState.STOPPED, title, text)
        self.new_order_button.hide()

    def show_unknown(self, attempt: Attempt, checks: int, next_check_seconds: float | None) -> None:
        self.outcome = None
        self._set(
            PanelState.UNKNOWN,
            self.tr("Checking the result…"),
            self.tr(
                "No answer came back, so the payment may or may not have gone through. The "
                "terminal is checking with PortOne. Do not charge this card again."
            ),
        )
        self.busy_bar.show()
        self._show_attempt_amount(attempt)
        self._add_detail(self.tr("Card"), mask_reported_card(attempt.card_number))
        self._add_detail(self._id_name(attempt), attempt.merchant_uid or attempt.customer_uid or "")
        if next_check_seconds is not None:
            self.small_label.setText(
                self.tr("Checked %1 times; next check in %2 s.")
                .replace("%1", str(checks))
                .replace("%2", str(round(next_check_seconds)))
            )
            self.small_label.show()

    def show_outcome(self, outcome: Outcome) -> None:
        """PAID or DECLINED (an UNKNOWN outcome goes through `show_unknown`)."""
        if outcome.kind is OutcomeKind.PAID:
            if outcome.attempt.kind is AttemptKind.REGISTER:
                self._show_registered(outcome)
            else:
                self._show_paid(outcome)
        else:
            self._show_declined(outcome)
        self.outcome = outcome

    # --- rendering ---------------------------------------------------------------------------

    def _show_paid(self, outcome: Outcome) -> None:
        attempt, payment = outcome.attempt, outcome.payment
        saved = attempt.kind is AttemptKind.ONETIME and bool(attempt.customer_uid)
        if outcome.late_approval:
            title = self.tr("Charged by the earlier attempt")
            text = self.tr(
                "The earlier attempt at this order, reported as not charged, was approved after "
                "all. Nothing new was sent: the customer has paid once."
            )
        else:
            title = self.tr("Payment approved")
            if saved:
                text = self.tr("The card was charged and the card was saved for repeat charges.")
            elif attempt.kind is AttemptKind.AGAIN:
                text = self.tr("The saved card was charged.")
            else:
                text = self.tr("The card was charged.")
        self._set(PanelState.PAID, title, text)
        amount = payment.amount if payment is not None else attempt.amount
        self.amount_label.setText(krw(amount, self.lang))
        self.amount_label.show()
        quota = payment.card_quota if payment is not None else attempt.card_quota
        vat = vat_split(amount, attempt.tax_free)
        self._add_detail(self.tr("Approval no."), (payment.apply_num if payment else None) or "—")
        reported = (payment.card_name if payment else None) or attempt.card_name
        card_name = reported_issuer_name(reported, self.lang) or "—"
        self._add_detail(self.tr("Card company"), card_name)
        card_number = (payment.card_number if payment else None) or attempt.card_number
        self._add_detail(self.tr("Card number"), mask_reported_card(card_number))
        self._add_detail(self.tr("Installments"), installments_text(quota))
        self._add_detail(self.tr("VAT"), krw(vat.vat, self.lang))
        if attempt.tax_free:
            self._add_detail(self.tr("Tax-free"), krw(attempt.tax_free, self.lang))
        if saved:
            self._add_detail(self.tr("Customer ID"), attempt.customer_uid or "")
        self._add_detail(self.tr("Order no."), attempt.merchant_uid or "")
        paid_at = payment.paid_at if payment is not None else 0
        if paid_at:
            self._add_detail(
                self.tr("Approved at"),
                datetime.fromtimestamp(paid_at, KST).strftime("%Y-%m-%d %H:%M"),
            )
        self._warnings(outcome)
        has_receipt_url = payment is not None and bool(payment.receipt_url)
        self.pg_receipt_button.setVisible(has_receipt_url)
        self.print_button.setVisible(payment is not None)
        self.new_order_button.show()

    def _show_registered(self, outcome: Outcome) -> None:
        attempt = outcome.attempt
        self._set(
            PanelState.PAID,
            self.tr("Card registered"),
            self.tr("The card was saved for repeat charges. Nothing was charged."),
        )
        self._add_detail(
            self.tr("Card company"), reported_issuer_name(attempt.card_name, self.lang) or "—"
        )
        self._add_detail(self.tr("Card number"), mask_reported_card(attempt.card_number))
        self._add_detail(self.tr("Buyer"), attempt.buyer_name or "—")
        self._add_detail(self.tr("Customer ID"), attempt.customer_uid or "")
        self._warnings(outcome)
        self.new_order_button.show()

    def _show_declined(self, outcome: Outcome) -> None:
        attempt = outcome.attempt
        is_registration = attempt.kind is AttemptKind.REGISTER
        explanation = explain_decline(outcome.fail_reason or attempt.fail_reason)
        summary = translated(explanation.summary)
        if attempt.not_found:
            title = self.tr("No payment found")
            summary = self.tr(
                "No payment turned up for this order, so it is treated as not charged. The "
                "terminal looks again at the next start and tells you if it was approved late."
            )
        elif is_registration:
            title = self.tr("Card not registered")
        else:
            title = self.tr("Payment declined")
        self._set(PanelState.DECLINED, title, summary)
        if not is_registration:
            self._show_attempt_amount(attempt)
        self._add_detail(self.tr("Card number"), mask_reported_card(attempt.card_number))
        if attempt.state is AttemptState.RESOLVED_FAILED and not attempt.not_found:
            self._add_detail(self.tr("Result"), self.tr("Confirmed not charged"))
        self._add_detail(self._id_name(attempt), attempt.merchant_uid or attempt.customer_uid or "")
        if explanation.raw and explanation.raw not in summary and not attempt.not_found:
            self.small_label.setText(self.tr("PG message: %1").replace("%1", explanation.raw))
            self.small_label.show()
        self.retry_button.show()
        self.retry_button.setToolTip(
            self.tr("Key the card in again; the new attempt gets a new merchant_uid.")
        )
        self.new_order_button.show()

    def _show_attempt_amount(self, attempt: Attempt) -> None:
        if attempt.amount:
            self.amount_label.setText(krw(attempt.amount, self.lang))
            self.amount_label.show()

    def _warnings(self, outcome: Outcome) -> None:
        if outcome.warnings:
            self.small_label.setText(self.tr("Note: %1").replace("%1", "; ".join(outcome.warnings)))
            self.small_label.show()

    def _set(self, state: PanelState, title: str, text: str) -> None:
        self.state = state
        tone = _TONES[state]
        self.setProperty("state", state.value)
        self.setProperty("tone", tone.value)
        self.icon_label.setText(READY_ICON if state is PanelState.READY else ICONS[tone])
        self.title_label.setText(title)
        self.message_label.setText(text)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.amount_label.hide()
        self.small_label.hide()
        self.small_label.clear()
        self.busy_bar.hide()
        for button in self._buttons:
            button.hide()
        self._clear_details()
        self.style().unpolish(self)
        self.style().polish(self)
        for child in self.findChildren(QLabel):
            child.style().unpolish(child)
            child.style().polish(child)

    def _clear_details(self) -> None:
        while self.details.count():
            item = self.details.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.detail_values = {}

    def _id_name(self, attempt: Attempt) -> str:
        """An order's number, or for a card registration its customer ID."""
        return self.tr("Order no.") if attempt.merchant_uid else self.tr("Customer ID")

    def _add_detail(self, name: str, value: str) -> None:
        row = self.details.rowCount()
        name_label = QLabel(name, self)
        name_label.setObjectName("outcomeDetailName")
        value_label = QLabel(value, self)
        value_label.setObjectName("outcomeDetailValue")
        value_label.setWordWrap(True)
        value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value_label.setAccessibleName(f"{name}: {value}")
        self.details.addWidget(name_label, row, 0, Qt.AlignmentFlag.AlignTop)
        self.details.addWidget(value_label, row, 1)
        self.details.setColumnStretch(1, 1)
        self.detail_values[name] = value_label

    def order_number(self) -> str:
        """The order number shown (empty when none is), in whichever language the UI is."""
        return self.detail(self.tr("Order no."))

    def detail(self, name: str) -> str:
        """The value shown for `name` (tests and accessibility), or empty."""
        label = self.detail_values.get(name)
        return label.text() if label is not None else ""
