"""The order of a saved-card charge, as the clerk types it: amount, order name, installments
and tax-free part, with the domain's rules shown under each field as they are broken.

One widget for every screen that charges a billing key (charge again now, schedule a charge),
so the fields, their rules (the amount ceiling, installments only from 50,000 KRW, a tax-free
part within the amount, the order name) and their keys cannot drift apart. Enter moves from
the amount to the order name to the tax-free part; Enter there is the owner's (`last_enter`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import available_quotas, installments_allowed
from kcp_pos.domain.messages import message
from kcp_pos.domain.money import parse_amount, parse_tax_free, regroup_amount_as_typed
from kcp_pos.domain.names import validate_order_name
from kcp_pos.domain.result import Invalid, Ok
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit
from kcp_pos.ui.widgets.money_text import installments_text


@dataclass(frozen=True)
class OrderValues:
    amount: int
    order_name: str | None
    tax_free: int
    card_quota: int


class OrderFields(QWidget):
    changed = Signal()
    """A field changed (the rules' messages are up to date)."""
    last_enter = Signal()
    """Enter in the last field (the tax-free part)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount_edit = FormattedLineEdit(regroup_amount_as_typed)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_row = FieldRow(self.tr("&Amount (KRW)"), self.amount_edit)
        self.order_name_edit = FormattedLineEdit()
        self.order_name_row = FieldRow(self.tr("&Order name"), self.order_name_edit)
        self.quota_combo = QComboBox()
        self.quota_row = FieldRow(self.tr("&Installments"), self.quota_combo)
        self.tax_free_edit = FormattedLineEdit(regroup_amount_as_typed)
        self.tax_free_row = FieldRow(self.tr("&Tax-free part"), self.tax_free_edit)
        self._read_only = False
        self._quota_on_hold = 0
        """Months chosen, then taken away by an amount below what allows installments."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for row in (self.amount_row, self.order_name_row, self.quota_row, self.tax_free_row):
            layout.addWidget(row)
        for edit in (self.amount_edit, self.order_name_edit, self.tax_free_edit):
            edit.textEdited.connect(lambda _text: self.refresh())
        self.amount_edit.enter_pressed.connect(
            lambda: self.order_name_edit.setFocus(Qt.FocusReason.TabFocusReason)
        )
        self.order_name_edit.enter_pressed.connect(
            lambda: self.tax_free_edit.setFocus(Qt.FocusReason.TabFocusReason)
        )
        self.tax_free_edit.enter_pressed.connect(self.last_enter)
        self.refresh()

    def refresh(self) -> bool:
        """Show what each typed field breaks; True when the order is valid."""
        amount = parse_amount(self.amount_edit.text())
        value = amount.value if isinstance(amount, Ok) else 0
        self._update_quotas(value)
        problems = {
            self.amount_row: amount,
            self.order_name_row: validate_order_name(self.order_name_edit.text()),
            self.tax_free_row: parse_tax_free(self.tax_free_edit.text(), amount=value),
        }
        for row, result in problems.items():
            typed = isinstance(row.field, FormattedLineEdit) and row.field.text()
            error = result.error if isinstance(result, Invalid) and typed else None
            row.show_message(translated(message(error)) if error is not None else "")
        self.changed.emit()
        return all(isinstance(result, Ok) for result in problems.values())

    def _update_quotas(self, amount: int) -> None:
        """The installments the amount allows. Installments chosen, then taken away by a
        smaller amount, are said to be on hold (never a silent switch to a lump sum) and come
        back when the amount allows them again (retyping it passes through small numbers)."""
        quotas = available_quotas(amount)
        current = self.quota_combo.currentData()
        allowed = installments_allowed(amount)
        if not allowed and isinstance(current, int) and current > 0:
            self._quota_on_hold = current
        if [self.quota_combo.itemData(i) for i in range(self.quota_combo.count())] != quotas:
            wanted = self._quota_on_hold if allowed and self._quota_on_hold else current
            self.quota_combo.clear()
            for quota in quotas:
                self.quota_combo.addItem(installments_text(quota), quota)
            self.quota_combo.setCurrentIndex(max(self.quota_combo.findData(wanted), 0))
        if allowed:
            self._quota_on_hold = 0
        self.quota_combo.setEnabled(allowed and not self._read_only)
        on_hold = translated(message(InputError.QUOTA_AMOUNT_TOO_SMALL))
        self.quota_row.show_message(on_hold if self._quota_on_hold else "")

    def values(self) -> OrderValues | None:
        """The order as typed, or None while a rule is broken."""
        amount = parse_amount(self.amount_edit.text())
        name = validate_order_name(self.order_name_edit.text())
        if not (isinstance(amount, Ok) and isinstance(name, Ok)):
            return None
        tax_free = parse_tax_free(self.tax_free_edit.text(), amount=amount.value)
        if not isinstance(tax_free, Ok):
            return None
        quota = self.quota_combo.currentData()
        quota = quota if isinstance(quota, int) and installments_allowed(amount.value) else 0
        return OrderValues(amount.value, name.value, tax_free.value, quota)

    def fill(
        self, amount: int, order_name: str | None, *, tax_free: int = 0, card_quota: int = 0
    ) -> None:
        """Put an order in the fields (an earlier order, a failed schedule's)."""
        self._quota_on_hold = 0
        self.amount_edit.setText(regroup_amount_as_typed(str(amount)))
        self.order_name_edit.setText(order_name or "")
        self.tax_free_edit.setText(regroup_amount_as_typed(str(tax_free)) if tax_free else "")
        self.refresh()
        self.quota_combo.setCurrentIndex(max(self.quota_combo.findData(card_quota), 0))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in (self.amount_edit, self.order_name_edit, self.tax_free_edit):
            edit.setReadOnly(read_only)
        self.refresh()

    def focus_first_problem(self) -> bool:
        """Focus the first field whose rule is broken (saying why, for an empty amount); False
        when there is none."""
        for row in (self.amount_row, self.order_name_row, self.tax_free_row):
            if row.message_text:
                row.field.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        if not self.amount_edit.text():
            self.amount_row.show_message(translated(message(InputError.AMOUNT_REQUIRED)))
            self.amount_edit.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False
