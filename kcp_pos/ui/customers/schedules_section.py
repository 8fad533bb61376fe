"""The scheduled charges in a customer's file: what is booked, what ran (executed or failed) and
what was revoked, with the actions on them (`services/schedules.py` does the work, on the
runner).

Keys: Tab reaches the list and its buttons; in the list, Delete revokes the selected pending
charge (after a confirmation whose default is No); the buttons have mnemonics (Alt+S schedule,
Alt+V revoke, Alt+R retry now, Alt+H reschedule) and Ctrl+Shift+Enter schedules from anywhere
on the customers page. A failed charge is retried now through the charge-again dialog, filled
with its order and linked to it, or booked again at a new time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import minute_text
from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.store.topics import StoreTopic
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import schedule_look

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.schedules import (
        CustomerSchedules,
        Revocation,
        ScheduleEntry,
    )
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Customer, KnownSchedule
    from kcp_pos.ui.customers.charge_again_dialog import ChargeAgainDialog
    from kcp_pos.ui.customers.schedule_dialog import RescheduleDialog, ScheduleDialog
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

SCHEDULE_SHORTCUT = "Ctrl+Shift+Return"
READ_PAUSE_MS = 250
"""A newly selected customer rests this long before PortOne is asked (arrowing through the
directory must not send a round of list requests per row passed)."""
REFRESHING_TOPICS = frozenset({StoreTopic.SCHEDULES, StoreTopic.LEDGER})


class SchedulesSection(QWidget):
    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang: Lang = lang
        self._context: PageContext | None = None
        self._settings: Settings | None = None
        self.customer: Customer | None = None
        self.entries: tuple[ScheduleEntry, ...] = ()
        self.schedule_dialog: ScheduleDialog | None = None
        self.charge_dialog: ChargeAgainDialog | None = None
        self.reschedule_dialog: RescheduleDialog | None = None
        self.revoke_box: QMessageBox | None = None
        self.unsettled: set[str] = set()
        """Customers whose charge could not be settled this session (the page shares its set):
        not charged again here until the next start settles it."""
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_PAUSE_MS)
        self._read_timer.timeout.connect(self.refresh)
        self.title = QLabel(self.tr("Scheduled charges"), self)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("scheduleTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Order"), self.tr("Amount"), self.tr("Status")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Scheduled charges"))
        self.table.setMaximumHeight(170)
        self.note_label = QLabel(self)
        self.note_label.setObjectName("note")
        self.note_label.setWordWrap(True)
        self.schedule_button = QPushButton(self.tr("&Schedule charge…"), self)
        native = QKeySequence(SCHEDULE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.schedule_button.setToolTip(native)
        self.revoke_button = QPushButton(self.tr("Re&voke…"), self)
        self.revoke_button.setToolTip(self.tr("Revoke the selected pending charge (Delete)"))
        self.retry_button = QPushButton(self.tr("&Retry now…"), self)
        self.reschedule_button = QPushButton(self.tr("Resc&hedule…"), self)
        # Two by two: four buttons in one row are cut off in the customer's file.
        buttons = QGridLayout()
        for index, button in enumerate(
            (self.schedule_button, self.revoke_button, self.retry_button, self.reschedule_button)
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.note_label)
        self.schedule_button.clicked.connect(self.schedule)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.reschedule_button.clicked.connect(self.reschedule_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)
        self._update_buttons()

    def install_shortcut(self, page: QWidget) -> None:
        """Ctrl+Shift+Enter anywhere on `page` schedules a charge for the customer shown."""
        shortcut = QShortcut(QKeySequence(SCHEDULE_SHORTCUT), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.schedule)

    # --- what is shown -----------------------------------------------------------------------

    def attach(self, context: PageContext, settings: Settings) -> None:
        self._context = context
        self._settings = settings
        self.refresh()

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings

    def set_customer(self, customer: Customer | None) -> None:
        same = (
            customer is not None
            and self.customer is not None
            and customer.customer_uid == self.customer.customer_uid
        )
        self.customer = customer
        if not same:
            self.entries = ()
            self.table.setRowCount(0)
            self.note_label.clear()
            self._update_buttons()
            self._read_timer.start()
        else:
            self.refresh()

    def data_changed(self, topics: frozenset[StoreTopic]) -> None:
        if topics & REFRESHING_TOPICS:
            self.refresh()

    def refresh(self) -> None:
        """Read the customer's schedules (the app's and PortOne's) on the runner."""
        self._update_buttons()
        if self._context is None or self.customer is None:
            return
        services, uid = self._context.services, self.customer.customer_uid

        def read(_: Progress) -> CustomerSchedules:
            from kcp_pos.services.schedules import customer_schedules

            return customer_schedules(services, uid)

        self._context.runner.run(
            read,
            self._show,
            lambda error: self._tell(
                self.tr("Scheduled charges could not be read (%1).").replace(
                    "%1", type(error).__name__
                ),
                uid,
            ),
            key=f"schedules:{uid}",
        )

    def _show(self, found: CustomerSchedules) -> None:
        if self.customer is None or found.customer_uid != self.customer.customer_uid:
            return  # another customer was selected meanwhile
        selected = self.selected_entry()
        self.entries = found.entries
        self.table.setRowCount(len(found.entries))
        for row, entry in enumerate(found.entries):
            look = schedule_look(entry.state)
            status = f"{look.icon} {look.words}"
            if entry.fail_reason and entry.state is ScheduleState.FAILED:
                status += f" · {entry.fail_reason}"
            if entry.retried_by:
                status += " · " + self.tr("retried")
            cells = (
                minute_text(entry.schedule_at),
                entry.order_name or entry.merchant_uid,
                krw(entry.amount, self._lang),
                status,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.merchant_uid)
                if column == 3:
                    item.setToolTip(status)
                self.table.setItem(row, column, item)
        if selected is not None:
            self.select(selected.merchant_uid)
        if found.problems:
            self.note_label.setText(
                self.tr(
                    "PortOne could not be asked (%1); the app's own bookings are shown."
                ).replace("%1", ", ".join(found.problems))
            )
        elif not found.entries:
            self.note_label.setText(self.tr("No scheduled charges."))
        elif self.note_label.text() == self.tr("No scheduled charges."):
            self.note_label.clear()
        self._update_buttons()

    def select(self, merchant_uid: str) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.merchant_uid == merchant_uid:
                self.table.selectRow(row)
                return True
        return False

    def selected_entry(self) -> ScheduleEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _update_buttons(self) -> None:
        ready = self._context is not None and self.customer is not None
        entry = self.selected_entry()
        self.schedule_button.setEnabled(ready)
        self.revoke_button.setEnabled(ready and entry is not None and entry.revocable)
        retry = ready and entry is not None and entry.ours and entry.retryable
        self.retry_button.setEnabled(retry)
        self.reschedule_button.setEnabled(retry)

    def _tell(self, text: str, uid: str | None = None) -> None:
        if uid is None or (self.customer is not None and self.customer.customer_uid == uid):
            self.note_label.setText(text)

    # --- schedule ----------------------------------------------------------------------------

    def schedule(self) -> None:
        """Open the schedule dialog for the customer on screen."""
        if self._context is None or self.customer is None or self.schedule_dialog is not None:
            return
        from kcp_pos.ui.customers.schedule_dialog import ScheduleDialog

        dialog = ScheduleDialog(self.customer, self._context, self._lang, parent=self)
        dialog.finished.connect(lambda _result: self._schedule_closed(dialog))
        self.schedule_dialog = dialog
        dialog.open()
        dialog.fields.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _schedule_closed(self, dialog: ScheduleDialog) -> None:
        if self.schedule_dialog is dialog:
            self.schedule_dialog = None
        dialog.deleteLater()
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- revoke ------------------------------------------------------------------------------

    def revoke_selected(self) -> None:
        """Ask, then revoke the selected pending charge."""
        entry = self.selected_entry()
        if entry is None or not entry.revocable or self._context is None:
            return
        if self.revoke_box is not None or self.customer is None:
            return
        when = minute_text(entry.schedule_at)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Revoke a scheduled charge"),
            self.tr("Revoke the charge of %1 booked for %2? It will not run.")
            .replace("%1", krw(entry.amount, self._lang))
            .replace("%2", when),
            parent=self,
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Revoke"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep it"))
        box.finished.connect(lambda result: self._revoke_answered(box, result, entry))
        self.revoke_box = box
        box.open()

    def _revoke_answered(self, box: QMessageBox, result: int, entry: ScheduleEntry) -> None:
        self.revoke_box = None
        box.deleteLater()
        if result != QMessageBox.StandardButton.Yes.value or self._context is None:
            return
        from kcp_pos.services.schedules import REVOKE_SCHEDULES, revoke_schedules
        from kcp_pos.ui.widgets.manager_approval import approval_if_needed

        go, approval = approval_if_needed(
            self._context,
            action=REVOKE_SCHEDULES,
            action_text=self.tr("Revoking a scheduled charge"),
            parent=self,
        )
        if not go:
            self._tell(self.tr("Not revoked: revoking needs a manager."), entry.customer_uid)
            return
        services, operator = self._context.services, self._context.operator
        uid = entry.customer_uid

        def revoke(_: Progress) -> Revocation:
            return revoke_schedules(
                services, uid, [entry.merchant_uid], operator=operator, approval=approval
            )

        def done(revocation: Revocation) -> None:
            if revocation.revoked or revocation.revoked_elsewhere:
                self._tell(self.tr("The scheduled charge was revoked."), uid)
            else:
                self._tell(
                    self.tr("Nothing was revoked: the charge had already run or been revoked."),
                    uid,
                )
            self.refresh()

        self._tell(self.tr("Revoking…"), uid)
        self._context.runner.run(
            revoke,
            done,
            lambda error: self._tell(
                self.tr("Not revoked (%1). Try again.").replace("%1", type(error).__name__), uid
            ),
            key=f"customer:{uid}",
        )

    # --- retry -------------------------------------------------------------------------------

    def retry_selected(self) -> None:
        """The charge-again dialog, filled with the failed charge's order and linked to it."""
        entry = self.selected_entry()
        context, settings, customer = self._context, self._settings, self.customer
        if entry is None or not entry.retryable or not entry.ours or self.charge_dialog:
            return
        if context is None or settings is None or customer is None:
            return
        if customer.customer_uid in self.unsettled:
            self._tell(
                self.tr(
                    "The last charge of this card could not be checked. Do not charge it again "
                    "now: restart the app to settle it first."
                )
            )
            return
        from kcp_pos.ui.customers.charge_again_dialog import ChargeAgainDialog

        dialog = ChargeAgainDialog(
            customer,
            context,
            settings,
            self._lang,
            retry_of_schedule=entry.merchant_uid,
            parent=self,
        )
        dialog.prefill(
            entry.amount, entry.order_name, tax_free=entry.tax_free, card_quota=entry.card_quota
        )
        dialog.finished.connect(lambda _result: self._charge_closed(dialog))
        self.charge_dialog = dialog
        dialog.open()
        dialog.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _charge_closed(self, dialog: ChargeAgainDialog) -> None:
        if self.charge_dialog is dialog:
            self.charge_dialog = None
        if dialog.stuck:
            self.unsettled.add(dialog.customer.customer_uid)
        dialog.deleteLater()
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def reschedule_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.retryable or not entry.ours or self._context is None:
            return
        if self.reschedule_dialog is not None:
            return
        from kcp_pos.ui.customers.schedule_dialog import RescheduleDialog

        dialog = RescheduleDialog(entry.order_name or entry.merchant_uid, self)
        dialog.finished.connect(lambda result: self._reschedule_answered(dialog, result, entry))
        self.reschedule_dialog = dialog
        dialog.open()

    def _reschedule_answered(
        self, dialog: RescheduleDialog, result: int, entry: ScheduleEntry
    ) -> None:
        self.reschedule_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted.value or self._context is None:
            return
        services, operator = self._context.services, self._context.operator
        moment, uid = dialog.moment, entry.customer_uid

        def reschedule(_: Progress) -> KnownSchedule:
            from kcp_pos.services.schedules import reschedule_failed

            return reschedule_failed(services, entry.merchant_uid, moment, operator=operator)

        def done(known: KnownSchedule) -> None:
            look = schedule_look(known.state)
            self._tell(self.tr("Rescheduled: %1.").replace("%1", look.words), uid)
            self.refresh()

        def failed(error: Exception) -> None:
            self._tell(self._not_rescheduled_text(error), uid)
            self.refresh()

        self._tell(self.tr("Rescheduling…"), uid)
        self._context.runner.run(reschedule, done, failed, key=f"customer:{uid}")

    def _not_rescheduled_text(self, error: Exception) -> str:
        from kcp_pos.services.schedules import AlreadyRetried, NotRetryable

        if isinstance(error, AlreadyRetried):
            return self.tr(
                "Not rescheduled: this failed charge was already retried (charge %1). Booking "
                "it again could charge the customer twice."
            ).replace("%1", error.retried_by)
        if isinstance(error, NotRetryable):
            return self.tr(
                "Not rescheduled: this charge is no longer a failed one (the list is updated)."
            )
        return self.tr("Not rescheduled (%1).").replace("%1", type(error).__name__)

    # --- the page ----------------------------------------------------------------------------

    def close_warning(self) -> str | None:
        dialog = self.charge_dialog
        if dialog is not None and not dialog.may_close:
            return self.tr("A retry of a failed scheduled charge is still being checked.")
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
        ):
            self.revoke_selected()
            return True
        return super().eventFilter(watched, event)
