"""Book future charges of a saved card, from the customer's file: the order (the same fields and
rules as charging again, `widgets/order_fields.py`), the first charge's date and time in Korea,
and one charge or a monthly series. A summary lists every date and the total before anything is
sent; the confirmation repeats it. The booking runs on the runner
(`services/schedules.book_schedules`: recorded before it is sent, a lost answer looked up).

`RescheduleDialog` asks for a new time for a failed schedule (`services/schedules
.reschedule_failed`); the section that opened it sends the request.

Keys: Enter moves through the order's fields, the first date, the number of months, then to Book;
Ctrl+I goes to installments; Ctrl+Enter books (after the confirmation,
where Enter confirms and Esc goes back); Esc closes while nothing is in flight.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import kst_now, minute_text, monthly_series
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.domain.schedule_state import SERIES_MAX_MONTHS
from kcp_pos.ui.customers.detail_pane import DETAIL_STYLE
from kcp_pos.ui.customers.directory_model import card_issuer, card_text
from kcp_pos.ui.widgets.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.widgets.entry_fields import FieldRow
from kcp_pos.ui.widgets.korea_time_edit import korea_moment, korea_time_edit
from kcp_pos.ui.widgets.money_text import installments_text, krw
from kcp_pos.ui.widgets.order_fields import OrderFields, OrderValues

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.schedules import Booking
    from kcp_pos.store import Customer
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

BOOK_SHORTCUT = "Ctrl+Return"
INSTALLMENTS_SHORTCUT = "Ctrl+I"
"""As in charging again: Enter passes over the installments list."""


DEFAULT_HOUR = 10
"""A new schedule starts tomorrow at 10:00 in Korea (a charge in business hours)."""


def tomorrow_morning() -> datetime:
    tomorrow = kst_now() + timedelta(days=1)
    return tomorrow.replace(hour=DEFAULT_HOUR, minute=0, second=0, microsecond=0)


class ScheduleDialog(QDialog):
    """Book one charge or a monthly series on `customer`'s saved card."""

    booked = Signal(object)
    """The `Booking` once PortOne answered (or the answer was looked up)."""

    def __init__(
        self,
        customer: Customer,
        context: PageContext,
        lang: Lang,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleDialog")
        self.setWindowTitle(self.tr("Schedule charges"))
        self.setMinimumWidth(480)
        self.setStyleSheet(DETAIL_STYLE)
        self.customer = customer
        self._context = context
        self._lang: Lang = lang
        self._sending = False
        self._done = False
        self.confirm_dialog: ConfirmDialog | None = None
        who = QLabel(customer.name or customer.customer_uid, self)
        who.setObjectName("detailTitle")
        card = QLabel(card_text(customer, self._lang), self)
        self.fields = OrderFields(self)
        self.first_edit = korea_time_edit(self, tomorrow_morning())
        self.first_row = FieldRow(self.tr("&First charge (Korea time)"), self.first_edit)
        self.months_spin = QSpinBox(self)
        self.months_spin.setRange(1, SERIES_MAX_MONTHS)
        self.months_spin.setValue(1)
        self.months_row = FieldRow(self.tr("&Monthly charges (1 = once)"), self.months_spin)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("scheduleSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setObjectName("keyState")
        self.result_label.hide()
        self.book_button = QPushButton(self.tr("Book…"), self)
        self.book_button.setObjectName("bookButton")
        self.book_button.setAutoDefault(True)
        native = QKeySequence(BOOK_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.book_button.setToolTip(native)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(card)
        layout.addWidget(self.fields)
        layout.addWidget(self.first_row)
        layout.addWidget(self.months_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.fields.changed.connect(self._refresh)
        self.fields.last_enter.connect(lambda: self.first_edit.setFocus())
        self.first_edit.dateTimeChanged.connect(lambda _value: self._refresh())
        self.months_spin.valueChanged.connect(lambda _value: self._refresh())
        self.book_button.clicked.connect(self._ask)
        self.close_button.clicked.connect(self.reject)
        shortcut = QShortcut(QKeySequence(BOOK_SHORTCUT), self)
        shortcut.activated.connect(self._ask)
        installments = QShortcut(QKeySequence(INSTALLMENTS_SHORTCUT), self)
        installments.activated.connect(self.fields.quota_combo.setFocus)
        # Enter walks on: the date, then the number of months, then Book (never books by itself).
        self.first_edit.installEventFilter(self)
        self.months_spin.installEventFilter(self)
        self._refresh()
        self.fields.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched in (self.first_edit, self.months_spin)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if watched is self.first_edit:
                self.months_spin.setFocus(Qt.FocusReason.TabFocusReason)
                self.months_spin.selectAll()
            else:
                self.book_button.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    # --- the plan ----------------------------------------------------------------------------

    def planned(self) -> list[datetime]:
        return monthly_series(korea_moment(self.first_edit), self.months_spin.value())

    def _problem(self, values: OrderValues | None) -> str | None:
        if values is None:
            return self.tr("Enter the amount and the order to see the charges.")
        if korea_moment(self.first_edit) <= kst_now():
            return self.tr("The first charge must be in the future.")
        return None

    def _refresh(self) -> None:
        values = self.fields.values()
        problem = self._problem(values)
        if problem is not None or values is None:
            self.summary_label.setText(problem or "")
        else:
            times = self.planned()
            total = krw(values.amount * len(times), self._lang)
            self.summary_label.setText(
                self.tr("%1 charge(s): %2. Total %3.")
                .replace("%1", str(len(times)))
                .replace("%2", ", ".join(minute_text(t) for t in times))
                .replace("%3", total)
            )
        self.book_button.setEnabled(problem is None and self.may_send)

    @property
    def may_send(self) -> bool:
        return not (self._sending or self._done)

    # --- booking -----------------------------------------------------------------------------

    def _ask(self) -> None:
        values = self.fields.values()
        if values is None or self._problem(values) or not self.may_send or self.confirm_dialog:
            return
        times = self.planned()
        each = krw(values.amount, self._lang)
        summary = ConfirmSummary(
            action=self.tr("Book %1 charge(s) of this saved card: %2")
            .replace("%1", str(len(times)))
            .replace("%2", ", ".join(minute_text(t) for t in times)),
            card=mask_reported_card(self.customer.card_number),
            issuer=card_issuer(self.customer, self._lang),
            amount=f"{each} × {len(times)} = {krw(values.amount * len(times), self._lang)}",
            installments=installments_text(values.card_quota),
            tax=self.tr("tax-free %1").replace("%1", krw(values.tax_free, self._lang))
            if values.tax_free
            else None,
            buyer=self.customer.name or "—",
            order_name=values.order_name or "—",
        )
        dialog = ConfirmDialog(summary, self)
        dialog.setWindowTitle(self.tr("Confirm the schedule"))
        dialog.confirm_button.setText(self.tr("Book"))
        dialog.finished.connect(lambda result: self._confirmed(dialog, result, values, times))
        self.confirm_dialog = dialog
        dialog.open()

    def _confirmed(
        self, dialog: ConfirmDialog, result: int, values: OrderValues, times: list[datetime]
    ) -> None:
        self.confirm_dialog = None
        dialog.deleteLater()
        if result == ConfirmDialog.DialogCode.Accepted.value and self.may_send:
            self._send(values, times[0], len(times))
        else:
            self.book_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _send(self, values: OrderValues, first: datetime, months: int) -> None:
        from kcp_pos.services.schedules import ScheduleOrder

        services, operator = self._context.services, self._context.operator
        customer = self.customer
        order = ScheduleOrder(
            customer_uid=customer.customer_uid,
            amount=values.amount,
            first_at=first,
            months=months,
            order_name=values.order_name,
            tax_free=values.tax_free,
            card_quota=values.card_quota,
            buyer_name=customer.name,
            buyer_tel=customer.tel,
            buyer_email=customer.email,
        )

        def book(_: Progress) -> Booking:
            from kcp_pos.services.schedules import book_schedules

            return book_schedules(services, order, operator=operator)

        self._sending = True
        self.fields.set_read_only(True)
        self._show_result(self.tr("Booking…"), "working")
        self._context.runner.run(
            book, self._answered, self._failed, key=f"customer:{customer.customer_uid}"
        )

    def _answered(self, booking: Booking) -> None:
        self._sending = False
        if booking.refused is not None:
            self.fields.set_read_only(False)
            self._show_result(self.tr("Not booked: %1").replace("%1", booking.refused), "bad")
        elif booking.unknown:
            self._done = True
            self._show_result(
                self.tr(
                    "The answer was lost. Do not book again: the booking is being checked "
                    "with PortOne and the list shows how it ends."
                ),
                "unsure",
            )
        else:
            self._done = True
            self._show_result(
                self.tr("%1 charge(s) booked.").replace("%1", str(len(booking.schedules))),
                "good",
            )
        self._refresh()
        self.booked.emit(booking)
        self._offer_close()

    def _failed(self, error: Exception) -> None:
        """Only an error raised before anything was sent lets the clerk book again. Any other
        may come after PortOne took the booking (a store failure while its answer is recorded):
        the entries stay `booking` until the poll looks them up, and booking again here could
        book them twice, so Book stays off for this dialog."""
        from kcp_pos.services.schedules import BOOKING_NOT_SENT

        self._sending = False
        if isinstance(error, BOOKING_NOT_SENT):
            self.fields.set_read_only(False)
            self._show_result(
                self.tr("Not booked (%1).").replace("%1", type(error).__name__), "bad"
            )
            self._refresh()
            return
        self._done = True
        self._show_result(
            self.tr(
                "The booking may have reached PortOne (%1). Do not book again: it is being "
                "checked with PortOne and the list shows how it ends."
            ).replace("%1", type(error).__name__),
            "unsure",
        )
        self._refresh()
        self._offer_close()

    def _offer_close(self) -> None:
        """Nothing is left to book: Close takes the focus and Enter (it was off while the
        fields took Enter, so that Enter never closed a dialog half filled)."""
        self.close_button.setAutoDefault(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_result(self, text: str, tone: str) -> None:
        self.result_label.setText(text)
        self.result_label.setProperty("tone", tone)
        self.result_label.style().unpolish(self.result_label)
        self.result_label.style().polish(self.result_label)
        self.result_label.show()

    # --- closing -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._sending:
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if not self._sending:
            super().reject()


class RescheduleDialog(QDialog):
    """A new time for a failed schedule; `moment` once accepted."""

    def __init__(self, order_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reschedule a failed charge"))
        heading = QLabel(
            self.tr("Book “%1” again at a new time (Korea time):").replace("%1", order_text)
        )
        heading.setWordWrap(True)
        self.time_edit = korea_time_edit(self, tomorrow_morning())
        self.time_edit.setAccessibleName(self.tr("New time (Korea time)"))
        self.problem_label = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Reschedule"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.time_edit.dateTimeChanged.connect(lambda _value: self._check())
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.time_edit)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self._check()
        self.time_edit.setFocus()

    @property
    def moment(self) -> datetime:
        return korea_moment(self.time_edit)

    def _check(self) -> bool:
        future = self.moment > kst_now()
        self.problem_label.setText("" if future else self.tr("The time must be in the future."))
        self.ok_button.setEnabled(future)
        return future

    def accept(self) -> None:
        if self._check():
            super().accept()
