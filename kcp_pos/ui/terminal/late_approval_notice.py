"""The loud notice of late approvals: charges the terminal reported as not charged (nothing was
found in time) that PortOne now reports paid (`services/late_approvals.py`). It says what to do
and stays until someone acknowledges it; the acknowledgement goes into the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kcp_pos.domain.language import Lang
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import Tone, tone_rules

if TYPE_CHECKING:
    from kcp_pos.services.late_approvals import LateApproval

NOTICE_STYLE = f"""
QFrame#lateApprovalNotice {{ border-radius: 8px; }}
{tone_rules("QFrame#lateApprovalNotice", title="QLabel#lateApprovalTitle")}
QLabel#lateApprovalTitle {{ font-weight: 700; font-size: 12pt; }}
"""


class LateApprovalNotice(QFrame):
    acknowledged = Signal(object)
    """The `LateApproval`s shown, once the clerk pressed Acknowledge."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang: Lang = lang
        self.setObjectName("lateApprovalNotice")
        self.setProperty("tone", Tone.BAD.value)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("lateApprovalTitle")
        self.title_label.setWordWrap(True)
        self.list_label = QLabel(self)
        self.list_label.setWordWrap(True)
        self.list_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label = QLabel(
            self.tr(
                "The customer was charged although the terminal said otherwise. Tell the "
                "customer, then refund the payment in the PortOne console or keep it; do not "
                "charge the order again."
            ),
            self,
        )
        self.advice_label.setWordWrap(True)
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge"), self)
        self.acknowledge_button.clicked.connect(self._acknowledge)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.acknowledge_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.list_label)
        layout.addWidget(self.advice_label)
        self.setStyleSheet(NOTICE_STYLE)
        self.shown: tuple[LateApproval, ...] = ()
        self.lines: list[str] = []
        self.hide()

    def show_late_approvals(self, late: Sequence[LateApproval]) -> None:
        """List `late` (nothing: hide)."""
        self.shown = tuple(late)
        if not late:
            self.hide()
            return
        self.title_label.setText(
            self.tr("%1 payment(s) reported as not charged were approved after all:").replace(
                "%1", str(len(late))
            )
        )
        self.lines = [self._line(one) for one in late]
        self.list_label.setText("\n".join(self.lines))
        self.setAccessibleName(self.title_label.text())
        self.show()

    def _line(self, late: LateApproval) -> str:
        parts = [krw(late.amount, self.lang)]
        if late.card:
            parts.append(late.card)
        parts.extend((late.merchant_uid, late.imp_uid))
        return " · ".join(parts)

    def _acknowledge(self) -> None:
        shown, self.shown = self.shown, ()
        self.hide()
        if shown:
            self.acknowledged.emit(shown)
