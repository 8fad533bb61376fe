"""The reports dialog: a day, week or month of the ledger (totals, tables per issuer, pay
method, operator and hour, bar charts), its export to CSV or XLSX, and the day-end close (마감)
with its printable slip and the adjustments of a closed day.

QtCharts is imported here only, and this module only when the dialog first opens, so the
charts never slow the start (tests/test_app.py). Every read, export and close runs on the
runner; an answer for a period no longer asked for is dropped. The report is read again when
the ledger changes (the store's change notices), so a closed day's adjustments appear at once.

Exporting and closing need a manager. The services refuse a clerk; the dialog asks a manager
to approve in place (`_acting_manager`), for the exports once while it stays open for the same
operator (the exports after that act as that manager; closed, or after a lock and a sign-in,
it forgets the approval); the close, which cannot be undone, is approved on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
)
from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import kst_today, minute_text
from kcp_pos.domain.language import Lang
from kcp_pos.services.operator import Operator, Role
from kcp_pos.ui.backoffice.chart_scale import (
    HOURS,
    amount_label,
    amount_ticks,
    hour_label,
    labelled_hours,
)
from kcp_pos.ui.backoffice.close_slip import close_slip_html, figure_rows, print_close_slip
from kcp_pos.ui.shell.change_notices import ChangeNotices
from kcp_pos.ui.shell.screen_page import PageContext
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.questions import ask_yes_no

if TYPE_CHECKING:
    from kcp_pos.services.day_close import DayCloseState
    from kcp_pos.services.report_export import ExportFormat
    from kcp_pos.services.reports import Line, PeriodKind, Summary
    from kcp_pos.store.topics import StoreTopic

KIND_VALUES = ("day", "week", "month")


@dataclass(frozen=True)
class ReportView:
    """What the dialog shows: the period's summary and, for a day, its close."""

    summary: Summary
    close: DayCloseState | None


def _load(context: PageContext, kind: str, day: date) -> ReportView:
    from kcp_pos.services.day_close import day_close_state
    from kcp_pos.services.reports import Period, PeriodKind, summarize

    period_kind = PeriodKind(kind)
    if period_kind is PeriodKind.DAY:
        state = day_close_state(context.services, day)
        return ReportView(state.current, state)
    return ReportView(summarize(context.services, Period.containing(period_kind, day)), None)


def _translate(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


class ReportsDialog(QDialog):
    loaded = Signal()
    """A period's report is on screen."""
    exported = Signal(str)
    """A report was written to this path."""
    day_closed = Signal()
    problem = Signal(str)
    """Something failed or was refused; the text shown (also in `message_label`)."""

    def __init__(self, context: PageContext, parent: QWidget | None, *, lang: Lang = "ko") -> None:
        super().__init__(parent)
        self.setObjectName("reportsDialog")
        self.setWindowTitle(self.tr("Reports"))
        self.resize(1000, 720)
        self._context = context
        self._lang: Lang = lang
        self._asked = 0
        self._approved: tuple[int, Operator, Operator] | None = None
        """(the seat's sitting, for whom, by which manager): the approval in place of this
        visit; a lock and a sign-in, or the dialog closed, end it."""
        self.finished.connect(self._forget_approval)
        self.view: ReportView | None = None
        self.kind = QComboBox(self)
        for value, label in zip(
            KIND_VALUES, (self.tr("Day"), self.tr("Week"), self.tr("Month")), strict=True
        ):
            self.kind.addItem(label, value)
        self.kind.setAccessibleName(self.tr("Period"))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = kst_today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setAccessibleName(self.tr("Date"))
        self.show_button = QPushButton(self.tr("&Show"), self)
        self.show_button.setDefault(True)  # Enter in the date shows the period
        self.show_button.clicked.connect(self.reload)
        self.kind.currentIndexChanged.connect(self.reload)
        self.period_label = QLabel(self)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("reportTotals")
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_label = QLabel(self)
        self.close_label.setObjectName("closeState")
        self.close_label.setWordWrap(True)
        self.close_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("reportMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tables = {
            "issuer": self._table(self.tr("Card issuer")),
            "method": self._table(self.tr("Pay method")),
            "operator": self._table(self.tr("Operator")),
            "hour": self._table(self.tr("Hour")),
        }
        self._charts: list[QChart] = []
        self.hour_chart = self._chart_view()
        self.issuer_chart = self._chart_view()
        charts = QWidget(self)
        chart_layout = QHBoxLayout(charts)
        chart_layout.addWidget(self.hour_chart)
        chart_layout.addWidget(self.issuer_chart)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.tables["issuer"], self.tr("By issuer"))
        self.tabs.addTab(self.tables["method"], self.tr("By pay method"))
        self.tabs.addTab(self.tables["operator"], self.tr("By operator"))
        self.tabs.addTab(self.tables["hour"], self.tr("By hour"))
        self.tabs.addTab(charts, self.tr("Charts"))
        self.csv_button = self._button(self.tr("Export &CSV…"), "Ctrl+E", self.ask_export_csv)
        self.xlsx_button = self._button(
            self.tr("Export &XLSX…"), "Ctrl+Shift+E", self.ask_export_xlsx
        )
        self.close_day_button = self._button(
            self.tr("Close &day (마감)…"), "Ctrl+Shift+M", self.ask_close_day
        )
        self.print_button = self._button(
            self.tr("&Print close slip…"), "Ctrl+P", self.ask_print_slip
        )
        self.done_button = self._button(self.tr("Close"), None, self.reject)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.reload)
        self._notices = ChangeNotices(context.services.database.changes, self)
        self._notices.changed.connect(self._store_changed)
        self.finished.connect(self._notices.close)
        self.destroyed.connect(self._notices.close)  # deleted without being closed first
        self._lay_out()
        self.reload()

    # ------------------------------------------------------------------ layout

    def _table(self, key_header: str) -> QTableWidget:
        table = QTableWidget(0, 5, self)
        table.setHorizontalHeaderLabels(
            [key_header, self.tr("Count"), self.tr("Gross"), self.tr("Refunds"), self.tr("Net")]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)  # Tab leaves the table
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _chart_view(self) -> QChartView:
        chart = QChart()
        chart.legend().setVisible(False)
        self._charts.append(chart)  # one chart per view for the dialog's life, redrawn in place
        view = QChartView(chart, self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(260)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return view

    def _button(self, text: str, keys: str | None, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        if keys is not None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
            button.setToolTip(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
        return button

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period:"), self))
        top.addWidget(self.kind)
        top.addWidget(self.day)
        top.addWidget(self.show_button)
        top.addWidget(self.period_label, 1)
        actions = QGridLayout()
        for column, button in enumerate(
            (
                self.csv_button,
                self.xlsx_button,
                self.close_day_button,
                self.print_button,
                self.done_button,
            )
        ):
            actions.addWidget(button, 0, column)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.close_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(actions)

    # ------------------------------------------------------------------ loading

    def _store_changed(self, topics: frozenset[StoreTopic]) -> None:
        """A payment recorded or refunded meanwhile (here or by another screen): read again,
        so a closed day's adjustments show as they happen."""
        from kcp_pos.store.topics import StoreTopic

        if StoreTopic.LEDGER in topics:
            self.reload()

    def chosen_day(self) -> date:
        picked = self.day.date()
        return date(picked.year(), picked.month(), picked.day())

    def set_period(self, kind: PeriodKind | str, day: date) -> None:
        """Show `kind` (day, week, month) holding `day`."""
        self.day.setDate(QDate(day.year, day.month, day.day))
        index = self.kind.findData(str(kind))
        if index == self.kind.currentIndex():
            self.reload()
        else:
            self.kind.setCurrentIndex(index)  # reloads

    def reload(self) -> None:
        self._asked += 1
        asked = self._asked
        kind, day = str(self.kind.currentData()), self.chosen_day()
        self.message_label.setText(self.tr("Reading the ledger…"))
        self._context.runner.run(
            lambda _progress: _load(self._context, kind, day),
            lambda view: self._show(asked, view),
            lambda error: self._failed(asked, error),
        )

    def _show(self, asked: int, view: ReportView) -> None:
        if asked != self._asked:
            return  # an answer for a period no longer asked for
        self.view = view
        summary = view.summary
        self.period_label.setText(summary.period.label)
        self.totals_label.setText(
            "   ".join(
                f"{label} {value}" for label, value in figure_rows(summary.totals, self._lang)
            )
        )
        self._fill(self.tables["issuer"], summary.by_issuer, self._issuer)
        self._fill(self.tables["method"], summary.by_pay_method, self._method)
        self._fill(self.tables["operator"], summary.by_operator, self._operator)
        self._fill(self.tables["hour"], summary.by_hour, lambda key: f"{key}:00")
        self._draw_charts(summary)
        self._show_close(view.close)
        self.message_label.setText("")
        self.loaded.emit()

    def _failed(self, asked: int, error: Exception) -> None:
        if asked == self._asked:
            self._say(self.tr("The report could not be read: %1").replace("%1", str(error)))

    def _issuer(self, key: str) -> str:
        from kcp_pos.services.report_export import issuer_name

        return issuer_name(key, _translate)

    def _method(self, key: str) -> str:
        from kcp_pos.services.report_export import pay_method_name

        return pay_method_name(key, _translate)

    def _operator(self, key: str) -> str:
        from kcp_pos.services.report_export import operator_name

        return operator_name(key, _translate)

    def _fill(self, table: QTableWidget, lines: Sequence[Line], name: Callable[[str], str]) -> None:
        table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            values = [str(line.count)] + [
                krw(amount, self._lang) for amount in (line.gross, line.refunds, line.net)
            ]
            table.setItem(row, 0, QTableWidgetItem(str(name(line.key))))
            for column, text in enumerate(values, start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()

    def _draw_charts(self, summary: Summary) -> None:
        gross_by_hour = {line.key: line.gross for line in summary.by_hour}
        hour_values = [gross_by_hour.get(hour_label(hour), 0) for hour in range(HOURS)]
        _draw_bars(self.hour_chart.chart(), self.tr("Gross by hour"), hour_values, _hour_axis())
        self.hour_chart.chart().axes(Qt.Orientation.Horizontal)[0].setTitleText(
            self.tr("Hour (Korea time)")
        )
        _draw_bars(
            self.issuer_chart.chart(),
            self.tr("Gross by issuer"),
            [line.gross for line in summary.by_issuer],
            _category_axis([self._issuer(line.key) for line in summary.by_issuer]),
        )
        for chart in self._charts:
            chart.axes(Qt.Orientation.Vertical)[0].setTitleText(self.tr("Amount (₩)"))

    def _show_close(self, state: DayCloseState | None) -> None:
        closed = state is not None and state.closed is not None
        self.print_button.setEnabled(closed)
        self.close_day_button.setEnabled(state is not None and not closed)
        if state is None:
            self.close_label.setText(self.tr("A day can be closed from its own report."))
            self.close_label.setStyleSheet("")
            return
        if state.closed is None:
            self.close_label.setText(self.tr("This day is not closed."))
            self.close_label.setStyleSheet("")
            return
        text = (
            self.tr("Closed by %1 at %2.")
            .replace("%1", state.closed.operator)
            .replace("%2", minute_text(state.closed.closed_at))
        )
        changes = state.adjustments
        if changes is not None and not changes.is_zero:
            moved = ", ".join(
                f"{label} {value}"
                for label, value in figure_rows(changes, self._lang, signed=True)
                if value not in ("0", krw(0, self._lang))
            )
            text += " " + self.tr("Changed since the close (adjustments): %1").replace("%1", moved)
            self.close_label.setStyleSheet("color: #b35c00; font-weight: bold")
        else:
            text += " " + self.tr("No change since the close.")
            self.close_label.setStyleSheet("")
        self.close_label.setText(text)

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.problem.emit(text)

    # ------------------------------------------------------------------ manager actions

    def _acting_manager(self, action: str, *, again: bool = False) -> Operator | None:
        """Who does `action` (a manager's): the operator if a manager, else the manager who
        approves it in place with their PIN (the approval is audited for the clerk, and kept
        for the exports while the dialog stays open for them; `again`: asked afresh, as the
        close is); None after saying why not."""
        from kcp_pos.ui.widgets.manager_approval import request_approval

        operator = self._context.operator
        if operator.role in (Role.MANAGER, Role.ADMIN):
            return operator
        seat = self._context.seat
        if not again and self._approved is not None:
            sitting, for_whom, manager = self._approved
            if (sitting, for_whom) == (seat.sittings, operator):
                return manager
        action_text = self.tr("%1 (and the other exports while Reports is open)")
        approval = request_approval(
            self._context,
            action=action,
            action_text=action_text.replace("%1", action),
            needed=Role.MANAGER,
            parent=self,
        )
        if approval is None:
            self._say(
                self.tr("%1 needs a manager. Ask a manager to sign in.").replace("%1", action)
            )
            return None
        self._approved = (seat.sittings, operator, approval.approver)
        return approval.approver

    def _forget_approval(self) -> None:
        self._approved = None

    # ------------------------------------------------------------------ export

    def _default_name(self, suffix: str) -> str:
        label = self.view.summary.period.file_stem if self.view is not None else "report"
        return f"{self.tr('report')}-{label}.{suffix}"

    def ask_export_csv(self) -> None:
        self._ask_export("csv", self.tr("CSV files (*.csv)"))

    def ask_export_xlsx(self) -> None:
        self._ask_export("xlsx", self.tr("Excel workbooks (*.xlsx)"))

    def _ask_export(self, suffix: str, file_filter: str) -> None:
        if self.view is None:
            return
        operator = self._acting_manager(self.tr("Exporting a report"))
        if operator is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the report"), self._default_name(suffix), file_filter
        )
        if chosen:
            path = Path(chosen)
            self.export_to(path if path.suffix else path.with_suffix(f".{suffix}"), operator)

    def export_to(self, path: Path, operator: Operator | None = None) -> None:
        """Write the report on screen to `path` (CSV or XLSX by its suffix), on the runner, as
        `operator` (the manager who may; asked for when not given)."""
        from kcp_pos.services.report_export import ExportFormat, export_report

        if self.view is None:
            return
        operator = operator or self._acting_manager(self.tr("Exporting a report"))
        if operator is None:
            return
        acting = operator
        summary = self.view.summary
        file_format: ExportFormat = (
            ExportFormat.XLSX if path.suffix.lower() == ".xlsx" else ExportFormat.CSV
        )
        services = self._context.services
        self._context.runner.run(
            lambda _progress: export_report(
                services, summary, path, file_format, operator=acting, translate=_translate
            ),
            self._exported,
            lambda error: self._say(
                self.tr("The report could not be written: %1").replace("%1", str(error))
            ),
        )

    def _exported(self, path: Path) -> None:
        self.message_label.setText(self.tr("Report written to %1").replace("%1", str(path)))
        self.exported.emit(str(path))

    # ------------------------------------------------------------------ close

    def ask_close_day(self) -> None:
        if self.view is None or self.view.close is None:
            return
        if self.view.close.closed is not None:
            by = self.view.close.closed.operator
            self._say(self.tr("This day was already closed by %1.").replace("%1", by))
            return
        day = self.view.summary.period.first.isoformat()
        question = self.tr(
            "Close %1? Its totals are frozen now; later changes show as adjustments."
        ).replace("%1", day)
        if not ask_yes_no(self, self.tr("Close the day"), question, default_yes=False):
            return
        operator = self._acting_manager(self.tr("Closing the day"), again=True)
        if operator is not None:
            self.close_the_day(operator)

    def close_the_day(self, operator: Operator | None = None) -> None:
        """Close the day on screen (asked first by `ask_close_day`), on the runner, as
        `operator` (the manager who may; asked for when not given)."""
        from kcp_pos.services.day_close import close_day

        if self.view is None or self.view.close is None:
            return
        operator = operator or self._acting_manager(self.tr("Closing the day"), again=True)
        if operator is None:
            return
        acting = operator
        day = self.view.summary.period.first
        services = self._context.services
        self._context.runner.run(
            lambda _progress: close_day(services, day, operator=acting),
            self._closed,
            self._close_refused,
        )

    def _closed(self, state: DayCloseState) -> None:
        self.day_closed.emit()
        self.reload()

    def _close_refused(self, error: Exception) -> None:
        from kcp_pos.services.day_close import DayNotBegun
        from kcp_pos.store import DayAlreadyClosed

        if isinstance(error, DayAlreadyClosed):
            self._say(
                self.tr("This day was already closed by %1.").replace("%1", error.closed_by or "")
            )
            self.reload()
        elif isinstance(error, DayNotBegun):
            self._say(self.tr("A day that has not begun cannot be closed."))
        else:
            self._say(self.tr("The day could not be closed: %1").replace("%1", str(error)))

    # ------------------------------------------------------------------ close slip

    def close_slip(self) -> str | None:
        """The slip of the day on screen, if it is closed."""
        if self.view is None or self.view.close is None or self.view.close.closed is None:
            return None
        return close_slip_html(self.view.close, lang=self._lang, training=self._context.training)

    def print_slip_to(self, printer: QPrinter) -> bool:
        slip = self.close_slip()
        if slip is None:
            return False
        print_close_slip(slip, printer)
        return True

    def ask_print_slip(self) -> None:
        if self.close_slip() is None:
            QMessageBox.information(self, self.tr("Close slip"), self.tr("This day is not closed."))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        preview = QPrintPreviewDialog(printer, self)
        preview.paintRequested.connect(self.print_slip_to)
        preview.resize(900, 1000)
        shown = preview.findChild(QPrintPreviewWidget)
        if shown is not None:
            shown.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)  # readable, not 39 %
        preview.exec()


def _draw_bars(chart: QChart, title: str, values: list[int], axis_x: QAbstractAxis) -> None:
    """Redraw `chart` as one series of bars over `axis_x`, amounts up the side (the chart stays
    its view's; its old series and axes are deleted by the chart)."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
        axis.deleteLater()
    chart.setTitle(title)
    bars = QBarSet(title)
    bars.append([float(value) for value in values])
    series = QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = _amount_axis(max(values, default=0))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)


def _category_axis(categories: list[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(categories)
    return axis


def _labels_on_values(axis: QCategoryAxis, labels: Sequence[tuple[str, int]]) -> QCategoryAxis:
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    for label, value in labels:
        axis.append(label, value)
    return axis


def _hour_axis() -> QCategoryAxis:
    """The day's hours, bar `h` centred on `h`, labelled every few hours (`00`, `03` …)."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, HOURS - 0.5)
    axis.setStartValue(-0.5)
    axis.setGridLineVisible(False)
    return _labels_on_values(axis, [(hour_label(hour), hour) for hour in labelled_hours()])


def _amount_axis(largest: int) -> QCategoryAxis:
    """0 to a round top, each step written with thousands separators."""
    ticks = amount_ticks(largest)
    axis = QCategoryAxis()
    axis.setRange(0, ticks[-1])
    axis.setStartValue(0)
    return _labels_on_values(axis, [(amount_label(tick), tick) for tick in ticks])
