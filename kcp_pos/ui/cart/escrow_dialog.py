"""Paid escrow orders and their shipments (issue 10): the list (those still to ship first), and
for the selected order either the shipment PortOne has or the form that registers it. KCP takes
one registration per order and no edit, so the form says so before it is sent."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.couriers import COURIERS
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.korea_time import kst_now, minute_text
from kcp_pos.domain.language import Lang
from kcp_pos.domain.messages import message
from kcp_pos.services.escrow_shipping import (
    Party,
    Refusal,
    ShipmentForm,
    ShipmentRefused,
    ShipmentUnknown,
    escrow_orders,
    read_shipment,
    register_shipment,
)
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.window_payment import (
    WindowResult,
    WindowSettlement,
    awaiting_deposit,
    check_window_order,
)
from kcp_pos.store import EscrowOrder
from kcp_pos.ui.cart.deposit_notice import ask_and_print, deposit_notice_html
from kcp_pos.ui.cart.settlement_text import settlement_text
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.korea_time_edit import korea_moment, korea_time_edit
from kcp_pos.ui.widgets.money_text import krw

if TYPE_CHECKING:
    from kcp_pos.iamport.models import EscrowLogis
    from kcp_pos.settings.model import Settings
    from kcp_pos.ui.shell.screen_page import PageContext

COLUMNS = 5


class View(StrEnum):
    TO_SHIP = "to_ship"
    PAID = "paid"
    AWAITING = "awaiting"


class EscrowDialog(QDialog):
    def __init__(
        self, context: PageContext, settings: Settings, lang: Lang, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("escrowDialog")
        self.setWindowTitle(self.tr("Escrow orders and shipping"))
        self.resize(1000, 640)
        self._context = context
        self._settings = settings
        self._lang = lang
        self._orders: list[EscrowOrder] = []
        self._shown_uid: str | None = None
        self.view = QComboBox(self)
        self.view.addItem(self.tr("Still to ship"), View.TO_SHIP.value)
        self.view.addItem(self.tr("All paid escrow orders"), View.PAID.value)
        self.view.addItem(self.tr("Awaiting deposit (virtual accounts)"), View.AWAITING.value)
        self.view.currentIndexChanged.connect(self.reload)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("escrowOrders")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Paid"), self.tr("Order"), self.tr("Buyer"), self.tr("Amount"),
             self.tr("Shipment")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the form
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.count_label = QLabel(self)
        self.shipped_label = QLabel(self)
        self.shipped_label.setObjectName("registeredShipment")
        self.shipped_label.setWordWrap(True)
        self.shipped_label.setTextFormat(Qt.TextFormat.PlainText)
        self.read_button = QPushButton(self.tr("Read from PortOne"), self)
        self.read_button.clicked.connect(self.read_selected)
        self.read_button.setAutoDefault(False)  # Enter in a field never reads by surprise
        self.form_box = self._form_box()
        self.deposit_button = QPushButton(self.tr("Check the deposit"), self)
        self.deposit_button.clicked.connect(self.check_deposit)
        self.deposit_button.setAutoDefault(False)
        self.print_button = QPushButton(self.tr("Print account details…"), self)
        self.print_button.clicked.connect(self.print_deposit_details)
        self.print_button.setAutoDefault(False)
        self.deposit_settlement: WindowSettlement | None = None
        self.status_label = QLabel(self)
        self.status_label.setObjectName("shipmentStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # PortOne's words
        right = QVBoxLayout()
        right.addWidget(self.shipped_label)
        right.addWidget(self.read_button)
        right.addWidget(self.deposit_button)
        right.addWidget(self.print_button)
        right.addWidget(self.form_box)
        right.addWidget(self.status_label)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.view)
        left.addWidget(self.table, 1)
        left.addWidget(self.count_label)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self._show_selected(None)
        self.reload()

    def _form_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Register the shipment"), self)
        form = QFormLayout(box)
        self.courier = QComboBox(box)
        self.courier.addItem(self.tr("Choose…"), "")
        for courier in COURIERS.values():
            self.courier.addItem(courier.name_in(self._lang), courier.code)
        self.invoice = QLineEdit(box)
        self.sent_at = korea_time_edit(box, kst_now())
        self.sender_name = QLineEdit(self._settings.merchant_name, box)
        self.sender_tel = QLineEdit(box)
        self.receiver_name = QLineEdit(box)
        self.receiver_tel = QLineEdit(box)
        self.receiver_addr = QLineEdit(box)
        self.receiver_postcode = QLineEdit(box)
        rows = (
            (self.tr("Courier"), self.courier),
            (self.tr("Tracking number"), self.invoice),
            (self.tr("Sent at (Korea time)"), self.sent_at),
            (self.tr("Sender"), self.sender_name),
            (self.tr("Sender's phone"), self.sender_tel),
            (self.tr("Receiver"), self.receiver_name),
            (self.tr("Receiver's phone"), self.receiver_tel),
            (self.tr("Receiver's address"), self.receiver_addr),
            (self.tr("Receiver's postcode"), self.receiver_postcode),
        )
        for text, field in rows:
            form.addRow(text, field)
            if isinstance(field, QLineEdit) and field is not self.receiver_postcode:
                field.returnPressed.connect(self.focusNextChild)
        self.receiver_postcode.returnPressed.connect(self.register_selected)
        form.addRow(
            QLabel(self.tr("KCP does not allow changing a shipment once it is registered."), box)
        )
        self.register_button = QPushButton(self.tr("Register shipment"), box)
        self.register_button.clicked.connect(self.register_selected)
        self.register_button.setAutoDefault(False)
        form.addRow(self.register_button)
        return box

    # ------------------------------------------------------------------ the list

    def current_view(self) -> View:
        return View(self.view.currentData())

    def reload(self) -> None:
        services, view = self._context.services, self.current_view()

        def load(_progress: object) -> list[EscrowOrder]:
            if view is View.AWAITING:
                return [EscrowOrder(payment, None) for payment in awaiting_deposit(services)]
            return escrow_orders(services, to_ship_only=view is View.TO_SHIP)

        self._context.runner.run(
            load,
            self._show_orders,
            lambda error: self.status_label.setText(type(error).__name__),
            key="cart:escrow-orders",
        )

    def _show_orders(self, orders: list[EscrowOrder]) -> None:
        wanted = self.selected_order()
        self._orders = orders
        self.table.setRowCount(len(orders))
        for row, order in enumerate(orders):
            payment = order.payment
            values = (
                minute_text(payment.paid_at or payment.started_at or payment.recorded_at),
                payment.name or payment.merchant_uid,
                payment.buyer_name or "",
                krw(payment.amount - payment.cancel_amount, self._lang),
                self._state_text(order),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.count_label.setText(self.tr("Orders: %1").replace("%1", str(len(orders))))
        uids = [order.payment.imp_uid for order in orders]
        if wanted is not None and wanted.payment.imp_uid in uids:
            self.table.selectRow(uids.index(wanted.payment.imp_uid))
        elif orders:
            if wanted is not None:  # the order just shipped left the list: keep its result
                self._shown_uid = orders[0].payment.imp_uid
            self.table.selectRow(0)
        # The same row may stay selected (no signal): show what it now is, in this view.
        self._show_selected(self.selected_order() if orders else None)

    def _state_text(self, order: EscrowOrder) -> str:
        if order.shipment is not None:
            return self._shipment_text(order.shipment.company, order.shipment.invoice)
        if self.current_view() is View.AWAITING:
            return self.tr("Awaiting deposit")
        return self.tr("Not shipped")

    def _shipment_text(self, company: str, invoice: str) -> str:
        courier = COURIERS.get(company)
        return f"{courier.name_in(self._lang) if courier else company} {invoice}"

    def selected_order(self) -> EscrowOrder | None:
        row = self.table.currentRow()
        return self._orders[row] if 0 <= row < len(self._orders) else None

    def _selected(self) -> None:
        self._show_selected(self.selected_order())

    def _show_selected(self, order: EscrowOrder | None) -> None:
        shipped = order is not None and order.shipment is not None
        awaiting = self.current_view() is View.AWAITING
        self.form_box.setVisible(order is not None and not shipped and not awaiting)
        self.read_button.setVisible(order is not None and not awaiting)
        self.deposit_button.setVisible(order is not None and awaiting)
        self.print_button.setVisible(False)
        shown = order.payment.imp_uid if order is not None else None
        if shown != self._shown_uid:  # another order: the last one's result no longer applies
            self.status_label.clear()
            self._shown_uid = shown
        if order is None:
            self.shipped_label.setText(self.tr("No escrow order selected."))
            return
        if awaiting:
            self.shipped_label.setText(
                self.tr("Awaiting the buyer's deposit. Check it to see the account details.")
            )
            return
        if order.shipment is not None:
            self.shipped_label.setText(
                self.tr("Shipped: %1, sent %2.")
                .replace("%1", self._shipment_text(order.shipment.company, order.shipment.invoice))
                .replace("%2", minute_text(order.shipment.sent_at))
            )
            return
        self.shipped_label.setText(self.tr("Not shipped yet."))
        self.receiver_name.setText(order.payment.buyer_name or "")
        self.receiver_tel.setText(order.payment.buyer_tel or "")

    # ------------------------------------------------------------------ actions

    def register_selected(self) -> None:
        order = self.selected_order()
        if order is None or order.shipment is not None:
            return
        form = ShipmentForm(
            imp_uid=order.payment.imp_uid,
            company=self.courier.currentData() or "",
            invoice=self.invoice.text(),
            sent_at=korea_moment(self.sent_at),
            sender=Party(name=self.sender_name.text(), tel=self.sender_tel.text()),
            receiver=Party(
                name=self.receiver_name.text(),
                tel=self.receiver_tel.text(),
                addr=self.receiver_addr.text(),
                postcode=self.receiver_postcode.text(),
            ),
        )
        context = self._context
        self.register_button.setEnabled(False)
        self.status_label.setText(self.tr("Registering the shipment…"))
        context.runner.run(
            lambda _progress: register_shipment(context.services, form, context.operator),
            lambda _shipment: self._registered(),
            self._not_registered,
            key=f"escrow:{order.payment.imp_uid}",
        )

    def _registered(self) -> None:
        self.register_button.setEnabled(True)
        self.invoice.clear()
        self._shown_uid = None  # the order leaves the list; its result stays on screen
        self.reload()
        self.status_label.setText(self.tr("The shipment is registered."))

    def _not_registered(self, error: Exception) -> None:
        self.register_button.setEnabled(True)
        self.status_label.setText(self.refusal_text(error))
        if isinstance(error, InvalidOrder):
            self._focus_first(error.problems)
        if isinstance(error, ShipmentRefused) and error.refusal is Refusal.ALREADY_REGISTERED:
            self.reload()

    def _focus_first(self, problems: tuple[InputError, ...]) -> None:
        """The first field the clerk must put right gets the keyboard."""
        fields = {
            InputError.COURIER_REQUIRED: self.courier,
            InputError.INVOICE_REQUIRED: self.invoice,
            InputError.INVOICE_FORMAT: self.invoice,
            InputError.SENT_AT_IN_FUTURE: self.sent_at,
            InputError.POSTCODE_FORMAT: self.receiver_postcode,
        }
        for problem in problems:
            if problem in fields:
                fields[problem].setFocus()
                return

    def refusal_text(self, error: Exception) -> str:
        if isinstance(error, InvalidOrder):
            return " ".join(translated(message(problem)) for problem in error.problems)
        if isinstance(error, ShipmentUnknown):
            return self.tr(
                "PortOne did not answer and shows no shipment yet. Use Read from PortOne in a "
                "minute before registering again."
            )
        if isinstance(error, ShipmentRefused):
            texts: dict[Refusal, str] = {
                Refusal.NOT_ESCROW: self.tr("This is not an escrow order."),
                Refusal.NOT_PAID: self.tr("Only paid orders can be shipped."),
                Refusal.NOT_COUNTED: self.tr(
                    "This order's payment is not counted as paid (see its alert); do not ship."
                ),
                Refusal.ALREADY_REGISTERED: self.tr(
                    "A shipment is already registered for this order; KCP allows no change."
                ),
                Refusal.REFUSED: self.tr("PortOne refused it: %1").replace("%1", error.message),
            }
            return texts[error.refusal]
        return self.tr("Not registered: %1").replace("%1", type(error).__name__)

    def read_selected(self) -> None:
        order = self.selected_order()
        if order is None:
            return
        context, imp_uid = self._context, order.payment.imp_uid
        self.status_label.setText(self.tr("Reading the shipment from PortOne…"))
        context.runner.run(
            lambda _progress: read_shipment(context.services, imp_uid, context.operator),
            self._read,
            lambda error: self.status_label.setText(type(error).__name__),
            key=f"escrow:{imp_uid}",
        )

    def _read(self, logis: EscrowLogis | None) -> None:
        if logis is None:
            self.status_label.setText(self.tr("PortOne has no shipment for this order."))
            return
        self.status_label.setText(
            self.tr("PortOne has: %1.").replace(
                "%1", self._shipment_text(logis.company, logis.invoice)
            )
        )
        self.reload()

    def check_deposit(self) -> None:
        order = self.selected_order()
        if order is None:
            return
        context, merchant_uid = self._context, order.payment.merchant_uid
        self.status_label.setText(self.tr("Checking the payment with PortOne…"))
        context.runner.run(
            lambda _progress: check_window_order(context.services, merchant_uid, context.operator),
            self._deposit_checked,
            lambda error: self.status_label.setText(type(error).__name__),
            key=f"order:{merchant_uid}",
        )

    def _deposit_checked(self, settlement: WindowSettlement | None) -> None:
        self.deposit_settlement = settlement
        self._shown_uid = None  # if the order leaves the list, what was found stays on screen
        if settlement is None:
            self.status_label.setText(self.tr("This order was not opened on this terminal."))
            return
        self.status_label.setText(settlement_text(settlement, self._lang))
        awaiting = settlement.result is WindowResult.AWAITING_DEPOSIT
        self.print_button.setVisible(awaiting and settlement.payment is not None)
        if not awaiting:
            self.reload()

    def deposit_notice(self) -> str | None:
        settlement = self.deposit_settlement
        if settlement is None or settlement.payment is None:
            return None
        return deposit_notice_html(
            settlement.payment,
            merchant=self._settings.merchant_name,
            lang=self._lang,
            training=self._context.training,
        )

    def print_deposit_details(self) -> None:
        html = self.deposit_notice()
        if html is not None:
            ask_and_print(html, self)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_F5:
            self.reload()
            return
        super().keyPressEvent(event)
