"""The transactions page against the real store and sandbox: the date presets in Korea time,
the filters, the status line's count and sums, sorting by the headers and from the keyboard,
rows read page by page as the table scrolls, answers to an older filter dropped, the keyboard
path, and a new payment shown when the ledger says it changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kcp_pos.domain.date_presets import DatePreset
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.language import Language
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.settings.model import Settings
from kcp_pos.store import LedgerStatus, PaymentLedger, PaymentSnapshot
from kcp_pos.store.ledger_fill import FilledPayment, fill_ledger
from kcp_pos.store.payment_query import PaymentFilter, PaymentQuery
from kcp_pos.ui.backoffice.page import TransactionsPage
from kcp_pos.ui.backoffice.payment_model import PAGE_ROWS, Column
from tests.services.conftest import keyed_card
from tests.ui.conftest import AttachPage
from tests.ui.keyboard import type_into

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=KST)  # a Thursday
"""The page's clock: its presets are read around this moment."""


def payment(
    uid: str,
    when: datetime,
    amount: int,
    *,
    status: LedgerStatus = LedgerStatus.PAID,
    cancel: int = 0,
    apply_num: str | None = None,
    operator: str | None = "kim",
    pay_method: str = "card",
) -> FilledPayment:
    return FilledPayment(
        PaymentSnapshot(
            imp_uid=f"imp_{uid}",
            merchant_uid=f"order-{uid}",
            status=status,
            amount=amount,
            cancel_amount=cancel,
            pay_method=pay_method,
            card_number="557042******1234",
            apply_num=apply_num,
            started_at=when,
        ),
        operator=operator,
    )


TODAY = [
    payment("t1", NOW - timedelta(hours=1), 10_000, apply_num="30001111"),
    payment("t2", NOW - timedelta(hours=2), 55_000, status=LedgerStatus.CANCELLED, cancel=20_000),
    payment("t3", NOW - timedelta(hours=3), 7_000, status=LedgerStatus.FAILED, operator="lee"),
    payment("t4", NOW - timedelta(hours=4), 30_000, status=LedgerStatus.CANCELLED, cancel=30_000),
]
YESTERDAY = [
    payment("y1", NOW - timedelta(days=1), 12_000),
    payment("y2", NOW - timedelta(days=1, hours=1), 8_000, pay_method="vbank"),
]
EARLIER = [
    payment("w1", NOW - timedelta(days=3), 4_000),  # Monday 11-30: this week, last month
    payment("m1", NOW - timedelta(days=2, hours=15, minutes=1), 2_000),  # 11-30 23:59 too
]


@pytest.fixture
def page(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> Iterator[TransactionsPage]:
    fill_ledger(services.database, [*TODAY, *YESTERDAY, *EARLIER])
    page = TransactionsPage("en", now=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    attach_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(TODAY), timeout=5000)
    qtbot.waitUntil(lambda: "payments" in page.status_label.text(), timeout=5000)
    yield page


def shown(page: TransactionsPage) -> list[str]:
    found = (page.model.payment_at(row) for row in range(page.model.rowCount()))
    return [p.imp_uid.removeprefix("imp_") for p in found if p is not None]


def wait_for(qtbot: QtBot, page: TransactionsPage, expected: list[str]) -> None:
    qtbot.waitUntil(lambda: shown(page) == expected, timeout=5000)


def test_opens_on_today_newest_first_with_the_count_and_sums(page: TransactionsPage) -> None:
    assert shown(page) == ["t1", "t2", "t3", "t4"]
    # Paid or refunded since: 10,000 + 55,000 + 30,000 (the failed one took nothing).
    assert page.status_label.text() == "4 payments, ₩95,000 (refunded ₩50,000)"
    assert page.model.index(1, Column.STATUS).data() == "Partly refunded"
    assert page.model.index(3, Column.STATUS).data() == "Refunded in full"
    assert page.model.index(0, Column.TIME).data() == "2026-12-03 14:00:00"
    assert page.model.index(0, Column.AMOUNT).data() == "₩10,000"


def test_the_date_presets_are_korea_days(qtbot: QtBot, page: TransactionsPage) -> None:
    page.filters.choose_preset(DatePreset.YESTERDAY)
    wait_for(qtbot, page, ["y1", "y2"])
    page.filters.choose_preset(DatePreset.THIS_WEEK)
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4", "y1", "y2", "m1", "w1"])
    page.filters.choose_preset(DatePreset.THIS_MONTH)  # from Tuesday, the 1st
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4", "y1", "y2"])
    page.filters.choose_preset(DatePreset.CUSTOM)
    assert page.filters.from_edit.isEnabled() and page.filters.from_edit.hasFocus()
    page.filters.from_edit.setDate(page.filters.from_edit.date().addDays(-1))
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4", "y1", "y2", "m1", "w1"])
    qtbot.waitUntil(lambda: page.status_label.text().startswith("8 payments"), timeout=5000)


def test_status_method_amount_operator_and_search(qtbot: QtBot, page: TransactionsPage) -> None:
    filters = page.filters
    filters.status_combo.setCurrentIndex(filters.status_combo.findText("Partly refunded"))
    wait_for(qtbot, page, ["t2"])
    qtbot.waitUntil(
        lambda: page.status_label.text() == "1 payments, ₩55,000 (refunded ₩20,000)", timeout=5000
    )
    filters.status_combo.setCurrentIndex(0)
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4"])
    type_into(qtbot, filters.amount_min_edit, "10,000")
    type_into(qtbot, filters.amount_max_edit, "30000")
    wait_for(qtbot, page, ["t1", "t4"])
    type_into(qtbot, filters.amount_min_edit, "")
    type_into(qtbot, filters.amount_max_edit, "")
    type_into(qtbot, filters.operator_edit, "lee")
    wait_for(qtbot, page, ["t3"])
    type_into(qtbot, filters.operator_edit, "")
    type_into(qtbot, filters.search_edit, "30001111")
    wait_for(qtbot, page, ["t1"])
    type_into(qtbot, filters.search_edit, "order-t")
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4"])
    type_into(qtbot, filters.search_edit, "1234")  # the card's last four
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4"])
    type_into(qtbot, filters.search_edit, "")
    filters.choose_preset(DatePreset.YESTERDAY)
    filters.method_combo.setCurrentIndex(filters.method_combo.findText("Virtual account"))
    wait_for(qtbot, page, ["y2"])


def test_input_that_is_no_filter_is_said_and_the_list_stays(
    qtbot: QtBot, page: TransactionsPage
) -> None:
    type_into(qtbot, page.filters.amount_min_edit, "5만")
    qtbot.waitUntil(lambda: "whole won" in page.status_label.text(), timeout=5000)
    type_into(qtbot, page.filters.amount_min_edit, "50000")
    type_into(qtbot, page.filters.amount_max_edit, "1000")
    qtbot.waitUntil(lambda: "above the highest" in page.status_label.text(), timeout=5000)
    assert shown(page) == ["t1", "t2", "t3", "t4"]


def test_headers_and_shortcuts_sort_both_ways(qtbot: QtBot, page: TransactionsPage) -> None:
    header = page.table.horizontalHeader()
    position = header.sectionViewportPosition(Column.AMOUNT) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(position, 5))
    qtbot.waitUntil(lambda: len(shown(page)) == 4 and shown(page)[0] in ("t2", "t3"), timeout=5000)
    amounts = [page.model.payment_at(row).amount for row in range(4)]  # type: ignore[union-attr]
    assert amounts in (sorted(amounts), sorted(amounts, reverse=True))
    page.table.setFocus()
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_3,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: shown(page) == ["t2", "t4", "t1", "t3"], timeout=5000)
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_3,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_for(qtbot, page, ["t3", "t1", "t4", "t2"])
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_1,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_for(qtbot, page, ["t1", "t2", "t3", "t4"])
    position = header.sectionViewportPosition(Column.ORDER) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(position, 5))
    assert header.sortIndicatorSection() == Column.TIME  # not a column with an order


def test_the_keyboard_path_chooses_payments(qtbot: QtBot, page: TransactionsPage) -> None:
    chosen: list[str] = []
    page.payment_chosen.connect(chosen.append)
    page.entered.emit()
    assert page.filters.search_edit.hasFocus()
    qtbot.keyClick(page.filters.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert chosen == ["imp_t1"]
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert chosen == ["imp_t1", "imp_t2", "imp_t3"]
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert chosen[-1] == "imp_t4"
    chosen_payment = page.chosen_payment()
    assert chosen_payment is not None and chosen_payment.imp_uid == "imp_t4"
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert page.filters.search_edit.hasFocus()
    qtbot.keyClicks(page.filters.search_edit, "order-t2")
    qtbot.keyClick(page.filters.search_edit, Qt.Key.Key_Return)  # applies at once, into the table
    wait_for(qtbot, page, ["t2"])
    assert chosen[-1] == ""  # the chosen payment is no longer listed
    qtbot.keyClick(page.filters.search_edit, Qt.Key.Key_Return)
    assert page.table.hasFocus() and chosen[-1] == "imp_t2"
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.search_edit.hasFocus()


def test_the_chosen_payment_shows_beside_the_table_and_can_be_refunded(
    qtbot: QtBot, page: TransactionsPage
) -> None:
    area = page.detail_area()
    assert area.isVisible() and area.x() > page.table.x()
    assert area.isAncestorOf(page.detail)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    chosen = page.chosen_payment()
    assert chosen is not None
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    assert page.detail.detail is not None and page.detail.detail.imp_uid == chosen.imp_uid
    # Filled straight into the ledger, PortOne does not know it: the pane says it asked.
    assert "PortOne could not be asked" in page.detail.note_label.text()
    page.open_refund(chosen.imp_uid)
    assert page.refund_dialog is not None
    page.refund_dialog.reject()
    qtbot.waitUntil(lambda: page.refund_dialog is None, timeout=5000)


def test_the_refund_dialog_writes_money_in_the_pages_language_not_the_settings(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    """The app started with `--lang en` over settings that keep Korean (or whose language was
    changed for the next start): the refund's amounts are written as the English UI writes
    them, never "Refund 1,000원"."""
    order = new_keyed_order(amount=15_000)
    charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    page = TransactionsPage("en")  # the real clock: today is when the sandbox charged
    qtbot.addWidget(page)
    page.apply_settings(Settings(language=Language.KO))
    page.show()
    attach_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=15_000)
    listed = page.model.payment_at(0)
    assert listed is not None
    page.open_refund(listed.imp_uid)
    dialog = page.refund_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.refundable is not None, timeout=15_000)
    assert dialog.balance_value.text() == "₩15,000"
    dialog.activateWindow()
    dialog.partial_radio.setFocus()
    qtbot.keyClick(dialog.partial_radio, Qt.Key.Key_Space)
    type_into(qtbot, dialog.amount_edit, "1000")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    type_into(qtbot, dialog.reason_edit, "Wrong amount keyed")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.confirm_button.text() == "Refund ₩1,000"
    assert "₩14,000" in dialog.confirm_label.text() and "원" not in dialog.confirm_label.text()
    dialog.reject()


def test_rows_are_read_page_by_page_as_the_table_scrolls(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    many = [payment(f"n{i:04d}", NOW - timedelta(seconds=i), 1_000) for i in range(450)]
    fill_ledger(services.database, many)
    page = TransactionsPage("en", now=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    attach_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_ROWS, timeout=15_000)
    qtbot.waitUntil(
        lambda: page.status_label.text().startswith("450 payments, ₩450,000"), timeout=15_000
    )
    assert "scroll for more" in page.status_label.text()

    def scrolled_for_more(rows: int) -> bool:
        page.table.scrollToBottom()  # again while waiting, as a clerk keeps scrolling: under
        return page.model.rowCount() > rows  # load the view may lay out the last page late

    while page.model.rowCount() < len(many):
        rows = page.model.rowCount()
        qtbot.waitUntil(lambda rows=rows: scrolled_for_more(rows), timeout=15_000)
    assert shown(page) == [f"n{i:04d}" for i in range(450)]


class GatedLedger(PaymentLedger):
    """The real ledger, whose read of one filter waits until the test lets it answer."""

    def __init__(self, ledger: PaymentLedger, gated: PaymentFilter) -> None:
        super().__init__(ledger._database)
        self.gated = gated
        self.gate = threading.Event()

    def page(self, query: PaymentQuery, *, after: object | None = None, limit: int = 200):  # type: ignore[no-untyped-def]
        if query.filter == self.gated:
            self.gate.wait(10)
        return super().page(query, after=after, limit=limit)


def test_an_answer_to_an_older_filter_is_dropped(
    qtbot: QtBot, page: TransactionsPage, services: AppServices
) -> None:
    assert page._context is not None
    old = PaymentFilter(text="order-t1")
    ledger = GatedLedger(services.ledger, old)
    page.model.attach(ledger, page._context.runner)
    page.apply_filter(old)  # its answer waits
    page.apply_filter(PaymentFilter(text="order-t3"))
    wait_for(qtbot, page, ["t3"])
    with qtbot.waitSignal(page._context.runner.busy_changed, timeout=5000):
        ledger.gate.set()
    qtbot.wait(100)
    assert shown(page) == ["t3"]
    assert page.status_label.text().startswith("1 payments")


def test_a_new_payment_shows_when_the_ledger_changes(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    page = TransactionsPage("en")  # the real clock: today is when the sandbox charges
    qtbot.addWidget(page)
    page.show()
    context = attach_page(page)
    qtbot.waitUntil(lambda: page.status_label.text().startswith("0 payments"), timeout=5000)
    order = new_keyed_order(amount=15_000, buyer_name="홍길동")
    results: list[object] = []
    context.runner.run(
        lambda _progress: charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK),
        results.append,
        results.append,
    )
    qtbot.waitUntil(lambda: bool(results), timeout=15_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=15_000)
    qtbot.waitUntil(
        lambda: page.status_label.text() == "1 payments, ₩15,000 (refunded ₩0)", timeout=5000
    )
    listed = page.model.payment_at(0)
    assert listed is not None and listed.merchant_uid == order.merchant_uid


def test_the_dates_shown_are_handed_to_the_remote_merge_hook(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    class Recording(TransactionsPage):
        def __init__(self) -> None:
            self.ranges: list[tuple[datetime, datetime]] = []
            super().__init__("en", now=lambda: NOW)

        def merge_remote_payments(self, since: datetime, until: datetime) -> None:
            self.ranges.append((since, until))

    page = Recording()
    qtbot.addWidget(page)
    attach_page(page)
    page.filters.choose_preset(DatePreset.YESTERDAY)
    midnight = datetime(2026, 12, 3, tzinfo=KST)
    assert page.ranges == [
        (midnight, midnight + timedelta(days=1)),
        (midnight - timedelta(days=1), midnight),
    ]
