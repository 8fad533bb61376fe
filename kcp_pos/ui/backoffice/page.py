"""The transactions page (Ctrl+3): every payment in the ledger, filtered and sorted, with the
count and sums of what the filter shows, and the chosen payment's detail beside it.

Keyboard first: the page opens in the search box (Ctrl+F goes back there); Enter or Down moves
into the table, where the arrows, Page Up/Down, Home and End move and the payment under the
cursor is chosen (`payment_chosen`); Esc goes back to the search. A click on the Time, Status
or Amount header sorts by it (again: the other way); Ctrl+Shift+1/2/3 do the same from the
keyboard. Every read runs on the runner (`PaymentTableModel`); the page re-reads when the store
says the ledger changed.

Beside the table, the chosen payment's detail (`payment_detail_pane`: its refunds, attempts,
audit entries, receipt and the refund button, which opens `refund_dialog`). Whenever the dates
change, PortOne's own list of the merchant's payments for them is merged into the ledger on
the runner (`services/remote_payments`), so payments made elsewhere show too. Above the table,
the other desks of the back office (`actions_bar`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.store.payment_query import PaymentFilter, PaymentQuery, PaymentSort
from kcp_pos.store.topics import StoreTopic
from kcp_pos.ui.backoffice.actions_bar import ActionsBar
from kcp_pos.ui.backoffice.filter_bar import FilterBar
from kcp_pos.ui.backoffice.payment_detail_pane import PaymentDetailPane
from kcp_pos.ui.backoffice.payment_model import (
    COLUMN_OF_SORT,
    COLUMN_WIDTHS,
    SORTS,
    Column,
    PaymentTableModel,
)
from kcp_pos.ui.shell.placeholder_page import page_title
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from kcp_pos.ui.widgets.money_text import krw

if TYPE_CHECKING:
    from collections.abc import Callable

    from kcp_pos.domain.language import Lang
    from kcp_pos.services.remote_payments import MergeResult
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import LedgerPayment, PaymentTotals
    from kcp_pos.ui.backoffice.refund_dialog import RefundDialog
    from kcp_pos.ui.shell.runner import Progress

REFRESH_PAUSE_MS = 500
"""After a refresh for a change, the next waits this long (a burst of commits is one read)."""
SEARCH_SHORTCUT = "Ctrl+F"
SORT_SHORTCUTS = {
    "Ctrl+Shift+1": PaymentSort.OCCURRED,
    "Ctrl+Shift+2": PaymentSort.STATUS,
    "Ctrl+Shift+3": PaymentSort.AMOUNT,
}
"""Sort from the keyboard (pressed again: the other way)."""


class TransactionsPage(ScreenPage):
    payment_chosen = Signal(str)
    """The `imp_uid` of the payment under the table's cursor, when it changes; "" when the
    chosen payment is no longer listed (another filter)."""

    def __init__(
        self,
        lang: Lang,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self._lang: Lang = lang
        self._context: PageContext | None = None
        self._chosen_uid: str | None = None
        self._rows_text = ""
        self._totals: PaymentTotals | None = None
        self.title_label = page_title(self.tr("Transactions"), self)
        self.filters = FilterBar(self) if now is None else FilterBar(self, now=now)
        self.model = PaymentTableModel(lang, self)
        self.table = self._build_table()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("note")
        # Its text changes with every filter: its width must not move the table (a relayout
        # and a repaint of every row each time).
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status_label.setAccessibleName(self.tr("What is shown"))
        self._detail = QWidget(self)
        self._detail.setObjectName("paymentDetailArea")
        self._detail.setMinimumWidth(320)
        detail_layout = QVBoxLayout(self._detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        # In a scroll area: the facts, refunds, attempts and audit entries keep their height
        # (squeezed into the window's they were drawn over one another).
        detail_scroll = QScrollArea(self._detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.detail = PaymentDetailPane(lang)
        detail_scroll.setWidget(self.detail)
        detail_layout.addWidget(detail_scroll)
        self.desks = ActionsBar(lang, lambda: self._context, self)
        self.refund_dialog: RefundDialog | None = None
        self._settings: Settings | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_PAUSE_MS)
        self._refresh_owed = False
        self._layout()
        self._wire()

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("paymentTable")
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        table.setAccessibleName(self.tr("Payments"))
        header.blockSignals(True)  # the first query is set by `attach`, not by this indicator
        table.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        return table

    def _layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self._detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.desks)
        layout.addWidget(splitter, 1)
        QWidget.setTabOrder(self.filters.operator_edit, self.table)

    def _wire(self) -> None:
        self.filters.changed.connect(self._filter_changed)
        self.filters.invalid.connect(self._show_problem)
        self.filters.range_changed.connect(self.merge_remote_payments)
        self.filters.submitted.connect(self._into_table)
        self.filters.search_edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._choose(current.row())
        )
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator_moved)
        self.model.searched.connect(self._searched)
        self.model.totals_read.connect(self._totals_read)
        self.model.failed.connect(self._failed)
        self._refresh_timer.timeout.connect(self._refresh_if_owed)
        self.entered.connect(self.focus_search)
        self.payment_chosen.connect(self._show_detail)
        self.detail.refund_requested.connect(self.open_refund)
        search = QShortcut(QKeySequence(SEARCH_SHORTCUT), self)
        search.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        search.activated.connect(self.focus_search)
        for keys, sort in SORT_SHORTCUTS.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda sort=sort: self.sort_by(sort))

    # --- what others build on -----------------------------------------------------------------

    def detail_area(self) -> QWidget:
        """The empty place beside the table for the chosen payment's detail (its layout is a
        QVBoxLayout without margins)."""
        return self._detail

    def merge_remote_payments(self, since: datetime, until: datetime) -> None:
        """The dates shown changed to [since, until): PortOne's own list of the merchant's
        payments for them is read on the runner and merged into the ledger (only what changed
        is written); the ledger's change notice then refreshes the list. A later range's merge
        waits for the one before (one runner key)."""
        if self._context is None:
            return
        services = self._context.services

        def merge(progress: Progress) -> MergeResult:
            from kcp_pos.services.remote_payments import merge_into_ledger

            return merge_into_ledger(services, since, until, progress)

        self._context.runner.run(
            merge, lambda _merged: None, self._merge_failed, key="backoffice:merge"
        )

    def _merge_failed(self, error: Exception) -> None:
        self.status_label.setText(
            self.tr(
                "PortOne's own list could not be read (%1): showing this terminal's record."
            ).replace("%1", type(error).__name__)
        )

    def _show_detail(self, imp_uid: str) -> None:
        if imp_uid:
            self.detail.show_payment(imp_uid)
        else:
            self.detail.show_nothing()

    def open_refund(self, imp_uid: str) -> None:
        """The refund dialog for `imp_uid` (the detail pane's Refund button)."""
        from kcp_pos.ui.backoffice.refund_dialog import RefundDialog

        if self._context is None or self.refund_dialog is not None:
            return
        dialog = RefundDialog(
            self._context, imp_uid, self, settings=self._settings, lang=self._lang
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._refund_closed(imp_uid))
        self.refund_dialog = dialog
        dialog.open()

    def _refund_closed(self, imp_uid: str) -> None:
        self.refund_dialog = None
        if self._chosen_uid == imp_uid:
            self.detail.show_payment(imp_uid)  # its refunds as they are now

    def chosen_payment(self) -> LedgerPayment | None:
        """The payment under the table's cursor, if any."""
        return self.model.payment_at(self.table.currentIndex().row())

    # --- ScreenPage -----------------------------------------------------------------------

    def attach(self, context: PageContext) -> None:
        self._context = context
        self.detail.attach(context)
        self.model.attach(context.services.ledger, context.runner)
        self.status_label.setText(self.tr("Loading…"))
        self.filters.apply()

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.detail.apply_settings(settings)

    def data_changed(self, topics: frozenset[StoreTopic]) -> None:
        """The ledger changed: read again at once; changes announced within REFRESH_PAUSE_MS
        after that are read together when the pause ends (a burst of commits is one read)."""
        if self._context is None or StoreTopic.LEDGER not in topics:
            return
        if self._refresh_timer.isActive():
            self._refresh_owed = True
            return
        self.model.refresh()
        self._refresh_timer.start()

    def _refresh_if_owed(self) -> None:
        if self._refresh_owed:
            self._refresh_owed = False
            self.model.refresh()
            self._refresh_timer.start()

    # --- filter and sort -------------------------------------------------------------------

    def apply_filter(self, chosen: PaymentFilter) -> None:
        """Show the payments `chosen` matches, in the current order."""
        self._filter_changed(chosen)

    def _filter_changed(self, chosen: PaymentFilter) -> None:
        if self._context is None:
            return
        current = self.model.query or PaymentQuery()
        self._totals = None
        self.status_label.setText(self.tr("Loading…"))
        self.model.set_query(PaymentQuery(chosen, current.sort, current.descending))

    def sort_by(self, sort: PaymentSort) -> None:
        """Sort by `sort`, newest or largest first; again: the other way."""
        current = self.model.query or PaymentQuery()
        descending = not current.descending if current.sort is sort else True
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(COLUMN_OF_SORT[sort], order)

    def _sort_indicator_moved(self, column: int, _order: Qt.SortOrder) -> None:
        """A header without an order of its own was clicked: the indicator goes back."""
        if Column(column) in SORTS:
            return
        query = self.model.query or PaymentQuery()
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(COLUMN_OF_SORT[query.sort], order)
        header.blockSignals(False)

    # --- what is shown ---------------------------------------------------------------------

    def _searched(self, rows: int) -> None:
        self._rows_text = (
            self.tr("No payment matches these filters.")
            if rows == 0
            else self.tr("%1 rows loaded; scroll for more.").replace("%1", str(rows))
            if self.model.canFetchMore()
            else ""
        )
        self._show_status()
        self._keep_choice()

    def _totals_read(self, totals: PaymentTotals) -> None:
        self._totals = totals
        self._show_status()

    def _show_status(self) -> None:
        """ "N payments, ₩sum (refunded ₩x)" for the filter, and what the table holds."""
        parts: list[str] = []
        totals = self._totals
        if totals is not None:
            summary = (
                self.tr("%1 payments, %2 (refunded %3)")
                .replace("%1", f"{totals.count:,}")
                .replace("%2", krw(totals.amount, self._lang))
                .replace("%3", krw(totals.refunded, self._lang))
            )
            parts.append(summary)
        else:
            parts.append(self.tr("Counting…"))
        if self._rows_text:
            parts.append(self._rows_text)
        self.status_label.setText(" · ".join(parts))

    def _show_problem(self, problem: str) -> None:
        self.status_label.setText(problem)

    def _failed(self, kind: str) -> None:
        self.status_label.setText(
            self.tr("The payments could not be read (%1).").replace("%1", kind)
        )

    # --- the chosen payment ----------------------------------------------------------------

    def _choose(self, row: int) -> None:
        payment = self.model.payment_at(row)
        if payment is None or payment.imp_uid == self._chosen_uid:
            return
        self._chosen_uid = payment.imp_uid
        self.payment_chosen.emit(payment.imp_uid)

    def _keep_choice(self) -> None:
        """After new rows the same payment stays under the cursor when it is still listed."""
        if self._chosen_uid is None:
            return
        row = self.model.row_of(self._chosen_uid)
        if row >= 0:
            self.table.selectRow(row)
            return
        self._chosen_uid = None
        self.table.clearSelection()
        self.payment_chosen.emit("")

    # --- keyboard --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.filters.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.filters.search_edit and event.key() == Qt.Key.Key_Down:
            self._into_table()
            return True
        if watched is self.table and event.key() == Qt.Key.Key_Escape:
            self.focus_search()
            return True
        if watched is self.table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # To the chosen payment's actions: Refund… (or its receipt when nothing is left).
            for button in (self.detail.refund_button, self.detail.receipt_button):
                if button.isEnabled():
                    button.setFocus(Qt.FocusReason.TabFocusReason)
                    break
            return True
        return super().eventFilter(watched, event)

    def _into_table(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.table.currentIndex().row() < 0:
            self.table.selectRow(0)
