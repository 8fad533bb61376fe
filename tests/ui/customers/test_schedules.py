"""Scheduled charges in the customer's file, by keyboard, against the sandbox: booking a monthly
series through the dialog (summary, confirmation), the sandbox clock running it and the poll
showing it executed or failed, revoking a pending one, and a failed one retried now (the
charge-again dialog filled and linked) or rescheduled; never both, never twice (a retry made
elsewhere meanwhile refuses the dialog's charge and the rescheduling), and a booking whose answer
could not be recorded is not offered again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.iamport.models import ScheduleStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.again_charge import new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.check_schedule import CheckSchedule
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.schedules import (
    ScheduleOrder,
    book_schedules,
    poll_schedules,
    retry_as_charge,
)
from kcp_pos.store import LedgerStatus
from kcp_pos.ui.customers.page import CustomersPage
from kcp_pos.ui.customers.schedule_dialog import ScheduleDialog
from kcp_pos.ui.customers.schedules_section import SchedulesSection
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.schedule_poll import SchedulePoll
from kcp_pos.ui.widgets.korea_time_edit import show_korea_moment
from kcp_pos.ui.widgets.outcome_panel import PanelState
from tests.conftest import advance_clock
from tests.services.conftest import APPROVED_CARD, INSUFFICIENT_CC10_CARD, keyed_card
from tests.ui.customers.conftest import WAIT_MS, activate

DAY = 24 * 3600


def _register(services: AppServices, name: str, card: str = APPROVED_CARD) -> str:
    registration = new_card_registration(name=name, tel="010-4444-5555")
    assert register_card(services, keyed_card(card), registration, operator=LOCAL_CLERK).paid
    return registration.customer_uid


@pytest.fixture
def page(dialog_page: CustomersPage) -> CustomersPage:
    dialog_page.resize(1200, 860)  # room for the customer's file with its schedules
    return dialog_page


def _section_for(qtbot: QtBot, page: CustomersPage, uid: str) -> SchedulesSection:
    qtbot.waitUntil(lambda: page.model.row_of(uid) >= 0, timeout=WAIT_MS)
    activate(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(page.model.row_of(uid))
    section = page.detail.schedules
    qtbot.waitUntil(lambda: section.customer is not None, timeout=WAIT_MS)
    return section


def _states(section: SchedulesSection) -> list[ScheduleState]:
    return [entry.state for entry in section.entries]


def test_a_monthly_series_is_booked_from_the_keyboard(
    qtbot: QtBot, page: CustomersPage, services: AppServices
) -> None:
    uid = _register(services, "김예약")
    section = _section_for(qtbot, page, uid)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = section.schedule_dialog
    assert isinstance(dialog, ScheduleDialog)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    assert dialog.fields.amount_edit.hasFocus()
    qtbot.keyClicks(dialog.fields.amount_edit, "9900")
    qtbot.keyClick(dialog.fields.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.fields.order_name_edit, "Monthly box")
    qtbot.keyClick(dialog.fields.order_name_edit, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.fields.tax_free_edit, Qt.Key.Key_Return)
    assert dialog.first_edit.hasFocus()
    show_korea_moment(dialog.first_edit, datetime(2099, 1, 31, 10, 0, tzinfo=UTC))
    qtbot.keyClick(dialog.first_edit, Qt.Key.Key_Return)  # Enter: on to the months, no booking
    assert dialog.months_spin.hasFocus() and dialog.confirm_dialog is None
    qtbot.keyClick(dialog.months_spin, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.months_spin, Qt.Key.Key_Up)
    assert dialog.months_spin.value() == 3
    summary = dialog.summary_label.text()
    assert "3 charge(s)" in summary and "2099-02-28 19:00" in summary
    assert "29,700" in summary and dialog.book_button.isEnabled()
    qtbot.keyClick(dialog.months_spin, Qt.Key.Key_Return)  # Enter: on to Book, still no booking
    assert dialog.book_button.hasFocus() and dialog.confirm_dialog is None
    qtbot.keyClick(dialog.months_spin, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = dialog.confirm_dialog
    assert confirm is not None
    qtbot.waitExposed(confirm)
    assert "9,900" in confirm.value_labels["amount"].text()
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "3 charge(s) booked" in dialog.result_label.text(), timeout=WAIT_MS)
    known = services.schedules.for_customer(uid)
    assert [k.state for k in known] == [ScheduleState.SCHEDULED] * 3
    assert [k.schedule_at.day for k in known] == [
        31,
        28,
        31,
    ]  # the 31st in Korea, clamped in February
    activate(qtbot, dialog)
    assert dialog.close_button.hasFocus()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)  # Enter on Close closes
    qtbot.waitUntil(lambda: section.schedule_dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _states(section) == [ScheduleState.SCHEDULED] * 3, timeout=WAIT_MS)
    assert section.table.item(0, 3).text().endswith("Pending")


def test_a_pending_charge_is_revoked_with_delete_after_a_confirmation(
    qtbot: QtBot, page: CustomersPage, services: AppServices
) -> None:
    uid = _register(services, "박취소")
    order = ScheduleOrder(uid, 5_000, datetime.now(UTC) + timedelta(days=3), order_name="Box")
    (booked,) = book_schedules(services, order, operator=LOCAL_CLERK).schedules
    section = _section_for(qtbot, page, uid)
    qtbot.waitUntil(lambda: len(section.entries) == 1, timeout=WAIT_MS)
    section.table.setFocus()
    section.table.selectRow(0)
    assert section.revoke_button.isEnabled() and not section.retry_button.isEnabled()
    qtbot.keyClick(section.table, Qt.Key.Key_Delete)
    box = section.revoke_box
    assert box is not None and box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: _states(section) == [ScheduleState.REVOKED], timeout=WAIT_MS)
    remote = services.client.get_schedule(booked.merchant_uid)
    assert remote.schedule_status is ScheduleStatus.REVOKED
    assert "revoked" in section.note_label.text()


def test_the_poll_shows_runs_and_a_failed_one_is_retried_now_linked(
    qtbot: QtBot, page: CustomersPage, services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _register(services, "최실패", INSUFFICIENT_CC10_CARD)
    order = ScheduleOrder(uid, 12_000, datetime.now(UTC) + timedelta(days=2), order_name="Box",
                          months=2)  # fmt: skip
    first, second = book_schedules(services, order, operator=LOCAL_CLERK).schedules
    section = _section_for(qtbot, page, uid)
    qtbot.waitUntil(lambda: len(section.entries) == 2, timeout=WAIT_MS)
    ahead = datetime.fromtimestamp(advance_clock(sandbox, 3 * DAY), UTC)
    runner = BackgroundRunner()
    poll = SchedulePoll(
        runner, services, CheckSchedule(delays=(0.0,), every=60.0), clock=lambda: ahead
    )
    try:
        with qtbot.waitSignal(poll.polled, timeout=WAIT_MS) as polled:
            poll.start()
        assert [k.merchant_uid for k in polled.args[0].failed] == [first.merchant_uid]
    finally:
        poll.stop()
        runner.shutdown()
    qtbot.waitUntil(
        lambda: _states(section) == [ScheduleState.FAILED, ScheduleState.SCHEDULED],
        timeout=WAIT_MS,
    )
    assert "[CC10]" in section.table.item(0, 3).text()
    customer = services.customers.get(uid)
    assert customer is not None and customer.last_charge_status is LedgerStatus.FAILED
    section.table.setFocus()
    section.table.selectRow(0)
    assert section.retry_button.isEnabled() and section.reschedule_button.isEnabled()
    assert not section.revoke_button.isEnabled()
    assert "&R" in section.retry_button.text()  # Alt+R on a desktop; offscreen has no mnemonics
    section.retry_button.click()
    dialog = section.charge_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.amount_edit.text() == "12,000" and dialog.order_name_edit.text() == "Box"
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = dialog.confirm_dialog
    assert confirm is not None
    qtbot.waitExposed(confirm)
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.flow.sending and dialog.panel.isVisible(), timeout=WAIT_MS)
    linked = services.schedules.get(first.merchant_uid)
    assert linked is not None and linked.retried_by is not None
    (retry,) = services.ledger.find_by_merchant_uid(linked.retried_by)
    assert retry.status is LedgerStatus.FAILED  # the same card, declined again: recorded
    dialog.reject()
    qtbot.waitUntil(lambda: section.charge_dialog is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "retried" in section.table.item(0, 3).text(), timeout=WAIT_MS)
    del second


def test_a_failed_charge_is_rescheduled(
    qtbot: QtBot, page: CustomersPage, services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _register(services, "정다시", INSUFFICIENT_CC10_CARD)
    order = ScheduleOrder(uid, 8_000, datetime.now(UTC) + timedelta(days=1), order_name="Box")
    (booked,) = book_schedules(services, order, operator=LOCAL_CLERK).schedules
    ahead = datetime.fromtimestamp(advance_clock(sandbox, 2 * DAY), UTC)
    assert len(poll_schedules(services, now=ahead).failed) == 1
    section = _section_for(qtbot, page, uid)
    qtbot.waitUntil(lambda: _states(section) == [ScheduleState.FAILED], timeout=WAIT_MS)
    section.table.setFocus()
    section.table.selectRow(0)
    section.reschedule_button.click()
    dialog = section.reschedule_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # The sandbox runs 2 days ahead: a time a week from now is still its future.
    show_korea_moment(dialog.time_edit, datetime.now(UTC) + timedelta(days=7))
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: _states(section) == [ScheduleState.SCHEDULED], timeout=WAIT_MS)
    remote = services.client.get_schedule(booked.merchant_uid)
    assert remote.schedule_status is ScheduleStatus.SCHEDULED
    QApplication.processEvents()


def _failed_one(
    qtbot: QtBot, page: CustomersPage, services: AppServices, sandbox: SandboxServer, name: str
) -> tuple[str, str, SchedulesSection]:
    """A customer whose card declines, one failed schedule of theirs selected in their file."""
    uid = _register(services, name, INSUFFICIENT_CC10_CARD)
    order = ScheduleOrder(uid, 7_000, datetime.now(UTC) + timedelta(days=1), order_name="Box")
    (booked,) = book_schedules(services, order, operator=LOCAL_CLERK).schedules
    ahead = datetime.fromtimestamp(advance_clock(sandbox, 2 * DAY), UTC)
    assert len(poll_schedules(services, now=ahead).failed) == 1
    section = _section_for(qtbot, page, uid)
    qtbot.waitUntil(lambda: _states(section) == [ScheduleState.FAILED], timeout=WAIT_MS)
    section.table.setFocus()
    section.table.selectRow(0)
    return uid, booked.merchant_uid, section


def _charged_with_key(services: AppServices, uid: str) -> list[str]:
    return sorted(p.merchant_uid for p in services.client.get_billing_key_payments(uid).list)


def test_a_retry_refused_as_retried_elsewhere_never_turns_into_a_plain_charge(
    qtbot: QtBot, page: CustomersPage, services: AppServices, sandbox: SandboxServer
) -> None:
    uid, schedule_uid, section = _failed_one(qtbot, page, services, sandbox, "윤중복")
    section.retry_button.click()
    dialog = section.charge_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Meanwhile another terminal retries the same failed run.
    elsewhere = new_again_order(customer_uid=uid, amount=7_000, order_name="Box")
    retry_as_charge(services, schedule_uid, elsewhere, operator=LOCAL_CLERK)
    activate(qtbot, dialog)
    for press in range(2):  # the second press must not send a plain charge
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if press == 0:  # the confirmation opens once the card's recent charges are read
            qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
        else:
            qtbot.wait(300)
        if dialog.confirm_dialog is not None:
            confirm = dialog.confirm_dialog
            qtbot.waitExposed(confirm)
            # Charged elsewhere a moment ago: the warning's default is Cancel; answer yes.
            qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
            activate(qtbot, dialog)
        qtbot.waitUntil(lambda: dialog.panel.state is PanelState.STOPPED, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not dialog.flow.sending, timeout=WAIT_MS)
    assert dialog.refused and not dialog.charge_button.isEnabled()
    assert dialog.retry_of_schedule == schedule_uid  # every press went through the guard
    text = dialog.panel.message_label.text()
    assert "already retried" in text and elsewhere.merchant_uid in text
    assert dialog.panel.new_order_button.isVisible()  # Close
    assert _charged_with_key(services, uid) == sorted([schedule_uid, elsewhere.merchant_uid])
    known = services.schedules.get(schedule_uid)
    assert known is not None and known.retried_by == elsewhere.merchant_uid
    dialog.panel.new_order_button.click()
    qtbot.waitUntil(lambda: section.charge_dialog is None, timeout=WAIT_MS)


def _book_from_the_dialog(qtbot: QtBot, section: SchedulesSection, amount: str) -> ScheduleDialog:
    section.schedule()
    dialog = section.schedule_dialog
    assert isinstance(dialog, ScheduleDialog)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.fields.amount_edit, amount)
    qtbot.keyClick(dialog.fields.amount_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.fields.order_name_edit, "Box")
    show_korea_moment(dialog.first_edit, datetime.now(UTC) + timedelta(days=5))
    assert dialog.book_button.isEnabled()
    qtbot.keyClick(
        dialog.fields.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = dialog.confirm_dialog
    assert confirm is not None
    qtbot.waitExposed(confirm)
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)
    activate(qtbot, dialog)
    return dialog


def _listed_at_portone(services: AppServices, uid: str) -> int:
    now = datetime.now(UTC)
    return services.client.get_customer_schedules(
        uid, int(now.timestamp()), int((now + timedelta(days=60)).timestamp())
    ).total


def test_a_booking_whose_answer_could_not_be_recorded_is_not_offered_again(
    qtbot: QtBot,
    page: CustomersPage,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PortOne took the booking, then the store failed to record its answer: the entries stay
    `booking` (the poll settles them by lookup), and this dialog must not book them again."""
    uid = _register(services, "오기록")
    section = _section_for(qtbot, page, uid)
    update = services.schedules.update
    failures = [OperationalError("UPDATE schedules", {}, Exception("database is locked"))]

    def update_once_failing(*args: object, **kwargs: object) -> object:
        if failures:
            raise failures.pop()
        return update(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.schedules, "update", update_once_failing)
    dialog = _book_from_the_dialog(qtbot, section, "6600")
    qtbot.waitUntil(lambda: "may have reached PortOne" in dialog.result_label.text(),
                    timeout=WAIT_MS)  # fmt: skip
    assert not failures and not dialog.book_button.isEnabled()
    assert dialog.fields.amount_edit.isReadOnly()
    qtbot.keyClick(
        dialog.fields.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    dialog.book_button.click()  # disabled: nothing happens
    assert dialog.confirm_dialog is None
    (known,) = services.schedules.for_customer(uid)
    assert known.state is ScheduleState.BOOKING
    assert _listed_at_portone(services, uid) == 1  # booked once, at PortOne
    (settled,) = poll_schedules(services).other  # the poll settles it by lookup
    assert settled.state is ScheduleState.SCHEDULED
    dialog.close_button.click()  # the clerk can close
    qtbot.waitUntil(lambda: section.schedule_dialog is None, timeout=WAIT_MS)


def test_a_booking_refused_before_sending_may_be_booked_again(
    qtbot: QtBot,
    page: CustomersPage,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The entries could not even be recorded: nothing was sent, and Book comes back."""
    uid = _register(services, "조다시")
    section = _section_for(qtbot, page, uid)
    record = services.schedules.record_booking
    failures = [OperationalError("INSERT INTO schedules", {}, Exception("disk I/O error"))]

    def record_once_failing(*args: object, **kwargs: object) -> object:
        if failures:
            raise failures.pop()
        return record(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services.schedules, "record_booking", record_once_failing)
    dialog = _book_from_the_dialog(qtbot, section, "6600")
    qtbot.waitUntil(lambda: "Not booked" in dialog.result_label.text(), timeout=WAIT_MS)
    assert dialog.book_button.isEnabled() and _listed_at_portone(services, uid) == 0
    dialog.book_button.click()
    qtbot.waitUntil(lambda: dialog.confirm_dialog is not None, timeout=WAIT_MS)
    confirm = dialog.confirm_dialog
    assert confirm is not None
    qtbot.waitExposed(confirm)
    qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "1 charge(s) booked" in dialog.result_label.text(), timeout=WAIT_MS)
    assert _listed_at_portone(services, uid) == 1
    dialog.close_button.click()


def test_a_failed_charge_retried_elsewhere_is_not_rescheduled(
    qtbot: QtBot, page: CustomersPage, services: AppServices, sandbox: SandboxServer
) -> None:
    uid, schedule_uid, section = _failed_one(qtbot, page, services, sandbox, "배재예약")
    section.reschedule_button.click()
    dialog = section.reschedule_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # While the clerk picks a time, another terminal retries the failed run as a charge.
    elsewhere = new_again_order(customer_uid=uid, amount=7_000, order_name="Box")
    retry_as_charge(services, schedule_uid, elsewhere, operator=LOCAL_CLERK)
    show_korea_moment(dialog.time_edit, datetime.now(UTC) + timedelta(days=7))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "already retried" in section.note_label.text(), timeout=WAIT_MS)
    assert elsewhere.merchant_uid in section.note_label.text()
    remote = services.client.get_schedule(schedule_uid)
    assert remote.schedule_status is not ScheduleStatus.SCHEDULED  # not booked again
    known = services.schedules.get(schedule_uid)
    assert known is not None and known.state is ScheduleState.FAILED
    qtbot.waitUntil(lambda: "retried" in section.table.item(0, 3).text(), timeout=WAIT_MS)
    assert not section.reschedule_button.isEnabled() and not section.retry_button.isEnabled()
