"""The terminal screen's layout: the recovery notice, the entry form and the outcome panel.

Everything scrolls together in one scroll area so the screen stays usable in a 1280×720 window
and at 200% scaling. Wide: the form's two columns with the outcome panel beside them. Medium:
the outcome panel under the form. Narrow: one column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.language import Lang
from kcp_pos.ui.terminal.entry_form import EntryForm
from kcp_pos.ui.terminal.late_approval_notice import LateApprovalNotice
from kcp_pos.ui.terminal.order_box import OrderBox
from kcp_pos.ui.terminal.recovery_notice import RecoveryNotice
from kcp_pos.ui.widgets.outcome_panel import OutcomePanel

WIDE_MIN_WIDTH = 940
"""From this width the outcome panel sits beside the form (the default 1200 px window gives the
view about 956 px, so it opens side by side)."""
MEDIUM_MIN_WIDTH = 620
"""From this width the form keeps its two columns."""


class TerminalView(QWidget):
    """The widgets of the terminal screen; behaviour lives in `TerminalController`."""

    def __init__(
        self,
        *,
        lang: Lang,
        today: Callable[[], date],
        pwd_required: bool,
        order_box: OrderBox | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("terminalView")
        self.lang: Lang = lang
        self.recovery_notice = RecoveryNotice(lang, self)
        self.late_approval_notice = LateApprovalNotice(lang, self)
        self.form = EntryForm(
            lang=lang, today=today, pwd_required=pwd_required, order_box=order_box
        )
        self.outcome_panel = OutcomePanel(lang)
        self.outcome_panel.setMinimumWidth(300)

        self.content = QWidget()
        self.content.setObjectName("terminalContent")
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.content)
        self.columns.setContentsMargins(0, 0, 8, 0)
        self.columns.setSpacing(16)
        self.columns.addWidget(self.form, 3)
        self.columns.addWidget(self.outcome_panel, 2)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("terminalScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.late_approval_notice)
        layout.addWidget(self.recovery_notice)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.form.actions_box)
        self.form.apply_tab_order()
        self.form.install_shortcuts(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._keep_focus_visible)
        self._width_class = ""
        self._shown_before = False
        self._arrange(self.width())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_before:  # a new terminal starts in the amount field
            self._shown_before = True
            self.form.focus_first_field()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        if width >= WIDE_MIN_WIDTH:
            width_class = "wide"
        elif width >= MEDIUM_MIN_WIDTH:
            width_class = "medium"
        else:
            width_class = "narrow"
        if width_class == self._width_class:
            return
        self._width_class = width_class
        self.columns.setDirection(
            QBoxLayout.Direction.LeftToRight
            if width_class == "wide"
            else QBoxLayout.Direction.TopToBottom
        )
        self.form.set_columns(2 if width_class != "narrow" else 1)

    def _keep_focus_visible(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Enter moves focus without Tab's scrolling; keep the focused input in view."""
        if new is not None and self.content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new, 16, 16)

    def reveal_outcome(self) -> None:
        """Scroll so the outcome panel is in view (it may be below the form when narrow)."""
        self.scroll_area.ensureWidgetVisible(self.outcome_panel, 0, 0)
