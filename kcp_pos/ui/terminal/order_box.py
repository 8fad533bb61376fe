"""The form's "Order" group with the amount field: the part of the terminal on screen first.

The clerk starts every order with the amount, so the main window shows this group before its
first paint and the entry form adopts it when it is built a moment later (`EntryForm(order_box=)`,
see `first_paint.py`): what was typed meanwhile stays, the widget is the same. It imports only
what that first paint needs. Its strings are in the form's translation context ("EntryForm").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from kcp_pos.domain.money import regroup_amount_as_typed
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit


class OrderBox(QGroupBox):
    """The "Order" group: the amount row first; the form adds the other order rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("EntryForm", "Order"), parent)
        self.amount_edit = FormattedLineEdit(regroup_amount_as_typed)
        # Large and right-aligned through the style sheet (QLineEdit#amountEdit).
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setPlaceholderText("0")
        self.amount_edit.setMaxLength(20)
        self.amount_row = FieldRow(
            QCoreApplication.translate("EntryForm", "&Amount (KRW)"), self.amount_edit
        )
        self._rows = QVBoxLayout(self)
        self._rows.setSpacing(8)
        self._rows.addWidget(self.amount_row)
        self._rows.addStretch(1)

    def add_row(self, row: QWidget) -> None:
        """Append `row` under the rows already there."""
        self._rows.insertWidget(self._rows.count() - 1, row)
