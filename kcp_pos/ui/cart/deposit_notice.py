"""The virtual account's details for the buyer (입금 안내): bank, account number, holder, amount
and due date, printed or saved as PDF on a plain page. Training payments say so on the page."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from kcp_pos.domain.korea_time import korea_time, minute_text
from kcp_pos.domain.language import Lang
from kcp_pos.iamport.models import Payment
from kcp_pos.services.receipt import SANDBOX_MARKER
from kcp_pos.ui.widgets.money_text import krw

PDF_RESOLUTION_DPI = 300


def deposit_notice_html(payment: Payment, *, merchant: str, lang: Lang, training: bool) -> str:
    due = korea_time(payment.vbank_date)
    rows = [
        (QCoreApplication.translate("DepositNotice", "Shop"), merchant),
        (QCoreApplication.translate("DepositNotice", "Order"), payment.name or ""),
        (
            QCoreApplication.translate("DepositNotice", "Amount to deposit"),
            krw(payment.amount, lang),
        ),
        (QCoreApplication.translate("DepositNotice", "Bank"), payment.vbank_name or ""),
        (QCoreApplication.translate("DepositNotice", "Account number"), payment.vbank_num or ""),
        (QCoreApplication.translate("DepositNotice", "Account holder"), payment.vbank_holder or ""),
        (
            QCoreApplication.translate("DepositNotice", "Deposit by (Korea time)"),
            minute_text(due) if due is not None else "",
        ),
        (QCoreApplication.translate("DepositNotice", "Order number"), payment.merchant_uid),
    ]
    body = "".join(
        f"<tr><td style='padding:4px 12px 4px 0'>{escape(label)}</td>"
        f"<td style='padding:4px 0'><b>{escape(value)}</b></td></tr>"
        for label, value in rows
        if value  # a shop without a name set, say, has no empty line
    )
    title = QCoreApplication.translate("DepositNotice", "Deposit details")
    note = QCoreApplication.translate(
        "DepositNotice", "Deposit the exact amount by the date above; the order is paid then."
    )
    banner = f"<p style='color:#b00'><b>{escape(SANDBOX_MARKER)}</b></p>" if training else ""
    return f"<h2>{escape(title)}</h2>{banner}<table>{body}</table><p>{escape(note)}</p>"


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html)
    return document


def save_deposit_notice_pdf(html: str, path: Path) -> None:
    """Write the notice to `path` as an A4 PDF. Raises OSError when it cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION_DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setCreator("kcp-pos")
    document = _document(html)
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    document.print_(writer)
    if not path.exists():
        raise OSError(f"cannot write a PDF to {path}")


def print_deposit_notice(html: str, printer: QPrinter) -> None:
    _document(html).print_(printer)


def ask_and_print(html: str, parent: QWidget) -> None:
    """The print dialog, then the notice on the printer chosen (nothing if cancelled)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted:
        print_deposit_notice(html, printer)
