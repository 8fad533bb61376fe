"""The customers page against the real store and sandbox: search as you type, sort, rows read
page by page as the table scrolls, the keyboard path, and a customer's file from PortOne."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QModelRoleData, Qt
from pytestqt.qtbot import QtBot

from kcp_pos.domain.korea_time import KST
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.settings.model import Settings
from kcp_pos.store import CustomerDetails
from kcp_pos.ui.customers.directory_model import PAGE_ROWS, Column
from kcp_pos.ui.customers.page import CustomersPage
from tests.services.conftest import keyed_card
from tests.ui.conftest import AttachPage
from tests.ui.keyboard import type_into

PEOPLE = [
    ("cust_a_0001", "김민수", "010-1111-2222", "minsu@example.com", "5570420000001234"),
    ("cust_a_0002", "김영희", "010-3333-4444", "younghee@example.com", "4519420000005678"),
    ("cust_a_0003", "박지성", "010-5555-6666", "js.park@example.com", "5570420000009012"),
    ("cust_a_0004", "Alice Kim", "02-123-4567", "alice@example.org", "9490130000003456"),
]


def _seed(services: AppServices) -> None:
    for uid, name, tel, email, card in PEOPLE:
        services.customers.save(
            CustomerDetails(
                customer_uid=uid, name=name, tel=tel, email=email, card_number=card, card_name="KB"
            )
        )


@pytest.fixture
def page(qtbot: QtBot, services: AppServices, attach_page: AttachPage) -> Iterator[CustomersPage]:
    _seed(services)
    page = CustomersPage("en", Settings())
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    attach_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(PEOPLE), timeout=5000)
    yield page


def _names(page: CustomersPage) -> list[str]:
    return [page.model.index(row, Column.NAME).data() for row in range(page.model.rowCount())]


def _search(qtbot: QtBot, page: CustomersPage, text: str, expected: list[str]) -> None:
    type_into(qtbot, page.search_edit, text)
    qtbot.waitUntil(lambda: sorted(_names(page)) == sorted(expected), timeout=5000)


def test_search_as_you_type_by_name_phone_email_and_last_four(
    qtbot: QtBot, page: CustomersPage
) -> None:
    assert _names(page) == ["Alice Kim", "김민수", "김영희", "박지성"]
    _search(qtbot, page, "김", ["김민수", "김영희"])
    _search(qtbot, page, "영희", ["김영희"])
    _search(qtbot, page, "010-5555", ["박지성"])
    _search(qtbot, page, "01055556666", ["박지성"])
    _search(qtbot, page, "example.org", ["Alice Kim"])
    _search(qtbot, page, "5678", ["김영희"])
    _search(qtbot, page, "nobody", [])
    assert "nobody" in page.status_label.text()


def test_sorting_by_a_column_both_ways(qtbot: QtBot, page: CustomersPage) -> None:
    page.table.sortByColumn(Column.EMAIL, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: _names(page)[0] == "김영희", timeout=5000)
    assert _names(page) == ["김영희", "김민수", "박지성", "Alice Kim"]
    page.table.sortByColumn(Column.EMAIL, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: _names(page)[0] == "Alice Kim", timeout=5000)


def test_rows_arrive_page_by_page_as_the_table_scrolls(
    qtbot: QtBot, services: AppServices, page: CustomersPage
) -> None:
    for number in range(PAGE_ROWS * 2):
        services.customers.save(
            CustomerDetails(customer_uid=f"cust_bulk_{number:04d}", name=f"손님 {number:04d}")
        )
    # The directory changed: the page reads its first page again, not everything.
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_ROWS, timeout=5000)
    assert page.model.canFetchMore()
    for _ in range(3):
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda: not page.model.loading, timeout=5000)
    total = PAGE_ROWS * 2 + len(PEOPLE)
    qtbot.waitUntil(lambda: page.model.rowCount() == total, timeout=5000)
    uids = [page.model.customer_at(row).customer_uid for row in range(total)]  # type: ignore[union-attr]
    assert len(set(uids)) == total  # no row twice, none missing
    assert not page.model.canFetchMore()


def test_keyboard_only_search_move_open_and_back(
    qtbot: QtBot, services: AppServices, page: CustomersPage
) -> None:
    registration = new_card_registration(name="최하늘", tel="010-9999-0000")
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    paid = charge_again(
        services,
        new_again_order(customer_uid=registration.customer_uid, amount=15_000, order_name="원두"),
        operator=LOCAL_CLERK,
    )
    assert paid.paid

    page.entered.emit()
    assert page.search_edit.hasFocus()
    type_into(qtbot, page.search_edit, "하늘")
    qtbot.waitUntil(lambda: _names(page) == ["최하늘"], timeout=5000)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.payments.rowCount() == 1, timeout=5000)
    assert page.detail.name_label.text() == "최하늘"
    assert "active" in page.detail.key_label.text()
    assert "5570-42**-****-1234" in page.detail.card_label.text()
    assert page.detail.payments.item(0, 1).text() == "원두"
    assert "Paid" in page.detail.payments.item(0, 3).text()
    paid_at = paid.payment.paid_at if paid.payment is not None else None
    assert paid_at is not None  # two charges on one day are told apart by their time
    shown = datetime.fromtimestamp(paid_at, tz=KST).strftime("%Y-%m-%d %H:%M")
    assert page.detail.payments.item(0, 0).text() == shown
    # Type to search from the table; Esc back to the search field.
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert page.search_edit.hasFocus()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_X)
    assert page.search_edit.hasFocus() and page.search_edit.text().endswith("x")


def test_a_key_portone_no_longer_has_is_shown_as_such(
    qtbot: QtBot, services: AppServices, page: CustomersPage
) -> None:
    registration = new_card_registration(name="정다운")
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    services.client.delete_billing_key(registration.customer_uid, reason="test")
    _search(qtbot, page, "정다운", ["정다운"])
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "no longer" in page.detail.key_label.text(), timeout=5000)


def test_a_change_to_one_customer_repaints_only_what_changed(
    qtbot: QtBot, services: AppServices, page: CustomersPage
) -> None:
    resets: list[bool] = []
    changes: list[tuple[int, int, int, int]] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    page.model.dataChanged.connect(
        lambda first, last, _roles: changes.append(
            (first.row(), first.column(), last.row(), last.column())
        )
    )
    uid, name, _tel, email, card = PEOPLE[1]
    page.table.selectRow(page.model.row_of(uid))
    row = page.model.row_of(uid)

    services.customers.save(
        CustomerDetails(
            customer_uid=uid,
            name=name,
            tel="010-9999-0000",
            email=email,
            card_number=card,
            card_name="KB",
        )
    )

    qtbot.waitUntil(lambda: page.model.index(row, Column.TEL).data() == "010-9999-0000")
    assert resets == []  # the same customers in the same order: no reset, no scroll jump
    assert changes == [(row, Column.TEL, row, Column.TEL)]
    assert page.selected_customer() is not None
    assert page.selected_customer().customer_uid == uid  # type: ignore[union-attr]


def test_a_cell_answers_all_its_roles_in_one_call_as_data_does(page: CustomersPage) -> None:
    for column in Column:
        index = page.model.index(0, column)
        display = QModelRoleData(Qt.ItemDataRole.DisplayRole)
        font = QModelRoleData(Qt.ItemDataRole.FontRole)
        page.model.multiData(index, display)
        page.model.multiData(index, font)
        assert display.data() == index.data()
        assert font.data() is None
    assert page.model.index(0, Column.NAME).data()  # a real row, not an empty model
