"""The day-end close slip (마감 정산서): the day's frozen totals, who closed it and when, the
changes since the close (adjustments) and the day's totals now, printed on a plain page.
Training closes say so on the slip. No card number is on it: a report holds only sums."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from kcp_pos.domain.korea_time import minute_text
from kcp_pos.domain.language import Lang
from kcp_pos.services.receipt import SANDBOX_MARKER
from kcp_pos.ui.widgets.money_text import krw

if TYPE_CHECKING:
    from kcp_pos.services.day_close import DayCloseState
    from kcp_pos.services.reports import Figures


def figure_rows(figures: Figures, lang: Lang, *, signed: bool = False) -> list[tuple[str, str]]:
    """The figures as (label, value) lines; `signed` writes a plus before a rise."""

    def money(amount: int) -> str:
        text = krw(amount, lang)
        return f"+{text}" if signed and amount > 0 else text

    count = f"+{figures.count}" if signed and figures.count > 0 else str(figures.count)
    return [
        (QCoreApplication.translate("CloseSlip", "Payments"), count),
        (QCoreApplication.translate("CloseSlip", "Gross"), money(figures.gross)),
        (QCoreApplication.translate("CloseSlip", "Refunds"), money(figures.refunds)),
        (QCoreApplication.translate("CloseSlip", "Net"), money(figures.net)),
        (QCoreApplication.translate("CloseSlip", "VAT"), money(figures.vat)),
        (QCoreApplication.translate("CloseSlip", "Tax-free"), money(figures.tax_free)),
    ]


def _table(rows: list[tuple[str, str]]) -> str:
    lines = "".join(
        f"<tr><td style='padding:3px 16px 3px 0'>{escape(label)}</td>"
        f"<td style='padding:3px 0' align='right'><b>{escape(value)}</b></td></tr>"
        for label, value in rows
    )
    return f"<table>{lines}</table>"


def close_slip_html(state: DayCloseState, *, lang: Lang, training: bool) -> str:
    """The slip of a closed day (`state.closed` must be set)."""
    if state.closed is None or state.frozen is None:
        raise ValueError("only a closed day has a close slip")
    title = escape(QCoreApplication.translate("CloseSlip", "Day-end close"))
    closed_line = (
        QCoreApplication.translate("CloseSlip", "Closed by %1 at %2 (Korea time)")
        .replace("%1", state.closed.operator)
        .replace("%2", minute_text(state.closed.closed_at))
    )
    at_close = QCoreApplication.translate("CloseSlip", "Totals at the close")
    since_close = QCoreApplication.translate("CloseSlip", "Adjustments since the close")
    now = QCoreApplication.translate("CloseSlip", "Totals now")
    unchanged = QCoreApplication.translate("CloseSlip", "No change since the close.")
    parts = [f"<h2>{title} {escape(state.day.isoformat())}</h2>"]
    if training:
        parts.append(f"<p style='color:#b00'><b>{escape(SANDBOX_MARKER)}</b></p>")
    parts.append(f"<p>{escape(closed_line)}</p>")
    parts.append(f"<h3>{escape(at_close)}</h3>")
    parts.append(_table(figure_rows(state.frozen.totals, lang)))
    changes = state.adjustments
    if changes is not None and not changes.is_zero:
        parts.append(f"<h3>{escape(since_close)}</h3>")
        parts.append(_table(figure_rows(changes, lang, signed=True)))
        parts.append(f"<h3>{escape(now)}</h3>")
        parts.append(_table(figure_rows(state.current.totals, lang)))
    else:
        parts.append(f"<p>{escape(unchanged)}</p>")
    if state.seal is not None:
        seal = (
            QCoreApplication.translate("CloseSlip", "Audit trail entry %1, hash %2")
            .replace("%1", f"#{state.seal.id}")
            .replace("%2", state.seal.short_hash)
        )
        parts.append(f"<p style='font-size:small'>{escape(seal)}</p>")
    return "".join(parts)


def print_close_slip(html: str, printer: QPrinter) -> None:
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
