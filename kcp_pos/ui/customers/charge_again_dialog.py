"""Charge a saved card again, from the customers page: the order (amount, order name,
installments, tax-free part), the same confirmation as the terminal, and the outcome on the
shared `OutcomePanel`, followed by the shared `OutcomeFlow` (an unknown outcome is looked up,
never sent again).

The dialog cannot be closed while a request is in flight or its outcome is unknown: the clerk
must see how it ended. After a decline the order stays and the next charge retries the declined
attempt (a new `merchant_uid`, linked); after a payment the order is read-only.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.ui.customers.detail_pane import DETAIL_STYLE
from kcp_pos.ui.customers.directory_model import card_issuer, card_text
from kcp_pos.ui.widgets.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.widgets.money_text import installments_text, krw, vat_split
from kcp_pos.ui.widgets.order_fields import OrderFields
from kcp_pos.ui.widgets.outcome_flow import OutcomeFlow
from kcp_pos.ui.widgets.outcome_panel import OutcomePanel
from kcp_pos.ui.widgets.window_size import grow_to_fit

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.services.recent_charge import EarlierCharge
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Attempt, Customer
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

log = logging.getLogger(__name__)

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
        retry_of_schedule: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chargeAgainDialog")
        self.retry_of_schedule = retry_of_schedule
        """A failed schedule (its merchant_uid) the first charge retries, linked to it. Kept
        until a charge was journalled (an outcome, known or unknown): every press before that
        goes through the guarded `retry_as_charge`, never a plain charge."""
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
        self._asking = False
        """Looking for a charge of this card a moment ago, before the confirmation opens."""
        self._refused = False
        """The schedule may not be retried (retried elsewhere meanwhile): nothing more here."""
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
        self.flow.unknown.connect(self._journalled)
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
        card = QLabel(card_text(customer, self._lang))
        self.fields = OrderFields(self)
        self.amount_edit = self.fields.amount_edit
        self.order_name_edit = self.fields.order_name_edit
        self.quota_combo = self.fields.quota_combo
        self.tax_free_edit = self.fields.tax_free_edit
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
        layout.addWidget(self.fields)
        layout.addLayout(buttons)
        layout.addWidget(self.panel, 1)
        self._wire()

    def _wire(self) -> None:
        self.fields.changed.connect(self._update_button)
        self.fields.last_enter.connect(self._enter_on_last_field)
        self.charge_button.clicked.connect(self._ask)
        self.same_button.clicked.connect(self._fill_from_last_order)
        shortcut = QShortcut(QKeySequence(CHARGE_SHORTCUT), self)
        shortcut.activated.connect(self._ask)
        installments = QShortcut(QKeySequence(INSTALLMENTS_SHORTCUT), self)
        installments.activated.connect(self.quota_combo.setFocus)

    def _enter_on_last_field(self) -> None:
        """To Charge; or to the first field that holds it back (its message says why)."""
        if self.charge_button.isEnabled():
            self.charge_button.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.fields.focus_first_problem()

    # --- the order --------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.fields.refresh()  # emits `changed`: the button follows

    def _update_button(self) -> None:
        valid = self.fields.values() is not None
        self.charge_button.setEnabled(valid and self.may_send)

    @property
    def may_send(self) -> bool:
        """Nothing in flight or unknown, and this order not paid: one charge per order."""
        return not (
            self._in_flight or self.flow.sending or self._paid or self._stuck or self._refused
        )

    def _order_values(self) -> tuple[int, str | None, int, int] | None:
        values = self.fields.values()
        if values is None:
            return None
        return values.amount, values.order_name, values.tax_free, values.card_quota

    def prefill(
        self, amount: int, order_name: str | None, *, tax_free: int = 0, card_quota: int = 0
    ) -> None:
        """Start from a known order (a failed schedule's): the clerk checks it, then charges."""
        if self.may_send:
            self.fields.fill(amount, order_name, tax_free=tax_free, card_quota=card_quota)

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
        self.fields.fill(amount, name, card_quota=quota)
        self.amount_edit.setFocus()

    # --- sending ----------------------------------------------------------------------------

    def _ask(self) -> None:
        """Look for a charge of this card a moment ago, then confirm (with a warning if so)."""
        values = self._order_values()
        if values is None or not self.may_send or self.confirm_dialog or self._asking:
            return
        services, uid = self._context.services, self.customer.customer_uid

        def look(_: Progress) -> EarlierCharge | None:
            from kcp_pos.services.recent_charge import recent_charge_of

            return recent_charge_of(services, uid)

        def failed(error: Exception) -> None:  # the warning is a help, not a gate
            log.warning("recent charges not read: %s", type(error).__name__)
            self._confirm(values, None)

        self._asking = True
        self._context.runner.run(look, lambda recent: self._confirm(values, recent), failed)

    def _confirm(
        self, values: tuple[int, str | None, int, int], recent: EarlierCharge | None
    ) -> None:
        self._asking = False
        if not self.may_send or self.confirm_dialog:
            return
        amount, name, tax_free, quota = values
        split = vat_split(amount, tax_free)
        tax = krw(split.vat, self._lang)
        if tax_free:
            tax += " · " + self.tr("tax-free %1").replace("%1", krw(tax_free, self._lang))
        summary = ConfirmSummary(
            action=self.tr("Charge this saved card"),
            card=mask_reported_card(self.customer.card_number),
            issuer=card_issuer(self.customer, self._lang),
            amount=krw(amount, self._lang),
            installments=installments_text(quota),
            tax=tax,
            buyer=self.customer.name or "—",
            order_name=name or "—",
            duplicate_warning=self._recent_text(recent),
        )
        dialog = ConfirmDialog(summary, self)
        dialog.finished.connect(lambda result: self._confirmed(dialog, result, values))
        self.confirm_dialog = dialog
        dialog.open()

    def _recent_text(self, recent: EarlierCharge | None) -> str | None:
        if recent is None:
            return None
        minutes = max(1, int((datetime.now(UTC) - recent.at).total_seconds() // 60))
        return (
            self.tr("This card was charged %1 %2 minute(s) ago. Charge it again anyway?")
            .replace("%1", krw(recent.amount, self._lang))
            .replace("%2", str(minutes))
        )

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

        # Cleared only once this charge is journalled (`_settled`, `_journalled`): a press that
        # was refused or stopped before that must not be followed by an unguarded charge.
        schedule_uid = self.retry_of_schedule

        def op(progress: Progress) -> Outcome:
            if schedule_uid is not None:
                from kcp_pos.services.schedules import retry_as_charge

                return retry_as_charge(
                    services, schedule_uid, order, operator=operator, progress=progress
                )
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
        """Nothing was journalled, so nothing sent: the schedule's link (if any) is kept for the
        next press. A schedule that may not be retried any more ends the dialog's charging."""
        from kcp_pos.services.schedules import NotRetryable

        self._in_flight = False
        if isinstance(self.flow.failure, NotRetryable):
            self._refused = True
            self._lock(True)
            self.panel.new_order_button.show()  # "Close": the panel says why
            self.panel.new_order_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._lock(False)

    def _journalled(self, _attempt: Attempt) -> None:
        """The charge is in the journal (its outcome unknown yet): the schedule is retried."""
        self.retry_of_schedule = None
        self._lock(True)

    def _settled(self, outcome: Outcome) -> None:
        self._in_flight = False
        self.retry_of_schedule = None  # journalled, whatever the outcome
        if outcome.kind is OutcomeKind.PAID:
            self._paid = True
            self._declined = None
            self._lock(True)
            self.panel.new_order_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._declined = outcome.attempt
            self._lock(False)

    def _lock(self, locked: bool) -> None:
        done = self._paid or self._refused
        self.fields.set_read_only(locked or done)  # refreshes, and so the button
        self.same_button.setEnabled(not locked and not done)

    @property
    def refused(self) -> bool:
        """The failed schedule this dialog was to retry may not be retried (any more)."""
        return self._refused

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
