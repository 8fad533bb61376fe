"""The next start's offer: "kcp-pos stopped unexpectedly last time (date). A report was saved."
with Open report / Open folder / Later.

Shown once the rest of the start-up has run (`AppSession.offer_last_crash`, never in a
`--smoke-test` run), non-modal over the main window: the terminal can be used while it is up.
Which crash file to offer is decided in `kcp_pos/crash_report.py`, on the runner; the file is
noted as offered when the notice is shown, so it is never offered again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import minute_text
from kcp_pos.ui.shell.crash_dialog import BADGE_SIZE, fit_height, heading_row
from kcp_pos.ui.shell.main_window import STAYS_OVER_THE_LOCK
from kcp_pos.ui.widgets.status_look import PALETTES, Tone

if TYPE_CHECKING:
    from kcp_pos.crash_report import CrashFile

_UNSURE = PALETTES[Tone.UNSURE]
NOTICE_STYLE = f"""
QLabel#crashNoticeBadge {{ background: {_UNSURE.badge}; color: white;
    border-radius: {BADGE_SIZE // 2}px; font-size: 18pt; font-weight: 700; }}
QLabel#crashNoticeHeading {{ font-size: 12pt; font-weight: 700; color: #1F2933; }}
QLabel#crashNoticePath {{ font-family: monospace; color: #3E4C59; }}
"""


class LastCrashNotice(QDialog):
    """Offers to open `crash`, the report of how the last run ended."""

    def __init__(self, crash: CrashFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lastCrashNotice")
        self.setWindowTitle(self.tr("kcp-pos stopped unexpectedly"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setProperty(STAYS_OVER_THE_LOCK, True)
        self.crash = crash
        self.badge = self._label("crashNoticeBadge", "!")
        self.heading = self._label(
            "crashNoticeHeading",
            self.tr("kcp-pos stopped unexpectedly last time (%1).").replace(
                "%1", minute_text(crash.written_at)
            ),
        )
        self.saved_label = self._label(
            "crashNoticeSaved",
            self.tr(
                "A report was saved. It holds no card numbers: you can send it to your support "
                "contact."
            ),
        )
        self.payments_label = self._label(
            "crashNoticePayments",
            self.tr(
                "Payments the last run left unfinished are looked up now, as at every start, "
                "and the terminal shows how each one ended."
            ),
        )
        self.path_label = self._label("crashNoticePath", str(crash.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failed_label = self._label("crashNoticeFailed", "")
        self.failed_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.open_report_button: QPushButton = self.buttons.addButton(
            self.tr("Open report"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder_button: QPushButton = self.buttons.addButton(
            self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.later_button: QPushButton = self.buttons.addButton(
            self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setDefault(True)
        self.open_report_button.clicked.connect(self.open_report)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(10)
        layout.addLayout(heading_row(self.badge, self.heading))
        for label in (self.saved_label, self.payments_label, self.path_label, self.failed_label):
            layout.addWidget(label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.setStyleSheet(NOTICE_STYLE)
        fit_height(self)
        self.later_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_report(self) -> None:
        """Open the report in the computer's text viewer, and put the notice away."""
        self._open(self.crash.path)

    def open_folder(self) -> None:
        """Show the log folder in the file manager, and put the notice away."""
        self._open(self.crash.path.parent)

    def _open(self, path: Path) -> None:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.accept()
            return
        # No viewer on this computer: the notice stays, with the path to find it by hand.
        self.failed_label.setText(
            self.tr("This computer could not open it. The report is at the path above.")
        )
        self.failed_label.show()
        fit_height(self)
