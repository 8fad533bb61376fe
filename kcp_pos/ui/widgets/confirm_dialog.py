"""The confirmation shown before any charge or card registration: what will happen, to which
(masked) card, for how much. It never shows card data beyond the masked number.

Enter confirms (the confirm button is the default) and Esc cancels. Ctrl+Enter, the key that asks
for a charge, never answers this question, nor does a held-down Enter: a double tap of the
shortcut must not confirm unseen. When the same amount, card
and buyer were charged a few minutes ago, the dialog leads with that warning, the confirm button
says "Charge anyway" and Cancel becomes the default, so a reflexive Enter does not charge twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.ui.widgets.status_look import PALETTES, Tone


@dataclass(frozen=True)
class ConfirmSummary:
    """Display strings only; `card` is the masked number (`5570-42**-****-7221`)."""

    action: str
    card: str
    issuer: str
    amount: str | None  # None for a registration (no charge)
    installments: str | None
    tax: str | None  # "VAT 4,545원" or with the tax-free part
    buyer: str
    order_name: str
    duplicate_warning: str | None = None


_WARNING = PALETTES[Tone.UNSURE]
DIALOG_STYLE = f"""
QLabel#confirmHeading {{ font-size: 13pt; font-weight: 700; color: #1F2933; }}
QLabel#confirmAmount {{ font-size: 16pt; font-weight: 700; color: #1F2933; }}
QLabel#confirmValue {{ font-weight: 600; color: #1F2933; }}
QLabel#duplicateWarning {{ background: {_WARNING.fill}; color: {_WARNING.text};
    border: 1px solid {_WARNING.edge}; border-radius: 6px; padding: 8px 10px; font-weight: 600; }}
"""


class ConfirmDialog(QDialog):
    """Window-modal; open with `open()` and listen to `finished` (accepted or rejected)."""

    def __init__(self, summary: ConfirmSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(
            self.tr("Confirm payment") if summary.amount is not None else self.tr("Confirm")
        )
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.summary = summary

        heading = QLabel(summary.action, self)
        heading.setObjectName("confirmHeading")
        heading.setWordWrap(True)
        self.warning_label = QLabel(summary.duplicate_warning or "", self)
        self.warning_label.setObjectName("duplicateWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setVisible(summary.duplicate_warning is not None)

        rows = QFormLayout()
        rows.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        rows.setHorizontalSpacing(16)
        rows.setVerticalSpacing(6)
        self.value_labels: dict[str, QLabel] = {}
        entries: list[tuple[str, str, str | None]] = [
            ("amount", self.tr("Amount"), summary.amount),
            ("installments", self.tr("Installments"), summary.installments),
            ("tax", self.tr("VAT"), summary.tax),
            ("card", self.tr("Card"), summary.card),
            ("issuer", self.tr("Issuer"), summary.issuer),
            ("buyer", self.tr("Buyer"), summary.buyer),
            ("order_name", self.tr("Order name"), summary.order_name),
        ]
        for key, label, value in entries:
            if value is None or (key == "order_name" and summary.amount is None):
                continue  # a registration has no amount and no order
            value_label = QLabel(value, self)
            value_label.setObjectName("confirmAmount" if key == "amount" else "confirmValue")
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setAccessibleName(f"{label}: {value}")
            rows.addRow(label, value_label)
            self.value_labels[key] = value_label

        self.buttons = QDialogButtonBox(self)
        confirm_text = self.tr("Charge anyway") if summary.duplicate_warning else self.tr("Confirm")
        self.confirm_button: QPushButton = self.buttons.addButton(
            confirm_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("confirmButton")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        self.cancel_button: QPushButton = cancel
        self.cancel_button.setText(self.tr("Cancel"))
        for button in (self.confirm_button, self.cancel_button):
            button.installEventFilter(self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        safe_default = self.cancel_button if summary.duplicate_warning else self.confirm_button
        safe_default.setDefault(True)
        safe_default.setFocus(Qt.FocusReason.OtherFocusReason)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.warning_label)
        layout.addLayout(rows)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.setStyleSheet(DIALOG_STYLE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and (event.isAutoRepeat() or event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            return True  # not an answer: see the module docstring
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.isAutoRepeat() or event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        default = self.cancel_button if self.summary.duplicate_warning else self.confirm_button
        default.setFocus(Qt.FocusReason.OtherFocusReason)
