"""The plain dialog shown when an exception nobody caught has been written down
(`crash_hooks.py`): what happened in a sentence, why no payment was lost and what to check,
that the program keeps running, and where the report is, with a button that opens its folder.

Application-modal but shown with `show()` (no event loop of its own): it comes above any
question already open, takes the keyboard (Enter or Esc closes it) and holds nothing up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.ui.shell.main_window import STAYS_OVER_THE_LOCK
from kcp_pos.ui.widgets.status_look import PALETTES, Tone

_BAD = PALETTES[Tone.BAD]
BADGE_SIZE = 40
DIALOG_STYLE = f"""
QLabel#crashBadge {{ background: {_BAD.badge}; color: white; border-radius: {BADGE_SIZE // 2}px;
    font-size: 18pt; font-weight: 700; }}
QLabel#crashHeading {{ font-size: 13pt; font-weight: 700; color: {_BAD.text}; }}
QLabel#crashPayments {{ font-weight: 600; }}
QLabel#crashReportPath {{ font-family: monospace; color: #3E4C59; }}
QLabel#crashMore {{ color: {_BAD.text}; }}
"""


def heading_row(badge: QLabel, heading: QLabel) -> QHBoxLayout:
    """A round badge (its colour from the style sheet) before the heading."""
    badge.setFixedSize(BADGE_SIZE, BADGE_SIZE)
    badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
    row = QHBoxLayout()
    row.setSpacing(14)
    row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(heading, 1)
    return row


def fit_height(dialog: QDialog) -> None:
    """As tall as its wrapped words need at its width (a dialog's first size ignores that, and
    the spare height went between the paragraphs)."""
    dialog.ensurePolished()
    width = dialog.width() if dialog.isVisible() else dialog.minimumWidth()
    dialog.resize(
        width, max(dialog.height() if dialog.isVisible() else 0, dialog.heightForWidth(width))
    )


class CrashDialog(QDialog):
    """Says that `what` (an exception's kind) was not caught and where its report is (`report`,
    None when it could not be written; the log is in `log_dir` then)."""

    def __init__(
        self, report: Path | None, what: str, log_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("kcp-pos: something went wrong"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setProperty(STAYS_OVER_THE_LOCK, True)
        self.report = report
        self.folder = report.parent if report is not None else log_dir
        self.badge = self._label("crashBadge", "!")
        self.heading = self._label("crashHeading", self.tr("Something went wrong in kcp-pos."))
        self.what_label = self._label(
            "crashWhat",
            self.tr("An error the program did not expect (%1) stopped what it was doing.").replace(
                "%1", what
            ),
        )
        self.payments_label = self._label(
            "crashPayments",
            self.tr(
                "No payment was lost: every payment is written down before it is sent, and "
                "kcp-pos checks any unfinished payment when it starts again."
            ),
        )
        self.check_label = self._label(
            "crashCheck",
            self.tr(
                "If you were taking a payment just now, look it up on the Transactions page "
                "(Ctrl+3) before charging the card again."
            ),
        )
        self.running_label = self._label(
            "crashRunning",
            self.tr(
                "kcp-pos keeps running. If a screen stops answering, close kcp-pos and start "
                "it again."
            ),
        )
        self.report_label = self._label("crashReport", self._report_text())
        self.path_label = self._label("crashReportPath", str(report or log_dir))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more_label = self._label("crashMore", "")
        self.more_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.open_folder_button: QPushButton = self.buttons.addButton(
            self.tr("Open report folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button: QPushButton = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setDefault(True)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _report_text(self) -> str:
        if self.report is None:
            return self.tr(
                "The report could not be saved. What happened is in the log, in this folder:"
            )
        return self.tr("A report for your support contact was saved (it holds no card numbers):")

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(heading_row(self.badge, self.heading))
        layout.addWidget(self.what_label)
        layout.addSpacing(6)
        layout.addWidget(self.payments_label)
        layout.addWidget(self.check_label)
        layout.addWidget(self.running_label)
        layout.addSpacing(6)
        layout.addWidget(self.report_label)
        layout.addWidget(self.path_label)
        layout.addWidget(self.more_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.setStyleSheet(DIALOG_STYLE)
        fit_height(self)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_more_errors(self, count: int) -> None:
        """How many more exceptions were logged since (they get no dialog of their own)."""
        was_visible = self.more_label.isVisibleTo(self)
        self.more_label.setVisible(count > 0)
        self.more_label.setText(
            self.tr("Errors since this one, in the log only: %1").replace("%1", str(count))
        )
        if count > 0 and not was_visible:
            fit_height(self)

    def open_folder(self) -> None:
        """Show the report's folder in the file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
