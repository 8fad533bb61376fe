"""The receipt dialog, the slip as PDF, on a printer and as an image (pytest-qt, offscreen)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from kcp_pos.services.receipt import SANDBOX_MARKER, Receipt
from kcp_pos.ui.widgets.receipt_view import (
    SLIP_WIDTH_MM,
    ReceiptDialog,
    default_pdf_path,
    print_receipt,
    receipt_labels,
    render_receipt_image,
    save_receipt_pdf,
    show_receipt_dialog,
)
from tests.services.test_receipt import kcp_payment

POINTS_PER_MM = 72 / 25.4


def make_receipt(*, lang: str = "ko", sandbox: bool = True) -> Receipt:
    return Receipt.from_payment(
        kcp_payment(),
        merchant_name="행복한 꽃집",
        merchant_business_number="1248100998",
        lang=lang,  # type: ignore[arg-type]
        labels=receipt_labels(lang),  # type: ignore[arg-type]
        sandbox=sandbox,
    )


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes in points from the PDF's /MediaBox entries (Qt writes them uncompressed)."""
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(width), float(height)) for width, height in boxes]


def test_dialog_shows_the_approval_number_and_masked_card(qtbot: QtBot) -> None:
    dialog = ReceiptDialog(make_receipt())
    qtbot.addWidget(dialog)

    shown = dialog.preview.toPlainText()
    assert "30046339" in shown
    assert "5570-42**-****-7221" in shown
    assert "5570420000007221" not in shown
    assert SANDBOX_MARKER in shown
    assert dialog.windowTitle() == "영수증 (신용카드 매출전표)"


@pytest.mark.parametrize(
    ("lang", "texts", "names"),
    [
        ("ko", ["인쇄…(&P)", "PDF로 저장…(&S)", "닫기(&C)"], ["인쇄…", "PDF로 저장…", "닫기"]),
        ("en", ["&Print…", "&Save as PDF…", "&Close"], ["Print…", "Save as PDF…", "Close"]),
    ],
)
def test_buttons_have_accelerators_and_accessible_names(
    qtbot: QtBot, lang: str, texts: list[str], names: list[str]
) -> None:
    dialog = ReceiptDialog(make_receipt(), lang=lang)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)

    buttons = [dialog.print_button, dialog.save_pdf_button, dialog.close_button]
    assert [button.text() for button in buttons] == texts
    assert [button.accessibleName() for button in buttons] == names
    assert dialog.preview.accessibleName()
    assert dialog.close_button.isDefault()


def test_escape_closes_the_dialog(qtbot: QtBot) -> None:
    dialog = show_receipt_dialog(None, make_receipt(), lang="en")
    qtbot.addWidget(dialog)
    assert dialog.isVisible()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert not dialog.isVisible()


def test_save_button_writes_the_pdf_where_the_clerk_chose(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    receipt = make_receipt()
    offered: list[str] = []

    def choose(parent: QWidget, caption: str, directory: str, filter: str) -> tuple[str, str]:
        offered.append(directory)
        return str(tmp_path / "slip"), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    dialog = ReceiptDialog(receipt)
    qtbot.addWidget(dialog)

    written = dialog.save_pdf()

    assert written == tmp_path / "slip.pdf"  # the extension is added when left out
    assert written.read_bytes().startswith(b"%PDF")
    assert offered == [str(default_pdf_path(receipt))]
    assert Path(offered[0]).name == "receipt-kcp-20240501-143005-7f3a.pdf"


def test_cancelled_save_dialog_writes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: ("", "")))
    dialog = ReceiptDialog(make_receipt())
    qtbot.addWidget(dialog)

    assert dialog.save_pdf() is None
    assert list(tmp_path.iterdir()) == []


def test_save_receipt_pdf_writes_one_slip_sized_page(tmp_path: Path) -> None:
    path = tmp_path / "receipt.pdf"

    save_receipt_pdf(make_receipt(), path)

    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 1024
    boxes = media_boxes(data)
    assert len(boxes) == 1
    width, height = boxes[0]
    assert width == pytest.approx(SLIP_WIDTH_MM * POINTS_PER_MM, abs=1)
    assert SLIP_WIDTH_MM * POINTS_PER_MM < height < 400 * POINTS_PER_MM  # one slip, not a roll
    assert b"/FontFile2" in data  # text was drawn, with its (Hangul) font embedded


def test_save_receipt_pdf_into_a_missing_folder_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        save_receipt_pdf(make_receipt(), tmp_path / "missing" / "receipt.pdf")


def test_print_centres_the_slip_on_the_printers_paper(tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    output = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(output))

    print_receipt(make_receipt(lang="en"), printer)

    data = output.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 1024
    assert len(media_boxes(data)) == 1  # a slip fits on one sheet of the default paper


def test_rendered_slip_is_80_mm_wide_and_not_blank() -> None:
    image = render_receipt_image(make_receipt(), dpi=203)

    assert image.width() == round(SLIP_WIDTH_MM / 25.4 * 203)
    assert image.height() > image.width()
    white = QColor("white").rgb()
    dark = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixel(x, y) != white
    )
    assert dark > 500  # text, rules and the sandbox box were drawn


def test_alt_accelerator_presses_the_button(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "by-keyboard.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(chosen), ""))
    )
    dialog = show_receipt_dialog(None, make_receipt(), lang="ko")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)

    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(chosen.exists)

    assert chosen.read_bytes().startswith(b"%PDF")


def test_the_shops_address_and_phone_from_the_settings_are_on_the_slip(qtbot: QtBot) -> None:
    from kcp_pos.settings import Settings
    from kcp_pos.ui.widgets.receipt_view import show_payment_receipt

    settings = Settings(
        merchant_name="행복한 꽃집",
        merchant_address="서울시 마포구 양화로 12",
        merchant_phone="02-123-4567",
    )
    dialog = show_payment_receipt(
        None, kcp_payment(), settings, lang="en", training=True, tax_free=0
    )
    qtbot.addWidget(dialog)
    shown = dialog.preview.toPlainText()
    assert "Address" in shown and "서울시 마포구 양화로 12" in shown
    assert "Phone" in shown and "02-123-4567" in shown
