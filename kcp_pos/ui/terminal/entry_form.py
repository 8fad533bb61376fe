"""The keyed-entry form: the fields of a phone order in the order the customer says them, inline
validation, and the three actions (charge, charge and save the card, register the card only).

The form knows nothing about the network. It validates with the domain's as-you-type checks
(errors that can no longer be fixed by typing show at once; "empty" and "unfinished" show when
the clerk leaves the field), enables each action only when what it needs is valid, and emits
`action_requested`. The controller reads the order (`order_input`) and the card (`take_card`),
then clears the card fields; `locked` keeps the actions disabled while a request is in flight
or its outcome is unknown.
"""

from __future__ import annotations

import enum
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import available_quotas, installments_allowed
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.domain.language import Lang
from kcp_pos.domain.messages import message
from kcp_pos.domain.money import (
    MAX_AMOUNT_KRW,
    VatSplit,
    check_amount_as_typed,
    parse_amount,
    parse_tax_free,
    regroup_amount_as_typed,
)
from kcp_pos.domain.names import validate_buyer_name, validate_order_name
from kcp_pos.domain.phone import check_phone_as_typed, format_phone_as_typed, validate_buyer_tel
from kcp_pos.domain.result import FieldCheck, Ok
from kcp_pos.ui.terminal.order_box import OrderBox
from kcp_pos.ui.widgets.card_fields import CORPORATE_SHORTCUT, CardFields, native_shortcut
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit
from kcp_pos.ui.widgets.field_checks import FieldChecks, check_of
from kcp_pos.ui.widgets.money_text import installments_text, krw, vat_split


class FormAction(enum.Enum):
    """What the clerk asked for."""

    CHARGE = "charge"  # charge once
    CHARGE_AND_SAVE = "charge_and_save"  # charge and keep the card as a billing key
    REGISTER = "register"  # keep the card as a billing key, no charge


ACTION_SHORTCUTS: dict[FormAction, str] = {
    FormAction.CHARGE: "Ctrl+Return",
    FormAction.CHARGE_AND_SAVE: "Ctrl+Shift+Return",
    FormAction.REGISTER: "Ctrl+Shift+R",
}
INSTALLMENTS_SHORTCUT = "Ctrl+I"
"""To the installments list (Enter passes over it: typed digits must not pick a month)."""


@dataclass(frozen=True)
class OrderInput:
    """The non-card part of the form, validated and normalised."""

    amount: int
    order_name: str | None
    buyer_name: str | None
    buyer_tel: str | None
    tax_free: int
    card_quota: int

    @property
    def vat(self) -> VatSplit:
        """Supply value, VAT and tax-free part of the amount."""
        return vat_split(self.amount, self.tax_free)


class EntryForm(QWidget):
    """The form. Build on the UI thread; `today` gives the merchant's date (KST). `order_box`:
    the "Order" group already on screen with the amount field (`OrderBox`), to adopt as it is;
    a new one when None."""

    action_requested = Signal(object)
    """A `FormAction` the clerk asked for while it was enabled."""
    validity_changed = Signal()

    def __init__(
        self,
        *,
        lang: Lang,
        today: Callable[[], date],
        pwd_required: bool,
        order_box: OrderBox | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entryForm")
        self.lang: Lang = lang
        self._today = today
        self._pwd_required = pwd_required
        self._locked = False
        self._backend_ready = False  # fields take typing at once; actions wait for the backend
        self._build_fields(order_box)
        self._build_actions()
        self._order_checks: dict[FieldRow, Callable[[], FieldCheck]] = {
            self.amount_row: lambda: check_amount_as_typed(self.amount_edit.text()),
            self.order_name_row: lambda: check_of(validate_order_name(self.order_name_edit.text())),
            self.buyer_name_row: lambda: check_of(validate_buyer_name(self.buyer_name_edit.text())),
            self.buyer_tel_row: lambda: check_phone_as_typed(self.buyer_tel_edit.text()),
            self.tax_free_row: self._tax_free_check,
        }
        self._order_rows = (
            self.amount_row,
            self.order_name_row,
            self.buyer_name_row,
            self.buyer_tel_row,
            self.tax_free_row,
        )
        self._layout()  # adopts the order box; wired after, so its moving is no "focus left"
        self._wire()
        if self.amount_edit.text():  # typed before the form was built (see OrderBox)
            self.checks.edited(self.amount_row)
        self._refresh()

    # --- construction -----------------------------------------------------------------------

    def _build_fields(self, order_box: OrderBox | None) -> None:
        self.order_box = order_box if order_box is not None else OrderBox()
        self.amount_edit = self.order_box.amount_edit
        self.amount_row = self.order_box.amount_row

        self.order_name_edit = FormattedLineEdit()
        self.order_name_edit.setPlaceholderText(self.tr("e.g. Phone order: coffee beans 1 kg"))
        self.order_name_row = FieldRow(self.tr("&Order name"), self.order_name_edit)

        self.buyer_name_edit = FormattedLineEdit()
        self.buyer_name_row = FieldRow(self.tr("&Buyer name"), self.buyer_name_edit)

        self.buyer_tel_edit = FormattedLineEdit(format_phone_as_typed)
        self.buyer_tel_edit.setPlaceholderText("010-1234-5678")
        self.buyer_tel_edit.setMaxLength(20)
        self.buyer_tel_row = FieldRow(self.tr("Buyer &phone"), self.buyer_tel_edit)

        self.card = CardFields(lang=self.lang, today=self._today, pwd_required=self._pwd_required)

        self.quota_combo = QComboBox()
        self.quota_reason = QLabel()
        self.quota_reason.setObjectName("note")
        self.quota_reason.setWordWrap(True)
        self.quota_row = FieldRow(self.tr("&Installments"), self.quota_combo)
        self.quota_row.add_note(self.quota_reason)

        self.tax_free_edit = FormattedLineEdit(regroup_amount_as_typed)
        self.tax_free_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tax_free_edit.setPlaceholderText(self.tr("optional"))
        self.tax_free_edit.setMaxLength(20)
        self.tax_free_row = FieldRow(self.tr("&Tax-free amount (KRW)"), self.tax_free_edit)
        self.vat_label = QLabel()
        self.vat_label.setObjectName("note")
        self.tax_free_row.add_note(self.vat_label)

    def _build_actions(self) -> None:
        self.charge_button = QPushButton(self.tr("Charge"))
        self.charge_button.setObjectName("chargeButton")
        self.save_button = QPushButton(self.tr("Charge and save card"))
        self.register_button = QPushButton(self.tr("Register card only"))
        self.action_buttons: dict[FormAction, QPushButton] = {
            FormAction.CHARGE: self.charge_button,
            FormAction.CHARGE_AND_SAVE: self.save_button,
            FormAction.REGISTER: self.register_button,
        }
        self._shortcuts: list[QShortcut] = []
        for action, button in self.action_buttons.items():
            # Enter on a focused button presses it (off by default outside dialogs).
            button.setAutoDefault(True)
            native = native_shortcut(ACTION_SHORTCUTS[action])
            button.setToolTip(f"{button.text()} ({native})")
            button.setAccessibleDescription(native)
            button.clicked.connect(lambda _=False, action=action: self._request(action))
        self.missing_label = QLabel()
        self.missing_label.setObjectName("note")
        self.missing_label.setWordWrap(True)

    def _wire(self) -> None:
        self.checks = FieldChecks(self)
        for row, check in self._order_checks.items():
            self.checks.add(row, check)
        self.amount_edit.textEdited.connect(lambda _text: self._recheck_tax_free())
        self.amount_edit.textEdited.connect(lambda _text: self._update_quotas())
        self.checks.changed.connect(self._refresh)
        self.card.changed.connect(self._refresh)
        for edit in (*self._order_edits(), *self.card.edits()):
            edit.enter_pressed.connect(lambda edit=edit: self._focus_after(edit))
        self.quota_combo.currentIndexChanged.connect(lambda _index: self._refresh())
        for widget in (self.card.corporate_check, self.quota_combo, *self.action_buttons.values()):
            widget.installEventFilter(self)
        self._update_quotas()

    def _order_edits(self) -> list[FormattedLineEdit]:
        edits = [row.field for row in self._order_rows]
        return [edit for edit in edits if isinstance(edit, FormattedLineEdit)]

    def _recheck_tax_free(self) -> None:
        if self.tax_free_edit.text():
            self.checks.edited(self.tax_free_row)

    def _layout(self) -> None:
        for row in (self.order_name_row, self.buyer_name_row, self.buyer_tel_row):
            self.order_box.add_row(row)

        self.terms_box = QGroupBox(self.tr("Payment terms"))
        terms = QHBoxLayout(self.terms_box)
        terms.setSpacing(12)
        terms.addWidget(self.quota_row, 1, Qt.AlignmentFlag.AlignTop)
        terms.addWidget(self.tax_free_row, 1, Qt.AlignmentFlag.AlignTop)

        # The actions bar is placed by the terminal view, outside the scrolling area.
        self.actions_box = QWidget(self)
        self.actions_box.setObjectName("actionsBox")
        actions = QVBoxLayout(self.actions_box)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(4)
        self.buttons_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.buttons_layout.setSpacing(8)
        self.buttons_layout.addWidget(self.charge_button, 2)
        self.buttons_layout.addWidget(self.save_button, 1)
        self.buttons_layout.addWidget(self.register_button, 1)
        actions.addLayout(self.buttons_layout)
        actions.addWidget(self.missing_label)

        self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._columns.setSpacing(12)
        self._columns.addWidget(self.order_box, 1)
        self._columns.addWidget(self.card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(self._columns)
        layout.addWidget(self.terms_box)
        layout.addStretch(1)

    def apply_tab_order(self) -> None:
        """Set Tab to follow `tab_order` (call once the actions bar is in the same window)."""
        order = self.tab_order()
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def install_shortcuts(self, scope: QWidget) -> None:
        """The form's shortcuts, active wherever the focus is inside `scope` (the screen that
        holds the form, its actions bar and the outcome panel)."""
        keys: list[tuple[str, Callable[[], None]]] = [
            (ACTION_SHORTCUTS[action], functools.partial(self._request, action))
            for action in self.action_buttons
        ]
        keys.append((CORPORATE_SHORTCUT, self.card.toggle_corporate))
        keys.append((INSTALLMENTS_SHORTCUT, self._focus_installments))
        for sequence, run in keys:
            shortcut = QShortcut(QKeySequence(sequence), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(run)
            self._shortcuts.append(shortcut)

    def _focus_installments(self) -> None:
        self.quota_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def tab_order(self) -> list[QWidget]:
        """The inputs in the order of a phone call, then the actions."""
        return [
            self.amount_edit,
            self.order_name_edit,
            self.buyer_name_edit,
            self.buyer_tel_edit,
            *self.card.inputs(),
            self.quota_combo,
            self.tax_free_edit,
            self.charge_button,
            self.save_button,
            self.register_button,
        ]

    # --- public API -------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._locked

    def set_locked(self, locked: bool) -> None:
        """Lock (no action can be requested, inputs read-only) or unlock the form."""
        self._locked = locked
        for edit in self._order_edits():
            edit.setReadOnly(locked)
        self.card.set_locked(locked)
        self._update_quotas()
        self._refresh()

    def set_backend_ready(self, ready: bool) -> None:
        """Whether requests can be sent. Until then the clerk can already type the order."""
        self._backend_ready = ready
        self._refresh()

    def set_columns(self, count: int) -> None:
        """Two columns (order | card) when there is room, else one. The action buttons stay in
        one row: stacked, they would take most of a small window's height."""
        direction = (
            QBoxLayout.Direction.LeftToRight if count > 1 else QBoxLayout.Direction.TopToBottom
        )
        self._columns.setDirection(direction)

    def set_pwd_required(self, required: bool) -> None:
        self._pwd_required = required
        self.card.set_pwd_required(required)

    def focus_first_field(self) -> None:
        self.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_card_number(self) -> None:
        self.card.card_number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def action_enabled(self, action: FormAction) -> bool:
        return self._backend_ready and not self._locked and not self._blocking_rows(action)

    def order_input(self) -> OrderInput | None:
        """The order fields, or None while any of them is invalid."""
        amount = parse_amount(self.amount_edit.text())
        order_name = validate_order_name(self.order_name_edit.text())
        buyer_name = validate_buyer_name(self.buyer_name_edit.text())
        buyer_tel = validate_buyer_tel(self.buyer_tel_edit.text())
        if not (
            isinstance(amount, Ok)
            and isinstance(order_name, Ok)
            and isinstance(buyer_name, Ok)
            and isinstance(buyer_tel, Ok)
        ):
            return None
        tax_free = parse_tax_free(self.tax_free_edit.text(), amount=amount.value)
        if not isinstance(tax_free, Ok):
            return None
        quota = self.quota_combo.currentData()
        return OrderInput(
            amount=amount.value,
            order_name=order_name.value,
            buyer_name=buyer_name.value,
            buyer_tel=buyer_tel.value,
            tax_free=tax_free.value,
            card_quota=int(quota)
            if isinstance(quota, int) and installments_allowed(amount.value)
            else 0,
        )

    def buyer_for_registration(self) -> tuple[str | None, str | None]:
        """Buyer name and phone as the registration sends them (validated; None when empty)."""
        name = validate_buyer_name(self.buyer_name_edit.text())
        tel = validate_buyer_tel(self.buyer_tel_edit.text())
        return (
            name.value if isinstance(name, Ok) else None,
            tel.value if isinstance(tel, Ok) else None,
        )

    def take_card(self) -> KeyedCard | None:
        """The card as typed, validated, or None. Call `clear_card_fields` right after."""
        return self.card.take_card()

    def clear_card_fields(self) -> None:
        """Card number, expiry, birth/BRN and PIN digits leave the widgets (DESIGN rule 4)."""
        self.card.clear()

    def clear_all(self) -> None:
        """A new order: every field empty, installments back to 일시불."""
        self.clear_card_fields()
        for row in self._order_rows:
            edit = row.field
            assert isinstance(edit, FormattedLineEdit)
            edit.clear_input()
            row.show_message("")
        self.card.corporate_check.setChecked(False)
        self._update_quotas()
        self._refresh()

    def row_message(self, row: FieldRow) -> str:
        return row.message.text() if not row.message.isHidden() else ""

    # --- validation -------------------------------------------------------------------------

    def _tax_free_check(self) -> FieldCheck:
        amount = parse_amount(self.amount_edit.text())
        ceiling = amount.value if isinstance(amount, Ok) else MAX_AMOUNT_KRW
        return check_of(parse_tax_free(self.tax_free_edit.text(), amount=ceiling))

    def _blocking_rows(self, action: FormAction) -> list[FieldRow]:
        """The rows that keep `action` disabled."""
        card = self.card.rows
        if action is not FormAction.REGISTER:
            rows = [*self._order_rows[:4], *card, self.tax_free_row]
        else:
            rows = [self.buyer_name_row, self.buyer_tel_row, *card]
        checks = {row: self.card.checks if row in card else self.checks for row in rows}
        blocking = [row for row in rows if not checks[row].valid(row)]
        needs_buyer = action is not FormAction.CHARGE
        if needs_buyer and not self.buyer_name_edit.text().strip():
            blocking.append(self.buyer_name_row)
        return list(dict.fromkeys(blocking))

    def _refresh(self) -> None:
        for action, button in self.action_buttons.items():
            button.setEnabled(self.action_enabled(action))
        self._update_vat()
        missing = self._blocking_rows(FormAction.CHARGE)
        if not self._backend_ready and not self._locked:
            self.missing_label.setText(
                self.tr("Connecting to the payment server… you can type the order meanwhile.")
            )
        elif self._locked or not missing:
            needs_name = (
                not self._locked and not self.buyer_name_edit.text().strip() and not missing
            )
            self.missing_label.setText(
                self.tr("Saving or registering a card needs the buyer's name.")
                if needs_name
                else ""
            )
        else:
            names = ", ".join(row.plain_label for row in missing)
            self.missing_label.setText(self.tr("To charge, complete: %1").replace("%1", names))
        self.missing_label.setVisible(bool(self.missing_label.text()))
        self.validity_changed.emit()

    def _request(self, action: FormAction) -> None:
        if self.action_enabled(action):
            self.action_requested.emit(action)

    # --- field behaviour --------------------------------------------------------------------

    def _update_quotas(self) -> None:
        amount = parse_amount(self.amount_edit.text())
        value = amount.value if isinstance(amount, Ok) else 0
        quotas = available_quotas(value)
        current = self.quota_combo.currentData()
        existing = [self.quota_combo.itemData(i) for i in range(self.quota_combo.count())]
        if existing != quotas:
            self.quota_combo.blockSignals(True)
            self.quota_combo.clear()
            for quota in quotas:
                self.quota_combo.addItem(installments_text(quota), quota)
            index = self.quota_combo.findData(current)
            self.quota_combo.setCurrentIndex(max(index, 0))
            self.quota_combo.blockSignals(False)
        allowed = installments_allowed(value)
        self.quota_combo.setEnabled(allowed and not self._locked)
        reason = "" if allowed else translated(message(InputError.QUOTA_AMOUNT_TOO_SMALL))
        self.quota_reason.setText(reason)
        self.quota_reason.setVisible(bool(reason))
        self.quota_combo.setToolTip(reason)
        self.quota_combo.setAccessibleDescription(reason)
        self._refresh()

    def _update_vat(self) -> None:
        order = self.order_input()
        if order is None:
            self.vat_label.setText("")
            self.vat_label.hide()
            return
        split = order.vat
        self.vat_label.setText(
            self.tr("VAT %1 · supply value %2")
            .replace("%1", krw(split.vat, self.lang))
            .replace("%2", krw(split.supply, self.lang))
        )
        self.vat_label.show()

    def _text_field_after(self, widget: QWidget) -> QWidget | None:
        """The next enabled text field after `widget` in the phone-call order, if any."""
        order = self.tab_order()
        if widget not in order:
            return None
        following = order[order.index(widget) + 1 :]
        return next((w for w in following if isinstance(w, QLineEdit) and w.isEnabled()), None)

    def _focus_after(self, widget: QWidget) -> None:
        """Enter moves on through the text fields only (the corporate checkbox and the
        installments list have their shortcuts and Tab); after the last field it goes to
        Charge, or to the first gap."""
        target = self._text_field_after(widget)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return
        if isinstance(widget, FormattedLineEdit):
            self.checks.left(self.tax_free_row)
        if self.charge_button.isEnabled():
            self.charge_button.setFocus(Qt.FocusReason.TabFocusReason)
            return
        blocking = self._blocking_rows(FormAction.CHARGE)
        if blocking:
            blocking[0].field.setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._typed_on_a_non_text_widget(watched, event):
            assert isinstance(watched, QWidget) and isinstance(event, QKeyEvent)
            self._redirect_typing(watched, event)
            return True
        if (
            watched not in self.action_buttons.values()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QWidget)
        ):
            if watched is self.quota_combo and self.quota_combo.view().isVisible():
                return False
            self._focus_after(watched)
            return True
        return super().eventFilter(watched, event)

    def _typed_on_a_non_text_widget(self, watched: QObject, event: QEvent) -> bool:
        """A digit (or letter) typed while the checkbox, the installments list or a button has
        the focus: it belongs in a field, never silently nowhere (nor picking a month)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        plain = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        text = event.text()
        return (
            plain == Qt.KeyboardModifier.NoModifier
            and len(text) == 1
            and text.isalnum()
            and watched is not self.quota_combo.view()
        )

    def _redirect_typing(self, widget: QWidget, event: QKeyEvent) -> None:
        """Send the keystroke to the next text field (for a button: to the first gap, or say
        why it went nowhere)."""
        target = self._text_field_after(widget)
        if target is None:
            blocking = self._blocking_rows(FormAction.CHARGE)
            target = blocking[0].field if blocking else None
        if target is None:
            self.missing_label.setText(
                self.tr("Typed keys go into a field: click one or press Shift+Tab first.")
            )
            return
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.sendEvent(
            target, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        )
