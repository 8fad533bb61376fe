"""The notice above the terminal that lists the attempts a previous run left unresolved (the
start-up check, `services/recovery.py`) and how each turned out, until the clerk dismisses it.
It stays amber, and cannot be dismissed, while any of them is still being checked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kcp_pos.domain.language import Lang
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import Tone, attempt_look, tone_rules

if TYPE_CHECKING:  # the store (SQLAlchemy) loads on the runner, after the first paint
    from kcp_pos.store import Attempt

NOTICE_STYLE = f"""
QFrame#recoveryNotice {{ border-radius: 8px; }}
{tone_rules("QFrame#recoveryNotice", title="QLabel#recoveryTitle")}
QLabel#recoveryTitle {{ font-weight: 700; }}
"""


class RecoveryNotice(QFrame):
    """Attempts left unresolved by an earlier run: what each turned out to be (non-modal)."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang: Lang = lang
        self.setObjectName("recoveryNotice")
        self.title_label = QLabel(self)
        self.title_label.setObjectName("recoveryTitle")
        self.title_label.setWordWrap(True)
        self.list_label = QLabel(self)
        self.list_label.setWordWrap(True)
        self.list_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.list_label)
        self.setProperty("tone", Tone.UNSURE.value)
        self.setStyleSheet(NOTICE_STYLE)
        self.lines: list[str] = []
        self.hide()

    def show_attempts(self, attempts: Sequence[Attempt], still_checking: int) -> None:
        """List `attempts` with their state; the dismiss button only once nothing is unknown."""
        if not attempts:
            self.hide()
            return
        self.title_label.setText(
            self.tr("%1 payment(s) from the last session had no confirmed result:").replace(
                "%1", str(len(attempts))
            )
        )
        self.lines = [self._line(attempt) for attempt in attempts]
        self.list_label.setText("\n".join(self.lines))
        self.dismiss_button.setEnabled(still_checking == 0)
        self.dismiss_button.setToolTip(
            "" if still_checking == 0 else self.tr("Still checking; this clears when done.")
        )
        self.show()

    def _line(self, attempt: Attempt) -> str:
        look = attempt_look(attempt.state, not_found=attempt.not_found, kind=attempt.kind)
        parts = [look.words]
        if attempt.amount:
            parts.append(krw(attempt.amount, self.lang))
        if attempt.card_number:
            parts.append(mask_reported_card(attempt.card_number))
        parts.append(attempt.merchant_uid or attempt.customer_uid or "")
        return " · ".join(parts)
