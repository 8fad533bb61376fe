"""The cart (issue 10): product lines from the catalogue or typed, the totals with VAT and the
tax-free part, the buyer, the window's options, and "Open the payment window".

Everything is reachable from the keyboard: the search box (Enter adds the first match), the
line fields (Enter moves on; Enter in the price adds the line), Delete removes the selected
line and +/- change its quantity, Ctrl+Enter opens the window. The order is journalled and its
amount registered (`services/window_payment.open_window_order`) before the window opens; when
the window answers or is closed, the order is looked up, never taken from the window's word,
and looked up again on `check_schedule.FOLLOW_UP` while unsettled.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.card_issuers import ISSUERS
from kcp_pos.domain.cart import Cart, CartLine, LineProblems, parse_cart_line
from kcp_pos.domain.language import Lang, Language
from kcp_pos.domain.messages import message
from kcp_pos.iamport.window import GIFT_CERTIFICATES, WindowPayMethod
from kcp_pos.services.check_schedule import FOLLOW_UP
from kcp_pos.services.window_order import WindowBuyer, WindowOptions, shop_user_id_of
from kcp_pos.services.window_payment import WindowResult, open_window_order, settle_window_order
from kcp_pos.ui.cart.settlement_text import settlement_text
from kcp_pos.ui.shell.placeholder_page import page_title
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.questions import ask_yes_no

if TYPE_CHECKING:
    from kcp_pos.iamport.models import Payment
    from kcp_pos.services.window_payment import WindowOrder, WindowSettlement
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Product

log = logging.getLogger(__name__)
COLUMNS = 5
NAME, QUANTITY, PRICE, TOTAL, TAX_FREE = range(COLUMNS)


class CartTable(QTableWidget):
    """The lines; Delete removes the selected one, + and - change its quantity, Enter (or F2)
    brings it back into the line fields to be changed."""

    def __init__(self, page: CartPage) -> None:
        super().__init__(0, COLUMNS, page)
        self._page = page
        self.setObjectName("cartLines")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (QUANTITY, PRICE, TOTAL, TAX_FREE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setVisible(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentRow()
        if row >= 0 and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._page.remove_line(row)
        elif row >= 0 and event.key() == Qt.Key.Key_Plus:
            self._page.change_quantity(row, +1)
        elif row >= 0 and event.key() == Qt.Key.Key_Minus:
            self._page.change_quantity(row, -1)
        elif row >= 0 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self._page.edit_line(row)
        else:
            super().keyPressEvent(event)


class MatchList(QListWidget):
    """The catalogue's matches: Enter adds one to the cart, Delete removes it from the products."""

    remove_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if item is not None and event.key() == Qt.Key.Key_Delete:
            self.remove_requested.emit(item.data(Qt.ItemDataRole.UserRole))
            return
        super().keyPressEvent(event)


class CartPage(ScreenPage):
    def __init__(self, lang: Lang, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cartPage")
        self._lang = lang
        self._settings = settings
        self._context: PageContext | None = None
        self._ready = False
        self._lines: list[CartLine] = []
        self._editing: int | None = None
        """The row the line fields are changing (None: they add a new line)."""
        self._matches: list[Product] = []
        self._order: WindowOrder | None = None
        """The window order on screen, followed until it is settled."""
        self._result: WindowResult | None = None
        self._busy = False
        """An order is being confirmed or registered (its window not open yet)."""
        self._checks = 0
        self.dialog: Any = None
        """The payment window while it is open (`PaymentWindowDialog`)."""
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("productSearch")
        self.search.setPlaceholderText(self.tr("Search products (Enter adds the first)"))
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._add_first_match)
        self.match_list = MatchList(self)
        self.match_list.setObjectName("productMatches")
        self.match_list.setMaximumHeight(120)
        self.match_list.hide()  # shown while a search has matches
        self.match_list.itemActivated.connect(self._add_match)
        self.match_list.remove_requested.connect(self.remove_product)
        to_matches = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search)
        to_matches.setContext(Qt.ShortcutContext.WidgetShortcut)
        to_matches.activated.connect(self._to_matches)
        self.line_name = QLineEdit(self)
        self.line_quantity = QLineEdit("1", self)
        self.line_price = QLineEdit(self)
        self.line_tax_free = QCheckBox(self.tr("Tax free"), self)
        for field in (self.line_name, self.line_quantity):
            field.returnPressed.connect(self.focusNextChild)
        self.line_price.returnPressed.connect(self.add_typed_line)
        self.add_button = QPushButton(self.tr("Add line"), self)
        self.add_button.clicked.connect(self.add_typed_line)
        self.save_product_button = QPushButton(self.tr("Save to products"), self)
        self.save_product_button.clicked.connect(self.save_typed_product)
        self.line_message = QLabel(self)
        self.line_message.setTextFormat(Qt.TextFormat.PlainText)
        self.line_message.setWordWrap(True)
        self.line_message.setObjectName("lineMessage")
        self.table = CartTable(self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Qty"), self.tr("Unit price"), self.tr("Amount"),
             self.tr("Tax free")]
        )  # fmt: skip
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("cartTotals")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(page_title(self.tr("Cart"), self))
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.match_list)
        left.addWidget(self._line_box())
        left.addWidget(self.table, 1)
        left.addWidget(self.totals_label)
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        fields = QWidget(self)
        field_column = QVBoxLayout(fields)
        field_column.setContentsMargins(0, 0, 0, 0)
        field_column.addWidget(self._buyer_box())
        field_column.addWidget(self._options_box())
        field_column.addStretch(1)
        scroll = QScrollArea(self)  # never squeezed: the fields scroll on a small screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(fields)
        right.addWidget(scroll, 1)
        self.pay_button = QPushButton(self.tr("Open the payment window (Ctrl+Enter)"), self)
        self.pay_button.setObjectName("openWindow")
        self.pay_button.clicked.connect(self.open_window)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("windowResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # PortOne's words, names
        self.check_button = QPushButton(self.tr("Check again"), self)
        self.check_button.clicked.connect(self.check_again)
        self.check_button.hide()
        self.new_order_button = QPushButton(self.tr("New order…"), self)
        self.new_order_button.clicked.connect(self.new_order)
        self.new_order_button.hide()
        self.print_deposit_button = QPushButton(self.tr("Print account details…"), self)
        self.print_deposit_button.clicked.connect(self.print_deposit_details)
        self.print_deposit_button.hide()
        self.deposit_payment: Payment | None = None
        """The virtual account shown, while it awaits its deposit."""
        self.escrow_button = QPushButton(
            self.tr("Escrow orders and shipping… (Ctrl+Shift+E)"), self
        )
        self.escrow_button.clicked.connect(self.open_escrow_orders)
        self.escrow_button.setEnabled(False)
        self.escrow_dialog: QDialog | None = None
        right.addWidget(self.escrow_button)
        right.addWidget(self.pay_button)
        right.addWidget(self.result_label)
        right.addWidget(self.check_button)
        right.addWidget(self.new_order_button)
        right.addWidget(self.print_deposit_button)
        columns.addLayout(right, 2)
        layout.addLayout(columns, 1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.open_window)
        QShortcut(QKeySequence("Ctrl+Shift+E"), self).activated.connect(self.open_escrow_orders)
        QShortcut(QKeySequence("Ctrl+B"), self).activated.connect(self.choose_buyer)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)
        self.entered.connect(self.search.setFocus)
        self._follow_up = QTimer(self)
        self._follow_up.setSingleShot(True)
        self._follow_up.timeout.connect(self.check_again)
        self._show_lines()

    def _line_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Line"), self)
        grid = QGridLayout(box)
        labels = (self.tr("Product"), self.tr("Qty"), self.tr("Unit price"))
        for column, (text, field) in enumerate(
            zip(labels, (self.line_name, self.line_quantity, self.line_price), strict=True)
        ):
            label = QLabel(text, box)
            label.setBuddy(field)
            grid.addWidget(label, 0, column)
            grid.addWidget(field, 1, column)
        grid.addWidget(self.line_tax_free, 1, 3)
        grid.addWidget(self.add_button, 1, 4)
        grid.addWidget(self.save_product_button, 1, 5)
        grid.addWidget(self.line_message, 2, 0, 1, 6)
        grid.setColumnStretch(0, 3)  # product names are the longest
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        return box

    def _buyer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Buyer"), self)
        form = QFormLayout(box)
        self.buyer_name = QLineEdit(box)
        self.buyer_tel = QLineEdit(box)
        self.buyer_email = QLineEdit(box)
        self.buyer_addr = QLineEdit(box)
        self.buyer_postcode = QLineEdit(box)
        self.choose_buyer_button = QPushButton(self.tr("From customers… (Ctrl+B)"), box)
        self.choose_buyer_button.clicked.connect(self.choose_buyer)
        form.addRow(self.choose_buyer_button)
        for field in (self.buyer_name, self.buyer_tel, self.buyer_email, self.buyer_addr,
                      self.buyer_postcode):  # fmt: skip
            field.returnPressed.connect(self.focusNextChild)
        form.addRow(self.tr("Name"), self.buyer_name)
        form.addRow(self.tr("Phone"), self.buyer_tel)
        form.addRow(self.tr("E-mail"), self.buyer_email)
        form.addRow(self.tr("Address"), self.buyer_addr)
        form.addRow(self.tr("Postcode"), self.buyer_postcode)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Payment window"), self)
        form = QFormLayout(box)
        self.escrow = QCheckBox(self.tr("Escrow (sends the product list)"), box)
        self.escrow.toggled.connect(self._fill_pay_methods)
        self.pay_method = QComboBox(box)
        self.months = QLineEdit(box)
        self.months.setPlaceholderText(self.tr("e.g. 2,3,6 · 0 lump sum only · empty: any"))
        self.direct_card = QComboBox(box)
        self.only_cards = QListWidget(box)
        self.only_cards.setObjectName("onlyCards")
        self.only_cards.setMaximumHeight(96)
        self._fill_card_companies([(code, issuer.name_ko) for code, issuer in ISSUERS.items()])
        self.app_card = QCheckBox(self.tr("App cards only"), box)
        self.window_language = QComboBox(box)
        self.window_language.addItem("한국어", Language.KO)
        self.window_language.addItem("English", Language.EN)
        self.shop_user_id = QLineEdit(box)
        form.addRow(self.escrow)
        form.addRow(self.tr("Pay method"), self.pay_method)
        form.addRow(self.tr("Installment months"), self.months)
        form.addRow(self.tr("Card company"), self.direct_card)
        form.addRow(self.tr("Offer only (none ticked: all)"), self.only_cards)
        form.addRow(self.app_card)
        form.addRow(self.tr("Window language"), self.window_language)
        form.addRow(self.tr("Gift site user ID"), self.shop_user_id)
        self._options_form = form
        self._fill_pay_methods()
        return box

    def _fill_card_companies(self, companies: list[tuple[str, str]]) -> None:
        """The card companies the window can be limited to: PortOne's `GET /cards` once the
        backend answers (the app's own table until then). What was chosen stays chosen."""
        ticked = set(self.ticked_cards()) if self.only_cards.count() else set()
        direct = self.direct_card.currentData()
        self.direct_card.clear()
        self.direct_card.addItem(self.tr("Let the buyer choose"), None)
        self.only_cards.clear()
        for code, name in companies:
            known = ISSUERS.get(code)
            shown = known.name_in(self._lang) if known is not None else name
            self.direct_card.addItem(shown, code)
            item = QListWidgetItem(shown, self.only_cards)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked
            item.setCheckState(checked)
        self.direct_card.setCurrentIndex(max(self.direct_card.findData(direct), 0))

    def _fill_pay_methods(self) -> None:
        names = {
            WindowPayMethod.CARD: self.tr("Card"),
            WindowPayMethod.TRANS: self.tr("Bank transfer"),
            WindowPayMethod.VBANK: self.tr("Virtual account"),
        }
        methods = [WindowPayMethod.CARD]
        if self.escrow.isChecked():
            methods += [WindowPayMethod.TRANS, WindowPayMethod.VBANK]
        if self._settings.gift_site_code:
            methods += sorted(GIFT_CERTIFICATES)
        # Gift certificates (and the buyer's ID at the gift site) only when the shop takes them.
        self._options_form.setRowVisible(self.shop_user_id, bool(self._settings.gift_site_code))
        current = self.pay_method.currentData()
        self.pay_method.clear()
        for method in methods:
            self.pay_method.addItem(names.get(method, method.value), method)
        index = self.pay_method.findData(current)
        self.pay_method.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------------ page life

    def attach(self, context: PageContext) -> None:
        self._context = context
        self.escrow_button.setEnabled(True)
        client = context.services.client
        context.runner.run(
            lambda _progress: [(card.code, card.name) for card in client.card_codes()],
            self._fill_card_companies,
            lambda _error: None,  # the app's own table stays
            key="cart:cards",
        )

    def choose_buyer(self) -> None:
        """Take the buyer (and the gift site ID) from a customer in the directory."""
        if self._context is None:
            return
        from kcp_pos.ui.cart.customer_picker import CustomerPicker

        picker = CustomerPicker(self._context, self)
        picker.finished.connect(lambda _result: self._buyer_chosen(picker))
        picker.open()
        picker.search.setFocus()

    def _buyer_chosen(self, picker: QDialog) -> None:
        chosen = getattr(picker, "chosen", None)
        picker.deleteLater()
        if chosen is None:
            return
        self.buyer_name.setText(chosen.name or "")
        self.buyer_tel.setText(chosen.tel or "")
        self.buyer_email.setText(chosen.email or "")
        self.shop_user_id.setText(shop_user_id_of(chosen.customer_uid))
        self.buyer_addr.setFocus()

    def open_escrow_orders(self) -> None:
        """The paid escrow orders and their shipments."""
        if self._context is None or self.escrow_dialog is not None:
            return
        from kcp_pos.ui.cart.escrow_dialog import EscrowDialog

        dialog = EscrowDialog(self._context, self._settings, self._lang, self)
        dialog.finished.connect(lambda _result: self._escrow_closed(dialog))
        self.escrow_dialog = dialog
        dialog.open()
        dialog.table.setFocus()

    def _escrow_closed(self, dialog: QDialog) -> None:
        if self.escrow_dialog is dialog:
            self.escrow_dialog = None
        dialog.deleteLater()

    def set_backend_state(self, ready: bool, message_text: str) -> None:
        self._ready = ready
        self.pay_button.setEnabled(ready and not self._unconfirmed() and not self._busy)
        if not ready and message_text:
            self.result_label.setText(message_text)

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self._fill_pay_methods()

    def close_warning(self) -> str | None:
        if self.dialog is not None:
            return self.tr("The payment window is open.")
        if self._unconfirmed():
            return self.tr(
                "A window payment is still being checked; the next start checks it again."
            )
        return None

    # ------------------------------------------------------------------ lines

    def _search_changed(self, text: str) -> None:
        if self._context is None:
            return
        products = self._context.services.products
        self._context.runner.run(
            lambda _progress: products.search(text),
            lambda found: self._show_matches(text, list(found)),
            lambda _error: None,
            key="cart:search",
        )

    def _show_matches(self, text: str, found: list[Product]) -> None:
        if text != self.search.text():
            return  # a later search is on its way
        self._matches = found
        self.match_list.setVisible(bool(found))
        self.match_list.clear()
        for product in found:
            item = QListWidgetItem(f"{product.name} · {krw(product.price, self._lang)}")
            item.setData(Qt.ItemDataRole.UserRole, product.id)
            self.match_list.addItem(item)

    def _to_matches(self) -> None:
        if self.match_list.count():
            self.match_list.setFocus()
            self.match_list.setCurrentRow(0)

    def remove_product(self, product_id: int) -> None:
        """Take a product out of the catalogue (asked first; carts already made keep it)."""
        product = next((p for p in self._matches if p.id == product_id), None)
        if product is None or self._context is None:
            return
        question = self.tr("Remove %1 from the products?").replace("%1", product.name)
        if not ask_yes_no(self, self.tr("Remove the product?"), question, default_yes=False):
            return
        products = self._context.services.products
        self._context.runner.run(
            lambda _progress: products.remove(product_id),
            lambda _none: self._search_changed(self.search.text()),
            lambda error: self.line_message.setText(type(error).__name__),
        )

    def _add_first_match(self) -> None:
        if self._matches:
            self._add_product(self._matches[0])

    def _add_match(self, item: QListWidgetItem) -> None:
        wanted = item.data(Qt.ItemDataRole.UserRole)
        for product in self._matches:
            if product.id == wanted:
                self._add_product(product)

    def _add_product(self, product: Product) -> None:
        self.add_line(CartLine(product.name, 1, product.price, product.tax_free))
        self.search.clear()
        self.search.setFocus()

    def add_typed_line(self) -> None:
        parsed = parse_cart_line(
            self.line_name.text(),
            self.line_quantity.text(),
            self.line_price.text(),
            tax_free=self.line_tax_free.isChecked(),
        )
        if isinstance(parsed, LineProblems):
            self._show_line_problems(parsed)
            return
        if self._editing is not None and self._editing < len(self._lines):
            self._lines[self._editing] = parsed
            self._show_lines()
            self.table.selectRow(self._editing)
        else:
            self.add_line(parsed)
        self._editing = None
        self.add_button.setText(self.tr("Add line"))
        self.line_name.clear()
        self.line_quantity.setText("1")
        self.line_price.clear()
        self.line_tax_free.setChecked(False)
        self.line_message.clear()
        self.line_name.setFocus()

    def _show_line_problems(self, problems: LineProblems) -> None:
        found = [(problems.name, self.line_name), (problems.quantity, self.line_quantity),
                 (problems.unit_price, self.line_price)]  # fmt: skip
        texts = [translated(message(error)) for error, _field in found if error is not None]
        self.line_message.setText(" ".join(texts))
        first = next(field for error, field in found if error is not None)
        first.setFocus()

    def save_typed_product(self) -> None:
        parsed = parse_cart_line(
            self.line_name.text(), "1", self.line_price.text(),
            tax_free=self.line_tax_free.isChecked(),
        )  # fmt: skip
        if isinstance(parsed, LineProblems) or self._context is None:
            if isinstance(parsed, LineProblems):
                self._show_line_problems(parsed)
            return
        products = self._context.services.products

        def save(_progress: object) -> Product:
            same = [p for p in products.search(parsed.name) if p.name == parsed.name]
            if same:
                return products.edit(
                    same[0].id, parsed.name, parsed.unit_price, tax_free=parsed.tax_free
                )
            return products.add(parsed.name, parsed.unit_price, tax_free=parsed.tax_free)

        self._context.runner.run(
            save,
            lambda product: self.line_message.setText(
                self.tr("Saved: %1").replace("%1", product.name)
            ),
            lambda error: self.line_message.setText(
                self.tr("Not saved: %1").replace("%1", str(error))
            ),
        )

    def add_line(self, line: CartLine) -> None:
        self._lines.append(line)
        self._show_lines()
        self.table.selectRow(len(self._lines) - 1)

    def edit_line(self, row: int) -> None:
        """Bring line `row` back into the line fields; Enter in the price puts it back."""
        line = self._lines[row]
        self._editing = row
        self.line_name.setText(line.name)
        self.line_quantity.setText(str(line.quantity))
        self.line_price.setText(str(line.unit_price))
        self.line_tax_free.setChecked(line.tax_free)
        self.add_button.setText(self.tr("Update line"))
        self.line_quantity.setFocus()
        self.line_quantity.selectAll()

    def remove_line(self, row: int) -> None:
        del self._lines[row]
        if self._editing is not None:  # the rows moved: the fields add a new line again
            self._editing = None
            self.add_button.setText(self.tr("Add line"))
        self._show_lines()
        if self._lines:
            self.table.selectRow(min(row, len(self._lines) - 1))

    def change_quantity(self, row: int, step: int) -> None:
        line = self._lines[row]
        quantity = line.quantity + step
        if quantity < 1:
            return
        self._lines[row] = CartLine(line.name, quantity, line.unit_price, line.tax_free)
        self._show_lines()
        self.table.selectRow(row)

    def cart(self) -> Cart:
        return Cart(tuple(self._lines))

    def _show_lines(self) -> None:
        self.table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            values = (
                line.name,
                f"{line.quantity:,}",
                krw(line.unit_price, self._lang),
                krw(line.total, self._lang),
                self.tr("Yes") if line.tax_free else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column != NAME:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        cart = self.cart()
        vat = cart.vat
        self.totals_label.setText(
            self.tr("Total %1 · VAT %2 · Tax free %3")
            .replace("%1", krw(cart.total, self._lang))
            .replace("%2", krw(vat.vat, self._lang))
            .replace("%3", krw(cart.tax_free, self._lang))
        )

    # ------------------------------------------------------------------ the payment window

    def window_options(self) -> WindowOptions | None:
        """The window's options as chosen, or None with the problem shown."""
        months_text = self.months.text().replace(" ", "")
        offered: tuple[int, ...] | None = None
        if months_text == "0":
            offered = ()
        elif months_text:
            parts = months_text.split(",")
            if not all(part.isascii() and part.isdigit() for part in parts):
                self.result_label.setText(
                    self.tr("Installment months: whole numbers separated by commas, e.g. 2,3,6.")
                )
                self.months.setFocus()
                return None
            offered = tuple(int(part) for part in parts)
        gifts = bool(self._settings.gift_site_code)
        shop_user_id = self.shop_user_id.text().strip() if gifts else ""
        return WindowOptions(
            pay_method=WindowPayMethod(self.pay_method.currentData() or WindowPayMethod.CARD),
            escrow=self.escrow.isChecked(),
            offered_months=offered,
            direct_card=self.direct_card.currentData(),
            only_cards=self.ticked_cards(),
            app_card_only=self.app_card.isChecked(),
            language=Language(self.window_language.currentData()),
            shop_user_id=shop_user_id or None,
        )

    def ticked_cards(self) -> tuple[str, ...]:
        items = (self.only_cards.item(row) for row in range(self.only_cards.count()))
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def buyer(self) -> WindowBuyer:
        return WindowBuyer(
            name=self.buyer_name.text(),
            tel=self.buyer_tel.text(),
            email=self.buyer_email.text(),
            addr=self.buyer_addr.text(),
            postcode=self.buyer_postcode.text(),
        )

    def open_window(self) -> None:
        """Confirm, journal and register the order, then open the window. Not while another
        order is being opened or is open, nor while the last one is unconfirmed (its payment
        may yet be found: "New order" releases it on purpose)."""
        context = self._context
        if context is None or not self._ready or self._busy or self.dialog is not None:
            return
        if self._unconfirmed():
            return
        options = self.window_options()
        if options is None:
            return
        if not context.training and not self._settings.merchant_code:
            self.result_label.setText(
                self.tr("Set the merchant code (imp…) in Settings to open the live payment window.")
            )
            return
        cart = self.cart()
        self._busy = True  # from the question on: a second Ctrl+Enter opens nothing
        if not self._confirmed(cart, options):
            self._busy = False
            return
        pg = self._pg(options)
        buyer = self.buyer()  # read here: the runner's thread must not touch widgets
        self._release()
        self.pay_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Registering the order…"))
        self.check_button.hide()
        context.runner.run(
            lambda _progress: open_window_order(
                context.services,
                cart,
                buyer=buyer,
                options=options,
                operator=context.operator,
                pg=pg,
            ),
            self._show_window,
            self._not_opened,
            key="cart:window",
        )

    def _pg(self, options: WindowOptions) -> str | None:
        if options.pay_method in GIFT_CERTIFICATES and self._settings.gift_site_code:
            return f"kcp.{self._settings.gift_site_code}"
        return None

    def _confirmed(self, cart: Cart, options: WindowOptions) -> bool:
        lines = [
            self.tr("Order: %1").replace("%1", cart.order_name()),
            self.tr("Amount: %1").replace("%1", krw(cart.total, self._lang)),
            self.tr("Pay method: %1").replace("%1", self.pay_method.currentText()),
        ]
        if options.escrow:
            lines.append(self.tr("Escrow: %1 products").replace("%1", str(len(cart.lines))))
        if options.offered_months is not None:
            months = ", ".join(map(str, options.offered_months)) or self.tr("lump sum only")
            lines.append(self.tr("Installments offered: %1").replace("%1", months))
        if options.direct_card:
            lines.append(self.tr("Card company: %1").replace("%1", self.direct_card.currentText()))
        if options.only_cards:
            names = [ISSUERS[code].name_in(self._lang) for code in options.only_cards]
            lines.append(self.tr("Card companies offered: %1").replace("%1", ", ".join(names)))
        if options.app_card_only:
            lines.append(self.tr("App cards only"))
        lines.append(
            self.tr("Window language: %1").replace("%1", self.window_language.currentText())
        )
        return ask_yes_no(
            self, self.tr("Open the payment window?"), "\n".join(lines), default_yes=True
        )

    def _unconfirmed(self) -> bool:
        return self._order is not None and self._result is WindowResult.UNKNOWN

    def _release(self) -> None:
        """The order on screen is no longer followed here (the next start looks it up)."""
        self._follow_up.stop()
        self._order = None
        self._result = None
        self.new_order_button.hide()
        self.check_button.hide()
        self.print_deposit_button.hide()
        self.deposit_payment = None

    def new_order(self) -> None:
        """Start a new order although the last one is unconfirmed (asked first)."""
        if not self._unconfirmed():
            return
        if not ask_yes_no(
            self,
            self.tr("Start a new order?"),
            self.tr(
                "The last window payment is not confirmed yet; the buyer may still have paid. "
                "The app looks it up again at the next start. Do not take payment for the same "
                "goods again until you know. Start a new order anyway?"
            ),
            default_yes=False,
        ):
            return
        self._release()
        self.pay_button.setEnabled(self._ready)
        self.result_label.clear()

    def _not_opened(self, error: Exception) -> None:
        self._busy = False
        self.pay_button.setEnabled(self._ready)
        problems = getattr(error, "problems", None)
        if problems:
            self.result_label.setText(" ".join(translated(message(p)) for p in problems))
            return
        reason = getattr(error, "reason", None) or type(error).__name__
        self.result_label.setText(
            self.tr("The payment window was not opened: %1").replace("%1", str(reason))
        )

    def _show_window(self, order: WindowOrder) -> None:
        assert self._context is not None
        self._busy = False
        self._order, self._result = order, WindowResult.UNKNOWN
        try:
            from kcp_pos.ui.cart.window_dialog import payment_window  # QtWebEngine: loaded now

            dialog = payment_window(
                training=self._context.training,
                api_base_url=self._context.services.client.base_url,
                merchant_code=self._settings.merchant_code,
                params=order.params.to_js(),
            )
        except Exception as error:  # busy, or the engine would not load: journalled and
            # registered but never shown, so it is looked up like any other order
            log.warning("payment window not shown: %s", type(error).__name__)
            self._checks = 0
            self.check_again()
            return
        self.dialog = dialog
        dialog.answered.connect(self._window_answered, Qt.ConnectionType.SingleShotConnection)
        self.result_label.setText(self.tr("The payment window is open."))
        dialog.open()

    def _window_answered(self, _rsp: object) -> None:
        """The window answered or was closed: what it said is not proof; look the order up."""
        self.dialog = None
        self._checks = 0
        self.check_again()

    def check_again(self) -> None:
        context, order = self._context, self._order
        if context is None or order is None or self.dialog is not None:
            return  # never while its window is open: the buyer may be paying
        self.result_label.setText(self.tr("Checking the payment with PortOne…"))
        attempt = context.services.journal.get  # read on the runner, with the settlement

        context.runner.run(
            lambda _progress: settle_window_order(
                context.services, attempt(order.attempt.id), context.operator
            ),
            lambda settled: self._show_settlement(order, settled),
            lambda error: self._lookup_failed(order, error),
            key=f"order:{order.attempt.merchant_uid}",
        )

    def _lookup_failed(self, order: WindowOrder, error: Exception) -> None:
        if order is not self._order:
            return  # an order no longer on screen
        self.check_button.show()
        self.new_order_button.setVisible(self._unconfirmed())
        self.result_label.setText(
            self.tr(
                "The payment could not be checked yet (%1). It is checked again shortly."
            ).replace("%1", type(error).__name__)
        )
        self._schedule_check()

    def _show_settlement(self, order: WindowOrder, settlement: WindowSettlement) -> None:
        if order is not self._order:
            return  # an order no longer on screen
        taken = (WindowResult.PAID, WindowResult.AWAITING_DEPOSIT)
        newly_taken = settlement.result in taken and self._result not in taken
        self._result = settlement.result
        self.result_label.setText(settlement_text(settlement, self._lang))
        self.result_label.setStyleSheet(result_style(settlement.result))
        unsettled = settlement.result in (WindowResult.UNKNOWN, WindowResult.AWAITING_DEPOSIT)
        self.check_button.setVisible(unsettled)
        self.new_order_button.setVisible(settlement.result is WindowResult.UNKNOWN)
        awaiting = settlement.result is WindowResult.AWAITING_DEPOSIT
        self.deposit_payment = settlement.payment if awaiting else None
        self.print_deposit_button.setVisible(self.deposit_payment is not None)
        self.pay_button.setEnabled(self._ready and not self._unconfirmed())
        if newly_taken:  # once: a later check of a waiting deposit leaves the next sale alone
            self._clear_order_fields()
        if unsettled:
            self._schedule_check()

    def _clear_order_fields(self) -> None:
        """The order is taken: its lines and its buyer go (the next buyer starts afresh)."""
        self._lines.clear()
        self._show_lines()
        for field in (self.buyer_name, self.buyer_tel, self.buyer_email, self.buyer_addr,
                      self.buyer_postcode, self.shop_user_id):  # fmt: skip
            field.clear()
        # The next order starts from the usual choices.
        self.escrow.setChecked(False)
        self.pay_method.setCurrentIndex(0)
        self.months.clear()
        self.direct_card.setCurrentIndex(0)
        self.app_card.setChecked(False)
        for row in range(self.only_cards.count()):
            self.only_cards.item(row).setCheckState(Qt.CheckState.Unchecked)
        self.line_message.clear()
        self.search.setFocus()

    def deposit_notice(self) -> str | None:
        """The buyer's deposit details (HTML) for the virtual account on screen."""
        from kcp_pos.ui.cart.deposit_notice import deposit_notice_html

        if self.deposit_payment is None or self._context is None:
            return None
        return deposit_notice_html(
            self.deposit_payment,
            merchant=self._settings.merchant_name,
            lang=self._lang,
            training=self._context.training,
        )

    def print_deposit_details(self) -> None:
        from kcp_pos.ui.cart.deposit_notice import ask_and_print

        html = self.deposit_notice()
        if html is not None:
            ask_and_print(html, self)

    def _schedule_check(self) -> None:
        self._follow_up.start(int(FOLLOW_UP.delay_before(self._checks) * 1000))
        self._checks += 1


RESULT_COLOURS = {
    WindowResult.PAID: "#1b5e20",
    WindowResult.NOT_PAID: "#b71c1c",
    WindowResult.AMOUNT_MISMATCH: "#b71c1c",
    WindowResult.AWAITING_DEPOSIT: "#0d47a1",
    WindowResult.UNKNOWN: "#8a5a00",
}


def result_style(result: WindowResult) -> str:
    """A settled order's line stands out: large, bold, in its outcome's colour."""
    return f"font-size: 16px; font-weight: bold; color: {RESULT_COLOURS[result]};"
