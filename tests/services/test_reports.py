"""Reports against the sandbox: a day's totals and breakdowns equal what the sandbox reports,
exports read back (CSV with its BOM, XLSX with openpyxl), a clerk refused, and the day-end
close frozen once with later changes shown as adjustments."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from kcp_pos.domain.korea_time import KST, korea_time
from kcp_pos.domain.money import split_vat
from kcp_pos.domain.spreadsheet_text import spreadsheet_text
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.day_close import CLOSED, DayNotBegun, close_day, day_close_state
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import NotPermitted
from kcp_pos.services.refunds import RefundOrder, refund_payment
from kcp_pos.services.report_export import (
    EXPORTED,
    ExportFormat,
    export_report,
    report_tables,
)
from kcp_pos.services.reports import Figures, Period, PeriodKind, Summary, summarize
from kcp_pos.store import DayAlreadyClosed
from tests.services.conftest import APPROVED_CARD
from tests.services.report_day import (
    BC_CARD,
    CLERK,
    MANAGER,
    SHINHAN_CARD,
    charge,
    korean,
    make_report_day,
    refund,
    sandbox_payments,
)


@pytest.fixture
def day_summary(services: AppServices, sandbox: SandboxServer) -> Summary:
    made = make_report_day(services, sandbox)
    return summarize(services, Period.containing(PeriodKind.DAY, made.day))


def test_a_days_totals_and_breakdowns_equal_the_sandboxs_payments(
    services: AppServices, day_summary: Summary
) -> None:
    remote = sandbox_payments(services, day_summary.period.first)
    totals = day_summary.totals

    assert totals.count == len(remote) == 4
    assert totals.gross == sum(p.amount for p in remote) == 118_000
    assert totals.refunds == sum(p.cancel_amount for p in remote) == 32_000
    assert totals.net == 86_000
    assert totals.tax_free == 5_000
    assert totals.vat == split_vat(86_000, 5_000).vat == 7_364

    by_issuer: defaultdict[str, int] = defaultdict(int)
    by_hour: defaultdict[str, int] = defaultdict(int)
    for payment in remote:
        by_issuer[payment.card_name or ""] += payment.amount
        started = korea_time(payment.started_at)
        assert started is not None
        by_hour[f"{started.hour:02d}"] += payment.amount
    assert {line.key: line.gross for line in day_summary.by_issuer} == dict(by_issuer)
    assert {line.key: line.gross for line in day_summary.by_hour} == dict(by_hour)
    assert [line.key for line in day_summary.by_hour] == ["10", "13", "15"]
    operators = {
        line.key: (line.count, line.gross, line.refunds) for line in day_summary.by_operator
    }
    assert operators == {MANAGER.name: (2, 85_000, 10_000), CLERK.name: (2, 33_000, 22_000)}
    assert Counter(line.key for line in day_summary.by_pay_method) == Counter({"card": 1})


def test_week_and_month_hold_the_day(services: AppServices, day_summary: Summary) -> None:
    day = day_summary.period.first
    for kind in (PeriodKind.WEEK, PeriodKind.MONTH):
        period = Period.containing(kind, day)
        assert period.first <= day < period.end
        assert summarize(services, period).totals == day_summary.totals
    week = Period.containing(PeriodKind.WEEK, date(2026, 12, 3))
    assert (week.first, week.last) == (date(2026, 11, 30), date(2026, 12, 6))
    month = Period.containing(PeriodKind.MONTH, date(2026, 12, 31))
    assert (month.first, month.end, month.label) == (date(2026, 12, 1), date(2027, 1, 1), "2026-12")
    assert Summary.from_json(day_summary.to_json()) == day_summary


def _audited(services: AppServices, action: str) -> list[dict[str, object]]:
    return [dict(entry.details) for entry in services.audit.entries(action=action)]


def _no_card_numbers(path: Path) -> None:
    """A report holds sums only: no card number, whole or masked, nor its last four."""
    import zipfile

    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            text = b"".join(book.read(name) for name in book.namelist())
    else:
        text = path.read_bytes()
    for card in (APPROVED_CARD, SHINHAN_CARD, BC_CARD):
        digits = card.replace("-", "")
        for form in (digits, card, digits[-4:], digits[:6]):
            assert form.encode() not in text


def test_csv_export_has_a_bom_and_reads_back_equal(
    services: AppServices, day_summary: Summary, tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    export_report(services, day_summary, path, ExportFormat.CSV, operator=MANAGER)

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    expected: list[list[str]] = []
    for table in report_tables(day_summary):
        expected += [[table.title], list(table.headers)]
        expected += [[str(cell) for cell in row] for row in table.rows]
        expected.append([])
    assert rows == expected
    assert ["Gross", "118000"] in rows and ["Net", "86000"] in rows
    assert ["15:00", "1", "30000", "10000", "20000"] in rows
    assert _audited(services, EXPORTED)[-1]["format"] == "csv"
    _no_card_numbers(path)


def test_xlsx_export_reads_back_as_numbers_with_korean_headers(
    services: AppServices, day_summary: Summary, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "report.xlsx"
    export_report(
        services, day_summary, path, ExportFormat.XLSX, operator=MANAGER, translate=korean
    )

    book = load_workbook(path)
    tables = report_tables(day_summary, korean)
    assert book.sheetnames == [table.title for table in tables]
    assert book.sheetnames[0] == "요약"
    for table in tables:
        sheet = book[table.title]
        values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        assert values == [table.headers, *table.rows]
        for column in table.amount_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
                if isinstance(cell.value, int):
                    assert cell.number_format == "#,##0"
        assert sheet.column_dimensions["A"].width >= 10
    summary_sheet = book[tables[0].title]
    assert ("총매출", 118_000) in [tuple(row) for row in summary_sheet.iter_rows(values_only=True)]
    assert _audited(services, EXPORTED)[-1]["format"] == "xlsx"
    _no_card_numbers(path)


def test_a_clerk_may_not_export_and_nothing_is_written(
    services: AppServices, day_summary: Summary, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(NotPermitted):
        export_report(services, day_summary, folder / "r.csv", ExportFormat.CSV, operator=CLERK)
    assert list(folder.iterdir()) == []
    assert _audited(services, EXPORTED) == []


def test_the_close_freezes_the_day_and_a_later_refund_is_an_adjustment(
    services: AppServices, sandbox: SandboxServer
) -> None:
    made = make_report_day(services, sandbox)
    with pytest.raises(NotPermitted):
        close_day(services, made.day, operator=CLERK, now=made.moment)
    with pytest.raises(DayNotBegun):
        close_day(services, made.day + timedelta(days=1), operator=MANAGER, now=made.moment)

    closed = close_day(services, made.day, operator=MANAGER, now=made.moment)
    assert closed.closed is not None and closed.closed.operator == MANAGER.name
    assert closed.adjustments is not None and closed.adjustments.is_zero
    assert _audited(services, CLOSED) == [
        {"count": 4, "gross": 118_000, "refunds": 32_000, "net": 86_000}
    ]

    refund(services, made.imp_uids[0], 15_000)  # after the close
    state = day_close_state(services, made.day)
    assert state.frozen == closed.current
    assert state.adjusted
    assert state.adjustments == Figures(
        count=0,
        gross=0,
        refunds=15_000,
        net=-15_000,
        vat=state.current.totals.vat - closed.current.totals.vat,
        tax_free=0,
    )
    assert state.current.totals.refunds == 47_000

    with pytest.raises(DayAlreadyClosed) as refused:
        close_day(services, made.day, operator=MANAGER, now=made.moment)
    assert refused.value.closed_by == MANAGER.name
    assert day_close_state(services, made.day).frozen == closed.current
    assert len(_audited(services, CLOSED)) == 1


def test_the_tax_free_left_is_what_our_refunds_sent_then_taxable_first_for_others(
    services: AppServices,
) -> None:
    """11,000 paid with 5,500 tax-free; our refund of 5,500 sends 2,750 tax-free (its share),
    so 2,750 of the 5,500 left is tax-free (VAT 250). A refund made elsewhere (its tax-free
    part unknown here) is taken from the taxable part first."""
    imp_uid = charge(services, APPROVED_CARD, 11_000, MANAGER, tax_free=5_500)
    ours = refund_payment(services, RefundOrder(imp_uid, 5_500, "반품", 11_000), operator=MANAGER)
    assert ours.paid and ours.attempt.tax_free == 2_750
    started = korea_time(services.client.get_payment(imp_uid).started_at)
    assert started is not None
    period = Period.containing(PeriodKind.DAY, started.date())

    totals = summarize(services, period).totals
    assert (totals.net, totals.tax_free, totals.vat) == (5_500, 2_750, 250)

    refund(services, imp_uid, 1_000)  # on the console: not in our journal
    totals = summarize(services, period).totals
    assert (totals.net, totals.tax_free) == (4_500, 2_750)
    assert totals.vat == split_vat(4_500, 2_750).vat


HOSTILE_NAME = '=HYPERLINK("http://x.io","Kim")'


def test_a_name_like_a_formula_is_exported_as_plain_text(
    services: AppServices, tmp_path: Path
) -> None:
    """An operator named like a formula would be a live link in Excel: CSV and XLSX write it
    with a leading `'`, and XLSX types it as a string, never a formula."""
    from openpyxl import load_workbook

    hostile = Operator(HOSTILE_NAME, Role.MANAGER)
    imp_uid = charge(services, APPROVED_CARD, 12_000, hostile)
    started = korea_time(services.client.get_payment(imp_uid).started_at)
    assert started is not None
    summary = summarize(services, Period.containing(PeriodKind.DAY, started.date()))
    assert [line.key for line in summary.by_operator] == [HOSTILE_NAME]

    csv_path, xlsx_path = tmp_path / "report.csv", tmp_path / "report.xlsx"
    export_report(services, summary, csv_path, ExportFormat.CSV, operator=MANAGER)
    export_report(services, summary, xlsx_path, ExportFormat.XLSX, operator=MANAGER)

    with csv_path.open(encoding="utf-8-sig", newline="") as file:
        names = [row[0] for row in csv.reader(file) if row and "HYPERLINK" in row[0]]
    assert names == ["'" + HOSTILE_NAME]
    cells = [
        cell
        for sheet in load_workbook(xlsx_path).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert [(cell.value, cell.data_type) for cell in cells] == [("'" + HOSTILE_NAME, "s")]


def test_every_formula_start_is_neutralised() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_text(start + "1+1") == "'" + start + "1+1"
    assert spreadsheet_text("김민지") == "김민지"
    assert spreadsheet_text(None) == ""


def test_the_period_is_whole_korean_days() -> None:
    day = Period.containing(PeriodKind.DAY, date(2026, 12, 3))
    assert day.since.astimezone(KST).hour == 0
    assert (day.until - day.since) == timedelta(days=1)
    assert day.since.utcoffset() == timedelta(hours=9)
