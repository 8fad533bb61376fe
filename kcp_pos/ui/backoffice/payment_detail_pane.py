"""The detail of the payment chosen in the transactions list: what it is, its refunds (PortOne's
cancel history, asked afresh), this terminal's attempts under its `merchant_uid`, the audit
entries about it, and the way to a refund and to its receipt.

Reads run on the runner (`services/payment_detail.py`); choosing another payment meanwhile
drops the answer for the one before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import KST, korea_time
from kcp_pos.domain.language import Lang
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.ui.backoffice.audit_words import action_text, details_text, kind_text
from kcp_pos.ui.widgets.money_text import installments_text, krw
from kcp_pos.ui.widgets.status_look import attempt_look, payment_look

if TYPE_CHECKING:
    from kcp_pos.services.payment_detail import PaymentDetail
    from kcp_pos.settings.model import Settings
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

MISSING = "—"
TABLE_HEIGHT = 120


class PaymentDetailPane(QWidget):
    """Shows one payment; `refund_requested(imp_uid)` when the clerk asks to refund it."""

    refund_requested = Signal(str)

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDetail")
        self._lang = lang
        self._context: PageContext | None = None
        self._settings: Settings | None = None
        self._generation = 0
        # An answer arriving after the pane is gone (the window closed) is dropped: a plain
        # list, since a slot of the object being destroyed is never called.
        alive = self._alive = [True]
        self.destroyed.connect(lambda: alive.__setitem__(0, False))
        self.detail: PaymentDetail | None = None
        self._build()
        self.show_nothing()

    def _build(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("detailTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.facts = QFormLayout()
        self.cancels_table = self._table([self.tr("Refunded at"), self.tr("Amount"),
                                          self.tr("Reason")])  # fmt: skip
        self.attempts_table = self._table(
            [self.tr("Time"), self.tr("Call"), self.tr("State"), self.tr("Amount"),
             self.tr("Operator")]
        )  # fmt: skip
        self.audit_table = self._table(
            [self.tr("Time"), self.tr("Operator"), self.tr("Action"), self.tr("Details")]
        )
        self.refund_button = QPushButton(self.tr("Refund…"), self)
        self.refund_button.clicked.connect(self._ask_refund)
        self.receipt_button = QPushButton(self.tr("Receipt…"), self)
        self.receipt_button.clicked.connect(self.open_receipt)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refund_button)
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.note_label)
        layout.addLayout(self.facts)
        layout.addLayout(buttons)
        for caption, table in (
            (self.tr("Refunds"), self.cancels_table),
            (self.tr("Attempts at this terminal"), self.attempts_table),
            (self.tr("Audit trail"), self.audit_table),
        ):
            label = QLabel(caption, self)
            label.setObjectName("sectionTitle")
            layout.addWidget(label)
            table.setMinimumHeight(TABLE_HEIGHT)
            layout.addWidget(table)
        layout.addStretch(1)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def attach(self, context: PageContext) -> None:
        self._context = context

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings

    # --- showing ----------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self._generation += 1
        self.detail = None
        self.title_label.setText(self.tr("Choose a payment to see its detail."))
        self.note_label.clear()
        self._fill_facts([])
        for table in (self.cancels_table, self.attempts_table, self.audit_table):
            table.setRowCount(0)
        self.refund_button.setEnabled(False)
        self.receipt_button.setEnabled(False)

    def show_payment(self, imp_uid: str) -> None:
        """Read the payment `imp_uid` afresh and show it (a later choice wins)."""
        from kcp_pos.services.payment_detail import load_payment_detail

        if self._context is None:
            return
        self._generation += 1
        generation, services = self._generation, self._context.services
        self.note_label.setText(self.tr("Asking PortOne…"))

        def load(_: Progress) -> PaymentDetail:
            return load_payment_detail(services, imp_uid)

        self._context.runner.run(
            load,
            lambda detail: self._show(generation, detail),
            lambda error: self._failed(generation, error),
            key="backoffice:detail",
        )

    def _failed(self, generation: int, error: Exception) -> None:
        if self._alive[0] and generation == self._generation:
            text = self.tr("The payment could not be read: %1")
            self.note_label.setText(text.replace("%1", type(error).__name__))

    def _show(self, generation: int, detail: PaymentDetail) -> None:
        if not self._alive[0] or generation != self._generation:
            return
        self.detail = detail
        payment = detail.payment
        if payment is None:
            self.title_label.setText(detail.imp_uid)
        else:
            look = payment_look(
                LedgerStatus(payment.status),
                cancel_amount=payment.cancel_amount,
                amount=payment.amount,
            )
            self.title_label.setText(
                f"{look.icon} {look.words} · {krw(payment.amount, self._lang)}"
            )
        self.note_label.setText(self._note(detail))
        self._fill_facts(self._facts(detail))
        self._fill(self.cancels_table, [
            (_kst(korea_time(cancel.cancelled_at)), krw(cancel.amount, self._lang),
             cancel.reason or "")
            for cancel in detail.cancels
        ])  # fmt: skip
        self._fill(self.attempts_table, [
            (_kst(attempt.created_at), kind_text(attempt.kind.value),
             attempt_look(attempt.state, not_found=attempt.not_found).words,
             krw(attempt.amount, self._lang), attempt.operator or MISSING)
            for attempt in detail.attempts
        ])  # fmt: skip
        self._fill(self.audit_table, [
            (_kst(entry.at), entry.actor, action_text(entry.action),
             details_text(entry.action, entry.details, self._lang))
            for entry in reversed(detail.audit)
        ])  # fmt: skip
        refundable = payment is not None and payment.balance > 0 and payment.status in (
            LedgerStatus.PAID, LedgerStatus.CANCELLED
        )  # fmt: skip
        self.refund_button.setEnabled(refundable)
        self.receipt_button.setEnabled(detail.remote is not None and payment is not None)

    def _note(self, detail: PaymentDetail) -> str:
        if detail.remote_problem is not None:
            return self.tr(
                "PortOne could not be asked (%1): this is the terminal's last record; refunds "
                "made elsewhere may be missing."
            ).replace("%1", detail.remote_problem)
        if detail.payment is not None and detail.payment.operator is None:
            return self.tr("Made outside this terminal (e.g. a web shop or the console).")
        return ""

    def _facts(self, detail: PaymentDetail) -> list[tuple[str, str]]:
        payment = detail.payment
        if payment is None:
            return []
        return [
            (self.tr("Refunded"), krw(payment.cancel_amount, self._lang)),
            (self.tr("Refundable"), krw(payment.balance, self._lang)),
            (self.tr("Card"), " ".join(filter(None, (
                payment.card_name, mask_reported_card(payment.card_number)))) or MISSING),
            (self.tr("Installments"), installments_text(payment.card_quota)),
            (self.tr("Approval number"), payment.apply_num or MISSING),
            (self.tr("Paid at"), _kst(payment.paid_at)),
            (self.tr("Order"), payment.name or MISSING),
            (self.tr("Buyer"), payment.buyer_name or MISSING),
            (self.tr("Operator"), payment.operator or MISSING),
            (self.tr("Order no."), payment.merchant_uid),
            (self.tr("Transaction ID"), payment.imp_uid),
        ]  # fmt: skip

    def _fill_facts(self, facts: list[tuple[str, str]]) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for name, value in facts:
            label = QLabel(value, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(name, label)

    @staticmethod
    def _fill(table: QTableWidget, rows: Sequence[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long cell (the details) in full
                table.setItem(row, column, item)

    # --- acting -----------------------------------------------------------------------------

    def _ask_refund(self) -> None:
        if self.detail is not None:
            self.refund_requested.emit(self.detail.imp_uid)

    def open_receipt(self) -> None:
        """The shop's receipt of the payment as PortOne reports it now (refunds included)."""
        detail, context, settings = self.detail, self._context, self._settings
        if detail is None or detail.remote is None or context is None or settings is None:
            return
        from kcp_pos.ui.widgets.receipt_view import show_payment_receipt

        tax_free = detail.payment.tax_free if detail.payment is not None else None
        show_payment_receipt(
            self,
            detail.remote,
            settings,
            lang=self._lang,
            training=context.training,
            tax_free=tax_free or 0,
        )


def _kst(moment: datetime | None) -> str:
    return MISSING if moment is None else moment.astimezone(KST).strftime("%Y-%m-%d %H:%M")
