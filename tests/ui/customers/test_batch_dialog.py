"""Batch charge from the customers page, against the sandbox: a bad file shows every problem by
line and charges nothing; a good one shows its count and total, runs with progress, shows each
line's result and exports them; Stop sends nothing new; the same file again resumes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.batch_charge import LineStatus
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.settings.model import Settings
from kcp_pos.ui.customers.batch_dialog import BatchDialog
from kcp_pos.ui.customers.directory_model import Column
from kcp_pos.ui.customers.page import CustomersPage
from tests.batch_support import (
    check_one_payment_per_paid_row,
    issue_keys,
    read_results,
    write_batch_csv,
)
from tests.conftest import arm_fault
from tests.operators import MANAGER
from tests.services.conftest import keyed_card
from tests.ui.conftest import AttachPage

WAIT_MS = 15000


@pytest.fixture
def page(qtbot: QtBot, attach_page: AttachPage) -> Iterator[CustomersPage]:
    page = CustomersPage("en", Settings())
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    attach_page(page, MANAGER)  # batches need a manager
    yield page


def _open(qtbot: QtBot, page: CustomersPage) -> BatchDialog:
    page.search_edit.setFocus()
    qtbot.keyClick(
        page.search_edit,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.batch_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _charge(qtbot: QtBot, dialog: BatchDialog) -> None:
    """Charge, then Yes to the question (whose default is No)."""
    qtbot.mouseClick(dialog.charge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirmation is not None, timeout=WAIT_MS)
    question = dialog.confirmation
    assert question is not None
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
    question.button(QMessageBox.StandardButton.Yes).click()


def test_a_bad_file_shows_every_problem_by_line_and_charges_nothing(
    qtbot: QtBot, page: CustomersPage, services: AppServices, tmp_path: Path
) -> None:
    path = tmp_path / "month.csv"
    path.write_text("cust_a,10000,ok\ncust_b,zero,ok\ncust_c,10000,4111111111111111\n")
    dialog = _open(qtbot, page)
    dialog.load_file(path)
    qtbot.waitUntil(dialog.problems_list.isVisible, timeout=WAIT_MS)
    items = [dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())]
    assert items[0].startswith("Line 2, amount: ")
    assert items[1].startswith("Line 3, order_name: This looks like a card number")
    assert "4111" not in " ".join(items)
    assert dialog.summary_label.text().startswith("Nothing was charged.")
    assert not dialog.charge_button.isVisible()
    assert services.journal.recent() == []


def test_a_file_is_confirmed_charged_with_progress_and_its_results_exported(
    qtbot: QtBot,
    page: CustomersPage,
    services: AppServices,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    planned = issue_keys(sandbox.url, 20, decline_every=4)
    path = write_batch_csv(tmp_path / "month.csv", planned)
    dialog = _open(qtbot, page)
    dialog.load_file(path)
    qtbot.waitUntil(dialog.charge_button.isVisible, timeout=WAIT_MS)
    total = sum(row.amount for row in planned)
    assert dialog.summary_label.text() == f"20 saved cards to charge, ₩{total:,} in total."
    assert dialog.charge_button.text() == f"Charge 20 cards (₩{total:,})"
    assert services.journal.recent() == []  # nothing sent before the confirmation

    _charge(qtbot, dialog)
    assert not dialog.may_close
    dialog.close()
    assert dialog.isVisible()  # not while charges run
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.report is not None and dialog.report.settled
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert dialog.counts_label.text().startswith("20 of 20: 15 paid, 5 declined, 0 unknown")
    results = dialog.results_table.model()
    assert results.rowCount() == 20
    statuses = [results.index(row, 3).data() for row in range(20)]
    assert statuses == ["Declined" if row.declines else "Paid" for row in planned]

    exported = tmp_path / "exported.csv"
    dialog.export_to(exported)
    qtbot.waitUntil(exported.exists, timeout=WAIT_MS)
    check_one_payment_per_paid_row(sandbox.url, read_results(exported))

    # The same file again: already charged, nothing left to send.
    dialog.load_file(path)
    qtbot.waitUntil(
        lambda: dialog.summary_label.text().startswith("This file was charged before"),
        timeout=WAIT_MS,
    )
    assert "15 paid, 5 declined, 0 unknown" in dialog.summary_label.text()
    assert not dialog.charge_button.isVisible()
    dialog.close()
    qtbot.waitUntil(lambda: page.batch_dialog is None, timeout=WAIT_MS)


def test_stop_sends_nothing_new_and_the_same_file_continues(
    qtbot: QtBot,
    page: CustomersPage,
    services: AppServices,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    planned = issue_keys(sandbox.url, 30, decline_every=100)
    path = write_batch_csv(tmp_path / "month.csv", planned)
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="delay", seconds=0.2, times=30)
    dialog = _open(qtbot, page)
    dialog.load_file(path)
    qtbot.waitUntil(dialog.charge_button.isVisible, timeout=WAIT_MS)
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: " of 30: " in dialog.counts_label.text(), timeout=WAIT_MS)
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    report = dialog.report
    assert report is not None and report.stopped
    not_sent = [r for r in report.results if r.status is LineStatus.NOT_SENT]
    assert not_sent and "Stopped: " in dialog.counts_label.text()
    assert len(services.journal.recent(100)) == 30 - len(not_sent)

    dialog.load_file(path)
    qtbot.waitUntil(dialog.charge_button.isVisible, timeout=WAIT_MS)
    assert dialog.charge_button.text().startswith(f"Charge {len(not_sent)} cards")
    _charge(qtbot, dialog)
    qtbot.waitUntil(
        lambda: dialog.report is not None and dialog.report is not report, timeout=WAIT_MS
    )
    assert dialog.report.settled
    assert len(services.journal.recent(100)) == 30


def test_customers_selected_on_the_page_are_charged_one_typed_order(
    qtbot: QtBot, page: CustomersPage, services: AppServices, sandbox: SandboxServer
) -> None:
    uids = []
    for name in ("가나", "다라", "마바"):
        registration = new_card_registration(name=name)
        assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
        uids.append(registration.customer_uid)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    page.table.setFocus()
    page.table.selectRow(0)
    for _ in range(2):  # Shift+Down adds the next customer to the selection
        qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert page.status_label.text().startswith("3 customers selected")
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.batch_dialog
    assert dialog is not None and len(dialog.customers) == 3
    qtbot.waitExposed(dialog)
    order = dialog.order
    qtbot.keyClicks(order.amount_edit, "12000")
    qtbot.keyClick(order.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(order.order_name_edit, "Dues Dec")
    qtbot.keyClick(order.order_name_edit, Qt.Key.Key_Return)
    qtbot.keyClick(order.tax_free_edit, Qt.Key.Key_Return)  # checks the order for the three
    qtbot.waitUntil(dialog.charge_button.isVisible, timeout=WAIT_MS)
    assert dialog.charge_button.text() == "Charge 3 cards (₩36,000)"
    assert all(a.kind is AttemptKind.REGISTER for a in services.journal.recent())  # none sent

    qtbot.keyClicks(order.amount_edit, "0")  # changed after the check: checked again first
    assert not dialog.charge_button.isVisible()
    qtbot.keyClick(order.amount_edit, Qt.Key.Key_Backspace)
    dialog.check_selection()
    qtbot.keyClicks(order.amount_edit, "0")  # typed over while the check runs
    qtbot.waitUntil(
        lambda: dialog.summary_label.text() == "The order changed: check it again.",
        timeout=WAIT_MS,
    )
    assert not dialog.charge_button.isVisible()
    qtbot.keyClick(order.amount_edit, Qt.Key.Key_Backspace)
    dialog.check_selection()
    qtbot.waitUntil(dialog.charge_button.isVisible, timeout=WAIT_MS)
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.report is not None and dialog.report.counts.paid == 3
    for uid in uids:
        (payment,) = services.client.get_billing_key_payments(uid).list
        assert (payment.amount, payment.name) == (12_000, "Dues Dec")
    # The page held its refresh while the charges ran and catches up now: each row shows
    # its charge, and the three stay selected.
    qtbot.waitUntil(
        lambda: all(
            "₩12,000" in page.model.index(row, Column.LAST_CHARGE).data() for row in range(3)
        ),
        timeout=WAIT_MS,
    )
    assert len(page.selected_customers()) == 3


def test_customers_charged_days_ago_are_listed_and_charged_only_when_ticked(
    qtbot: QtBot, page: CustomersPage, sandbox: SandboxServer, tmp_path: Path
) -> None:
    planned = issue_keys(sandbox.url, 4, decline_every=100)
    dialog = _open(qtbot, page)
    dialog.load_file(write_batch_csv(tmp_path / "month.csv", planned))
    qtbot.waitUntil(dialog.charge_button.isVisible, timeout=WAIT_MS)
    _charge(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)

    dialog.load_file(write_batch_csv(tmp_path / "sorted.csv", planned[::-1]))
    qtbot.waitUntil(dialog.recent_check.isVisible, timeout=WAIT_MS)
    items = [dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())]
    assert items[0] == "Charged in the last 5 days:"
    assert items[1].startswith("Line 2: 고객3, ₩10,030 on ")  # by name: the directory knows it
    assert dialog.charge_button.isVisible() and not dialog.charge_button.isEnabled()
    dialog.recent_check.setChecked(True)
    assert dialog.charge_button.isEnabled()
