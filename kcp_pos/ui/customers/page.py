"""The customers page (Ctrl+2): the directory of saved cards, searched as you type, and the
selected customer's file beside it.

Keyboard first: the page opens in the search field; typing anywhere on the table goes to the
search; Down (or Enter) moves into the table, arrows move, Enter opens the customer's file, Esc
goes back to the search, Ctrl+Enter charges the selected customer's card again
(`charge_again_dialog.py`). Every read runs on the runner (`CustomerTableModel`,
`customer_file`); the page refreshes when the store says the directory or the ledger changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.store.topics import StoreTopic
from kcp_pos.ui.customers.detail_pane import CustomerDetailPane
from kcp_pos.ui.customers.directory_model import COLUMN_WIDTHS, CustomerTableModel
from kcp_pos.ui.shell.placeholder_page import page_title
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.customer_file import CustomerFile
    from kcp_pos.services.key_sync import SyncReport
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Customer
    from kcp_pos.ui.customers.batch_dialog import BatchDialog
    from kcp_pos.ui.customers.card_dialog import SaveCardDialog
    from kcp_pos.ui.customers.charge_again_dialog import ChargeAgainDialog
    from kcp_pos.ui.customers.delete_key_dialog import DeleteKeyDialog
    from kcp_pos.ui.customers.window_card_dialog import WindowCardDialog
    from kcp_pos.ui.shell.runner import Progress

SEARCH_PAUSE_MS = 120
"""Typing pauses this long before a search starts (each keystroke would otherwise start one)."""
FILE_PAUSE_MS = 250
"""The selection rests this long before the customer's file is read from PortOne."""
REFRESH_PAUSE_MS = 500
"""After a refresh for a change, the next one waits this long: a burst of changes (a batch
commits several per charge) is followed twice a second instead of once per commit, which read
the directory and reset the table on the UI thread many times a second (benchmarks/batch.py)."""
REFRESHING_TOPICS = frozenset({StoreTopic.DIRECTORY, StoreTopic.LEDGER})


CHARGE_SHORTCUT = "Ctrl+Return"
"""Charge the selected customer's saved card again (as Charge on the terminal)."""
ADD_SHORTCUT = "Ctrl+N"
"""Add a customer: register a card without charging it."""
WINDOW_CARD_SHORTCUT = "Ctrl+Shift+N"
"""Add a customer whose card is typed in KCP's billing-key window (`window_card_dialog.py`)."""
BATCH_SHORTCUT = "Ctrl+Shift+B"
"""Charge many saved cards from a CSV file (`batch_dialog.py`)."""


class CustomersPage(ScreenPage):
    def __init__(
        self,
        lang: Lang,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        follow_up: CheckSchedule = FOLLOW_UP,
    ) -> None:
        super().__init__(parent)
        self._lang: Lang = lang
        self._follow_up = follow_up
        self._settings = settings
        self._context: PageContext | None = None
        self.charge_dialog: ChargeAgainDialog | None = None
        self._selected_uid: str | None = None
        self._wanted_uid: str | None = None
        """A customer to select when the next search answers (one just added)."""
        """Kept across a refresh of the rows, so the selection never jumps to someone else."""
        self._notice = ""
        """The last action's result, kept beside the count until the clerk searches again."""
        self.unsettled: set[str] = set()
        """Customers whose charge this session could not be settled: not charged again here
        (the next start settles it)."""
        self.title_label = page_title(self.tr("Customers"), self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Search by name, phone, e-mail or the card's last 4 digits")
        )
        self.search_edit.setAccessibleName(self.tr("Search customers"))
        self.search_edit.setClearButtonEnabled(True)
        self.sync_button = QPushButton(self.tr("Check with PortOne"), self)
        self.sync_button.setToolTip(
            self.tr("Ask PortOne for every saved card; mark the ones it no longer has.")
        )
        self.sync_button.setEnabled(False)
        self.add_button = QPushButton(self.tr("Add customer…"), self)
        add_keys = QKeySequence(ADD_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.add_button.setToolTip(f"{self.add_button.text()} ({add_keys})")
        self.add_button.setEnabled(False)
        self.card_dialog: SaveCardDialog | None = None
        self.window_card_button = QPushButton(self.tr("Card window…"), self)
        window_keys = QKeySequence(WINDOW_CARD_SHORTCUT).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.window_card_button.setToolTip(
            self.tr("Add a customer who types the card in KCP's card window") + f" ({window_keys})"
        )
        self.window_card_button.setEnabled(False)
        self.window_card_dialog: WindowCardDialog | None = None
        self.batch_button = QPushButton(self.tr("Batch charge…"), self)
        batch_keys = QKeySequence(BATCH_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.batch_button.setToolTip(
            self.tr("Charge many saved cards from a CSV file") + f" ({batch_keys})"
        )
        self.batch_button.setEnabled(False)
        self.batch_dialog: BatchDialog | None = None
        self.status_label = QLabel(self)
        self.status_label.setObjectName("note")
        self.model = CustomerTableModel(lang, self)
        self.table = self._build_table()
        self.detail = CustomerDetailPane(lang, self)
        self.charge_button = QPushButton(self.tr("Charge again…"), self)
        native = QKeySequence(CHARGE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.charge_button.setToolTip(f"{self.charge_button.text()} ({native})")
        self.charge_button.setEnabled(False)
        self.detail.add_action(self.charge_button)
        self.delete_button = QPushButton(self.tr("Delete card…"), self)
        self.delete_button.setEnabled(False)
        self.detail.add_action(self.delete_button)
        self.replace_button = QPushButton(self.tr("Replace card…"), self)
        self.replace_button.setToolTip(
            self.tr("Save the customer's new card; the old one is deleted at PortOne.")
        )
        self.replace_button.setEnabled(False)
        self.detail.add_action(self.replace_button)
        self.delete_dialog: DeleteKeyDialog | None = None
        self.detail.schedules.install_shortcut(self)
        self.detail.schedules.unsettled = self.unsettled  # one set: either dialog may add
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._file_timer = QTimer(self)
        self._file_timer.setSingleShot(True)
        self._file_timer.setInterval(FILE_PAUSE_MS)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_PAUSE_MS)
        self._owed_topics: frozenset[StoreTopic] = frozenset()
        """Changes heard while the refresh timer runs, followed when it ends."""
        self._layout()
        self._wire()

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("customerTable")
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift/Ctrl with the arrows or a click select several customers: a batch charge.
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        table.setAccessibleName(self.tr("Customers"))
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        return table

    def _layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.sync_button)
        left_layout.addLayout(search_row)
        # The actions on a row of their own: the search keeps its width in any language.
        action_row = QHBoxLayout()
        action_row.addWidget(self.add_button)
        action_row.addWidget(self.window_card_button)
        action_row.addWidget(self.batch_button)
        action_row.addStretch(1)
        left_layout.addLayout(action_row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.detail.setMinimumWidth(360)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(splitter, 1)

    def _wire(self) -> None:
        self.search_edit.textEdited.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._search)
        self.search_edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._select(current.row())
        )
        self._file_timer.timeout.connect(self._load_selected_file)
        self.table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._selection_hint()
        )
        self._refresh_timer.timeout.connect(self._refresh_owed)
        self.model.searched.connect(self._searched)
        self.model.failed.connect(self._failed)
        self.entered.connect(lambda: self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason))
        self.charge_button.clicked.connect(self.charge_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.sync_button.clicked.connect(self.sync_keys)
        self.add_button.clicked.connect(self.add_customer)
        self.window_card_button.clicked.connect(self.add_by_card_window)
        self.replace_button.clicked.connect(self.replace_selected_card)
        self.batch_button.clicked.connect(self.open_batch)
        keys = (
            (CHARGE_SHORTCUT, self.charge_selected),
            (ADD_SHORTCUT, self.add_customer),
            (WINDOW_CARD_SHORTCUT, self.add_by_card_window),
            (BATCH_SHORTCUT, self.open_batch),
        )
        for sequence, run in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(run)

    # --- ScreenPage ----------------------------------------------------------------------

    def attach(self, context: PageContext) -> None:
        from kcp_pos.store import CustomerQuery

        self._context = context
        self.model.attach(context.services.customers, context.runner)
        self.sync_button.setEnabled(True)
        self.add_button.setEnabled(True)
        self.window_card_button.setEnabled(True)
        self.batch_button.setEnabled(True)
        self.status_label.setText(self.tr("Loading…"))
        self.model.set_query(CustomerQuery())
        self.detail.schedules.attach(context, self._settings)

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.detail.schedules.apply_settings(settings)

    def data_changed(self, topics: frozenset[StoreTopic]) -> None:
        """A lone change is followed at once; more within `REFRESH_PAUSE_MS` wait for its end.
        While a batch runs, its dialog covers the page and shows the progress: the rows behind
        it catch up once the batch ends, rather than repaint twice a second and compete with the
        charges for the interpreter."""
        if self._context is None:
            return
        if self._refresh_timer.isActive() or self._batch_running():
            self._owed_topics |= topics
            return
        self._follow(topics)

    def _batch_running(self) -> bool:
        return self.batch_dialog is not None and self.batch_dialog.running

    def _refresh_owed(self) -> None:
        if self._batch_running():
            return
        topics, self._owed_topics = self._owed_topics, frozenset()
        if topics and self._context is not None:
            self._follow(topics)

    def _follow(self, topics: frozenset[StoreTopic]) -> None:
        if topics & REFRESHING_TOPICS:
            self.model.refresh()
        self.detail.schedules.data_changed(topics)
        self._refresh_timer.start()

    # --- search --------------------------------------------------------------------------

    def _search(self) -> None:
        from kcp_pos.store import CustomerQuery

        self._notice = ""
        query = self.model.query or CustomerQuery()
        self.model.set_query(replace(query, text=self.search_edit.text()))

    def _searched(self, rows: int) -> None:
        if rows == 0:
            text = self.search_edit.text().strip()
            self._show_status(
                self.tr("No customer matches “%1”.").replace("%1", text)
                if text
                else self.tr(
                    "No customers yet. Add one (%1), or save a card from the terminal."
                ).replace(
                    "%1",
                    QKeySequence(ADD_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
        else:
            self._show_status(
                self.tr("%1 customers shown; scroll for more.").replace("%1", str(rows))
                if self.model.canFetchMore()
                else self.tr("%1 customers.").replace("%1", str(rows))
            )
        self._restore_selection()

    def _show_status(self, text: str) -> None:
        self.status_label.setText(f"{self._notice} {text}".strip())

    def _tell(self, notice: str) -> None:
        """The result of an action, shown until the clerk searches again."""
        self._notice = notice
        self.status_label.setText(notice)

    def _restore_selection(self) -> None:
        """After new rows: the same customer stays selected; if they are gone, nobody is (Down
        or Enter from the search, `_into_table`, takes the first row)."""
        wanted, self._wanted_uid = self._wanted_uid, None
        if wanted is not None and self.model.row_of(wanted) >= 0:
            self.table.selectRow(self.model.row_of(wanted))
            return
        row = self.model.row_of(self._selected_uid) if self._selected_uid else -1
        if row >= 0:
            if not self.table.selectionModel().isRowSelected(row):  # rows kept in place keep
                self.table.selectRow(row)  # their selection (several, for a batch)
        elif self._selected_uid is not None:
            self._selected_uid = None
            self.detail.show_nothing()
            self._enable_actions(False)
            self.table.clearSelection()  # never someone else in their place: a Ctrl+Enter
            # next must not charge another customer

    def _failed(self, kind: str) -> None:
        self.status_label.setText(
            self.tr("The directory could not be read (%1).").replace("%1", kind)
        )

    # --- selection and the file ----------------------------------------------------------

    def _select(self, row: int) -> None:
        """The current row changed (-1 while the rows are replaced: the detail stays until the
        new rows say whether the customer is still there)."""
        customer = self.model.customer_at(row)
        self._enable_actions(customer is not None and self._context is not None)
        if customer is None or customer.customer_uid == self._selected_uid:
            return
        self._selected_uid = customer.customer_uid
        self.detail.show_customer(customer)
        self._file_timer.start()

    def _selection_hint(self) -> None:
        """Several customers selected: say how to charge them together."""
        count = len(self.table.selectionModel().selectedRows())
        if count > 1:
            keys = QKeySequence(BATCH_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
            self._tell(
                self.tr("%1 customers selected: %2 charges them together.")
                .replace("%1", str(count))
                .replace("%2", keys)
            )

    def _enable_actions(self, enabled: bool) -> None:
        """The actions on the selected customer."""
        for button in (self.charge_button, self.delete_button, self.replace_button):
            button.setEnabled(enabled)

    def _load_selected_file(self) -> None:
        customer = self.selected_customer()
        if customer is not None and self._context is not None:
            self._load_file(customer)

    def selected_customers(self) -> list[Customer]:
        """Every selected customer, in the table's order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        found = (self.model.customer_at(row) for row in rows)
        return [customer for customer in found if customer is not None]

    def selected_customer(self) -> Customer | None:
        """The customer of the current row, when that row is selected (after the selected
        customer left the list, nobody is, even if the cursor still sits on a row)."""
        row = self.table.currentIndex().row()
        if row < 0 or not self.table.selectionModel().isRowSelected(row):
            return None
        return self.model.customer_at(row)

    def charge_selected(self) -> None:
        """Open the charge-again dialog for the selected customer."""
        customer = self.selected_customer()
        if customer is None or self._context is None or self.charge_dialog is not None:
            return
        if customer.customer_uid in self.unsettled:
            self.status_label.setText(
                self.tr(
                    "The last charge of this card could not be checked. Do not charge it again "
                    "now: restart the app to settle it first."
                )
            )
            return
        from kcp_pos.ui.customers.charge_again_dialog import ChargeAgainDialog

        dialog = ChargeAgainDialog(
            customer,
            self._context,
            self._settings,
            self._lang,
            follow_up=self._follow_up,
            parent=self,
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
        customer = self.selected_customer()
        if customer is not None:
            self._load_file(customer)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_customer(self) -> None:
        """Register a new customer's card (nothing is charged)."""
        self._open_card_dialog(None)

    def add_by_card_window(self) -> None:
        """Add a customer who types the card in KCP's card window."""
        if self._context is None or self.window_card_dialog is not None:
            return
        from kcp_pos.ui.customers.window_card_dialog import WindowCardDialog

        dialog = WindowCardDialog(self._context, self._settings, self)
        dialog.finished.connect(lambda _result: self._window_card_closed(dialog))
        self.window_card_dialog = dialog
        dialog.open()
        dialog.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _window_card_closed(self, dialog: WindowCardDialog) -> None:
        if self.window_card_dialog is dialog:
            self.window_card_dialog = None
        dialog.deleteLater()
        if dialog.saved_uid is not None:
            self._wanted_uid = dialog.saved_uid
            self.search_edit.setText(dialog.name_edit.text().strip())
            self._search()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def replace_selected_card(self) -> None:
        """Save the selected customer's new card in place of the old one."""
        customer = self.selected_customer()
        if customer is not None:
            self._open_card_dialog(customer)

    def _open_card_dialog(self, replacing: Customer | None) -> None:
        if self._context is None or self.card_dialog is not None:
            return
        from kcp_pos.ui.customers.card_dialog import SaveCardDialog

        dialog = SaveCardDialog(
            self._context,
            self._settings,
            self._lang,
            replacing=replacing,
            follow_up=self._follow_up,
            parent=self,
        )
        dialog.finished.connect(lambda _result: self._card_dialog_closed(dialog))
        self.card_dialog = dialog
        dialog.open()
        first = dialog.card.card_number_edit if replacing else dialog.name_edit
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _card_dialog_closed(self, dialog: SaveCardDialog) -> None:
        if self.card_dialog is dialog:
            self.card_dialog = None
        dialog.deleteLater()
        if dialog.saved_uid is not None:  # the new card's customer, found by name and selected
            self._wanted_uid = dialog.saved_uid
            self.search_edit.setText(dialog.name_edit.text().strip())
            self._search()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """Ask for a reason, then delete the selected customer's billing key."""
        customer = self.selected_customer()
        if customer is None or self._context is None or self.delete_dialog is not None:
            return
        from kcp_pos.ui.customers.delete_key_dialog import DeleteKeyDialog

        dialog = DeleteKeyDialog(customer, self._lang, self)
        dialog.finished.connect(lambda result: self._delete_answered(dialog, result))
        self.delete_dialog = dialog
        dialog.open()

    def _delete_answered(self, dialog: DeleteKeyDialog, result: int) -> None:
        self.delete_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted.value or self._context is None:
            return
        from kcp_pos.services.billing_key_removal import DELETE_KEY, delete_billing_key
        from kcp_pos.ui.widgets.manager_approval import approval_if_needed

        # Read before the approval's own event loop deletes the dialog.
        uid, reason = dialog.customer.customer_uid, dialog.reason
        go, approval = approval_if_needed(
            self._context,
            action=DELETE_KEY,
            action_text=self.tr("Deleting a saved card"),
            parent=self,
        )
        if not go:
            self._tell(self.tr("Not deleted: deleting a saved card needs a manager."))
            return
        services, operator = self._context.services, self._context.operator

        def delete(_: Progress) -> object:
            return delete_billing_key(services, uid, reason, operator=operator, approval=approval)

        self._tell(self.tr("Deleting the saved card…"))
        self._context.runner.run(
            delete,
            lambda _customer: self._tell(self.tr("The saved card was deleted.")),
            self._delete_failed,
            key=f"customer:{uid}",
        )

    def _delete_failed(self, error: Exception) -> None:
        from kcp_pos.services.billing_key_removal import SchedulesPending

        if isinstance(error, SchedulesPending):
            text = self.tr(
                "Not deleted: the card has %1 booked schedule(s). Revoke them first."
            ).replace("%1", str(error.count))
        else:
            text = self.tr("Not deleted (%1). Try again.").replace("%1", type(error).__name__)
        self._tell(text)

    def sync_keys(self) -> None:
        """Every saved card checked with PortOne, 100 at a time, with progress."""
        if self._context is None or not self.sync_button.isEnabled():
            return
        services, operator = self._context.services, self._context.operator

        def sync(progress: Progress) -> SyncReport:
            from kcp_pos.services.key_sync import sync_billing_keys

            return sync_billing_keys(services, operator=operator, progress=progress)

        def done(report: SyncReport) -> None:
            self.sync_button.setEnabled(True)
            self._tell(
                self.tr("%1 saved cards checked; %2 no longer at PortOne.")
                .replace("%1", str(report.checked))
                .replace("%2", str(len(report.missing)))
            )

        def failed(error: Exception) -> None:
            self.sync_button.setEnabled(True)
            self._tell(self.tr("Not checked (%1). Try again.").replace("%1", type(error).__name__))

        self.sync_button.setEnabled(False)
        self._tell(self.tr("Checking the saved cards with PortOne…"))
        self._context.runner.run(
            sync,
            done,
            failed,
            key="customers-sync",
            on_progress=lambda update: self._tell(
                self.tr("Checking the saved cards with PortOne… %1%").replace(
                    "%1", str(round((update.fraction or 0) * 100))
                )
            ),
        )

    def open_batch(self, *, concurrency: int | None = None) -> None:
        """Open the batch charge dialog (one at a time); `concurrency`: requests in flight
        (the service's default if None)."""
        if self._context is None or self.batch_dialog is not None:
            return
        from kcp_pos.ui.customers.batch_dialog import BatchDialog

        chosen = self.selected_customers()
        dialog = BatchDialog(
            self._context,
            self._lang,
            self,
            customers=chosen if len(chosen) > 1 else (),
            concurrency=concurrency,
        )
        dialog.finished.connect(lambda _result: self._batch_closed(dialog))
        dialog.run_ended.connect(self._refresh_owed)
        self.batch_dialog = dialog
        dialog.open()
        if dialog.customers:
            dialog.order.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _batch_closed(self, dialog: BatchDialog) -> None:
        if self.batch_dialog is dialog:
            self.batch_dialog = None
        dialog.deleteLater()

    def close_warning(self) -> str | None:
        dialog = self.charge_dialog
        if dialog is not None and not dialog.may_close:
            return self.tr("A charge of a saved card is still being checked.")
        if self.card_dialog is not None and not self.card_dialog.may_close:
            return self.tr("A card being saved is still being checked.")
        if self.batch_dialog is not None and not self.batch_dialog.may_close:
            return self.tr("A batch charge is still running.")
        in_flight = self.detail.schedules.close_warning()
        if in_flight is not None:
            return in_flight
        if self.charge_dialog is not None or self.card_dialog is not None:
            return self.tr("A charge or card form is still open: what was typed in it is not kept.")
        return None

    def _open(self, row: int) -> None:
        """Enter on a row: the customer's file, with PortOne's parts."""
        customer = self.model.customer_at(row)
        if customer is None or self._context is None:
            return
        self._file_timer.stop()
        self._load_file(customer)

    def _load_file(self, customer: Customer) -> None:
        assert self._context is not None
        services = self._context.services
        uid = customer.customer_uid

        def load(_: Progress) -> CustomerFile:
            from kcp_pos.services.customer_file import load_customer_file

            return load_customer_file(services, uid)

        self._context.runner.run(
            load,
            self.detail.show_file,
            lambda error: self.detail.show_failure(uid, type(error).__name__),
            key=f"customer:{uid}",
        )

    # --- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.search_edit and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return):
            self._into_table()
            return True
        if watched is self.table:
            return self._table_key(event)
        return super().eventFilter(watched, event)

    def _into_table(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.table.currentIndex().row() < 0:
            self.table.selectRow(0)

    def _table_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search_edit.selectAll()
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.charge_selected()  # Ctrl+Enter, also where the shortcut map did not see it
            else:
                self._open(self.table.currentIndex().row())
            return True
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if plain and len(text) == 1 and text.isprintable() and not text.isspace():
            # Type to search: the key goes into the search field, never nowhere.
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            QApplication.sendEvent(
                self.search_edit,
                QKeyEvent(event.type(), event.key(), event.modifiers(), event.text()),
            )
            return True
        return False
