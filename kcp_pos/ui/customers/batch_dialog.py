"""Batch charge from the customers page: import a CSV of saved cards (or type one order for the
customers selected on the page), see every problem with its line (nothing is sent then), confirm
the count and total, watch the progress (paid, declined,
unknown, time left), stop new charges, read each line's result and export them as CSV.

The work is `services/batch_charge.py` on the page's runner; this dialog only shows it. A file
whose rows were charged before resumes that batch (unknown lines are looked up, only lines never
sent are charged), as `kcp-pos batch` does. The dialog cannot be closed while charges run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import minute_text
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.order_fields import OrderFields, OrderValues
from kcp_pos.ui.widgets.role_data import answer_roles
from kcp_pos.ui.widgets.window_size import grow_to_fit

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.batch_charge import (
        BatchCounts,
        BatchReport,
        LineResult,
        LineStatus,
        RecentCharge,
    )
    from kcp_pos.services.batch_file import BatchFile, FileProblem
    from kcp_pos.store import Customer, StoredBatch
    from kcp_pos.ui.shell.runner import OpHandle, Progress, ProgressUpdate
    from kcp_pos.ui.shell.screen_page import PageContext

PROGRESS_STEPS = 1000
RESIZE_PRECISION_ROWS = 40
OP_KEY = "batch-charge"


MAX_PROBLEMS_SHOWN = 500
"""A broken file can have a problem on every line: the first ones say what to fix."""


@dataclass(frozen=True)
class _Loaded:
    """A file read and checked, with the batch it already is (if any) and how its lines stand,
    or, for a new batch, the lines whose customers were charged recently."""

    batch_file: BatchFile
    before: tuple[LineResult, ...] | None
    charged_in_full: StoredBatch | None = None
    """The earlier batch of these rows, over and old: charging again is a new batch."""
    recent: tuple[RecentCharge, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    """The directory's name of each billing key it knows (a web shop's may be unknown here)."""


def _look_up(services: AppServices, batch_file: BatchFile) -> _Loaded:
    from kcp_pos.services.batch_charge import (
        batch_results,
        charged_in_full_long_ago,
        find_batch,
        recent_charges,
    )

    names = _names(services, batch_file)
    existing = find_batch(services, batch_file)
    if existing is None:
        return _Loaded(batch_file, None, recent=recent_charges(services, batch_file), names=names)
    if charged_in_full_long_ago(services, existing):
        recent = recent_charges(services, batch_file)
        return _Loaded(batch_file, None, existing, recent=recent, names=names)
    return _Loaded(batch_file, batch_results(services, existing), names=names)


def _names(services: AppServices, batch_file: BatchFile) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in batch_file.rows:
        customer = services.customers.get(row.customer_uid)
        if customer is not None and customer.name:
            names[row.customer_uid] = customer.name
    return names


def _load(services: AppServices, path: Path) -> _Loaded:
    from kcp_pos.services.batch_file import read_batch_file

    return _look_up(services, read_batch_file(path))


def _load_selection(services: AppServices, uids: tuple[str, ...], order: OrderValues) -> _Loaded:
    from kcp_pos.services.batch_file import batch_for_customers

    batch_file = batch_for_customers(
        uids,
        amount=order.amount,
        order_name=order.order_name,
        tax_free=order.tax_free,
        card_quota=order.card_quota,
    )
    return _look_up(services, batch_file)


class _ResultsModel(QAbstractTableModel):
    """The lines' results as a table whose cells are made when the view paints them: filling
    a table widget with a 1,000-line batch's 5,000 items held the UI thread for about 60 ms
    when the results came (benchmarks/batch.py)."""

    def __init__(
        self,
        headers: list[str],
        status_text: Callable[[LineStatus], str],
        who: Callable[[str], str],
        lang: Lang,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._headers = headers
        self._status_text = status_text
        self._who = who
        self._lang: Lang = lang
        self._results: tuple[LineResult, ...] = ()

    def set_results(self, results: tuple[LineResult, ...]) -> None:
        self.beginResetModel()
        self._results = results
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def multiData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        answer_roles(roleDataSpan, lambda role: self.data(index, role))  # see role_data.py

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        result = self._results[index.row()]
        column = index.column()
        if column == 0:
            return str(result.line.line)
        if column == 1:
            return self._who(result.line.customer_uid)
        if column == 2:
            return krw(result.line.amount, self._lang)
        if column == 3:
            return self._status_text(result.status)
        return result.fail_reason or ""


class _LatestCounts:
    """Written by the batch's workers, read on the UI thread when a progress update arrives."""

    def __init__(self) -> None:
        self.counts: BatchCounts | None = None

    def __call__(self, counts: BatchCounts) -> None:
        self.counts = counts


class BatchDialog(QDialog):
    """One batch file per dialog: import, confirm, run, results."""

    run_ended = Signal()
    """The charges stopped running (finished, stopped or failed)."""

    def __init__(
        self,
        context: PageContext,
        lang: Lang,
        parent: QWidget | None = None,
        *,
        customers: Sequence[Customer] = (),
        concurrency: int | None = None,
    ) -> None:
        """`customers`: those selected on the page, charged one order typed here; `concurrency`:
        the batch's workers (None: `run_batch`'s default)."""
        super().__init__(parent)
        self.setObjectName("batchDialog")
        self.setWindowTitle(self.tr("Batch charge"))
        self.setMinimumSize(720, 520)
        self._context = context
        self._lang: Lang = lang
        self._concurrency = concurrency
        self._loaded: _Loaded | None = None
        self._handle: OpHandle | None = None
        self._latest = _LatestCounts()
        self.report: BatchReport | None = None
        self.running = False

        self.choose_button = QPushButton(self.tr("Import CSV…"), self)
        self.source_label = QLabel(
            self.tr("A CSV file: customer_uid, amount, order_name[, tax_free, card_quota]"), self
        )
        self.source_label.setWordWrap(True)
        self.customers = tuple(customers)
        self._checked_values: OrderValues | None = None
        """The order as typed when it was last checked (selected customers)."""
        """Customers selected on the page: one order typed here for all of them."""
        self.order = OrderFields(self)
        self.check_button = QPushButton(self.tr("Check the order"), self)
        if self.customers:
            self.source_label.setText(self._selection_text())
            self.order.setMinimumHeight(self.order.sizeHint().height())  # never squeezed
        else:
            self.order.hide()
            self.check_button.hide()
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.problems_list = QListWidget(self)
        self.problems_list.setAccessibleName(self.tr("Problems in the file"))
        self.problems_list.hide()
        self.recent_check = QCheckBox(self)
        self.recent_check.hide()
        self.recent_check.toggled.connect(self._recent_toggled)
        self.confirmation: QMessageBox | None = None
        self.charge_button = QPushButton(self)
        self.charge_button.setDefault(True)
        self.charge_button.hide()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.hide()
        self.counts_label = QLabel(self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setToolTip(
            self.tr("Send no new charges; the ones already sent finish and are recorded.")
        )
        self.stop_button.hide()
        self.results_model = _ResultsModel(
            self._headers(), self._status_text, self._who, lang, self
        )
        self.results_table = self._build_table()
        self.export_button = QPushButton(self.tr("Export results…"), self)
        self.export_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"), self)
        self._layout()
        self.choose_button.clicked.connect(self.choose_file)
        self.check_button.clicked.connect(self.check_selection)
        self.order.last_enter.connect(self.check_selection)
        for edit in (self.order.amount_edit, self.order.order_name_edit, self.order.tax_free_edit):
            edit.textEdited.connect(lambda _text: self._order_changed())
        self.order.quota_combo.activated.connect(lambda _index: self._order_changed())
        self.charge_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.export_button.clicked.connect(self.choose_export)
        self.close_button.clicked.connect(self.close)

    def _headers(self) -> list[str]:
        return [
            self.tr("Line"),
            self.tr("Customer"),
            self.tr("Amount"),
            self.tr("Result"),
            self.tr("Reason"),
        ]

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.results_model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setAccessibleName(self.tr("Results"))
        # Fit the columns to the first rows only: measuring every cell of a 1,000-line batch
        # held the UI thread for about 100 ms when the results came (benchmarks/batch.py).
        table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        table.hide()
        return table

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.choose_button)
        layout.addLayout(source_row)
        layout.addWidget(self.order)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems_list, 1)
        layout.addWidget(self.recent_check)
        layout.addWidget(self.charge_button, 0, Qt.AlignmentFlag.AlignRight)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.stop_button)
        layout.addLayout(progress_row)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.results_table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    # --- the selected customers ------------------------------------------------------------

    def _selection_text(self) -> str:
        names = [c.name or c.customer_uid for c in self.customers[:5]]
        more = len(self.customers) - len(names)
        listed = ", ".join(names) + (f" … (+{more})" if more else "")
        return (
            self.tr("%1 selected customers: %2")
            .replace("%1", str(len(self.customers)))
            .replace("%2", listed)
        )

    def check_selection(self) -> None:
        """The order typed for the selected customers, checked like a file's lines."""
        values = self.order.values()
        if self.running or not self.customers:
            return
        if values is None:
            self.order.focus_first_problem()
            return
        services = self._context.services
        uids = tuple(c.customer_uid for c in self.customers)
        self._reset_loaded()
        self._checked_values = values
        self.summary_label.setText(self.tr("Checking the order…"))
        self._context.runner.run(
            lambda _progress: _load_selection(services, uids, values),
            self._show_loaded,
            self._load_failed,
            key=OP_KEY,
        )

    def _order_changed(self) -> None:
        """What was checked is no longer what is typed: check again before charging."""
        if not self.running and self._loaded is not None:
            self._reset_loaded()
            self.summary_label.setText(self.tr("The order changed: check it again."))

    def _reset_loaded(self) -> None:
        """Nothing of an earlier file or run stays on screen under a new one."""
        self._loaded = None
        self.report = None
        self.charge_button.hide()
        self.problems_list.hide()
        self.recent_check.hide()
        self.results_table.hide()
        self.progress_bar.hide()
        self.counts_label.clear()
        self.export_button.setEnabled(False)

    def _who(self, customer_uid: str) -> str:
        """The customer's name as the directory knows it, else the billing key."""
        names = self._loaded.names if self._loaded is not None else {}
        return names.get(customer_uid, customer_uid)

    # --- the file ------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a batch file"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read and check `path` on the runner (nothing is written or sent)."""
        if self.running:
            return
        services = self._context.services
        self._reset_loaded()
        self.customers = ()
        self.order.hide()
        self.check_button.hide()
        self.source_label.setText(path.name)
        self.summary_label.setText(self.tr("Checking the file…"))

        def read(_: Progress) -> _Loaded:
            return _load(services, path)

        self._context.runner.run(read, self._show_loaded, self._load_failed, key=OP_KEY)

    def _show_loaded(self, loaded: _Loaded) -> None:
        grow_to_fit(self)
        if self.customers and self.order.values() != self._checked_values:
            # Typed over while it was being checked: what would be charged is not what is shown.
            self.summary_label.setText(self.tr("The order changed: check it again."))
            return
        from kcp_pos.services.batch_charge import LineStatus, count

        self._loaded = loaded
        rows = loaded.batch_file.rows
        if loaded.before is None:
            to_send = [row.amount for row in rows]
            self.summary_label.setText(
                self.tr("%1 saved cards to charge, %2 in total.")
                .replace("%1", str(len(rows)))
                .replace("%2", krw(sum(to_send), self._lang))
            )
            if loaded.charged_in_full is not None:
                self.summary_label.setText(
                    self.tr(
                        "These lines were charged in full on %1; nothing is charged now. "
                        "Charging them again makes a new batch: %2 cards, %3."
                    )
                    .replace("%1", minute_text(loaded.charged_in_full.created_at))
                    .replace("%2", str(len(rows)))
                    .replace("%3", krw(sum(to_send), self._lang))
                )
            self._show_recent(loaded.recent)
            unknown = 0
        else:
            counts = count(loaded.before)
            to_send = [r.line.amount for r in loaded.before if r.status is LineStatus.NOT_SENT]
            unknown = counts.unknown
            before = (
                self.tr(
                    "This order was charged to these customers before: %1 paid, %2 declined, "
                    "%3 unknown. The unknown ones are looked up (never charged again); %4 not "
                    "sent yet, %5."
                )
                if self.customers
                else self.tr(
                    "This file was charged before: %1 paid, %2 declined, %3 unknown. The unknown "
                    "ones are looked up (never charged again); %4 not sent yet, %5."
                )
            )
            self.summary_label.setText(
                before.replace("%1", str(counts.paid))
                .replace("%2", str(counts.declined))
                .replace("%3", str(counts.unknown))
                .replace("%4", str(len(to_send)))
                .replace("%5", krw(sum(to_send), self._lang))
            )
            self._show_results(loaded.before)
        if to_send or unknown:
            self.charge_button.setText(
                self.tr("Charge again as a new batch: %1 cards (%2)")
                .replace("%1", str(len(to_send)))
                .replace("%2", krw(sum(to_send), self._lang))
                if loaded.charged_in_full is not None
                else self.tr("Charge %1 cards (%2)")
                .replace("%1", str(len(to_send)))
                .replace("%2", krw(sum(to_send), self._lang))
                if to_send
                else self.tr("Look up the unknown ones")
            )
            self.charge_button.show()
            self.charge_button.setEnabled(not loaded.recent or self.recent_check.isChecked())
            self.charge_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_recent(self, recent: tuple[RecentCharge, ...]) -> None:
        """Lines whose customer was charged a few days ago: listed, and charged only when the
        clerk ticks that they mean it (an edited or re-sorted file would charge them twice)."""
        from kcp_pos.services.batch_charge import RECENT_WINDOW

        self.recent_check.setChecked(False)
        self.recent_check.setVisible(bool(recent))
        if not recent:
            return
        self.recent_check.setText(
            self.tr("Charge these %1 customers again anyway").replace("%1", str(len(recent)))
        )
        self.problems_list.clear()
        self.problems_list.addItem(
            self.tr("Charged in the last %1 days:").replace("%1", str(RECENT_WINDOW.days))
        )
        for charge in recent[:MAX_PROBLEMS_SHOWN]:
            earlier = charge.earlier
            self.problems_list.addItem(
                self.tr("Line %1: %2, %3 on %4")
                .replace("%1", str(charge.line))
                .replace("%2", self._who(charge.customer_uid))
                .replace("%3", krw(earlier.amount, self._lang))
                .replace("%4", minute_text(earlier.at))
            )
        self.problems_list.show()

    def _load_failed(self, error: Exception) -> None:
        grow_to_fit(self)
        from kcp_pos.services.batch_file import BatchFileRefused

        if isinstance(error, BatchFileRefused):
            self.summary_label.setText(
                self.tr("Nothing was charged. Correct the file and import it again:")
            )
            self.problems_list.clear()
            shown = error.problems[:MAX_PROBLEMS_SHOWN]
            self.problems_list.addItems([self._problem_text(p) for p in shown])
            if len(error.problems) > len(shown):
                self.problems_list.addItem(
                    self.tr("… and %1 more.").replace("%1", str(len(error.problems) - len(shown)))
                )
            self.problems_list.show()
        else:
            self.summary_label.setText(
                self.tr("The file could not be read (%1).").replace("%1", type(error).__name__)
            )

    def _problem_text(self, problem: FileProblem) -> str:
        what = translated(problem.text)
        if not problem.line:
            return what
        where = self.tr("Line %1").replace("%1", str(problem.line))
        if problem.column:
            where = f"{where}, {problem.column}"
        return f"{where}: {what}"

    # --- running -------------------------------------------------------------------------

    def start(self) -> None:
        """Ask once more (No is the default), then fix the batch's ids and charge on the
        runner."""
        loaded = self._loaded
        if loaded is None or self.running or not self.charge_button.isEnabled():
            return
        text = self.tr("Charge now: %1?").replace("%1", self.charge_button.text())
        if self._context.training:
            text += "\n" + self.tr("Training mode: no real money moves.")
        question = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Batch charge"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        question.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirmation = question
        question.finished.connect(lambda result: self._answered(question, result))
        question.open()

    def _answered(self, question: QMessageBox, result: int) -> None:
        self.confirmation = None
        question.deleteLater()
        if result == QMessageBox.StandardButton.Yes.value:
            self._charge()

    def _charge(self) -> None:
        loaded = self._loaded
        if loaded is None or self.running:
            return
        from kcp_pos.services.batch_charge import RUN_BATCH
        from kcp_pos.ui.widgets.manager_approval import approval_if_needed

        go, approval = approval_if_needed(
            self._context, action=RUN_BATCH, action_text=self.tr("A batch charge"), parent=self
        )
        if not go:
            self.summary_label.setText(self.tr("Not charged: a batch charge needs a manager."))
            return
        services, operator = self._context.services, self._context.operator
        watch = self._latest
        new_batch = loaded.charged_in_full is not None
        allow_recent = bool(loaded.recent) and self.recent_check.isChecked()
        concurrency = self._concurrency

        def charge(progress: Progress) -> BatchReport:
            from kcp_pos.services.batch_charge import DEFAULT_CONCURRENCY, plan_batch, run_batch

            plan = plan_batch(
                services,
                loaded.batch_file,
                operator=operator,
                approval=approval,
                new_batch=new_batch,
                allow_recent=allow_recent,
            )
            return run_batch(
                services,
                plan.batch,
                operator=operator,
                approval=approval,
                progress=progress,
                concurrency=concurrency or DEFAULT_CONCURRENCY,
                watch=watch,
            )

        self.running = True
        self._lock_sources(True)
        self.charge_button.hide()
        self.close_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.stop_button.setEnabled(True)
        self.stop_button.show()
        self.counts_label.setText(self.tr("Starting…"))
        self._handle = self._context.runner.run(
            charge, self._finished, self._failed, key=OP_KEY, on_progress=self._progressed
        )

    def _recent_toggled(self, checked: bool) -> None:
        recent = self._loaded.recent if self._loaded is not None else ()
        self.charge_button.setEnabled(checked or not recent)

    def _lock_sources(self, locked: bool) -> None:
        """While charges run, neither another file nor another order can be taken."""
        self.choose_button.setEnabled(not locked)
        self.check_button.setEnabled(not locked)
        self.order.set_read_only(locked)

    def stop(self) -> None:
        if self._handle is None or not self.running:
            return
        self._handle.cancel()
        self.stop_button.setEnabled(False)
        self.counts_label.setText(
            self.tr("Stopping: no new charges; the ones already sent are finishing.")
        )

    def _progressed(self, update: ProgressUpdate) -> None:
        counts = self._latest.counts
        if update.fraction is not None:
            self.progress_bar.setValue(round(update.fraction * PROGRESS_STEPS))
        if counts is not None and self.stop_button.isEnabled():
            self.counts_label.setText(self._counts_text(counts))

    def _counts_text(self, counts: BatchCounts) -> str:
        text = (
            self.tr("%1 of %2: %3 paid, %4 declined, %5 unknown")
            .replace("%1", str(counts.done))
            .replace("%2", str(counts.total))
            .replace("%3", str(counts.paid))
            .replace("%4", str(counts.declined))
            .replace("%5", str(counts.unknown))
        )
        if counts.seconds_left is not None and counts.not_sent:
            left = max(1, round(counts.seconds_left))
            text += " · " + self.tr("about %1 s left").replace("%1", str(left))
        return text

    def _finished(self, report: BatchReport) -> None:
        self.running = False
        self.report = report
        self._handle = None
        self.stop_button.hide()
        self.close_button.setEnabled(True)
        self._lock_sources(False)
        self.export_button.setEnabled(True)
        self.progress_bar.setValue(round(report.counts.fraction * PROGRESS_STEPS))
        counts = report.counts
        text = self._counts_text(counts)
        if counts.unknown:
            text += "\n" + self.tr(
                "The answer of %1 charge(s) was lost. They are looked up again when this file "
                "is imported again (or at the next start); never charge them by hand."
            ).replace("%1", str(counts.unknown))
        if counts.not_sent:
            text += "\n" + self.tr(
                "Stopped: %1 not sent. Import the same file again to continue."
            ).replace("%1", str(counts.not_sent))
        self.counts_label.setText(text)
        self._show_results(report.results)
        self.run_ended.emit()

    def _failed(self, error: Exception) -> None:
        self.running = False
        self.run_ended.emit()
        self._handle = None
        self.stop_button.hide()
        self.close_button.setEnabled(True)
        self._lock_sources(False)
        from kcp_pos.services.batch_charge import AlreadyCharged, RecentlyCharged

        if isinstance(error, AlreadyCharged | RecentlyCharged):  # planned elsewhere meanwhile
            self.counts_label.setText(
                self.tr(
                    "Nothing was charged: these customers were charged meanwhile. Import the "
                    "file again to see by whom."
                )
            )
            return
        self.counts_label.setText(
            self.tr(
                "The batch stopped (%1). Import the same file again: what was sent is looked "
                "up, the rest is charged."
            ).replace("%1", type(error).__name__)
        )

    # --- results -------------------------------------------------------------------------

    def _status_text(self, status: LineStatus) -> str:
        from kcp_pos.services.batch_charge import LineStatus

        return {
            LineStatus.PAID: self.tr("Paid"),
            LineStatus.DECLINED: self.tr("Declined"),
            LineStatus.UNKNOWN: self.tr("Unknown: being checked"),
            LineStatus.NOT_SENT: self.tr("Not sent"),
        }[status]

    def _show_results(self, results: tuple[LineResult, ...]) -> None:
        self.results_model.set_results(results)
        self.results_table.resizeColumnsToContents()
        self.results_table.show()

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the results"), "batch-results.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the results (as they stand now, from the journal) to `path` on the runner."""
        report = self.report
        if report is None:
            return
        services, batch = self._context.services, report.batch

        def export(_: Progress) -> Path:
            from kcp_pos.services.batch_charge import batch_results
            from kcp_pos.services.batch_results import write_results

            write_results(path, batch_results(services, batch))
            return path

        self._context.runner.run(
            export,
            lambda written: self.counts_label.setText(
                self.tr("Results saved to %1.").replace("%1", str(written))
            ),
            lambda error: self.counts_label.setText(
                self.tr("The results were not saved (%1).").replace("%1", type(error).__name__)
            ),
            key=OP_KEY,
        )

    # --- closing -------------------------------------------------------------------------

    @property
    def may_close(self) -> bool:
        return not self.running

    def reject(self) -> None:
        if self.may_close:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close:
            super().closeEvent(event)
        else:
            event.ignore()
