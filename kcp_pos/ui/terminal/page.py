"""The terminal's page: the keyed-entry screen behind the first navigation entry.

It is on screen before the rest of the app: the page is built with the main window, showing the
form's first group (`OrderBox`, with the focused amount field). Right after the first paint,
`complete` builds the rest (`TerminalView` adopts the order box, so what was typed stays) and the
`TerminalController`; `attach` starts taking orders once the services are ready. When the clerk
leaves the page (`leaving`), the controller clears card data from the widgets.

Once today (Korea time) is closed (마감), a line above the form says so: what is charged now shows
on the close slip as an adjustment. It is checked when the page is attached or entered,
whenever a payment or a close is committed, and just after midnight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kcp_pos.ui.shell.placeholder_page import page_title
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from kcp_pos.ui.terminal.order_box import OrderBox

if TYPE_CHECKING:
    from datetime import date

    from kcp_pos.domain.language import Lang
    from kcp_pos.settings.model import Settings
    from kcp_pos.store.topics import StoreTopic
    from kcp_pos.ui.shell.runner import BackgroundRunner
    from kcp_pos.ui.terminal.controller import TerminalController

TERMINAL_MODULES = ("kcp_pos.ui.terminal.view", "kcp_pos.ui.terminal.controller")
"""What `complete` needs: imported in an event-loop turn of their own (see app.py)."""


class TerminalPage(ScreenPage):
    """The keyed-entry terminal: the form slot, and the backend state until it is ready."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = page_title(self.tr("Terminal"), self)
        self.backend_label = QLabel(self)
        self.backend_label.setObjectName("backendState")
        self.backend_label.setWordWrap(True)
        self.closed_day_label = QLabel(self)
        self.closed_day_label.setObjectName("closedDayNotice")
        self.closed_day_label.setWordWrap(True)
        self.closed_day_label.hide()
        self._context: PageContext | None = None
        self.entered.connect(self._check_closed_day)
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._check_closed_day)
        self.controller: TerminalController | None = None
        """Built right after the first paint (`complete`)."""
        self._backend_ready = False
        self._entry_form: QWidget | None = None
        self._entry_area = QFrame(self)
        self._entry_area.setObjectName("entryArea")
        self._entry_layout = QVBoxLayout(self._entry_area)
        self._entry_layout.setContentsMargins(0, 0, 0, 0)
        self.order_box = OrderBox(self._entry_area)
        """The amount field, on screen before the rest of the form exists (see `OrderBox`)."""
        self._entry_layout.addWidget(self.order_box)
        self._entry_layout.addStretch(1)
        self._shown_before = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.backend_label)
        layout.addWidget(self.closed_day_label)
        layout.addWidget(self._entry_area, 1)
        self.set_backend_state(False, self.tr("Starting the training server…"))

    def complete(self, runner: BackgroundRunner, settings: Settings, lang: Lang) -> None:
        """Build the rest of the screen around the amount field, and its controller."""
        from kcp_pos.domain.korea_time import kst_today
        from kcp_pos.ui.terminal.controller import TerminalController
        from kcp_pos.ui.terminal.view import TerminalView

        view = TerminalView(
            lang=lang,
            today=kst_today,
            pwd_required=settings.pwd_2digit_required,
            order_box=self.order_box,
        )
        self.set_entry_form(view)
        controller = TerminalController(view, runner, settings, parent=self)
        self.leaving.connect(controller.leave)
        self.controller = controller

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_before and self._entry_form is None:
            self._shown_before = True  # the clerk starts with the amount
            self.order_box.amount_edit.setFocus()

    @property
    def entry_form(self) -> QWidget | None:
        """The keyed-entry form once set."""
        return self._entry_form

    @property
    def backend_ready(self) -> bool:
        """True once requests can be sent (sandbox started or live credentials loaded)."""
        return self._backend_ready

    def set_entry_form(self, form: QWidget) -> None:
        """Put the keyed-entry form into the page (replacing the placeholder or an earlier form)."""
        if self._entry_form is not None:
            self._entry_layout.removeWidget(self._entry_form)
            self._entry_form.deleteLater()
        else:
            # The order box (adopted by the form, or no longer needed) and the stretch go: the
            # form gets all the room.
            while self._entry_layout.count():
                self._entry_layout.takeAt(0)
            if self.order_box.parent() is self._entry_area:
                self.order_box.hide()
        form.setParent(self._entry_area)
        self._entry_layout.addWidget(form)
        form.show()
        self._entry_form = form

    # --- ScreenPage -------------------------------------------------------------------------

    def set_backend_state(self, ready: bool, message: str) -> None:
        """Show whether the API is reachable yet; an empty `message` hides the line."""
        self._backend_ready = ready
        self.backend_label.setText(message)
        self.backend_label.setVisible(bool(message))

    def attach(self, context: PageContext) -> None:
        self._context = context
        self._check_closed_day()
        if self.controller is not None:
            self.controller.attach(
                context.services,
                context.leftover_attempt_ids,
                training=context.training,
                operator=lambda: context.operator,
            )

    def apply_settings(self, settings: Settings) -> None:
        if self.controller is not None:
            self.controller.update_settings(settings)

    def data_changed(self, topics: frozenset[StoreTopic]) -> None:
        from kcp_pos.store.topics import StoreTopic  # the store loads after the first paint

        if topics & {StoreTopic.DAY_CLOSES, StoreTopic.LEDGER}:
            self._check_closed_day()

    def close_warning(self) -> str | None:
        return self.controller.close_warning() if self.controller is not None else None

    # --- a closed day -----------------------------------------------------------------------

    def _check_closed_day(self) -> None:
        from kcp_pos.domain.korea_time import kst_today
        from kcp_pos.services.day_close import day_key

        if self._context is None:
            return
        today = kst_today()
        day_closes = self._context.services.day_closes
        self._context.runner.run(
            lambda _progress: day_closes.get(day_key(today)) is not None,
            lambda closed: self._show_closed_day(today, closed),
            lambda _error: None,  # only a notice: the next payment or visit asks again
            key="terminal:closed-day",
        )

    def _show_closed_day(self, day: date, closed: bool) -> None:
        text = self.tr(
            "Today (%1) is closed. Payments taken now are shown on the close slip as adjustments."
        )
        shown = QDate(day.year, day.month, day.day).toString("M/d")
        self.closed_day_label.setText(text.replace("%1", shown))
        self.closed_day_label.setVisible(closed)
        self._midnight.start(_ms_to_next_day())  # a new day is not closed: look again then


def _ms_to_next_day() -> int:
    """Milliseconds to a second after the next Korea-time midnight."""
    from datetime import datetime, time, timedelta

    from kcp_pos.domain.korea_time import KST, kst_now

    now = kst_now()
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=KST)
    return int((midnight - now).total_seconds() * 1000) + 1000
