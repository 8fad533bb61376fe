"""Add a customer whose card is typed by the customer in KCP's card window, not by the clerk
(issue 10): the customer's name, phone and e-mail here, then the billing-key window. The
customer appears in the directory only once PortOne has the key
(`services/window_registration.py`); until then the dialog keeps checking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.attempt import is_success
from kcp_pos.domain.language import Language
from kcp_pos.domain.messages import message
from kcp_pos.services.check_schedule import FOLLOW_UP
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.ui.widgets.catalogue import translated

if TYPE_CHECKING:
    from kcp_pos.services.window_payment import WindowOrder
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Attempt
    from kcp_pos.ui.shell.screen_page import PageContext


class WindowCardDialog(QDialog):
    def __init__(self, context: PageContext, settings: Settings, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("windowCardDialog")
        self.setWindowTitle(self.tr("Register a card in the card window"))
        self._context = context
        self._settings = settings
        self._order: WindowOrder | None = None
        self._checks = 0
        self._window_said = ""
        self.saved_uid: str | None = None
        """The new customer's `customer_uid` once PortOne has the key."""
        self.window: Any = None
        self.name_edit = QLineEdit(self)
        self.tel_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        self.language = QComboBox(self)
        self.language.addItem("한국어", Language.KO.value)
        self.language.addItem("English", Language.EN.value)
        for field in (self.name_edit, self.tel_edit):
            field.returnPressed.connect(self.focusNextChild)
        self.email_edit.returnPressed.connect(self.open_window)  # the last field opens it
        self.open_button = QPushButton(self.tr("Open the card window"), self)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_window)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("windowCardStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # the window's own words
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Phone"), self.tel_edit)
        form.addRow(self.tr("E-mail"), self.email_edit)
        form.addRow(self.tr("Window language"), self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("The customer types the card in the window; the app never sees it."))
        )
        layout.addLayout(form)
        layout.addWidget(self.open_button)
        layout.addWidget(self.status_label)
        layout.addWidget(self.close_button)
        self._follow_up = QTimer(self)
        self._follow_up.setSingleShot(True)
        self._follow_up.timeout.connect(self.check_again)

    def open_window(self) -> None:
        from kcp_pos.services.card_registration import new_card_registration
        from kcp_pos.services.window_registration import open_billing_window

        if self._order is not None or self.window is not None:
            return
        if not self._context.training and not self._settings.merchant_code:
            self.status_label.setText(
                self.tr("Set the merchant code (imp…) in Settings to open the live card window.")
            )
            return
        context = self._context
        registration = new_card_registration(
            name=self.name_edit.text(), tel=self.tel_edit.text(), email=self.email_edit.text()
        )
        title = self.tr("Card registration")
        language = Language(self.language.currentData())
        self.open_button.setEnabled(False)
        context.runner.run(
            lambda _progress: open_billing_window(
                context.services,
                registration,
                title=title,
                operator=context.operator,
                language=language,
            ),
            self._show_window,
            self._not_opened,
            key="customers:window-card",
        )

    def _not_opened(self, error: Exception) -> None:
        self._order = None
        self.open_button.setEnabled(True)
        if isinstance(error, InvalidOrder):
            self.status_label.setText(" ".join(translated(message(p)) for p in error.problems))
            return
        self.status_label.setText(
            self.tr("The card window was not opened: %1").replace("%1", type(error).__name__)
        )

    def _show_window(self, order: WindowOrder) -> None:
        from kcp_pos.ui.cart.window_dialog import WindowBusy, payment_window

        self._order = order
        try:
            window = payment_window(
                training=self._context.training,
                api_base_url=self._context.services.client.base_url,
                merchant_code=self._settings.merchant_code,
                params=order.params.to_js(),
            )
        except WindowBusy:  # journalled, never shown: looked up like any other
            self._window_answered(None)
            return
        self.window = window
        window.answered.connect(self._window_answered, Qt.ConnectionType.SingleShotConnection)
        self.status_label.setText(self.tr("The card window is open."))
        window.open()

    def _window_answered(self, rsp: object) -> None:
        self.window = None
        said = rsp.get("error_msg") if isinstance(rsp, dict) else None
        self._window_said = said if isinstance(said, str) else ""
        self.check_again()

    def check_again(self) -> None:
        from kcp_pos.services.window_registration import settle_billing_window

        context, order = self._context, self._order
        if order is None:
            return
        self.status_label.setText(self.tr("Checking the card with PortOne…"))
        context.runner.run(
            lambda _progress: settle_billing_window(
                context.services, context.services.journal.get(order.attempt.id), context.operator
            ),
            self._show_settled,
            lambda _error: self._schedule_check(),
            key=f"order:{order.attempt.merchant_uid}",
        )

    def _show_settled(self, attempt: Attempt) -> None:
        if is_success(attempt.state):
            self.saved_uid = attempt.customer_uid
            self.status_label.setText(self.tr("The card is registered."))
            self.close_button.setText(self.tr("Done"))
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        if attempt.is_unresolved:
            text = self.tr("No card registered yet; the app keeps checking.")
            if self._window_said:
                text += " " + self.tr("The window said: %1").replace("%1", self._window_said)
            self.status_label.setText(text)
            self._schedule_check()
            return
        self.status_label.setText(self.tr("The card was not registered. You can try again."))
        self._order = None
        self.open_button.setEnabled(True)

    def _schedule_check(self) -> None:
        self._follow_up.start(int(FOLLOW_UP.delay_before(self._checks) * 1000))
        self._checks += 1
