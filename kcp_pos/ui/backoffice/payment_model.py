"""The ledger as a Qt table for the transactions page: pages of payments fetched from the store
off the UI thread, by key after the last row (`PaymentLedger.page`), so that a ledger of a
million payments opens and filters without a stall; and the filter's count and sums
(`PaymentLedger.totals`) read once its first rows are in.

`set_query` starts a new read (filter, sort): the rows shown so far stay until its first page
arrives, then are replaced; an answer to an older query, rows or totals, is dropped (each
query has a generation number). The view asks for more rows as it scrolls
(`canFetchMore`/`fetchMore`). The customers' table (`customers/directory_model.py`) works the
same way.
"""

from __future__ import annotations

import enum
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from kcp_pos.domain.card_issuers import reported_issuer_name
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.store.payment_query import ListedStatus, PaymentQuery, PaymentSort, listed_status
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.role_data import answer_roles

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.store import LedgerPayment, PaymentLedger, PaymentPage, PaymentTotals
    from kcp_pos.ui.shell.runner import BackgroundRunner, Progress

PAGE_ROWS: Final = 100
"""Rows per fetch: three screens' worth. A payment costs about 60 microseconds to read and
make here (a page of 100 took about 8 ms, of 200 14-23 ms): more would only delay the rows
on screen."""
PAYMENT_ROLE: Final = Qt.ItemDataRole.UserRole
"""`data(index, PAYMENT_ROLE)` is the row's `LedgerPayment`."""
_ModelIndex = QModelIndex | QPersistentModelIndex
_RIGHT: Final = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Column(enum.IntEnum):
    """In the order the owner reads a day: when, how it ended, how much, how, who."""

    TIME = 0
    STATUS = 1
    AMOUNT = 2
    REFUNDED = 3
    METHOD = 4
    CARD = 5
    APPROVAL = 6
    ORDER = 7
    OPERATOR = 8


SORTS: Final = {
    Column.TIME: PaymentSort.OCCURRED,
    Column.STATUS: PaymentSort.STATUS,
    Column.AMOUNT: PaymentSort.AMOUNT,
}
"""The columns a click on the header sorts by (the others keep the current order)."""
COLUMN_OF_SORT: Final = {sort: column for column, sort in SORTS.items()}
COLUMN_WIDTHS: Final = {
    Column.TIME: 140,
    Column.STATUS: 130,
    Column.AMOUNT: 100,
    Column.REFUNDED: 90,
    Column.METHOD: 110,
    Column.CARD: 150,
    Column.APPROVAL: 85,
    Column.ORDER: 190,
    Column.OPERATOR: 80,
}
"""Starting widths in pixels at 100% scaling (the clerk can drag them)."""


def _header(column: Column) -> str:
    translate = QCoreApplication.translate
    headers = {
        Column.TIME: translate("PaymentTable", "Time"),
        Column.STATUS: translate("PaymentTable", "Status"),
        Column.AMOUNT: translate("PaymentTable", "Amount"),
        Column.REFUNDED: translate("PaymentTable", "Refunded"),
        Column.METHOD: translate("PaymentTable", "Method"),
        Column.CARD: translate("PaymentTable", "Card"),
        Column.APPROVAL: translate("PaymentTable", "Approval no."),
        Column.ORDER: translate("PaymentTable", "Order ID"),
        Column.OPERATOR: translate("PaymentTable", "Operator"),
    }
    return headers[column]


def status_words(status: ListedStatus) -> str:
    """A listed status in the clerk's language."""
    translate = QCoreApplication.translate
    words = {
        ListedStatus.PAID: translate("PaymentTable", "Paid"),
        ListedStatus.PARTIALLY_REFUNDED: translate("PaymentTable", "Partly refunded"),
        ListedStatus.CANCELLED: translate("PaymentTable", "Refunded in full"),
        ListedStatus.FAILED: translate("PaymentTable", "Failed"),
        ListedStatus.READY: translate("PaymentTable", "Awaiting payment"),
    }
    return words[status]


KNOWN_METHODS: Final = ("card", "vbank", "trans", "phone", "point")


def method_words(pay_method: str | None) -> str:
    """V1's `pay_method` in words (as reported when the app has no name for it)."""
    translate = QCoreApplication.translate
    words = {
        "card": translate("PaymentTable", "Card"),
        "vbank": translate("PaymentTable", "Virtual account"),
        "trans": translate("PaymentTable", "Bank transfer"),
        "phone": translate("PaymentTable", "Mobile phone"),
        "point": translate("PaymentTable", "Points"),
    }
    return words.get(pay_method or "", pay_method or "")


class PaymentTableModel(QAbstractTableModel):
    """Payments matching the current query, as far as the view has scrolled."""

    searched = Signal(int)
    """The first page of a new query is in (its row count so far)."""
    totals_read = Signal(object)
    """The current filter's `PaymentTotals`."""
    failed = Signal(str)
    """A page or the totals could not be read (the error's kind)."""

    def __init__(self, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._lang: Lang = lang
        self._rows: list[LedgerPayment] = []
        self._after: object | None = None
        self._query: PaymentQuery | None = None
        self._generation = 0
        self._totals_generation = 0
        self._totals_wanted = False
        """The current filter's totals are to be read once its first rows are in."""
        self._fetching = False
        self._ledger: PaymentLedger | None = None
        self._runner: BackgroundRunner | None = None
        # Translated once: a repaint asks for hundreds of cells.
        self._status_words = {status: status_words(status) for status in ListedStatus}
        self._method_words = {method: method_words(method) for method in KNOWN_METHODS}

    # --- wiring --------------------------------------------------------------------------

    def attach(self, ledger: PaymentLedger, runner: BackgroundRunner) -> None:
        self._ledger = ledger
        self._runner = runner

    @property
    def query(self) -> PaymentQuery | None:
        return self._query

    @property
    def loading(self) -> bool:
        return self._fetching

    def set_query(self, query: PaymentQuery) -> None:
        """Read another filter or order: the first page and, for another filter, its totals,
        off the UI thread; older answers are dropped."""
        new_filter = self._query is None or query.filter != self._query.filter
        self._start(query, with_totals=new_filter)

    def refresh(self) -> None:
        """The ledger changed: read the current query again (rows and totals)."""
        if self._query is not None:
            self._start(self._query, with_totals=True)

    def _start(self, query: PaymentQuery, *, with_totals: bool) -> None:
        # In place only when no page is on its way: an answer dropped for this one would
        # leave the view believing it had asked for more rows.
        again = query == self._query and not self._fetching
        self._query = query
        self._generation += 1
        self._fetch(query, after=None, generation=self._generation, again=again)
        if with_totals:
            self._totals_generation += 1  # what an older filter's totals say is dropped
            self._totals_wanted = True

    def row_of(self, imp_uid: str) -> int:
        """The row showing `imp_uid`, or -1."""
        return next((row for row, p in enumerate(self._rows) if p.imp_uid == imp_uid), -1)

    def payment_at(self, row: int) -> LedgerPayment | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(Column(section))
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        payment = self.payment_at(index.row())
        if payment is None:
            return None
        column = Column(index.column())
        if role == PAYMENT_ROLE:
            return payment
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell_text(payment, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.AMOUNT, Column.REFUNDED):
            return _RIGHT
        return None

    def multiData(
        self, index: _ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        answer_roles(roleDataSpan, lambda role: self.data(index, role))  # see role_data.py

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = SORTS.get(Column(column))
        if sort is None:
            return  # not a sortable column: the page puts the indicator back
        query = self._query or PaymentQuery()
        descending = order is Qt.SortOrder.DescendingOrder
        if (query.sort, query.descending) != (sort, descending):
            self.set_query(replace(query, sort=sort, descending=descending))

    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._after is not None and not self._fetching

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self._query is not None:
            self._fetch(self._query, after=self._after, generation=self._generation)

    # --- fetching ------------------------------------------------------------------------

    def _fetch(
        self, query: PaymentQuery, *, after: object | None, generation: int, again: bool = False
    ) -> None:
        ledger, runner = self._ledger, self._runner
        if ledger is None or runner is None:
            return
        self._fetching = True

        def read(_: Progress) -> PaymentPage:
            return ledger.page(query, after=after, limit=PAGE_ROWS)

        runner.run(
            read,
            lambda page: self._arrived(page, generation, first=after is None, again=again),
            lambda error: self._not_read(error, generation),
        )

    def _read_totals(self, query: PaymentQuery, generation: int) -> None:
        ledger, runner = self._ledger, self._runner
        if ledger is None or runner is None:
            return

        def read(_: Progress) -> PaymentTotals:
            return ledger.totals(query.filter)

        def arrived(totals: PaymentTotals) -> None:
            if generation == self._totals_generation:
                self.totals_read.emit(totals)

        def not_read(error: Exception) -> None:
            if generation == self._totals_generation:
                self.failed.emit(type(error).__name__)

        runner.run(read, arrived, not_read)

    def _arrived(
        self, page: PaymentPage, generation: int, *, first: bool, again: bool = False
    ) -> None:
        if generation != self._generation:
            return  # an older query: the clerk has filtered again
        self._fetching = False
        self._after = page.next_after
        if first:
            self._take_first_page(list(page.payments), again=again)
            self.searched.emit(len(self._rows))
            if self._totals_wanted and self._query is not None:
                # After the rows, not beside them: the clerk waits for the rows, and the two
                # reads would share the interpreter and the cores (benchmarks/ledger.py).
                self._totals_wanted = False
                self._read_totals(self._query, self._totals_generation)
            return
        if page.payments:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.payments) - 1)
            self._rows.extend(page.payments)
            self.endInsertRows()

    def _take_first_page(self, rows: list[LedgerPayment], *, again: bool) -> None:
        """The rows of a new answer. Read `again` (the ledger changed) with the same payments
        in the same order (a refund: only values changed), the changed rows are updated in
        place and the view keeps its scroll; otherwise the table starts from the top."""
        old = self._rows
        same = (
            again
            and len(old) == len(rows)
            and all(b.imp_uid == a.imp_uid for b, a in zip(old, rows, strict=True))
        )
        if not same:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        changed = [row for row, (b, a) in enumerate(zip(old, rows, strict=True)) if b != a]
        self._rows = rows
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    def _not_read(self, error: Exception, generation: int) -> None:
        """The rows shown belong to no query now: clear them rather than mix two filters."""
        if generation == self._generation:
            self._fetching = False
            self._after = None
            self.beginResetModel()
            self._rows = []
            self.endResetModel()
            self.failed.emit(type(error).__name__)

    # --- text ----------------------------------------------------------------------------

    def _cell_text(self, payment: LedgerPayment, column: Column) -> str:
        if column is Column.TIME:
            return payment.occurred_at.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S")
        if column is Column.STATUS:
            return self._status_words[listed_status(payment)]
        if column is Column.AMOUNT:
            return krw(payment.amount, self._lang)
        if column is Column.REFUNDED:
            return krw(payment.cancel_amount, self._lang) if payment.cancel_amount else ""
        if column is Column.METHOD:
            issuer = reported_issuer_name(payment.card_name, self._lang, payment.card_code)
            method = self._method_words.get(payment.pay_method or "", payment.pay_method or "")
            return f"{method} · {issuer}" if issuer and payment.pay_method == "card" else method
        if column is Column.CARD:
            return mask_reported_card(payment.card_number) if payment.card_number else ""
        if column is Column.APPROVAL:
            return payment.apply_num or ""
        if column is Column.ORDER:
            return payment.merchant_uid
        return payment.operator or ""
