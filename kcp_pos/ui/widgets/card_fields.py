"""The card as the customer dictates it: number (with the issuer beside it), expiry, the first two
PIN digits, and the date of birth or, for a corporate card, the business registration number.

One widget for every screen that takes a card (the terminal's form, adding a customer, replacing
a saved card), so the fields, their formatting and their checks are the same everywhere. It holds
card data only while the clerk types: `take_card` hands it over validated, `clear` wipes it
(DESIGN rule 4).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.card_expiry import check_expiry_as_typed, format_expiry_as_typed
from kcp_pos.domain.card_number import card_hint, check_card_number_as_typed
from kcp_pos.domain.card_number import group_card_number_as_typed as group_card
from kcp_pos.domain.card_owner import check_card_owner_as_typed, format_business_number_as_typed
from kcp_pos.domain.card_pin import check_pwd_2digit_as_typed
from kcp_pos.domain.keyed_card import KeyedCard, validate_keyed_card
from kcp_pos.domain.language import Lang
from kcp_pos.domain.result import Ok
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit
from kcp_pos.ui.widgets.field_checks import FieldChecks

CORPORATE_SHORTCUT = "Ctrl+B"
"""Corporate card (법인) on or off, from any field: Enter passes over the checkbox."""


def native_shortcut(sequence: str) -> str:
    """A shortcut as this platform writes it (⌘↩ on macOS)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


class CardFields(QGroupBox):
    """The "Card" group. `changed` after every edit, leave or corporate toggle."""

    changed = Signal()

    def __init__(
        self,
        *,
        lang: Lang,
        today: Callable[[], date],
        pwd_required: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Card"))
        self.lang: Lang = lang
        self._today = today
        self._pwd_required = pwd_required
        self._build()
        self._lay_out()
        self.checks = FieldChecks(self)
        self.checks.add(
            self.card_number_row, lambda: check_card_number_as_typed(self.card_number_edit.text())
        )
        self.checks.add(
            self.expiry_row,
            lambda: check_expiry_as_typed(self.expiry_edit.text(), today=self._today()),
        )
        self.checks.add(
            self.owner_row,
            lambda: check_card_owner_as_typed(
                self.owner_edit.text(),
                corporate=self.corporate_check.isChecked(),
                today=self._today(),
            ),
        )
        self.checks.add(
            self.pin_row,
            lambda: check_pwd_2digit_as_typed(self.pin_edit.text(), required=self._pwd_required),
        )
        self.checks.changed.connect(self.changed)
        self.rows = (self.card_number_row, self.expiry_row, self.owner_row, self.pin_row)
        self.card_number_edit.textEdited.connect(lambda _text: self._update_issuer())
        self.corporate_check.toggled.connect(self._corporate_toggled)
        self.corporate_check.installEventFilter(self)
        self._update_pin_label()

    def _build(self) -> None:
        self.card_number_edit = FormattedLineEdit(group_card)
        self.card_number_edit.setPlaceholderText("0000 0000 0000 0000")
        self.card_number_edit.setMaxLength(24)
        self.card_number_edit.setObjectName("cardNumberEdit")
        self.issuer_label = QLabel()
        self.card_number_row = FieldRow(
            self.tr("&Card number"), self.card_number_edit, hint=self.issuer_label
        )

        self.expiry_edit = FormattedLineEdit(format_expiry_as_typed)
        self.expiry_edit.setPlaceholderText(self.tr("MM/YY"))
        self.expiry_edit.setMaxLength(7)
        self.expiry_row = FieldRow(self.tr("&Expiry (MM/YY)"), self.expiry_edit)

        self.corporate_check = QCheckBox(self.tr("Corporate card"))
        self.corporate_check.setAccessibleName(self.tr("Corporate card"))
        self.corporate_check.setToolTip(
            self.tr("A corporate card is checked with the business registration number.")
            + f" ({native_shortcut(CORPORATE_SHORTCUT)})"
        )
        self.corporate_check.setAccessibleDescription(native_shortcut(CORPORATE_SHORTCUT))

        self.owner_edit = FormattedLineEdit()
        self.owner_edit.setMaxLength(12)
        self.owner_row = FieldRow(self._owner_label(), self.owner_edit, hint=self.corporate_check)

        self.pin_edit = FormattedLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(2)
        self.pin_row = FieldRow(self.tr("First 2 PIN digits"), self.pin_edit)

    def _lay_out(self) -> None:
        card = QVBoxLayout(self)
        card.setSpacing(8)
        card.addWidget(self.card_number_row)
        expiry_and_pin = QHBoxLayout()
        expiry_and_pin.setSpacing(12)
        expiry_and_pin.addWidget(self.expiry_row, 3)
        expiry_and_pin.addWidget(self.pin_row, 2)
        card.addLayout(expiry_and_pin)
        card.addWidget(self.owner_row)
        card.addStretch(1)

    # --- public API -------------------------------------------------------------------------

    def inputs(self) -> list[QWidget]:
        """The card's inputs in the order the customer reads them out."""
        return [
            self.card_number_edit,
            self.expiry_edit,
            self.pin_edit,
            self.corporate_check,
            self.owner_edit,
        ]

    def edits(self) -> list[FormattedLineEdit]:
        """The text fields of `inputs`, in the same order."""
        return [w for w in self.inputs() if isinstance(w, FormattedLineEdit)]

    def invalid_rows(self) -> list[FieldRow]:
        return [row for row in self.rows if not self.checks.valid(row)]

    def set_pwd_required(self, required: bool) -> None:
        self._pwd_required = required
        self._update_pin_label()
        self.changed.emit()

    def set_locked(self, locked: bool) -> None:
        """Read-only (and the checkbox disabled) while a request is in flight."""
        for edit in self.edits():
            edit.setReadOnly(locked)
        self.corporate_check.setEnabled(not locked)

    def toggle_corporate(self) -> None:
        """The corporate shortcut: toggle and go to the field it changes."""
        if self.corporate_check.isEnabled():
            self.corporate_check.toggle()
            self.owner_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def take_card(self) -> KeyedCard | None:
        """The card as typed, validated, or None. Call `clear` right after."""
        result = validate_keyed_card(
            card_number=self.card_number_edit.text(),
            expiry=self.expiry_edit.text(),
            birth=self.owner_edit.text(),
            pwd_2digit=self.pin_edit.text(),
            corporate=self.corporate_check.isChecked(),
            pwd_required=self._pwd_required,
            today=self._today(),
        )
        return result.value if isinstance(result, Ok) else None

    def clear(self) -> None:
        """Card number, expiry, birth/BRN and PIN digits leave the widgets (DESIGN rule 4)."""
        for row in self.rows:
            edit = row.field
            assert isinstance(edit, FormattedLineEdit)
            edit.clear_input()
            row.show_message("")
        self.issuer_label.clear()
        self.changed.emit()

    # --- field behaviour --------------------------------------------------------------------

    def _owner_label(self) -> str:
        if self.corporate_check.isChecked():
            return self.tr("Business registration &number")
        return self.tr("Date of &birth (YYMMDD)")

    def _corporate_toggled(self, corporate: bool) -> None:
        self.owner_edit.clear_input()
        self.owner_row.show_message("")
        self.owner_row.set_label(self._owner_label())
        self.owner_edit.set_formatter(format_business_number_as_typed if corporate else None)
        self.owner_edit.setPlaceholderText("000-00-00000" if corporate else self.tr("YYMMDD"))
        self.changed.emit()

    def _update_pin_label(self) -> None:
        label = self.tr("First 2 PIN digits")
        if not self._pwd_required:
            label = self.tr("First 2 PIN digits (optional)")
        self.pin_row.set_label(label)

    def _update_issuer(self) -> None:
        hint = card_hint(self.card_number_edit.text())
        if hint.issuer is not None:
            name = hint.issuer.name_in(self.lang)
            text = f"{name} · {hint.brand}" if hint.brand and hint.brand != name else name
        else:
            text = hint.brand or ""
        self.issuer_label.setText(text)
        self.card_number_edit.setAccessibleDescription(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A digit typed on the corporate checkbox belongs in the birth/BRN field after it."""
        if (
            watched is self.corporate_check
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and _is_typing(event)
        ):
            self.owner_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            QApplication.sendEvent(
                self.owner_edit,
                QKeyEvent(event.type(), event.key(), event.modifiers(), event.text()),
            )
            return True
        return super().eventFilter(watched, event)


def _is_typing(event: QKeyEvent) -> bool:
    """A plain letter or digit (Shift and the keypad allowed): text meant for a field."""
    plain = event.modifiers() & ~(
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
    )
    text = event.text()
    return plain == Qt.KeyboardModifier.NoModifier and len(text) == 1 and text.isalnum()
