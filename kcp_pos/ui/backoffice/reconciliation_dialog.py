"""Reconciliation (issue 11): for a range of Korea time, the ledger against PortOne's own list,
each difference with its fix, and the fixes applied on request by a manager.

The work is `services/reconciliation.py` on the runner: Compare reads (it can be stopped),
Apply fix records PortOne's word for the selected rows, Apply all imports for every payment
PortOne has that the ledger lacks. Nothing here refunds or charges. Keyboard: Enter or F5
compares, Esc stops a compare (or closes), Alt+A applies the selected fixes, Alt+I all imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import kst_now
from kcp_pos.domain.language import Lang
from kcp_pos.domain.text import fill
from kcp_pos.iamport.errors import IamportError, TransportError
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import RANK, NotPermitted
from kcp_pos.services.progress import Stopped
from kcp_pos.services.reconciliation import (
    Comparison,
    Difference,
    Fix,
    FixOutcome,
    apply_fixes,
    compare,
)
from kcp_pos.ui.backoffice.reconciliation_text import (
    fix_text,
    kind_text,
    ledger_side,
    outcomes_text,
    portone_side,
)
from kcp_pos.ui.widgets.korea_time_edit import korea_moment, korea_time_edit

if TYPE_CHECKING:
    from kcp_pos.ui.shell.runner import OpHandle, Progress, ProgressUpdate
    from kcp_pos.ui.shell.screen_page import PageContext

COLUMNS = 6


class ReconciliationDialog(QDialog):
    def __init__(self, context: PageContext, parent: QWidget | None, *, lang: Lang = "ko") -> None:
        super().__init__(parent)
        self.setObjectName("reconciliationDialog")
        self.setWindowTitle(self.tr("Reconciliation with PortOne"))
        self.resize(1100, 640)
        self._context = context
        self._lang = lang
        self._comparison: Comparison | None = None
        self._handle: OpHandle | None = None
        self._done = ""
        """What the last fixes did, shown before what the compare after them found."""
        midnight = kst_now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.since_edit = korea_time_edit(self, midnight)
        self.until_edit = korea_time_edit(self, midnight + timedelta(days=1))
        self.compare_button = QPushButton(self.tr("&Compare"), self)
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.start_compare)
        self.stop_button = QPushButton(self.tr("&Stop"), self)
        self.stop_button.setAutoDefault(False)
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setVisible(False)
        self.table = self._table()
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("reconciliationSummary")
        self.apply_button = QPushButton(self.tr("&Apply fix"), self)
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply_selected)
        self.import_button = QPushButton(self.tr("Apply all &imports"), self)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.apply_all_imports)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("reconciliationResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # PortOne's words
        self._lay_out()
        self._show_buttons()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, COLUMNS, self)
        table.setObjectName("reconciliationDifferences")
        table.setHorizontalHeaderLabels(
            [self.tr("Difference"), self.tr("imp_uid"), self.tr("Order"),
             self.tr("This terminal"), self.tr("PortOne"), self.tr("Fix")]
        )  # fmt: skip
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab goes on to the buttons
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        table.itemSelectionChanged.connect(self._show_buttons)
        return table

    def _lay_out(self) -> None:
        range_row = QHBoxLayout()
        since_label = QLabel(self.tr("&From (Korea time)"), self)
        since_label.setBuddy(self.since_edit)
        until_label = QLabel(self.tr("&Until"), self)
        until_label.setBuddy(self.until_edit)
        for widget in (since_label, self.since_edit, until_label, self.until_edit,
                       self.compare_button, self.stop_button):  # fmt: skip
            range_row.addWidget(widget)
        range_row.addWidget(self.progress_bar, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.apply_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(range_row)
        column.addWidget(self.table, 1)
        column.addWidget(self.summary_label)
        column.addLayout(actions)
        column.addWidget(self.result_label)
        QWidget.setTabOrder(self.since_edit, self.until_edit)
        QWidget.setTabOrder(self.until_edit, self.compare_button)
        QWidget.setTabOrder(self.compare_button, self.table)
        QWidget.setTabOrder(self.table, self.apply_button)
        QWidget.setTabOrder(self.apply_button, self.import_button)

    # ------------------------------------------------------------------ compare

    @property
    def running(self) -> bool:
        return self._handle is not None

    def chosen_range(self) -> tuple[datetime, datetime] | None:
        """The range as typed (Korea time), or None after saying why it cannot be compared."""
        since, until = korea_moment(self.since_edit), korea_moment(self.until_edit)
        if until <= since:
            self._done = ""
            self._tell(self.tr("The end must be after the start."))
            self.until_edit.setFocus()
            return None
        return since, until

    def start_compare(self, *, done: str = "") -> None:
        """Compare the chosen range; `done` (what the last fixes did) stays on screen."""
        chosen = None if self.running else self.chosen_range()
        if chosen is None:
            return
        since, until = chosen
        self._done = done
        services = self._context.services

        def body(progress: Progress) -> Comparison:
            return compare(services, since, until, progress)

        self._tell(self.tr("Reading PortOne's payments…"))
        self._start(body, self._compared, self._compare_failed)

    def _tell(self, text: str) -> None:
        self.result_label.setText(f"{self._done} {text}".strip())

    def _compared(self, comparison: Comparison) -> None:
        self._finish()
        self._show(comparison)
        if comparison.clean:
            self._tell(self.tr("The ledger and PortOne agree."))
        else:
            self._tell(self.tr("Choose a difference and apply its fix."))
            self.table.setFocus()
            self.table.selectRow(0)

    def _compare_failed(self, error: Exception) -> None:
        self._finish()
        if isinstance(error, Stopped):
            self._tell(self.tr("Stopped. Nothing was changed."))
            return
        self._tell(self.failure_text(error))

    def _show(self, comparison: Comparison) -> None:
        self._comparison = comparison
        self.table.setRowCount(len(comparison.differences))
        for row, difference in enumerate(comparison.differences):
            cells = (
                kind_text(difference),
                difference.imp_uid,
                difference.merchant_uid,
                ledger_side(difference, self._lang),
                portone_side(difference, self._lang),
                fix_text(difference),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        summary = self.tr("This terminal: %1 payments. PortOne: %2. Differences: %3.")
        counts = (comparison.local_count, comparison.remote_count, len(comparison.differences))
        self.summary_label.setText(fill(summary, tuple(str(count) for count in counts)))
        self._show_buttons()

    # ------------------------------------------------------------------ fixes

    def selected_differences(self) -> list[Difference]:
        if self._comparison is None:
            return []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._comparison.differences[row] for row in rows]

    def imports(self) -> list[Difference]:
        if self._comparison is None:
            return []
        return [d for d in self._comparison.differences if d.fix is Fix.IMPORT]

    def apply_selected(self) -> None:
        self._apply(self.selected_differences())

    def apply_all_imports(self) -> None:
        self._apply(self.imports())

    def _apply(self, differences: Sequence[Difference]) -> None:
        if self.running or not differences:
            return
        operator = self.acting_operator()
        if operator is None:
            return
        services = self._context.services

        def body(progress: Progress) -> list[FixOutcome]:
            return apply_fixes(services, differences, operator=operator, progress=progress)

        self._done = ""
        self._tell(self.tr("Applying the fixes…"))
        self._start(body, self._applied, self._apply_failed)

    def acting_operator(self) -> Operator | None:
        """Who applies the fixes: the operator if a manager, else the manager who approves it in
        place with their PIN (audited for the clerk); None, and the clerk is told, otherwise."""
        from kcp_pos.ui.widgets.manager_approval import request_approval

        operator = self._context.operator
        if RANK[operator.role] >= RANK[Role.MANAGER]:
            return operator
        action = self.tr("Applying a fix")
        approval = request_approval(self._context, action=action, action_text=action, parent=self)
        if approval is not None:
            return approval.approver
        self._done = ""
        self._tell(
            self.tr("Applying a fix needs a manager. Ask a manager to sign in and apply it.")
        )
        return None

    def _applied(self, outcomes: list[FixOutcome]) -> None:
        self._finish()
        self.start_compare(done=outcomes_text(outcomes))  # what is left, read again

    def _apply_failed(self, error: Exception) -> None:
        self._finish()
        if isinstance(error, Stopped):
            self.start_compare(done=self.tr("Stopped. The fixes applied so far stay."))
        else:
            self.start_compare(done=self.failure_text(error))

    def failure_text(self, error: Exception) -> str:
        if isinstance(error, NotPermitted):
            return self.tr("Applying a fix needs a manager.")
        if isinstance(error, TransportError):
            return self.tr("PortOne could not be reached. Check the connection and try again.")
        if isinstance(error, IamportError):
            return fill(self.tr("PortOne refused: %1"), (error.message,))
        text = self.tr("Something went wrong (%1). Nothing was refunded or charged.")
        return fill(text, (type(error).__name__,))

    # ------------------------------------------------------------------ running

    def _start(self, body: Any, on_success: Any, on_failure: Any) -> None:
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self._handle = self._context.runner.run(
            body, on_success, on_failure, key="reconciliation", on_progress=self._progress
        )
        self._show_buttons()
        self.stop_button.setFocus()

    def _progress(self, update: ProgressUpdate) -> None:
        if update.fraction is not None:
            self.progress_bar.setValue(round(update.fraction * 100))

    def _finish(self) -> None:
        self._handle = None
        self.progress_bar.setVisible(False)
        self._show_buttons()

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._tell(self.tr("Stopping…"))

    def _show_buttons(self) -> None:
        running = self.running
        self.compare_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.apply_button.setEnabled(not running and bool(self.selected_differences()))
        self.import_button.setEnabled(not running and bool(self.imports()))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_F5:
            self.start_compare()
            return
        if event.key() == Qt.Key.Key_Escape and self.running:
            self.stop()  # Esc stops first; a second Esc once stopped closes
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.running:
            self.stop()
            return
        super().reject()
