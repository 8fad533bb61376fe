"""The receipt on screen, on paper and as PDF: a preview dialog with Print, Save as PDF and Close.

Page layout: the slip is always laid out 80 mm wide, the width of a thermal receipt roll.
* PDF: one page exactly 80 mm wide and as tall as the slip, so it prints 1:1 on a receipt
  printer and reads like a real slip on screen; no blank A4 around it.
* Print: whatever paper the printer has; the slip is drawn at its real 80 mm width, centred at
  the top of the page (an A4 office printer gives a slip-sized receipt to cut out or hand over),
  continuing on further pages only if the paper is shorter than the slip.

Language: a receipt chooses its own (Korean or English, not necessarily the UI's). Its words and
the dialog's come from the app's catalogue in that language (`receipt_labels`, `_WORDS`), the
same catalogue as every other string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.language import Lang
from kcp_pos.domain.text import QT_TRANSLATE_NOOP, Text
from kcp_pos.services.receipt import ENGLISH_LABELS, Receipt, ReceiptLabels, receipt_html
from kcp_pos.ui.widgets.catalogue import lookup_in, translated_in

if TYPE_CHECKING:
    from kcp_pos.iamport.models import Payment
    from kcp_pos.settings.model import Settings

SLIP_WIDTH_MM = 80.0
SLIP_MARGIN_MM = 4.0  # white edge inside the slip, as on a thermal printer's roll
PDF_RESOLUTION_DPI = 1200
MM_PER_INCH = 25.4
QT_LAYOUT_DPI = 96.0  # the resolution QTextDocument's lengths are given in (qt_defaultDpi)

_WORDS: Final[dict[str, str]] = {
    "title": QT_TRANSLATE_NOOP("ReceiptDialog", "Receipt (card sales slip)"),
    "print": QT_TRANSLATE_NOOP("ReceiptDialog", "&Print…"),
    "save_pdf": QT_TRANSLATE_NOOP("ReceiptDialog", "&Save as PDF…"),
    "close": QT_TRANSLATE_NOOP("ReceiptDialog", "&Close"),
    "preview": QT_TRANSLATE_NOOP("ReceiptDialog", "Receipt preview"),
    "save_caption": QT_TRANSLATE_NOOP("ReceiptDialog", "Save receipt as PDF"),
    "pdf_filter": QT_TRANSLATE_NOOP("ReceiptDialog", "PDF documents (*.pdf)"),
    "save_failed": QT_TRANSLATE_NOOP("ReceiptDialog", "The PDF could not be saved"),
    "print_failed": QT_TRANSLATE_NOOP("ReceiptDialog", "The receipt could not be printed"),
}
"""The dialog's own words (English sources for the catalogue), in the receipt's language."""


def receipt_labels(lang: Lang) -> ReceiptLabels:
    """A slip's words in `lang`, from the app's catalogue."""
    if lang == "en":
        return ENGLISH_LABELS
    return ENGLISH_LABELS.translated(lambda context, source: lookup_in(lang, context, source))


def _without_mnemonic(text: str) -> str:
    """`인쇄…(&P)` -> `인쇄…`, `&Print…` -> `Print…`: what a screen reader should say."""
    return re.sub(r"\(&.\)", "", text).replace("&", "")


def _mm_to_pixels(mm: float, dpi: float) -> float:
    return mm * dpi / MM_PER_INCH


def slip_document(receipt: Receipt, device: QPaintDevice) -> QTextDocument:
    """The slip laid out for `device` (its resolution), 80 mm wide including margins."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(QFont(QApplication.font()))
    option = QTextOption()
    # Long values (the receipt URL) wrap anywhere rather than widen a narrow slip.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    # Lengths in the document (margins, padding) are in 96 dpi units: Qt scales them to the device.
    document.setDocumentMargin(_mm_to_pixels(SLIP_MARGIN_MM, QT_LAYOUT_DPI))
    document.setHtml(receipt_html(receipt))
    document.setTextWidth(_mm_to_pixels(SLIP_WIDTH_MM, device.logicalDpiX()))
    return document


def save_receipt_pdf(receipt: Receipt, path: Path) -> None:
    """Write the slip to `path` as a one-page PDF, 80 mm wide. Raises OSError on failure."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION_DPI)
    writer.setTitle(f"{receipt.labels.title} {receipt.merchant_uid}")
    writer.setCreator("kcp-pos")
    document = slip_document(receipt, writer)
    height_mm = document.size().height() * MM_PER_INCH / writer.logicalDpiY()
    page_size = QPageSize(QSizeF(SLIP_WIDTH_MM, height_mm), QPageSize.Unit.Millimeter)
    writer.setPageLayout(
        QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF to {path}")
    try:
        document.drawContents(painter)
    finally:
        painter.end()


def print_receipt(receipt: Receipt, printer: QPrinter) -> None:
    """Draw the slip at 80 mm, centred at the top of the printer's page. Raises OSError."""
    document = slip_document(receipt, printer)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    slip_width = document.size().width()
    left = max(0.0, (page.width() - slip_width) / 2)
    page_height = float(page.height())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer did not accept the job")
    try:
        top = 0.0
        while True:
            painter.save()
            painter.translate(QPointF(left, -top))
            document.drawContents(painter, QRectF(0, top, slip_width, page_height))
            painter.restore()
            top += page_height
            if top >= document.size().height():
                break
            printer.newPage()
    finally:
        painter.end()


def render_receipt_image(receipt: Receipt, *, dpi: float = 203.0) -> QImage:
    """The slip as a white image at `dpi` (203 dpi: a thermal receipt printer)."""
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    _set_dpi(probe, dpi)
    document = slip_document(receipt, probe)
    size = document.size().toSize()
    image = QImage(size, QImage.Format.Format_RGB32)
    _set_dpi(image, dpi)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        document.drawContents(painter)
    finally:
        painter.end()
    return image


def _set_dpi(image: QImage, dpi: float) -> None:
    dots_per_meter = round(dpi / MM_PER_INCH * 1000)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)


def default_pdf_path(receipt: Receipt) -> Path:
    """`~/Documents/receipt-{merchant_uid}.pdf` (home when there is no Documents folder)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    safe_uid = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in receipt.merchant_uid)
    return folder / f"receipt-{safe_uid}.pdf"


class ReceiptDialog(QDialog):
    """Preview of one receipt with Print, Save as PDF and Close (Esc and Enter close it)."""

    def __init__(
        self, receipt: Receipt, *, lang: Lang | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.receipt = receipt
        words_lang = lang or receipt.lang
        self._words = {
            key: translated_in(words_lang, Text("ReceiptDialog", source))
            for key, source in _WORDS.items()
        }
        self.setWindowTitle(self._words["title"])
        self.setAccessibleName(self._words["title"])
        self.preview = self._make_preview()
        self.print_button = self._make_button("print", self.print_receipt)
        self.save_pdf_button = self._make_button("save_pdf", self.save_pdf)
        self.close_button = self._make_button("close", self.reject)
        # Enter closes: the safe default for a dialog whose other buttons print or write files.
        self.close_button.setDefault(True)
        self._lay_out()

    def _make_preview(self) -> QTextBrowser:
        preview = QTextBrowser(self)
        preview.setOpenExternalLinks(True)  # the PG receipt link opens in the browser
        preview.setAccessibleName(self._words["preview"])
        preview.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        # The slip at its printed size: 80 mm at this screen's resolution.
        dpi = float(preview.logicalDpiX())
        slip_pixels = round(_mm_to_pixels(SLIP_WIDTH_MM, dpi))
        preview.setLineWrapColumnOrWidth(slip_pixels)
        preview.document().setDocumentMargin(_mm_to_pixels(SLIP_MARGIN_MM, dpi))
        preview.setHtml(receipt_html(self.receipt))
        # A paper strip on a grey desk: the browser is exactly as wide as the slip (plus its
        # frame and scroll bar) and sits centred in the dialog.
        scroll_bar = preview.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        preview.setFixedWidth(slip_pixels + 2 * preview.frameWidth() + scroll_bar + 2)
        preview.setMinimumHeight(420)
        preview.setStyleSheet("QTextBrowser { background: #ffffff; border: 1px solid #b0b0b0; }")
        return preview

    def _make_button(self, key: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self._words[key], self)
        button.setAccessibleName(_without_mnemonic(self._words[key]))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        desk = QWidget(self)
        desk.setObjectName("receiptDesk")
        desk.setStyleSheet("#receiptDesk { background: #e4e4e4; }")
        desk_layout = QHBoxLayout(desk)
        desk_layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(desk, 1)
        layout.addLayout(buttons)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_receipt(self) -> None:
        """Ask for a printer, then print the slip on it."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_receipt(self.receipt, printer)
        except OSError as error:
            QMessageBox.warning(self, self._words["print_failed"], str(error))

    def save_pdf(self) -> Path | None:
        """Ask where, then write the PDF there. Returns the path written, None if not saved."""
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self._words["save_caption"],
            str(default_pdf_path(self.receipt)),
            self._words["pdf_filter"],
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            save_receipt_pdf(self.receipt, path)
        except OSError as error:
            QMessageBox.warning(self, self._words["save_failed"], str(error))
            return None
        return path


def show_receipt_dialog(
    parent: QWidget | None, receipt: Receipt, *, lang: Lang | None = None
) -> ReceiptDialog:
    """Open the receipt dialog without blocking (it deletes itself on close) and return it."""
    dialog = ReceiptDialog(receipt, lang=lang, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_payment_receipt(
    parent: QWidget | None,
    payment: Payment,
    settings: Settings | None,
    *,
    lang: Lang,
    training: bool,
    tax_free: int,
) -> ReceiptDialog:
    """The shop's receipt of `payment` as PortOne reports it (refunds included): the shop's
    name, number, address and phone from `settings` (blank without them), `tax_free` capped
    at the amount, a training receipt says so. Shown without blocking."""
    receipt = Receipt.from_payment(
        payment,
        merchant_name=settings.merchant_name if settings is not None else "",
        merchant_business_number=settings.merchant_business_number if settings is not None else "",
        lang=lang,
        labels=receipt_labels(lang),
        sandbox=training or payment.sandbox,
        tax_free=min(tax_free, payment.amount),
        merchant_address=settings.merchant_address if settings is not None else "",
        merchant_phone=settings.merchant_phone if settings is not None else "",
    )
    return show_receipt_dialog(parent, receipt, lang=lang)
