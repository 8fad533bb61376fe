"""The reports dialog against the sandbox and a real store: the day's tables and charts, exports
written through the path-taking method its buttons call, a clerk told a manager is needed, the
close, its slip printed to PDF, and a refund after the close shown as an adjustment."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCharts import QCategoryAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from kcp_pos.domain.korea_time import korea_time
from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.ui.backoffice.reports_dialog import ReportsDialog
from kcp_pos.ui.shell.screen_page import ScreenPage
from tests.services.conftest import APPROVED_CARD
from tests.services.report_day import CLERK, MANAGER, SHINHAN_CARD, charge, refund
from tests.ui.approval_support import answer_approval, answer_question
from tests.ui.conftest import AttachPage

TIMEOUT = 15_000


def _today_payments(services: AppServices) -> tuple[date, list[str]]:
    made = [
        charge(services, APPROVED_CARD, 55_000, MANAGER, tax_free=5_000),
        charge(services, SHINHAN_CARD, 22_000, CLERK),
    ]
    started = korea_time(services.client.get_payment(made[0]).started_at)
    assert started is not None
    return started.date(), made


def _dialog(qtbot: QtBot, attach_page: AttachPage, operator: Operator, day: date) -> ReportsDialog:
    context = attach_page(ScreenPage(), operator)
    dialog = ReportsDialog(context, None, lang="ko")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.set_period("day", day)
    return dialog


def test_the_days_tables_and_charts(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    day, _ = _today_payments(services)
    dialog = _dialog(qtbot, attach_page, MANAGER, day)

    issuers = dialog.tables["issuer"]
    assert issuers.rowCount() == 2
    assert [issuers.item(row, 2).text() for row in range(2)] == ["55,000원", "22,000원"]
    operators = dialog.tables["operator"]
    assert {operators.item(row, 0).text() for row in range(2)} == {MANAGER.name, CLERK.name}
    hour_bars = dialog.hour_chart.chart().series()[0].barSets()[0]
    assert hour_bars.count() == 24
    assert sum(hour_bars.at(i) for i in range(24)) == 77_000
    issuer_series = dialog.issuer_chart.chart().series()[0]
    assert [issuer_series.barSets()[0].at(i) for i in range(2)] == [55_000, 22_000]
    assert "77,000원" in dialog.totals_label.text()
    assert dialog.close_day_button.isEnabled() and not dialog.print_button.isEnabled()

    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):  # the week holds the same payments
        dialog.kind.setCurrentIndex(dialog.kind.findData("week"))
    assert "77,000원" in dialog.totals_label.text()
    assert not dialog.close_day_button.isEnabled()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=TIMEOUT)
    dialog.day.setFocus()
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):  # F5 reads again
        qtbot.keyClick(dialog.day, Qt.Key.Key_F5)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):  # Enter in the date shows it
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)


def test_the_charts_axes_are_readable_at_the_dialogs_size(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    """Hours every third hour (each label with room to spare, not elided to "1…"), amounts in
    round steps with thousands separators, the units in the axis titles."""
    day, _ = _today_payments(services)
    context = attach_page(ScreenPage(), MANAGER)
    dialog = ReportsDialog(context, None, lang="en")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.set_period("day", day)
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # the charts
    dialog.show()
    qtbot.waitExposed(dialog)

    hours = dialog.hour_chart.chart()
    (hour_axis,) = hours.axes(Qt.Orientation.Horizontal)
    assert isinstance(hour_axis, QCategoryAxis)
    assert hour_axis.categoriesLabels() == ["00", "03", "06", "09", "12", "15", "18", "21"]
    assert hour_axis.titleText() == "Hour (Korea time)"
    room = hours.plotArea().width() / 24 * 3  # between two labelled hours
    widest = max(map(QFontMetrics(hour_axis.labelsFont()).horizontalAdvance, ["00", "21"]))
    assert room > 2 * widest
    for chart in (hours, dialog.issuer_chart.chart()):
        (amount_axis,) = chart.axes(Qt.Orientation.Vertical)
        assert isinstance(amount_axis, QCategoryAxis)
        assert amount_axis.titleText() == "Amount (₩)"
    (hour_amounts,) = hours.axes(Qt.Orientation.Vertical)
    assert isinstance(hour_amounts, QCategoryAxis)
    assert hour_amounts.categoriesLabels() == ["0", "20,000", "40,000", "60,000", "80,000"]
    assert hour_amounts.max() == 80_000  # the day's 77,000 fits under the top


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_writes_the_report_on_screen(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage, tmp_path: Path, suffix: str
) -> None:
    day, _ = _today_payments(services)
    dialog = _dialog(qtbot, attach_page, MANAGER, day)
    assert dialog._default_name(suffix).endswith(f"{day.isoformat()}.{suffix}")
    path = tmp_path / f"report.{suffix}"
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as written:
        dialog.export_to(path)
    assert written.args == [str(path)]
    if suffix == "csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        assert ["Gross", "77000"] in rows
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path).worksheets[0]
        assert ("Gross", 77_000) in [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_a_clerk_is_told_a_manager_is_needed(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage, tmp_path: Path
) -> None:
    day, _ = _today_payments(services)
    dialog = _dialog(qtbot, attach_page, CLERK, day)
    # The manager-approval prompt opens; cancelled, nothing is done.
    answer_approval(None)
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT) as refused:
        dialog.export_to(tmp_path / "report.csv")
    assert "manager" in refused.args[0]
    answer_approval(None)
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT):  # before any file dialog opens
        dialog.ask_export_xlsx()
    answer_question(True)  # the question first: a clerk need not fetch a manager to see it
    answer_approval(None)
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT):
        dialog.ask_close_day()
    answer_approval(None)
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT):
        dialog.close_the_day()
    assert "manager" in dialog.message_label.text()
    assert list(tmp_path.glob("*.csv")) == []
    assert services.day_closes.get(day.isoformat()) is None


def test_a_managers_pin_in_place_lets_a_clerk_export(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage, tmp_path: Path
) -> None:
    admin = operators.create_first_admin(services, "김사장", "482913")
    operators.add_operator(services, "박매니저", Role.MANAGER, "246810", by=admin)
    day, _ = _today_payments(services)
    dialog = _dialog(qtbot, attach_page, CLERK, day)
    answer_approval("박매니저", "246810")
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        dialog.export_to(tmp_path / "report.csv")
    (exported,) = [e for e in services.audit.entries() if e.action == "report.exported"]
    assert exported.actor == "박매니저"
    approved = [e for e in services.audit.entries() if e.action == operators.APPROVED]
    assert approved[-1].subject == CLERK.name

    # The same visit: the next export acts as that manager without asking again.
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        dialog.export_to(tmp_path / "report.xlsx")
    assert len([e for e in services.audit.entries() if e.action == operators.APPROVED]) == 1
    # Another operator at the same dialog (no lock between): not theirs.
    seat = dialog._context.seat
    seat.sit(Operator("최점원", Role.CLERK))
    answer_approval(None)
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT):
        dialog.export_to(tmp_path / "theirs.csv")
    seat.sit(CLERK)
    # The close, which cannot be undone, is approved on its own.
    answer_question(True)
    answer_approval("박매니저", "246810")
    with qtbot.waitSignal(dialog.day_closed, timeout=TIMEOUT):
        dialog.ask_close_day()
    closed = services.day_closes.get(day.isoformat())
    assert closed is not None and closed.operator == "박매니저"
    assert len([e for e in services.audit.entries() if e.action == operators.APPROVED]) == 2

    seat.sit(CLERK)  # the same clerk again after a lock: the approval is forgotten
    answer_approval(None)
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT):
        dialog.export_to(tmp_path / "again.csv")
    assert not (tmp_path / "again.csv").exists()


def test_close_slip_and_a_refund_after_the_close_as_an_adjustment(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage, tmp_path: Path
) -> None:
    day, made = _today_payments(services)
    dialog = _dialog(qtbot, attach_page, MANAGER, day)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.close_the_day()
    assert services.day_closes.get(day.isoformat()) is not None
    assert dialog.print_button.isEnabled() and not dialog.close_day_button.isEnabled()
    assert MANAGER.name in dialog.close_label.text()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "slip.pdf"))
    assert dialog.print_slip_to(printer)
    assert (tmp_path / "slip.pdf").read_bytes().startswith(b"%PDF")

    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):  # the ledger's change notice
        refund(services, made[1], 7_000)
    assert "+7,000원" in dialog.close_label.text()
    slip = dialog.close_slip()
    assert slip is not None and "Adjustments since the close" in slip and "-7,000원" in slip
    (sealed,) = services.audit.entries(action="day.closed")
    assert sealed.entry_hash is not None
    assert f"Audit trail entry #{sealed.id}, hash {sealed.entry_hash[:12]}" in slip

    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT) as refused:  # before any confirm
        dialog.ask_close_day()
    assert MANAGER.name in refused.args[0]
    with qtbot.waitSignal(dialog.problem, timeout=TIMEOUT) as refused:  # the store refuses too
        dialog.close_the_day()
    assert MANAGER.name in refused.args[0]
