"""The transactions page's filters: the dates (today, yesterday, this week, this month or a
custom range, in Korea time), the status, the pay method, escrow, an amount range, the
operator, and one search box for an approval number, an order id (`merchant_uid` or
`imp_uid`, or their start) or a card's last four digits.

Every change becomes a `PaymentFilter` (`changed`), typed text after a short pause (Enter
applies it at once). Input that cannot be a filter (letters in an amount, a lowest amount
above the highest, a custom range that ends before it starts) is said in words (`invalid`)
and the list keeps its last filter. `range_changed` tells when the dates changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Final

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.date_presets import DatePreset, day_range, preset_range
from kcp_pos.domain.korea_time import KST, kst_now
from kcp_pos.domain.text_input import is_ascii_digits
from kcp_pos.store.payment_query import InvalidFilter, ListedStatus, PaymentFilter

TYPING_PAUSE_MS: Final = 250
"""Typed text is applied after this pause (or at once with Enter)."""
AMOUNT_DIGITS_MAX: Final = 12
_AMOUNT_MARKS: Final = " ,₩원\u00a0"
PAY_METHODS: Final = ("card", "vbank", "trans", "phone")


class FilterBar(QWidget):
    """The filters above the transactions table."""

    changed = Signal(object)
    """A new `PaymentFilter`."""
    invalid = Signal(str)
    """Why the typed filter cannot be applied (in words)."""
    range_changed = Signal(object, object)
    """The dates changed: since and until (aware, Korea midnights)."""
    submitted = Signal()
    """Enter in a text field: the filter was applied (the page moves to the table)."""

    def __init__(
        self, parent: QWidget | None = None, *, now: Callable[[], datetime] = kst_now
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._applied: PaymentFilter | None = None
        self._range: tuple[datetime, datetime] | None = None
        self.preset_combo = QComboBox(self)
        self.preset_combo.setAccessibleName(self.tr("Dates"))
        for preset, words in (
            (DatePreset.TODAY, self.tr("Today")),
            (DatePreset.YESTERDAY, self.tr("Yesterday")),
            (DatePreset.THIS_WEEK, self.tr("This week")),
            (DatePreset.THIS_MONTH, self.tr("This month")),
            (DatePreset.CUSTOM, self.tr("Custom range")),
        ):
            self.preset_combo.addItem(words, preset)
        self.from_edit = self._date_edit(self.tr("First day"))
        self.to_edit = self._date_edit(self.tr("Last day"))
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(self.tr("Status"))
        self.status_combo.addItem(self.tr("All statuses"), None)
        from kcp_pos.ui.backoffice.payment_model import method_words, status_words

        for status in ListedStatus:  # by value: Qt keeps a str enum's member as a plain str
            self.status_combo.addItem(status_words(status), status.value)
        self.method_combo = QComboBox(self)
        self.method_combo.setAccessibleName(self.tr("Pay method"))
        self.method_combo.addItem(self.tr("All pay methods"), None)
        for method in PAY_METHODS:
            self.method_combo.addItem(method_words(method), method)
        self.escrow_combo = QComboBox(self)
        self.escrow_combo.setAccessibleName(self.tr("Escrow"))
        self.escrow_combo.addItem(self.tr("Escrow or not"), None)
        self.escrow_combo.addItem(self.tr("Escrow only"), True)
        self.escrow_combo.addItem(self.tr("Without escrow"), False)
        self.search_edit = self._line_edit(
            self.tr("Approval no., order ID or the card's last 4 digits"), self.tr("Search")
        )
        self.search_edit.setObjectName("paymentSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.amount_min_edit = self._line_edit(self.tr("Amount from"), self.tr("Lowest amount"))
        self.amount_max_edit = self._line_edit(self.tr("Amount to"), self.tr("Highest amount"))
        self.operator_edit = self._line_edit(self.tr("Operator"), self.tr("Operator"))
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._layout()
        self._wire()
        self._show_preset_days()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        return edit

    def _line_edit(self, placeholder: str, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.installEventFilter(self)
        return edit

    def _layout(self) -> None:
        first = QHBoxLayout()
        first.addWidget(self.preset_combo)
        first.addWidget(self.from_edit)
        first.addWidget(QLabel("–", self))
        first.addWidget(self.to_edit)
        first.addStretch(1)
        # The choices have a row of their own: beside the dates they were cut to "All sta…".
        choices = QHBoxLayout()
        choices.addWidget(self.status_combo)
        choices.addWidget(self.method_combo)
        choices.addWidget(self.escrow_combo)
        choices.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.search_edit, 3)
        second.addWidget(self.amount_min_edit, 1)
        second.addWidget(QLabel("–", self))
        second.addWidget(self.amount_max_edit, 1)
        second.addWidget(self.operator_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(choices)
        layout.addLayout(second)
        order = (
            self.preset_combo,
            self.from_edit,
            self.to_edit,
            self.status_combo,
            self.method_combo,
            self.escrow_combo,
            self.search_edit,
            self.amount_min_edit,
            self.amount_max_edit,
            self.operator_edit,
        )
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _wire(self) -> None:
        self.preset_combo.currentIndexChanged.connect(self._preset_chosen)
        for date_edit in (self.from_edit, self.to_edit):
            date_edit.dateChanged.connect(lambda _day: self.apply())
        for combo in (self.status_combo, self.method_combo, self.escrow_combo):
            combo.currentIndexChanged.connect(lambda _index: self.apply())
        for edit in self._text_edits():
            edit.textEdited.connect(lambda _text: self._typing.start())
        self._typing.timeout.connect(self.apply)

    def _text_edits(self) -> tuple[QLineEdit, ...]:
        return (self.search_edit, self.amount_min_edit, self.amount_max_edit, self.operator_edit)

    # --- reading the filter -------------------------------------------------------------------

    @property
    def preset(self) -> DatePreset:
        chosen = self.preset_combo.currentData()
        return chosen if isinstance(chosen, DatePreset) else DatePreset.TODAY

    def choose_preset(self, preset: DatePreset) -> None:
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(preset))

    def date_range(self) -> tuple[datetime, datetime] | None:
        """The chosen dates (None: a custom range that ends before it starts)."""
        if self.preset is not DatePreset.CUSTOM:
            return preset_range(self.preset, self._now())
        first, last = _day(self.from_edit), _day(self.to_edit)
        return None if last < first else day_range(first, last)

    def current_filter(self) -> PaymentFilter | str:
        """The filter as the fields show it, or why it cannot be one."""
        dates = self.date_range()
        if dates is None:
            return self.tr("The last day is before the first.")
        try:
            low = _amount(self.amount_min_edit.text())
            high = _amount(self.amount_max_edit.text())
        except ValueError:
            return self.tr("An amount is whole won in digits, like 50,000.")
        status = self.status_combo.currentData()
        statuses = frozenset({ListedStatus(status)}) if status else frozenset()
        try:
            return PaymentFilter(
                since=dates[0],
                until=dates[1],
                statuses=statuses,
                amount_min=low,
                amount_max=high,
                operator=self.operator_edit.text().strip() or None,
                pay_method=self.method_combo.currentData(),
                escrow=self.escrow_combo.currentData(),
                text=self.search_edit.text(),
            )
        except InvalidFilter:
            if low is not None and high is not None and low > high:
                return self.tr("The lowest amount is above the highest.")
            return self.tr("The search is too long: at most 40 characters.")

    def apply(self) -> None:
        """Tell the filter as it stands now (or why it cannot be applied)."""
        self._typing.stop()
        chosen = self.current_filter()
        if isinstance(chosen, str):
            self.invalid.emit(chosen)
            return
        if chosen == self._applied:
            return
        self._applied = chosen
        dates = (chosen.since, chosen.until)
        if dates != self._range and chosen.since is not None and chosen.until is not None:
            self._range = (chosen.since, chosen.until)
            self.range_changed.emit(chosen.since, chosen.until)
        self.changed.emit(chosen)

    def _preset_chosen(self) -> None:
        custom = self.preset is DatePreset.CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            self._show_preset_days()
        self.apply()
        if custom:
            self.from_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_preset_days(self) -> None:
        """The date fields show the preset's days (the start of a custom range)."""
        since, until = preset_range(self.preset, self._now())
        for edit, moment in ((self.from_edit, since), (self.to_edit, until - timedelta(days=1))):
            day = moment.astimezone(KST).date()
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    # --- keyboard --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched in self._text_edits()
        ):
            self.apply()
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)


def _day(edit: QDateEdit) -> date:
    shown = edit.date()
    return date(shown.year(), shown.month(), shown.day())


def _amount(text: str) -> int | None:
    """Whole won as typed (`50,000`, `₩50000`, `50000원`), None when blank; ValueError when it
    is not an amount (`5만`, `1.5`)."""
    digits = "".join(ch for ch in text if ch not in _AMOUNT_MARKS)
    if not digits:
        return None
    if not is_ascii_digits(digits) or len(digits) > AMOUNT_DIGITS_MAX:
        raise ValueError("not whole won")
    return int(digits)
