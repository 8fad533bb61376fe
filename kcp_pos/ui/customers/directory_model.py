"""The customer directory as a Qt table: rows fetched page by page from the store, off the UI
thread, so that a directory of 100,000 customers opens and searches without a stall.

`set_query` starts a new search (typed text, sort): the rows shown so far stay until its first
page arrives, then are replaced; an answer to an older query is dropped (each query has a
generation number). The view asks for more rows as it scrolls (`canFetchMore`/`fetchMore`); the
next page is read by key after the last row (`CustomerDirectory.page(after=…)`), never by offset.
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
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.role_data import answer_roles
from kcp_pos.ui.widgets.status_look import payment_look

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.store import Customer, CustomerDirectory, CustomerPage, CustomerQuery
    from kcp_pos.ui.shell.runner import BackgroundRunner, Progress

PAGE_ROWS: Final = 200
"""Rows per fetch: a few screens' worth."""
CUSTOMER_ROLE: Final = Qt.ItemDataRole.UserRole
"""`data(index, CUSTOMER_ROLE)` is the row's `Customer`."""
_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    """In the order a clerk on the phone looks: who, which number, which card, what last."""

    NAME = 0
    TEL = 1
    CARD = 2
    ISSUER = 3
    LAST_CHARGE = 4
    EMAIL = 5
    SAVED = 6


COLUMN_WIDTHS: Final = {
    Column.NAME: 110,
    Column.TEL: 125,
    Column.CARD: 155,
    Column.ISSUER: 95,
    Column.LAST_CHARGE: 250,
    Column.EMAIL: 190,
    Column.SAVED: 95,
}
"""Starting widths in pixels at 100% scaling (the clerk can drag them)."""


def _header(column: Column) -> str:
    translate = QCoreApplication.translate
    headers = {
        Column.NAME: translate("CustomerTable", "Name"),
        Column.TEL: translate("CustomerTable", "Phone"),
        Column.EMAIL: translate("CustomerTable", "E-mail"),
        Column.CARD: translate("CustomerTable", "Card"),
        Column.ISSUER: translate("CustomerTable", "Issuer"),
        Column.SAVED: translate("CustomerTable", "Saved"),
        Column.LAST_CHARGE: translate("CustomerTable", "Last charge"),
    }
    return headers[column]


class CustomerTableModel(QAbstractTableModel):
    """Customers matching the current query, as far as the view has scrolled."""

    searched = Signal(int)
    """The first page of a new query is in (its row count so far)."""
    failed = Signal(str)
    """A page could not be read (the error's kind)."""

    def __init__(self, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._lang: Lang = lang
        self._rows: list[Customer] = []
        self._after: object | None = None
        self._query: CustomerQuery | None = None
        self._generation = 0
        self._fetching = False
        self._directory: CustomerDirectory | None = None
        self._runner: BackgroundRunner | None = None

    # --- wiring --------------------------------------------------------------------------

    def attach(self, directory: CustomerDirectory, runner: BackgroundRunner) -> None:
        self._directory = directory
        self._runner = runner

    @property
    def query(self) -> CustomerQuery | None:
        return self._query

    @property
    def loading(self) -> bool:
        return self._fetching

    def set_query(self, query: CustomerQuery) -> None:
        """Search again (new text or sort, or the data changed): the first page, off the UI
        thread; what an older query answers later is dropped."""
        # In place only when no page is on its way: an answer dropped for this one would
        # leave the view believing it had asked for more rows.
        again = query == self._query and not self._fetching
        self._query = query
        self._generation += 1
        self._fetch(query, after=None, generation=self._generation, again=again)

    def refresh(self) -> None:
        """The directory changed: read the current query again."""
        if self._query is not None:
            self.set_query(self._query)

    def row_of(self, customer_uid: str) -> int:
        """The row showing `customer_uid`, or -1."""
        return next((row for row, c in enumerate(self._rows) if c.customer_uid == customer_uid), -1)

    def customer_at(self, row: int) -> Customer | None:
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
        customer = self.customer_at(index.row())
        if customer is None:
            return None
        if role == CUSTOMER_ROLE:
            return customer
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell_text(customer, Column(index.column()))
        return None

    def multiData(
        self, index: _ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        answer_roles(roleDataSpan, lambda role: self.data(index, role))  # see role_data.py

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        from kcp_pos.store import CustomerQuery, CustomerSort

        sorts = {
            Column.NAME: CustomerSort.NAME,
            Column.TEL: CustomerSort.TEL,
            Column.EMAIL: CustomerSort.EMAIL,
            Column.CARD: CustomerSort.CARD,
            Column.ISSUER: CustomerSort.ISSUER,
            Column.SAVED: CustomerSort.SAVED,
            Column.LAST_CHARGE: CustomerSort.LAST_CHARGE,
        }
        query = self._query or CustomerQuery()
        descending = order is Qt.SortOrder.DescendingOrder
        self.set_query(replace(query, sort=sorts[Column(column)], descending=descending))

    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._after is not None and not self._fetching

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self._query is not None:
            self._fetch(self._query, after=self._after, generation=self._generation)

    # --- fetching ------------------------------------------------------------------------

    def _fetch(
        self, query: CustomerQuery, *, after: object | None, generation: int, again: bool = False
    ) -> None:
        directory, runner = self._directory, self._runner
        if directory is None or runner is None:
            return
        self._fetching = True

        def read(_: Progress) -> CustomerPage:
            return directory.page(query, after=after, limit=PAGE_ROWS)

        runner.run(
            read,
            lambda page: self._arrived(page, generation, first=after is None, again=again),
            lambda error: self._not_read(error, generation),
        )

    def _arrived(
        self, page: CustomerPage, generation: int, *, first: bool, again: bool = False
    ) -> None:
        if generation != self._generation:
            return  # an older query: the clerk has typed on
        self._fetching = False
        self._after = page.next_after
        if first:
            self._take_first_page(list(page.customers), again=again)
            self.searched.emit(len(self._rows))
            return
        if page.customers:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.customers) - 1)
            self._rows.extend(page.customers)
            self.endInsertRows()

    def _take_first_page(self, rows: list[Customer], *, again: bool) -> None:
        """The rows of a new answer. When the same query is read `again` (the data changed) and
        brings the same customers in the same order (a charge: only values changed), the
        changed cells are updated in place: the view keeps its scroll and repaints those cells
        alone, or nothing. A new search starts from the top."""
        old = self._rows
        same_customers = (
            again
            and len(old) == len(rows)
            and all(
                before.customer_uid == after.customer_uid
                for before, after in zip(old, rows, strict=True)
            )
        )
        if not same_customers:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        pairs = enumerate(zip(old, rows, strict=True))
        changed = [(row, before, after) for row, (before, after) in pairs if before != after]
        self._rows = rows
        columns = [
            column
            for column in Column
            if any(_shown(b, column) != _shown(a, column) for _, b, a in changed)
        ]
        if columns:  # the cells between the first and last that changed (a charge: one column)
            first, last = (
                self.index(changed[0][0], columns[0]),
                self.index(changed[-1][0], columns[-1]),
            )
            self.dataChanged.emit(first, last)

    def _not_read(self, error: Exception, generation: int) -> None:
        """The rows shown belong to no query now: clear them rather than mix two searches."""
        if generation == self._generation:
            self._fetching = False
            self._after = None
            self.beginResetModel()
            self._rows = []
            self.endResetModel()
            self.failed.emit(type(error).__name__)

    # --- text ----------------------------------------------------------------------------

    def _cell_text(self, customer: Customer, column: Column) -> str:
        if column is Column.NAME:
            return customer.name or ""
        if column is Column.TEL:
            return customer.tel or ""
        if column is Column.EMAIL:
            return customer.email or ""
        if column is Column.CARD:
            return mask_reported_card(customer.card_number)
        if column is Column.ISSUER:
            return reported_issuer_name(customer.card_name, self._lang, customer.card_code)
        if column is Column.SAVED:
            return customer.created_at.astimezone(KST).strftime("%Y-%m-%d")
        return self._last_charge_text(customer)

    def _last_charge_text(self, customer: Customer) -> str:
        if customer.last_charge_at is None or customer.last_charge_status is None:
            return ""
        when = customer.last_charge_at.astimezone(KST).strftime("%Y-%m-%d")
        look = payment_look(LedgerStatus(customer.last_charge_status))
        amount = krw(customer.last_charge_amount or 0, self._lang)
        return f"{when} · {look.words} · {amount}"


_FIELDS_SHOWN: Final = {
    Column.NAME: ("name",),
    Column.TEL: ("tel",),
    Column.CARD: ("card_number",),
    Column.ISSUER: ("card_name", "card_code"),
    Column.LAST_CHARGE: ("last_charge_at", "last_charge_status", "last_charge_amount"),
    Column.EMAIL: ("email",),
    Column.SAVED: ("created_at",),
}
"""The fields each column's text is made of."""


def _shown(customer: Customer, column: Column) -> tuple[object, ...]:
    return tuple(getattr(customer, name) for name in _FIELDS_SHOWN[column])


def card_issuer(customer: Customer, lang: Lang) -> str:
    """The customer's card company in `lang` (as PortOne reported it when we cannot name it)."""
    return reported_issuer_name(customer.card_name, lang, customer.card_code) or "—"


def card_text(customer: Customer, lang: Lang) -> str:
    """`KB국민카드 5570-42**-****-1234`: the issuer and the masked number, as people read it."""
    issuer = reported_issuer_name(customer.card_name, lang, customer.card_code)
    return f"{issuer} {mask_reported_card(customer.card_number)}".strip()
