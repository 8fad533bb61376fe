"""Charge a saved card again, from the customers page: the order (amount, order name,
installments, tax-free part), the same confirmation as the terminal, and the outcome on the
shared `OutcomePanel`, followed by the shared `OutcomeFlow` (an unknown outcome is looked up,
never sent again).

The dialog cannot be closed while a request is in flight or its outcome is unknown: the clerk
must see how it ended. After a decline the order stays and the next charge retries the declined
attempt (a new `merchant_uid`, linked); after a payment the order is read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import available_quotas, installments_allowed
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.domain.messages import message
from kcp_pos.domain.money import parse_amount, parse_tax_free, regroup_amount_as_typed
from kcp_pos.domain.names import validate_order_name
from kcp_pos.domain.result import Invalid, Ok
from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.ui.customers.detail_pane import DETAIL_STYLE
from kcp_pos.ui.customers.directory_model import card_text
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit
from kcp_pos.ui.widgets.money_text import installments_text, krw, vat_split
from kcp_pos.ui.widgets.outcome_flow import OutcomeFlow
from kcp_pos.ui.widgets.outcome_panel import OutcomePanel
from kcp_pos.ui.widgets.window_size import grow_to_fit

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Attempt, Customer
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

CHARGE_SHORTCUT = "Ctrl+Return"
INSTALLMENTS_SHORTCUT = "Ctrl+I"
"""As on the terminal: Enter passes over the installments list."""


class ChargeAgainDialog(QDialog):
    """Charge `customer`'s billing key; one order per dialog (retries included)."""

    def __init__(
        self,
        customer: Customer,
        context: PageContext,
        settings: Settings,
        lang: Lang,
        *,
        follow_up: CheckSchedule = FOLLOW_UP,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chargeAgainDialog")
        self.setWindowTitle(self.tr("Charge a saved card"))
        self.setMinimumWidth(460)
        self.setStyleSheet(DETAIL_STYLE)
        self.customer = customer
        self._context = context
        self._settings = settings
        self._lang: Lang = lang
        self._declined: Attempt | None = None
        self._paid = False
        self._stuck = False
        self._in_flight = False
        """From "confirm" until the outcome is known (never cleared when stuck)."""
        self.confirm_dialog: ConfirmDialog | None = None
        self.panel = OutcomePanel(lang, self)
        self.panel.hide()  # shown from the first send: its "ready" words are the terminal's
        self.panel.new_order_button.setText(self.tr("Close"))
        # In a dialog Enter presses the focused or default button: a second Enter after the
        # confirmation must not cancel the request (a click on Cancel still can, until it is sent).
        self.panel.cancel_button.setAutoDefault(False)
        self.flow = OutcomeFlow(self.panel, context.runner, follow_up=follow_up, parent=self)
        self.flow.services = context.services
        self._build()
        self.flow.settled.connect(self._settled)
        for shown in (self.flow.settled, self.flow.unknown, self.flow.not_sent):
            shown.connect(lambda *_: grow_to_fit(self))
        self.flow.not_sent.connect(self._not_sent)
        self.flow.unknown.connect(lambda _attempt: self._lock(True))
        self.flow.stuck.connect(self._on_stuck)
        self.panel.retry_requested.connect(self.amount_edit.setFocus)
        self.panel.new_order_requested.connect(self.accept)
        self.panel.print_receipt_requested.connect(
            lambda: self.flow.print_receipt(self, settings, training=context.training)
        )
        self._refresh()

    # --- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        customer = self.customer
        who = QLabel(customer.name or customer.customer_uid, self)
        who.setObjectName("detailTitle")
        card = QLabel(card_text(customer))
        self.amount_edit = FormattedLineEdit(regroup_amount_as_typed)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_row = FieldRow(self.tr("&Amount (KRW)"), self.amount_edit)
        self.order_name_edit = FormattedLineEdit()
        self.order_name_row = FieldRow(self.tr("&Order name"), self.order_name_edit)
        self.quota_combo = QComboBox()
        self.quota_row = FieldRow(self.tr("&Installments"), self.quota_combo)
        self.tax_free_edit = FormattedLineEdit(regroup_amount_as_typed)
        self.tax_free_row = FieldRow(self.tr("&Tax-free part"), self.tax_free_edit)
        self.same_button = QPushButton(self.tr("Same as last time"))
        self.charge_button = QPushButton(self.tr("Charge"))
        self.charge_button.setObjectName("chargeButton")
        self.charge_button.setAutoDefault(True)
        self.charge_button.setToolTip(
            QKeySequence(CHARGE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.same_button)
        buttons.addStretch(1)
        buttons.addWidget(self.charge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(card)
        for row in (self.amount_row, self.order_name_row, self.quota_row, self.tax_free_row):
            layout.addWidget(row)
        layout.addLayout(buttons)
        layout.addWidget(self.panel, 1)
        self._wire()

    def _wire(self) -> None:
        for edit in (self.amount_edit, self.order_name_edit, self.tax_free_edit):
            edit.textEdited.connect(lambda _text: self._refresh())
        self.amount_edit.enter_pressed.connect(self._after_amount)
        self.order_name_edit.enter_pressed.connect(self.tax_free_edit.setFocus)
        self.tax_free_edit.enter_pressed.connect(self._enter_on_last_field)
        self.charge_button.clicked.connect(self._ask)
        self.same_button.clicked.connect(self._fill_from_last_order)
        shortcut = QShortcut(QKeySequence(CHARGE_SHORTCUT), self)
        shortcut.activated.connect(self._ask)
        installments = QShortcut(QKeySequence(INSTALLMENTS_SHORTCUT), self)
        installments.activated.connect(self.quota_combo.setFocus)

    def _after_amount(self) -> None:
        self.order_name_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def _enter_on_last_field(self) -> None:
        """To Charge; or to the first field that holds it back (its message says why)."""
        if self.charge_button.isEnabled():
            self.charge_button.setFocus(Qt.FocusReason.TabFocusReason)
            return
        for row in (self.amount_row, self.order_name_row, self.tax_free_row):
            if row.message_text:
                row.field.setFocus(Qt.FocusReason.TabFocusReason)
                return
        if not self.amount_edit.text():
            self.amount_row.show_message(translated(message(InputError.AMOUNT_REQUIRED)))
            self.amount_edit.setFocus(Qt.FocusReason.TabFocusReason)

    # --- the order --------------------------------------------------------------------------

    def _refresh(self) -> None:
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
        valid = all(isinstance(result, Ok) for result in problems.values())
        self.charge_button.setEnabled(valid and self.may_send)

    @property
    def may_send(self) -> bool:
        """Nothing in flight or unknown, and this order not paid: one charge per order."""
        return not (self._in_flight or self.flow.sending or self._paid or self._stuck)

    def _update_quotas(self, amount: int) -> None:
        quotas = available_quotas(amount)
        current = self.quota_combo.currentData()
        if [self.quota_combo.itemData(i) for i in range(self.quota_combo.count())] != quotas:
            self.quota_combo.clear()
            for quota in quotas:
                self.quota_combo.addItem(installments_text(quota), quota)
            self.quota_combo.setCurrentIndex(max(self.quota_combo.findData(current), 0))
        self.quota_combo.setEnabled(installments_allowed(amount) and not self._paid)

    def _order_values(self) -> tuple[int, str | None, int, int] | None:
        amount = parse_amount(self.amount_edit.text())
        name = validate_order_name(self.order_name_edit.text())
        if not (isinstance(amount, Ok) and isinstance(name, Ok)):
            return None
        tax_free = parse_tax_free(self.tax_free_edit.text(), amount=amount.value)
        if not isinstance(tax_free, Ok):
            return None
        quota = self.quota_combo.currentData()
        quota = quota if isinstance(quota, int) and installments_allowed(amount.value) else 0
        return amount.value, name.value, tax_free.value, quota

    def _fill_from_last_order(self) -> None:
        """The customer's last paid order: amount, order name and installments."""
        services, uid = self._context.services, self.customer.customer_uid

        def read(_: Progress) -> tuple[int, str | None, int] | None:
            from kcp_pos.store import LedgerStatus

            paid = services.ledger.list_payments(
                customer_uid=uid, status=LedgerStatus.PAID, limit=1
            )
            return (paid[0].amount, paid[0].name, paid[0].card_quota) if paid else None

        self._context.runner.run(read, self._filled, lambda _error: None)

    def _filled(self, last: tuple[int, str | None, int] | None) -> None:
        if last is None or not self.may_send:
            self.same_button.setText(self.tr("No earlier order"))
            return
        amount, name, quota = last
        self.amount_edit.setText(regroup_amount_as_typed(str(amount)))
        self.order_name_edit.setText(name or "")
        self._refresh()
        self.quota_combo.setCurrentIndex(max(self.quota_combo.findData(quota), 0))
        self.amount_edit.setFocus()

    # --- sending ----------------------------------------------------------------------------

    def _ask(self) -> None:
        values = self._order_values()
        if values is None or not self.may_send or self.confirm_dialog:
            return
        amount, name, tax_free, quota = values
        split = vat_split(amount, tax_free)
        tax = krw(split.vat, self._lang)
        if tax_free:
            tax += " · " + self.tr("tax-free %1").replace("%1", krw(tax_free, self._lang))
        summary = ConfirmSummary(
            action=self.tr("Charge this saved card"),
            card=mask_reported_card(self.customer.card_number),
            issuer=self.customer.card_name or "—",
            amount=krw(amount, self._lang),
            installments=installments_text(quota),
            tax=tax,
            buyer=self.customer.name or "—",
            order_name=name or "—",
        )
        dialog = ConfirmDialog(summary, self)
        dialog.finished.connect(lambda result: self._confirmed(dialog, result, values))
        self.confirm_dialog = dialog
        dialog.open()

    def _confirmed(
        self, dialog: ConfirmDialog, result: int, values: tuple[int, str | None, int, int]
    ) -> None:
        self.confirm_dialog = None
        dialog.deleteLater()
        if result == ConfirmDialog.DialogCode.Accepted.value and self.may_send:
            self._send(*values)

    def _send(self, amount: int, name: str | None, tax_free: int, quota: int) -> None:
        from kcp_pos.services.again_charge import charge_again, new_again_order

        services, operator = self._context.services, self._context.operator
        order = new_again_order(
            customer_uid=self.customer.customer_uid,
            amount=amount,
            order_name=name,
            buyer_name=self.customer.name,
            buyer_tel=self.customer.tel,
            buyer_email=self.customer.email,
            tax_free=tax_free,
            card_quota=quota,
            retry_of=self._declined,
        )

        def op(progress: Progress) -> Outcome:
            return charge_again(services, order, operator=operator, progress=progress)

        self._in_flight = True
        self._lock(True)
        self.panel.show()
        grow_to_fit(self)
        sent = self.flow.send(
            op,
            merchant_uid=order.merchant_uid,
            amount=amount,
            action_text=self.tr("Charging…"),
        )
        if not sent:  # the flow refused: something is still in flight (cannot happen here)
            self._in_flight = self.flow.sending
            self._lock(self._in_flight)

    def _not_sent(self) -> None:
        self._in_flight = False
        self._lock(False)

    def _settled(self, outcome: Outcome) -> None:
        self._in_flight = False
        if outcome.kind is OutcomeKind.PAID:
            self._paid = True
            self._declined = None
            self._lock(True)
            self.panel.new_order_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._declined = outcome.attempt
            self._lock(False)

    def _lock(self, locked: bool) -> None:
        for edit in (self.amount_edit, self.order_name_edit, self.tax_free_edit):
            edit.setReadOnly(locked or self._paid)
        self.same_button.setEnabled(not locked and not self._paid)
        self._refresh()

    # --- closing ----------------------------------------------------------------------------

    def _on_stuck(self) -> None:
        """Neither the answer nor the journal can be read: the next start settles it. The
        dialog may close, but this customer is not charged again in this session (the page
        keeps them in `unsettled`)."""
        self._stuck = True
        self._refresh()

    @property
    def stuck(self) -> bool:
        return self._stuck

    @property
    def may_close(self) -> bool:
        """Not while a request is in flight or its outcome is being looked up: the clerk must
        see how it ends."""
        return self._stuck or not self.flow.sending

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close:
            event.ignore()
            return
        self.flow.stop()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.may_close:
            self.flow.stop()
            super().reject()

    def accept(self) -> None:
        if self.may_close:
            self.flow.stop()
            super().accept()
