"""Save a card for repeat charges from the customers page: a new customer, or a new card for a
customer whose card changed (`services/card_replacement.py`). Nothing is charged.

The card is typed in the terminal's own `CardFields` (same fields, formatting and checks); the
contact details come first, as on the phone. Enter walks the text fields, Ctrl+B toggles the
corporate card, Ctrl+Enter saves (after the same confirmation as the terminal). The request runs
on the shared `OutcomeFlow`: a lost answer is read back, never sent again. When a replacement is
saved, the old key is deleted at PortOne; if that fails, the dialog says so and offers to try
again (deleting a key already gone is safe).

The card leaves the widgets as soon as it is sent, and when the dialog closes (DESIGN rule 4).
The dialog cannot be closed while the request is in flight or unknown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.email import validate_buyer_email
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.korea_time import kst_today
from kcp_pos.domain.names import validate_buyer_name
from kcp_pos.domain.phone import check_phone_as_typed, format_phone_as_typed, validate_buyer_tel
from kcp_pos.domain.result import FieldCheck, Invalid, Ok
from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.ui.customers.detail_pane import DETAIL_STYLE
from kcp_pos.ui.customers.directory_model import card_text
from kcp_pos.ui.widgets.card_fields import CORPORATE_SHORTCUT, CardFields, native_shortcut
from kcp_pos.ui.widgets.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit
from kcp_pos.ui.widgets.field_checks import FieldChecks, check_of
from kcp_pos.ui.widgets.outcome_flow import OutcomeFlow
from kcp_pos.ui.widgets.outcome_panel import OutcomePanel
from kcp_pos.ui.widgets.window_size import grow_to_fit

if TYPE_CHECKING:
    from kcp_pos.domain.keyed_card import KeyedCard
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.card_registration import CardRegistration
    from kcp_pos.services.card_replacement import CardReplacement
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Customer
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

_AS_CUSTOMER = {
    InputError.BUYER_NAME_REQUIRED: InputError.CUSTOMER_NAME_REQUIRED,
    InputError.BUYER_NAME_TOO_LONG: InputError.CUSTOMER_NAME_TOO_LONG,
}
SAVE_SHORTCUT = "Ctrl+Return"


class SaveCardDialog(QDialog):
    """Register a card as a billing key: for a new customer (`replacing` None) or in place of
    `replacing`'s saved card."""

    def __init__(
        self,
        context: PageContext,
        settings: Settings,
        lang: Lang,
        *,
        replacing: Customer | None = None,
        today: Callable[[], date] | None = None,
        follow_up: CheckSchedule = FOLLOW_UP,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("saveCardDialog")
        self.setStyleSheet(DETAIL_STYLE)
        self.setMinimumWidth(520)
        self.replacing = replacing
        self._context = context
        self._lang: Lang = lang
        self._saved = False
        self._stuck = False
        self._blocked = False
        """The old key has booked schedules: this replacement cannot be made."""
        self._retiring = False
        self._replacement: CardReplacement | None = None
        self.saved_uid: str | None = None
        """The new billing key once it exists (the page selects it)."""
        self.confirm_dialog: ConfirmDialog | None = None
        self.setWindowTitle(
            self.tr("Replace the saved card") if replacing else self.tr("Add a customer")
        )
        self.card = CardFields(
            lang=lang,
            today=today or kst_today,
            pwd_required=settings.pwd_2digit_required,
        )
        self.panel = OutcomePanel(lang, self)
        self.panel.hide()
        self.panel.new_order_button.setText(self.tr("Close"))
        self.panel.cancel_button.setAutoDefault(False)
        self.flow = OutcomeFlow(self.panel, context.runner, follow_up=follow_up, parent=self)
        self.flow.services = context.services
        self._build()
        self._wire()
        self._prefill()
        self._refresh()

    # --- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self.name_edit = FormattedLineEdit()
        self.name_edit.setMaxLength(40)
        self.name_row = FieldRow(self.tr("&Name"), self.name_edit)
        self.tel_edit = FormattedLineEdit(format_phone_as_typed)
        self.tel_edit.setPlaceholderText("010-1234-5678")
        self.tel_edit.setMaxLength(20)
        self.tel_row = FieldRow(self.tr("&Phone"), self.tel_edit)
        self.email_edit = FormattedLineEdit()
        self.email_edit.setMaxLength(120)
        self.email_row = FieldRow(self.tr("E-&mail"), self.email_edit)
        self.contact = FieldChecks(self)
        self.contact.add(self.name_row, self._name_check)
        self.contact.add(self.tel_row, lambda: check_phone_as_typed(self.tel_edit.text()))
        self.contact.add(
            self.email_row, lambda: check_of(validate_buyer_email(self.email_edit.text()))
        )
        customer_box = QGroupBox(self.tr("Customer"))
        customer = QVBoxLayout(customer_box)
        for row in (self.name_row, self.tel_row, self.email_row):
            customer.addWidget(row)

        self.save_button = QPushButton(self.tr("Save card"))
        self.save_button.setObjectName("chargeButton")
        self.save_button.setAutoDefault(True)
        self.save_button.setToolTip(native_shortcut(SAVE_SHORTCUT))
        self.missing_label = QLabel()
        self.missing_label.setObjectName("note")
        self.missing_label.setWordWrap(True)
        self.retire_label = QLabel()
        self.retire_label.setWordWrap(True)
        self.retire_label.hide()
        self.retire_button = QPushButton(self.tr("Delete the old card again"))
        self.retire_button.hide()

        layout = QVBoxLayout(self)
        if self.replacing is not None:
            old = QLabel(
                self.tr(
                    "Current card: %1. It is deleted at PortOne once the new card is saved."
                ).replace("%1", card_text(self.replacing, self._lang))
            )
            old.setWordWrap(True)
            layout.addWidget(old)
        self.blocked_label = QLabel(self)
        self.blocked_label.setObjectName("keyState")
        self.blocked_label.setProperty("tone", "bad")
        self.blocked_label.setWordWrap(True)
        self.blocked_label.hide()
        layout.addWidget(self.blocked_label)
        columns = QHBoxLayout()
        columns.addWidget(customer_box, 1)
        columns.addWidget(self.card, 1)
        layout.addLayout(columns)
        buttons = QHBoxLayout()
        buttons.addWidget(self.missing_label, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addWidget(self.panel, 1)
        retire = QHBoxLayout()
        retire.addWidget(self.retire_label, 1)
        retire.addWidget(self.retire_button)
        layout.addLayout(retire)

    def _wire(self) -> None:
        self.contact.changed.connect(self._refresh)
        self.card.changed.connect(self._refresh)
        for edit in self._edits():
            edit.enter_pressed.connect(functools.partial(self._enter_after, edit))
        self.save_button.clicked.connect(self._ask)
        self.retire_button.clicked.connect(self._retire)
        for sequence, run in (
            (SAVE_SHORTCUT, self._ask),
            (CORPORATE_SHORTCUT, self.card.toggle_corporate),
        ):
            QShortcut(QKeySequence(sequence), self).activated.connect(run)
        self.flow.settled.connect(self._settled)
        for shown in (self.flow.settled, self.flow.unknown, self.flow.not_sent):
            shown.connect(lambda *_: grow_to_fit(self))
        self.flow.not_sent.connect(lambda: self._lock(False))
        self.flow.unknown.connect(lambda _attempt: self._lock(True))
        self.flow.stuck.connect(self._on_stuck)
        self.panel.retry_requested.connect(self.card.card_number_edit.setFocus)
        self.panel.new_order_requested.connect(self.accept)

    def _prefill(self) -> None:
        customer = self.replacing
        if customer is None:
            return
        self.name_edit.setText(customer.name or "")
        self.tel_edit.setText(format_phone_as_typed(customer.tel or ""))
        self.email_edit.setText(customer.email or "")
        self._check_schedules(customer.customer_uid)

    def _check_schedules(self, customer_uid: str) -> None:
        """Before the clerk asks for the new card: a key with booked schedules is not replaced
        (they would fail), so say so now rather than after the card was typed."""
        services = self._context.services

        def count(_: Progress) -> int:
            from kcp_pos.services.billing_key_removal import booked_schedules
            from kcp_pos.store import utc_now

            return booked_schedules(services, customer_uid, now=utc_now())

        def counted(booked: int) -> None:
            if not booked or self._saved or self.flow.sending:
                return
            self._blocked = True
            self.blocked_label.setText(
                self.tr(
                    "This card has %1 booked scheduled charge(s). Revoke them in the customer's "
                    "file first: after a replacement they would fail."
                ).replace("%1", str(booked))
            )
            self.blocked_label.show()
            self._lock(True)

        # Unread (no answer): the replacement itself checks again before anything is sent.
        self._context.runner.run(count, counted, lambda _error: None)

    def _name_check(self) -> FieldCheck:
        """The buyer-name rules, told as the customer's name (the field this dialog shows)."""
        checked = validate_buyer_name(self.name_edit.text())
        if isinstance(checked, Invalid):
            checked = Invalid(_AS_CUSTOMER.get(checked.error, checked.error))
        return check_of(checked, empty_error=InputError.CUSTOMER_NAME_REQUIRED)

    def _edits(self) -> list[FormattedLineEdit]:
        return [self.name_edit, self.tel_edit, self.email_edit, *self.card.edits()]

    # --- state ------------------------------------------------------------------------------

    @property
    def may_send(self) -> bool:
        """Nothing in flight or unknown, and the card not saved yet: one card per dialog."""
        return not (self.flow.sending or self._saved or self._stuck or self._blocked)

    def _blocking_rows(self) -> list[FieldRow]:
        contact = [row for row in self.contact if not self.contact.valid(row)]
        return [*contact, *self.card.invalid_rows()]

    def _refresh(self) -> None:
        blocking = self._blocking_rows()
        self.save_button.setEnabled(self.may_send and not blocking)
        text = ""
        if blocking and self.may_send:
            names = ", ".join(row.plain_label for row in blocking)
            text = self.tr("To save, complete: %1").replace("%1", names)
        self.missing_label.setText(text)

    def _lock(self, locked: bool) -> None:
        locked = locked or self._saved or self._blocked
        for edit in (self.name_edit, self.tel_edit, self.email_edit):
            edit.setReadOnly(locked)
        self.card.set_locked(locked)
        self._refresh()

    def _enter_after(self, edit: FormattedLineEdit) -> None:
        """Enter goes on to the next text field; after the last, to Save or the first gap."""
        edits = self._edits()
        following = edits[edits.index(edit) + 1 :]
        if following:
            following[0].setFocus(Qt.FocusReason.TabFocusReason)
            return
        if self.save_button.isEnabled():
            self.save_button.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.contact.show_all()
        self.card.checks.show_all()
        blocking = self._blocking_rows()
        if blocking:
            blocking[0].field.setFocus(Qt.FocusReason.TabFocusReason)

    # --- saving -----------------------------------------------------------------------------

    def _ask(self) -> None:
        card = self.card.take_card()
        if card is None or self._blocking_rows() or not self.may_send or self.confirm_dialog:
            return
        issuer = card.issuer.name_in(self._lang) if card.issuer else (card.brand or "—")
        summary = ConfirmSummary(
            action=self.tr("Replace the saved card (the old card is deleted at PortOne)")
            if self.replacing
            else self.tr("Register this card for repeat charges (nothing is charged)"),
            card=card.masked_display,
            issuer=issuer,
            amount=None,
            installments=None,
            tax=None,
            buyer=self.name_edit.text().strip() or "—",
            order_name="—",
        )
        del card
        dialog = ConfirmDialog(summary, self)
        dialog.finished.connect(lambda result: self._confirmed(dialog, result))
        self.confirm_dialog = dialog
        self._lock(True)
        dialog.open()

    def _confirmed(self, dialog: ConfirmDialog, result: int) -> None:
        self.confirm_dialog = None
        dialog.deleteLater()
        card = self.card.take_card()
        if result != ConfirmDialog.DialogCode.Accepted.value or card is None or not self.may_send:
            self._lock(False)
            return
        name = validate_buyer_name(self.name_edit.text())
        tel = validate_buyer_tel(self.tel_edit.text())
        email = validate_buyer_email(self.email_edit.text())
        if not (isinstance(name, Ok) and isinstance(tel, Ok) and isinstance(email, Ok)):
            self._lock(False)
            return
        op, registration = self._operation(card, name.value, tel.value, email.value)
        self.panel.show()
        grow_to_fit(self)
        self.flow.send(
            op,
            merchant_uid=registration.merchant_uid,
            amount=None,
            action_text=self.tr("Registering the card…"),
        )
        # From here only the operation's closure holds the card, until the request is done.
        self.card.clear()

    def _operation(
        self, card: KeyedCard, name: str | None, tel: str | None, email: str | None
    ) -> tuple[Callable[[Progress], Outcome], CardRegistration]:
        """The use case to run (closing over the card) and the registration it journals."""
        from kcp_pos.services.card_registration import new_card_registration, register_card
        from kcp_pos.services.card_replacement import new_card_replacement, replace_card

        services, operator = self._context.services, self._context.operator
        if self.replacing is None:
            registration = new_card_registration(name=name, tel=tel, email=email)

            def register(progress: Progress) -> Outcome:
                return register_card(
                    services, card, registration, operator=operator, progress=progress
                )

            return register, registration
        replacement = new_card_replacement(self.replacing, name=name, tel=tel, email=email)
        self._replacement = replacement

        def replace(progress: Progress) -> Outcome:
            return replace_card(services, card, replacement, operator=operator, progress=progress)

        return replace, replacement.registration

    def _settled(self, outcome: Outcome) -> None:
        if outcome.kind is not OutcomeKind.PAID:
            self._lock(False)
            return
        self._saved = True
        self.saved_uid = outcome.attempt.customer_uid
        self._lock(True)
        self.panel.new_order_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._replacement is not None:
            self._retire()

    def _retire(self) -> None:
        """Delete the replaced card's key (again, after a failure: a gone key counts as deleted)."""
        replacement = self._replacement
        if replacement is None or self._retiring:
            return
        from kcp_pos.services.card_replacement import retire_replaced_key

        services, operator = self._context.services, self._context.operator

        def retire(_: Progress) -> object:
            return retire_replaced_key(services, replacement, operator=operator)

        self._retiring = True
        self.retire_button.hide()
        self._say_retire(self.tr("Deleting the old card at PortOne…"))
        self._context.runner.run(
            retire,
            lambda _customer: self._retired(None),
            self._retired,
            key=f"customer:{replacement.old_customer_uid}",
        )

    def _retired(self, error: Exception | None) -> None:
        self._retiring = False
        if error is None:
            self._say_retire(self.tr("The old card was deleted at PortOne."))
            return
        from kcp_pos.services.billing_key_removal import SchedulesPending

        if isinstance(error, SchedulesPending):
            why = self.tr("it has %1 booked schedule(s); revoke them, then delete it").replace(
                "%1", str(error.count)
            )
        else:
            why = type(error).__name__
        self._say_retire(
            self.tr("The new card is saved, but the old card was not deleted (%1).").replace(
                "%1", why
            )
        )
        self.retire_button.show()
        self.retire_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say_retire(self, text: str) -> None:
        self.retire_label.setText(text)
        self.retire_label.show()

    # --- closing ----------------------------------------------------------------------------

    def _on_stuck(self) -> None:
        self._stuck = True
        self._refresh()

    @property
    def may_close(self) -> bool:
        """Not while the request is in flight or being looked up, nor while the old card is
        being deleted: the clerk must see how it ends."""
        return self._stuck or not (self.flow.sending or self._retiring)

    def _closing(self) -> bool:
        if not self.may_close:
            return False
        self.flow.stop()
        self.card.clear()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing():
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self._closing():
            super().reject()

    def accept(self) -> None:
        if self._closing():
            super().accept()
