"""Asking before a saved card is deleted: whose card, what it means, and the reason (required,
kept in the audit trail). The deletion itself runs on the page's runner
(`services/billing_key_removal.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.ui.customers.directory_model import card_text

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.store import Customer

REASON_MAX_LENGTH = 200


class DeleteKeyDialog(QDialog):
    """Window-modal; `reason` once accepted."""

    def __init__(self, customer: Customer, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete a saved card"))
        self.customer = customer
        card = card_text(customer, lang)
        heading = QLabel(
            self.tr("Delete the saved card of %1 (%2)?")
            .replace("%1", customer.name or customer.customer_uid)
            .replace("%2", card)
        )
        heading.setWordWrap(True)
        heading.setObjectName("confirmHeading")
        explanation = QLabel(
            self.tr(
                "The card can no longer be charged again. Past payments are kept. A card with "
                "booked schedules is not deleted until they are revoked."
            )
        )
        explanation.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(REASON_MAX_LENGTH)
        self.reason_edit.setPlaceholderText(self.tr("e.g. Customer asked, card lost"))
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.delete_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.delete_button.setText(self.tr("Delete card"))
        self.delete_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda text: self.delete_button.setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(QLabel(self.tr("Reason (kept in the audit trail)")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.reason_edit.setFocus()

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if self.reason:  # Enter in an empty reason does nothing
            super().accept()
