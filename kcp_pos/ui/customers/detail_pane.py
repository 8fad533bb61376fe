"""One customer's file beside the directory: who they are, their card, whether PortOne still has
the billing key, the scheduled charges on it (`schedules_section.py`) and the payments made with
it (`services/customer_file.py` reads them)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import korea_time, minute_text
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.ui.customers.directory_model import card_text
from kcp_pos.ui.customers.schedules_section import SchedulesSection
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import payment_look, tone_rules

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.services.customer_file import CustomerFile
    from kcp_pos.store import Customer


DETAIL_STYLE = f"""
QFrame#customerDetail {{ background: #FFFFFF; border: 1px solid #D9E2EC; border-radius: 8px; }}
QLabel#detailTitle {{ font-size: 15pt; font-weight: 700; color: #1F2933; }}
QLabel#keyState {{ border-radius: 6px; padding: 6px 10px; }}
{tone_rules("QLabel#keyState")}
"""


def _when(moment: datetime | None) -> str:
    return minute_text(moment) if moment else ""


class CustomerDetailPane(QFrame):
    """The selected customer: the directory's entry at once, PortOne's parts when they arrive."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerDetail")
        self._lang: Lang = lang
        self.name_label = QLabel(self)
        self.name_label.setObjectName("detailTitle")
        self.card_label = QLabel(self)
        self.tel_label = QLabel(self)
        self.email_label = QLabel(self)
        self.saved_label = QLabel(self)
        self.uid_label = QLabel(self)
        self.uid_label.setObjectName("note")
        self.key_label = QLabel(self)
        self.key_label.setWordWrap(True)
        self.key_label.setObjectName("keyState")
        self.schedules = SchedulesSection(lang, self)
        self.payments_title = QLabel(self.tr("Payments with this card"), self)
        self.payments = QTableWidget(0, 4, self)
        self.payments.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Order"), self.tr("Amount"), self.tr("Status")]
        )
        self.payments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments.verticalHeader().hide()
        header = self.payments.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the order name
        self.payments.setAccessibleName(self.tr("Payments with this card"))
        self.empty_label = QLabel(self.tr("Select a customer to see their card and payments."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.setStyleSheet(DETAIL_STYLE)
        self._layout()
        self.show_nothing()

    def _layout(self) -> None:
        self._body = QWidget(self)
        form = QFormLayout()
        form.addRow(self.tr("Card"), self.card_label)
        form.addRow(self.tr("Phone"), self.tel_label)
        form.addRow(self.tr("E-mail"), self.email_label)
        form.addRow(self.tr("Saved"), self.saved_label)
        form.addRow(self.tr("Billing key"), self.uid_label)
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.name_label)
        body.addLayout(form)
        body.addWidget(self.key_label)
        self._actions = QGridLayout()
        body.addLayout(self._actions)
        body.addWidget(self.schedules)
        body.addWidget(self.payments_title)
        body.addWidget(self.payments, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.empty_label)
        layout.addWidget(self._body, 1)
        layout.addStretch(0)

    def add_action(self, button: QWidget) -> None:
        """A button for the customer on screen. The first (charge again) has a row of its own,
        the others share rows two by two, so that none is cut off in a narrow pane."""
        count = self._actions.count()
        if count == 0:
            self._actions.addWidget(button, 0, 0, 1, 2)
        else:
            self._actions.addWidget(button, 1 + (count - 1) // 2, (count - 1) % 2)

    @property
    def customer_uid(self) -> str | None:
        return self.uid_label.text() or None

    def show_nothing(self) -> None:
        self.uid_label.clear()
        self.schedules.set_customer(None)
        self.empty_label.show()
        self._body.hide()

    def show_customer(self, customer: Customer) -> None:
        """The directory's entry, while PortOne is asked for the rest."""
        self.empty_label.hide()
        self._body.show()
        self.name_label.setText(customer.name or self.tr("(no name)"))
        self.card_label.setText(card_text(customer, self._lang))
        self.tel_label.setText(customer.tel or "")
        self.email_label.setText(customer.email or "")
        self.saved_label.setText(_when(customer.created_at))
        self.uid_label.setText(customer.customer_uid)
        if customer.key_missing_at is not None:
            self.key_label.setText(
                self.tr("The last check found this billing key gone from PortOne (%1).").replace(
                    "%1", _when(customer.key_missing_at)
                )
            )
            self.key_label.setProperty("tone", "bad")
        else:
            self.key_label.setText(self.tr("Checking the billing key with PortOne…"))
            self.key_label.setProperty("tone", "working")
        self.payments.setRowCount(0)
        self.schedules.set_customer(customer)

    def show_file(self, file: CustomerFile) -> None:
        """PortOne's answer for the customer on screen (ignored if another one is selected)."""
        if file.customer_uid != self.customer_uid:
            return
        self.key_label.setText(self._key_text(file))
        tone = {True: "good", False: "bad", None: "unsure"}[file.key_at_portone]
        self.key_label.setProperty("tone", tone)
        self.key_label.style().unpolish(self.key_label)
        self.key_label.style().polish(self.key_label)
        self.payments.setRowCount(len(file.payments))
        for row, payment in enumerate(file.payments):
            look = payment_look(
                LedgerStatus(payment.status),
                cancel_amount=payment.cancel_amount,
                amount=payment.amount,
            )
            cells = (
                _when(payment.paid_at or payment.failed_at or payment.started_at),
                payment.name or payment.merchant_uid,
                krw(payment.amount, self._lang),
                f"{look.icon} {look.words}",
            )
            for column, text in enumerate(cells):
                self.payments.setItem(row, column, QTableWidgetItem(text))

    def show_failure(self, customer_uid: str, kind: str) -> None:
        if customer_uid == self.customer_uid:
            self.key_label.setText(
                self.tr("Could not read this customer (%1).").replace("%1", kind)
            )
            self.key_label.setProperty("tone", "bad")

    def _key_text(self, file: CustomerFile) -> str:
        if file.key_at_portone is False:
            return self.tr(
                "PortOne no longer has this billing key: the card cannot be charged. "
                "Register the card again."
            )
        if file.key_at_portone is None:
            return self.tr(
                "PortOne could not be asked (%1); the card may still be charged."
            ).replace("%1", ", ".join(file.problems))
        key = file.billing_key
        updated = korea_time(key.updated or key.inserted) if key is not None else None
        since = updated.strftime("%Y-%m-%d %H:%M") if updated else ""
        return self.tr("Billing key active at PortOne (last changed %1).").replace("%1", since)
