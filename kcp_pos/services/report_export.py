"""A report written to a file for the owner or the accountant: CSV (UTF-8 with a BOM, which is
how Excel knows the Korean text is UTF-8) or XLSX (openpyxl: amounts as numbers formatted
`#,##0`, a sheet per breakdown, columns wide enough to read).

Exporting needs a manager (`operators.require`) and is audited (`report.exported`). A report
holds sums only: no card number, masked or not, is ever written.

The headers are English sources marked for Qt's catalogue; the UI passes its catalogue's
`translate(context, source)` so that a Korean clerk gets Korean headers (this module imports no
Qt).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from kcp_pos.domain.spreadsheet_text import spreadsheet_text
from kcp_pos.domain.text import QT_TRANSLATE_NOOP
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import require
from kcp_pos.services.reports import Line, Summary

Translate = Callable[[str, str], str]
"""`translate(context, source)`: a catalogue's lookup."""
CONTEXT: Final = "Report"
EXPORTED: Final = "report.exported"
AMOUNT_FORMAT: Final = "#,##0"
CSV_ENCODING: Final = "utf-8-sig"
"""UTF-8 with a byte-order mark: without it Excel reads the file in the system's code page."""


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def english(context: str, source: str) -> str:
    """The sources as they are (English)."""
    return source


# The words of a report, one place (lupdate reads the marks).
W_SUMMARY = QT_TRANSLATE_NOOP("Report", "Summary")
W_PERIOD = QT_TRANSLATE_NOOP("Report", "Period")
W_FIGURE = QT_TRANSLATE_NOOP("Report", "Figure")
W_VALUE = QT_TRANSLATE_NOOP("Report", "Value")
W_COUNT = QT_TRANSLATE_NOOP("Report", "Count")
W_GROSS = QT_TRANSLATE_NOOP("Report", "Gross")
W_REFUNDS = QT_TRANSLATE_NOOP("Report", "Refunds")
W_NET = QT_TRANSLATE_NOOP("Report", "Net")
W_VAT = QT_TRANSLATE_NOOP("Report", "VAT")
W_TAX_FREE = QT_TRANSLATE_NOOP("Report", "Tax-free")
W_ISSUER = QT_TRANSLATE_NOOP("Report", "Card issuer")
W_PAY_METHOD = QT_TRANSLATE_NOOP("Report", "Pay method")
W_OPERATOR = QT_TRANSLATE_NOOP("Report", "Operator")
W_HOUR = QT_TRANSLATE_NOOP("Report", "Hour")
W_BY_ISSUER = QT_TRANSLATE_NOOP("Report", "By issuer")
W_BY_PAY_METHOD = QT_TRANSLATE_NOOP("Report", "By pay method")
W_BY_OPERATOR = QT_TRANSLATE_NOOP("Report", "By operator")
W_BY_HOUR = QT_TRANSLATE_NOOP("Report", "By hour")
W_NONE = QT_TRANSLATE_NOOP("Report", "(not recorded)")
W_ELSEWHERE = QT_TRANSLATE_NOOP("Report", "(made elsewhere)")

PAY_METHOD_WORDS: Final = {
    "card": QT_TRANSLATE_NOOP("Report", "Card"),
    "trans": QT_TRANSLATE_NOOP("Report", "Bank transfer"),
    "vbank": QT_TRANSLATE_NOOP("Report", "Virtual account"),
    "phone": QT_TRANSLATE_NOOP("Report", "Mobile phone"),
    "point": QT_TRANSLATE_NOOP("Report", "Points"),
}


def pay_method_name(code: str, translate: Translate = english) -> str:
    """A pay method as people call it (`card` → Card); an unknown code as it is."""
    if not code:
        return translate(CONTEXT, W_NONE)
    return translate(CONTEXT, PAY_METHOD_WORDS[code]) if code in PAY_METHOD_WORDS else code


def issuer_name(key: str, translate: Translate = english) -> str:
    return key or translate(CONTEXT, W_NONE)


def operator_name(key: str, translate: Translate = english) -> str:
    """The operator, or that the payment was made elsewhere (no attempt of this terminal)."""
    return key or translate(CONTEXT, W_ELSEWHERE)


def hour_name(key: str) -> str:
    """`09` → `09:00`."""
    return f"{key}:00"


Cell = str | int


@dataclass(frozen=True, slots=True)
class Table:
    """One part of a report: a title (a sheet's name), headers and rows of text and amounts.
    `amount_columns` are the columns holding numbers (formatted `#,##0` in XLSX)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    amount_columns: frozenset[int]


def report_tables(summary: Summary, translate: Translate = english) -> list[Table]:
    """The report as tables: the summary, then one per breakdown."""

    def t(source: str) -> str:
        return translate(CONTEXT, source)

    totals = summary.totals
    head = Table(
        t(W_SUMMARY),
        (t(W_FIGURE), t(W_VALUE)),
        (
            (t(W_PERIOD), summary.period.label),
            (t(W_COUNT), totals.count),
            (t(W_GROSS), totals.gross),
            (t(W_REFUNDS), totals.refunds),
            (t(W_NET), totals.net),
            (t(W_VAT), totals.vat),
            (t(W_TAX_FREE), totals.tax_free),
        ),
        frozenset({1}),
    )
    return [
        head,
        _breakdown(t(W_BY_ISSUER), t(W_ISSUER), summary.by_issuer, translate, issuer_name),
        _breakdown(
            t(W_BY_PAY_METHOD), t(W_PAY_METHOD), summary.by_pay_method, translate, pay_method_name
        ),
        _breakdown(t(W_BY_OPERATOR), t(W_OPERATOR), summary.by_operator, translate, operator_name),
        _breakdown(
            t(W_BY_HOUR), t(W_HOUR), summary.by_hour, translate, lambda key, _t: hour_name(key)
        ),
    ]


def _breakdown(
    title: str,
    key_header: str,
    lines: Sequence[Line],
    translate: Translate,
    name_of: Callable[[str, Translate], str],
) -> Table:
    headers = (key_header, *(translate(CONTEXT, w) for w in (W_COUNT, W_GROSS, W_REFUNDS, W_NET)))
    rows = tuple(
        (name_of(line.key, translate), line.count, line.gross, line.refunds, line.net)
        for line in lines
    )
    return Table(title, headers, rows, frozenset({1, 2, 3, 4}))


def export_report(
    services: AppServices,
    summary: Summary,
    path: Path,
    file_format: ExportFormat,
    *,
    operator: Operator,
    translate: Translate = english,
) -> Path:
    """Write `summary` to `path` as `file_format` (a manager's action, audited); the path
    written. `NotPermitted` for a clerk, `OSError` when the file cannot be written."""
    require(operator, Role.MANAGER)
    tables = report_tables(summary, translate)
    writer = _write_csv if file_format is ExportFormat.CSV else _write_xlsx
    _write_whole(path, lambda partial: writer(tables, partial))
    services.audit.append(
        EXPORTED,
        subject=f"report:{summary.period.kind.value}:{summary.period.first.isoformat()}",
        details={
            "format": file_format.value,
            "period": summary.period.label,
            "file": path.name,
            "count": summary.totals.count,
            "gross": summary.totals.gross,
            "net": summary.totals.net,
        },
        actor=operator.name,
    )
    return path


def _write_whole(path: Path, write: Callable[[Path], None]) -> None:
    """Write beside `path` and then put the file in its place: a failed export never leaves
    half a report where the last good one was."""
    partial = path.with_name(f".{path.name}.part")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write_csv(tables: Sequence[Table], path: Path) -> None:
    """The tables one after another: a title line, the headers, the rows, an empty line."""
    with path.open("w", encoding=CSV_ENCODING, newline="") as file:
        out = csv.writer(file)
        for table in tables:
            out.writerow([spreadsheet_text(table.title)])
            out.writerow(_safe_row(table.headers))
            out.writerows(_safe_row(row) for row in table.rows)
            out.writerow([])


def _safe_row(row: Sequence[Cell]) -> list[Cell]:
    """Text cells as plain text a spreadsheet will not run as a formula (an operator's name
    like `=HYPERLINK(...)`); amounts as they are."""
    return [spreadsheet_text(cell) if isinstance(cell, str) else cell for cell in row]


def _append_text(sheet: Any, row: Sequence[Cell]) -> None:
    """Append a row; its text cells are made safe and typed as strings (openpyxl would
    otherwise store a text starting with `=` as a formula)."""
    sheet.append(_safe_row(row))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _write_xlsx(tables: Sequence[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        _append_text(sheet, table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            _append_text(sheet, row)
        for column in table.amount_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
                if isinstance(cell.value, int):
                    cell.number_format = AMOUNT_FORMAT
        for index, width in enumerate(_column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
    book.save(path)


_SHEET_TITLE_FORBIDDEN: Final = str.maketrans({ch: " " for ch in "[]:*?/\\"})


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of `[]:*?/\\`."""
    return title.translate(_SHEET_TITLE_FORBIDDEN)[:31]


def _column_widths(table: Table) -> list[float]:
    """Wide enough for the longest value as shown (grouped amounts), Hangul counted double."""

    def shown(value: Cell) -> str:
        return f"{value:,}" if isinstance(value, int) else value

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    columns = zip(table.headers, *table.rows, strict=False)
    return [max(10, *(width(shown(value)) for value in column)) + 2 for column in columns]
