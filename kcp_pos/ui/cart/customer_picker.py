"""Choose the cart's buyer from the customer directory (as typed, by name, phone, e-mail or the
card's last four digits): the buyer's fields and the gift-certificate site ID are taken from
the customer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kcp_pos.store import Customer
    from kcp_pos.ui.shell.screen_page import PageContext

SEARCH_PAUSE_MS = 150
SHOWN = 50


class CustomerPicker(QDialog):
    def __init__(self, context: PageContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("customerPicker")
        self.setWindowTitle(self.tr("Choose the buyer"))
        self._context = context
        self._found: list[Customer] = []
        self.chosen: Customer | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, phone, e-mail or the card's last 4 digits"))
        self.results = QListWidget(self)
        self.results.itemActivated.connect(lambda _item: self.accept())
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self._run_search()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the search goes to the list (never OK: the first match may be the wrong
        one); Enter on a customer in the list chooses it."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.search.hasFocus():
            self._to_results()
            return
        super().keyPressEvent(event)

    def _to_results(self) -> None:
        if self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)

    def _run_search(self) -> None:
        text, customers = self.search.text(), self._context.services.customers
        self._context.runner.run(
            lambda _progress: list(customers.search(text, limit=SHOWN)),
            lambda found: self._show(text, found),
            lambda error: self.note.setText(type(error).__name__),
            key="cart:customer-picker",
        )

    def _show(self, text: str, found: list[Customer]) -> None:
        if text != self.search.text():
            return
        self._found = found
        self.results.clear()
        for customer in found:
            card = f" · {customer.card_number[-4:]}" if customer.card_number else ""
            shown = f"{customer.name or ''} · {customer.tel or ''}{card}"
            QListWidgetItem(shown, self.results)
        self.note.setText("" if found else self.tr("No customer matches."))

    def accept(self) -> None:
        row = self.results.currentRow()
        if not 0 <= row < len(self._found):
            return
        self.chosen = self._found[row]
        super().accept()
