"""Drives the real app in a child process, for the tests that kill it or scan what it wrote.

python -m tests.app_driver charge  --data-dir D --config-dir C --log-dir L
    Starts kcp-pos, arms a commit-then-stall fault on its embedded sandbox, types an order
    and a card with key presses, confirms, and prints `SANDBOX <url>` and
    `SENDING <merchant_uid>` once the attempt is journalled. It then waits on the stalled
    answer until the parent kills it.
python -m tests.app_driver recover --data-dir D --config-dir C --log-dir L
    Starts kcp-pos on the same folders and waits for the start-up check of attempts the
    previous run left unresolved; prints `RECOVERED <state> <payments> <notice text>`.
python -m tests.app_driver settle --sandbox-url U --data-dir D --config-dir C --log-dir L
    Starts kcp-pos on a sandbox the parent runs (whose onetime the parent made commit late),
    with a settle window of zero, sends a charge and prints `SETTLED <merchant_uid> <title>`
    once the lookups found nothing and the attempt is settled as not charged; then waits until
    the parent kills it.
python -m tests.app_driver late --sandbox-url U --data-dir D --config-dir C --log-dir L
    Starts kcp-pos on the same folders and sandbox and prints `LATE <notice title> | <line>`
    once the start-up check has shown a late approval.
python -m tests.app_driver window --data-dir D --config-dir C --log-dir L
    Starts kcp-pos, holds back every `findAll` answer of its embedded sandbox, fills the cart
    from the keyboard, opens the payment window, pays in it by card, and prints `SANDBOX <url>`
    and `PAYING <merchant_uid>`. The app cannot settle the order (its lookups are held back)
    until the parent kills it.
python -m tests.app_driver refund --data-dir D --config-dir C --log-dir L
    Starts kcp-pos, charges a card through its services, arms a commit-then-stall fault on
    its embedded sandbox's `/payments/cancel`, opens the refund dialog as a manager, types a
    partial refund with key presses, confirms, and prints `SANDBOX <url>` and
    `REFUNDING <imp_uid>` once the cancel is journalled. It then waits on the stalled answer
    until the parent kills it.
python -m tests.app_driver recover_refund --data-dir D --config-dir C --log-dir L
    Starts kcp-pos on the same folders, waits for the start-up check, and prints
    `RECOVERED <state> <refunds of the payment> <refunded amount> <notice text>`.
python -m tests.app_driver flows <card> <declined card> <birth> <pin> --data-dir D ...
    Runs every keyed-entry flow with the given card data (approve, decline, retry with
    charge-and-save, register only, an unanswered charge, invalid input, a report exported and
    the day closed, opening every page)
    and prints `FLOWS DONE <panel states>` before closing the app normally.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from kcp_pos.app import AppSession, parse_args, start_app
from kcp_pos.domain.attempt import AttemptState
from kcp_pos.logging_setup import configure_logging
from kcp_pos.ui.customers.page import CustomersPage
from kcp_pos.ui.shell.main_window import Page
from kcp_pos.ui.terminal.controller import TerminalState

if TYPE_CHECKING:
    from kcp_pos.domain.keyed_card import KeyedCard
    from kcp_pos.ui.backoffice.refund_dialog import RefundDialog
    from kcp_pos.ui.shell.screen_page import PageContext

CARD = "5570420000051234"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
TIMEOUT_MS = 60_000


def page_key(page: Page) -> Qt.Key:
    """The digit key of the page's Ctrl shortcut."""
    return Qt.Key(Qt.Key.Key_1.value + page.value)


def when(condition: Callable[[], bool], then: Callable[[], None], *, waited: int = 0) -> None:
    """Call `then` on the UI thread once `condition` holds (polling, no busy wait). A failure
    ends the app at once, so the parent sees it instead of waiting for a timeout."""
    try:
        ready = condition()
        if ready:
            then()
    except Exception:
        traceback.print_exc()
        print("DRIVER FAILED", flush=True)
        QApplication.exit(4)
        return
    if ready:
        return
    if waited > TIMEOUT_MS:
        print(f"TIMEOUT waiting for {getattr(condition, '__qualname__', condition)}", flush=True)
        QApplication.exit(3)
    else:
        QTimer.singleShot(50, lambda: when(condition, then, waited=waited + 50))


ADMIN, ADMIN_PIN = "Admin", "482913"


def sign_in(session: AppSession, then: Callable[[], None]) -> None:
    """Sign in with key presses: the first start makes the administrator in the first-run
    wizard (skipped to its operator page, the PIN twice), a later start signs the same
    administrator in at the lock screen."""

    def asks() -> bool:
        lock = session.window.lock_screen
        return session.window.first_run is not None or (
            lock is not None and bool(lock.title_label.text())
        )

    def type_in() -> None:
        wizard = session.window.first_run
        if wizard is not None:
            wizard.skip_button.click()
            admin = wizard.operator_page
            fields = [(admin.name_edit, ADMIN), (admin.pin_edit, ADMIN_PIN)]
            fields.append((admin.pin_again_edit, ADMIN_PIN))
        else:
            lock = session.window.lock_screen
            assert lock is not None
            fields = [(lock.name_edit, ADMIN), (lock.pin_edit, ADMIN_PIN)]
        for field, text in fields:
            field.setFocus()
            field.clear()
            QTest.keyClicks(field, text)
            QTest.keyClick(field, Qt.Key.Key_Return)
        if wizard is not None:
            QTest.keyClick(wizard.next_button, Qt.Key.Key_Return)  # Finish, on the summary
        when(lambda: not session.window.locked, then)

    when(asks, type_in)


def type_order(session: AppSession) -> None:
    form = session.terminal.form
    fields: list[tuple[QLineEdit, str]] = [
        (form.amount_edit, "88000"),
        (form.order_name_edit, "Crash test"),
        (form.buyer_name_edit, "Hong"),
        (form.buyer_tel_edit, "01012345678"),
        (form.card.card_number_edit, CARD),
        (form.card.expiry_edit, "1230"),
        (form.card.owner_edit, "880315"),
        (form.card.pin_edit, "12"),
    ]
    for field, text in fields:
        field.setFocus()
        QTest.keyClicks(field, text)


def charge(session: AppSession) -> None:
    endpoint = session.window.endpoint()
    assert endpoint is not None and session.services is not None
    print(f"SANDBOX {endpoint.base_url}", flush=True)
    fault = {
        "endpoint": "/subscribe/payments/onetime",
        "mode": "stall_after_commit",
        "seconds": 600,
    }
    httpx.post(f"{endpoint.base_url}/__sandbox__/faults", json=fault).raise_for_status()
    type_order(session)
    QTest.keyClick(
        session.terminal.form.card.pin_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    controller = session.terminal

    def confirm() -> None:
        dialog = controller.confirm_dialog
        assert dialog is not None
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    def journalled() -> bool:
        assert session.services is not None
        return any(a.state is AttemptState.SENDING for a in session.services.journal.recent(5))

    def report_sending() -> None:
        assert session.services is not None
        (attempt,) = [a for a in session.services.journal.recent(5) if a.merchant_uid]
        print(f"SENDING {attempt.merchant_uid}", flush=True)

    when(lambda: controller.confirm_dialog is not None, confirm)
    when(journalled, report_sending)


def settle(session: AppSession) -> None:
    from datetime import timedelta

    from kcp_pos.services.check_schedule import CheckSchedule

    controller = session.terminal
    controller.follow_ups.schedule = CheckSchedule((0.1,), 0.2, settle_after=timedelta(0))
    type_order(session)
    QTest.keyClick(controller.form.card.pin_edit, Qt.Key.Key_Return, CTRL)

    def confirm() -> None:
        dialog = controller.confirm_dialog
        assert dialog is not None
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    def settled_as_not_found() -> bool:
        assert session.services is not None
        journalled = any(attempt.not_found for attempt in session.services.journal.recent(5))
        return journalled and controller.panel_state.value == "declined"

    def report() -> None:
        uid = controller.panel.order_number()
        print(f"SETTLED {uid} {controller.panel.title_label.text()}", flush=True)

    when(lambda: controller.confirm_dialog is not None, confirm)
    when(settled_as_not_found, report)


def late(session: AppSession) -> None:
    notice = session.terminal.view.late_approval_notice

    def report() -> None:
        print(f"LATE {notice.title_label.text()} | {notice.lines[0]}", flush=True)
        QApplication.exit(0)

    when(lambda: notice.isVisibleTo(session.terminal.view) and bool(notice.lines), report)


def window(session: AppSession) -> None:
    from kcp_pos.domain.attempt import AttemptKind
    from kcp_pos.ui.cart.page import CartPage

    endpoint = session.window.endpoint()
    assert endpoint is not None
    print(f"SANDBOX {endpoint.base_url}", flush=True)
    held = {"endpoint": "/payments/findAll/{merchant_uid}", "mode": "delay", "seconds": 600,
            "times": 1000, "method": "GET"}  # fmt: skip
    httpx.post(f"{endpoint.base_url}/__sandbox__/faults", json=held).raise_for_status()
    import kcp_pos.ui.cart.page as cart_page

    cart_page.ask_yes_no = lambda *_args, **_kw: True  # the clerk confirms the order
    QTest.keyClick(session.window, page_key(Page.CART), CTRL)
    page = session.window.page(Page.CART)
    assert isinstance(page, CartPage)
    for field, text in ((page.line_name, "Beans"), (page.line_quantity, "2"),
                        (page.line_price, "30000")):  # fmt: skip
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
    ready: list[bool] = []

    def open_window() -> None:
        QTest.keyClick(page.pay_button, Qt.Key.Key_Space)
        when(lambda: page.dialog is not None, watch)

    def watch() -> None:
        page.dialog.window_ready.connect(lambda: ready.append(True))
        when(lambda: bool(ready), pay)

    def pay() -> None:
        frame = "document.querySelector('#imp-sandbox-window iframe').contentDocument"
        page.dialog.view.page().runJavaScript(
            f"{frame}.getElementById('card_code').value='366';"
            f"{frame}.getElementById('submit').click();"
        )
        assert session.services is not None
        (attempt,) = [a for a in session.services.journal.recent(5) if a.kind is AttemptKind.WINDOW]
        print(f"PAYING {attempt.merchant_uid}", flush=True)

    when(lambda: page._context is not None and page.pay_button.isEnabled(), open_window)


REFUND_AMOUNT = "21000"


def refund(session: AppSession) -> None:
    from kcp_pos.domain.attempt import AttemptKind
    from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
    from kcp_pos.services.operator import Operator, Role
    from kcp_pos.ui.shell.operator_seat import OperatorSeat
    from kcp_pos.ui.shell.screen_page import PageContext

    services, endpoint = session.services, session.window.endpoint()
    assert services is not None and endpoint is not None
    print(f"SANDBOX {endpoint.base_url}", flush=True)
    manager = Operator("점장", Role.MANAGER)
    context = PageContext(services, session.runner, OperatorSeat(manager), True, ())
    card = _keyed_card()

    def charge(_progress: object) -> str:
        order = new_keyed_order(amount=88_000, order_name="Refund crash test")
        outcome = charge_keyed(services, card, order, operator=manager)
        assert outcome.payment is not None, "the charge was not paid"
        return outcome.payment.imp_uid

    def charged(imp_uid: str) -> None:
        fault = {"endpoint": "/payments/cancel", "mode": "stall_after_commit", "seconds": 600}
        httpx.post(f"{endpoint.base_url}/__sandbox__/faults", json=fault).raise_for_status()
        open_refund(context, imp_uid)

    session.runner.run(charge, charged, _fail)

    def journalled() -> bool:
        return any(
            a.kind is AttemptKind.CANCEL and a.state is AttemptState.SENDING
            for a in services.journal.recent(5)
        )

    def report() -> None:
        (attempt,) = [a for a in services.journal.recent(5) if a.kind is AttemptKind.CANCEL]
        print(f"REFUNDING {attempt.imp_uid}", flush=True)

    when(journalled, report)


def _keyed_card() -> KeyedCard:
    from datetime import date

    from kcp_pos.domain.keyed_card import validate_keyed_card
    from kcp_pos.domain.result import Ok

    result = validate_keyed_card(
        card_number=CARD,
        expiry="12/30",
        birth="880315",
        pwd_2digit="12",
        corporate=False,
        pwd_required=False,
        today=date(2026, 11, 28),
    )
    assert isinstance(result, Ok)
    return result.value


def _fail(error: Exception) -> None:
    print(f"DRIVER FAILED {type(error).__name__}: {error}", flush=True)
    QApplication.exit(4)


def open_refund(context: PageContext, imp_uid: str) -> RefundDialog:
    """The refund dialog, driven from the keyboard: partial, the amount, the reason, Enter."""
    from kcp_pos.ui.backoffice.refund_dialog import RefundDialog, Step

    dialog = RefundDialog(context, imp_uid, None)
    dialog.show()

    def fill() -> None:
        dialog.activateWindow()
        dialog.partial_radio.setFocus()
        QTest.keyClick(dialog.partial_radio, Qt.Key.Key_Space)
        QTest.keyClicks(dialog.amount_edit, REFUND_AMOUNT)
        QTest.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
        QTest.keyClicks(dialog.reason_edit, "Crash test")
        QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        assert dialog.step is Step.CONFIRM, f"no confirmation: {dialog.form_message.text()}"
        QTest.keyClick(dialog.confirm_button, Qt.Key.Key_Return)

    when(lambda: dialog.step is Step.FORM and dialog.refundable is not None, fill)
    return dialog


def recover_refund(session: AppSession) -> None:
    from kcp_pos.domain.attempt import AttemptKind

    services = session.services
    assert services is not None
    notice = session.terminal.view.recovery_notice

    def settled() -> bool:
        return not services.journal.unresolved() and notice.isVisible()

    def report() -> None:
        (attempt,) = [a for a in services.journal.recent(5) if a.kind is AttemptKind.CANCEL]
        assert attempt.imp_uid is not None
        payment = services.client.get_payment(attempt.imp_uid)
        text = notice.list_label.text().replace("\n", " ")
        cancels = len(payment.cancel_history)
        print(
            f"RECOVERED {attempt.state.value} {cancels} {payment.cancel_amount} {text}", flush=True
        )
        QApplication.exit(0)

    when(settled, report)


def recover(session: AppSession) -> None:
    services = session.services
    assert services is not None
    notice = session.terminal.view.recovery_notice

    def settled() -> bool:
        return not services.journal.unresolved() and notice.isVisible()

    def report() -> None:
        (attempt,) = services.journal.recent(1)
        assert attempt.merchant_uid is not None
        payments = len(services.client.find_every_payment(attempt.merchant_uid))
        text = notice.list_label.text().replace("\n", " ")
        print(f"RECOVERED {attempt.state.value} {payments} {text}", flush=True)
        QApplication.exit(0)

    when(settled, report)


class Flows:
    """Every keyed-entry flow, one after another, each waiting for the previous outcome."""

    def __init__(self, session: AppSession, card: str, declined: str, birth: str, pin: str):
        self.session = session
        self.card, self.declined, self.birth, self.pin = card, declined, birth, pin
        self.form = session.terminal.form
        self.seen: list[str] = []

    def type(self, field: QLineEdit, text: str) -> None:
        field.setFocus()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(field, Qt.Key.Key_Delete)
        QTest.keyClicks(field, text)

    def fill(self, card: str, amount: str = "61000") -> None:
        self.type(self.form.amount_edit, amount)
        self.type(self.form.order_name_edit, "Scan test")
        self.type(self.form.buyer_name_edit, "Kim")
        self.type(self.form.buyer_tel_edit, "01098765432")
        self.type(self.form.card.card_number_edit, card)
        self.type(self.form.card.expiry_edit, "0931")
        self.type(self.form.card.owner_edit, self.birth)
        self.type(self.form.card.pin_edit, self.pin)

    def submit(self, key: Qt.Key, modifiers: Qt.KeyboardModifier, then: Callable[[], None]) -> None:
        """Press the action's shortcut, confirm with Enter, wait for the outcome, record it."""
        controller = self.session.terminal
        QTest.keyClick(self.form.card.pin_edit, key, modifiers)

        def confirm() -> None:
            dialog = controller.confirm_dialog
            assert dialog is not None
            QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
            assert controller.state is not TerminalState.EDITING, "the confirmation was refused"
            when(outcome_shown, record)

        def outcome_shown() -> bool:
            state = controller.panel_state.value
            return state in ("paid", "declined", "unknown") and controller.confirm_dialog is None

        def record() -> None:
            assert self.session.services is not None
            (last,) = self.session.services.journal.recent(1)
            self.seen.append(f"{controller.panel_state.value}:{last.kind.value}")
            print(f"STEP {self.seen[-1]}", flush=True)
            self.reactivate(then)

        when(lambda: controller.confirm_dialog is not None, confirm)

    def reactivate(self, then: Callable[[], None]) -> None:
        """The offscreen platform does not give activation back when a dialog closes (a desktop
        does); shortcuts need an active window."""
        window = self.session.window
        window.activateWindow()
        when(window.isActiveWindow, then)

    def new_order(self) -> None:
        button = self.session.terminal.view.outcome_panel.new_order_button
        button.setFocus()  # as a clerk tabbing to it and pressing Space
        QTest.keyClick(button, Qt.Key.Key_Space)
        assert self.session.terminal.panel_state.value == "ready", "new order did not start"

    def run(self) -> None:
        wrong = self.card[:-1] + str((int(self.card[-1]) + 1) % 10)
        self.type(self.form.card.card_number_edit, wrong)
        self.type(self.form.card.owner_edit, self.birth[:4] + "99")  # invalid input, then corrected
        self.fill(self.card)
        self.submit(Qt.Key.Key_Return, CTRL, self.after_approval)

    def after_approval(self) -> None:
        self.new_order()
        self.fill(self.declined, amount="23000")
        self.submit(Qt.Key.Key_Return, CTRL, self.after_decline)

    def after_decline(self) -> None:
        # Another amount: the same amount, card and buyer as the first charge would (rightly)
        # raise the possible-duplicate warning, whose default button is Cancel.
        self.fill(self.card, amount="62000")
        self.submit(Qt.Key.Key_Return, CTRL | SHIFT, self.after_save)  # charge and save

    def after_save(self) -> None:
        self.new_order()
        self.fill(self.card)
        self.submit(Qt.Key.Key_R, CTRL | SHIFT, self.unanswered)  # register only

    def unanswered(self) -> None:
        self.new_order()
        endpoint = self.session.window.endpoint()
        assert endpoint is not None
        fault = {"endpoint": "/subscribe/payments/onetime", "mode": "error", "status": 502}
        httpx.post(f"{endpoint.base_url}/__sandbox__/faults", json=fault).raise_for_status()
        self.fill(self.card, amount="15000")
        self.submit(Qt.Key.Key_Return, CTRL, self.add_customer)

    def customers_page(self) -> CustomersPage:
        page = self.session.window.page(Page.CUSTOMERS)
        assert isinstance(page, CustomersPage)
        return page

    def add_customer(self) -> None:
        """The customers page: a new customer with the card typed in the dialog."""
        QTest.keyClick(self.session.window, page_key(Page.CUSTOMERS), CTRL)
        page = self.customers_page()
        when(
            lambda: page.add_button.isEnabled(),
            lambda: QTest.keyClick(page.add_button, Qt.Key.Key_Space),
        )
        when(lambda: page.card_dialog is not None, lambda: self.save_card(self.replace_card))

    def replace_card(self) -> None:
        """The customer just added gets a new card (the same number: what matters is the scan)."""
        page = self.customers_page()

        def selected() -> bool:
            customer = page.selected_customer()
            return customer is not None and page.replace_button.isEnabled()

        when(selected, lambda: QTest.keyClick(page.replace_button, Qt.Key.Key_Space))
        when(lambda: page.card_dialog is not None, lambda: self.save_card(self.batch))

    def batch(self) -> None:
        """A batch charge of the saved cards on the page (all selected, one order typed)."""
        page = self.customers_page()
        self.type(page.search_edit, "")  # the list was narrowed to the customer just saved
        when(lambda: page.model.rowCount() >= 2, lambda: self.open_batch(page))

    def open_batch(self, page: CustomersPage) -> None:
        page.table.setFocus()
        page.table.selectAll()
        QTest.keyClick(page.table, Qt.Key.Key_B, CTRL | SHIFT)
        dialog = page.batch_dialog
        assert dialog is not None and len(dialog.customers) >= 2, "no batch of the selection"
        self.type(dialog.order.amount_edit, "7000")
        self.type(dialog.order.order_name_edit, "Scan batch")
        QTest.keyClick(dialog.order.tax_free_edit, Qt.Key.Key_Return)  # checks the order

        def checked() -> bool:
            return dialog.charge_button.isVisible()

        def charge() -> None:
            if dialog.recent_check.isVisible():  # the cards were charged minutes ago: on purpose
                dialog.recent_check.setChecked(True)
            QTest.keyClick(dialog.charge_button, Qt.Key.Key_Space)
            when(lambda: dialog.confirmation is not None, answer)

        def answer() -> None:
            question = dialog.confirmation
            assert question is not None
            question.button(QMessageBox.StandardButton.Yes).click()
            when(lambda: dialog.report is not None, record)

        def record() -> None:
            report = dialog.report
            assert report is not None and report.settled, "the batch did not settle"
            self.seen.append(f"batch:{report.counts.paid}-paid")
            print(f"STEP {self.seen[-1]}", flush=True)
            dialog.close()
            when(lambda: page.batch_dialog is None, lambda: self.reactivate(self.refund))

        when(checked, charge)

    def refund(self) -> None:
        """A manager refunds part of the first approved keyed charge in the refund dialog."""
        from kcp_pos.domain.attempt import AttemptKind
        from kcp_pos.services.operator import Operator, Role
        from kcp_pos.ui.shell.operator_seat import OperatorSeat
        from kcp_pos.ui.shell.screen_page import PageContext

        services = self.session.services
        assert services is not None
        charges = [
            a
            for a in services.journal.recent(100)
            if a.kind is AttemptKind.ONETIME and a.state is AttemptState.PAID and a.imp_uid
        ]
        imp_uid = charges[-1].imp_uid
        assert imp_uid is not None
        manager = Operator("점장", Role.MANAGER)
        context = PageContext(services, self.session.runner, OperatorSeat(manager), True, ())
        dialog = open_refund(context, imp_uid)

        def record() -> None:
            self.seen.append(f"{dialog.step.value}:cancel")
            print(f"STEP {self.seen[-1]}", flush=True)
            dialog.close()
            self.reactivate(self.reports)

        when(lambda: dialog.step.value in ("refunded", "refused", "checking"), record)

    def save_card(self, then: Callable[[], None]) -> None:
        """Type the card into the open dialog, save, confirm, wait for the outcome (and, for a
        replacement, the old key's deletion), record it and close the dialog."""
        page = self.customers_page()
        dialog = page.card_dialog
        assert dialog is not None
        if dialog.replacing is None:
            self.type(dialog.name_edit, "Lee")
        card = dialog.card
        for field, text in (
            (card.card_number_edit, self.card),
            (card.expiry_edit, "0931"),
            (card.pin_edit, self.pin),
            (card.owner_edit, self.birth),
        ):
            self.type(field, text)
        QTest.keyClick(dialog.save_button, Qt.Key.Key_Space)

        def confirm() -> None:
            confirmation = dialog.confirm_dialog
            assert confirmation is not None
            QTest.keyClick(confirmation.focusWidget() or confirmation, Qt.Key.Key_Return)
            when(done, record)

        def done() -> bool:
            return dialog.panel.state.value in ("paid", "declined") and dialog.may_close

        def record() -> None:
            replaced = " replaced" if dialog.replacing is not None else ""
            self.seen.append(f"{dialog.panel.state.value}:save-card{replaced}")
            print(f"STEP {self.seen[-1]}", flush=True)
            QTest.keyClick(dialog.panel.new_order_button, Qt.Key.Key_Space)
            when(lambda: page.card_dialog is None, lambda: self.reactivate(then))

        when(lambda: dialog.confirm_dialog is not None, confirm)

    def reports(self) -> None:
        """A manager's report of today exported as CSV and XLSX into the temporary folder (which
        the scan covers), and the day closed."""
        import os
        from pathlib import Path

        from kcp_pos.ui.backoffice.reports_dialog import ReportsDialog

        session = self.session
        context = session.window.context  # the administrator signed in at the start
        assert context is not None
        dialog = ReportsDialog(context, session.window)
        folder = Path(os.environ.get("TMPDIR", "."))
        written: list[str] = []
        dialog.exported.connect(written.append)
        closed: list[bool] = []
        dialog.day_closed.connect(lambda: closed.append(True))

        def export() -> None:
            dialog.export_to(folder / "report.csv")
            dialog.export_to(folder / "report.xlsx")
            when(lambda: len(written) == 2, close_day)

        def close_day() -> None:
            dialog.close_the_day()
            when(lambda: bool(closed), done)

        def done() -> None:
            self.seen.append(f"reports:{len(written)}-exported")
            print(f"STEP {self.seen[-1]}", flush=True)
            dialog.done(0)
            self.reactivate(self.leave_and_finish)

        when(lambda: dialog.view is not None, export)

    def leave_and_finish(self) -> None:
        # Every page of the navigation is opened (Ctrl+1 … Ctrl+N), so that whatever a screen
        # writes when it is built or shown is scanned too.
        for page in [*Page, Page.TERMINAL]:
            QTest.keyClick(self.session.window, page_key(page), Qt.KeyboardModifier.ControlModifier)
            assert self.session.window.current_page is page, (
                f"Ctrl+{page.value + 1} did not open it"
            )
        print(f"FLOWS DONE {' '.join(self.seen)}", flush=True)
        QApplication.exit(0)


def main() -> int:
    mode, argv = sys.argv[1], sys.argv[2:]
    flow_args: list[str] = []
    if mode == "flows":
        flow_args, argv = argv[:4], argv[4:]

    def flows(session: AppSession) -> None:
        card, declined, birth, pin = flow_args
        Flows(session, card, declined, birth, pin).run()

    args = parse_args(argv)
    configure_logging(args.log_dir)  # as kcp_pos.app.main does: the log is scanned too
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)  # as main()
    app = QApplication(sys.argv[:1])
    session = start_app(args)
    steps = {
        "flows": flows,
        "charge": charge,
        "recover": recover,
        "settle": settle,
        "late": late,
        "window": window,
        "refund": refund,
        "recover_refund": recover_refund,
    }
    step = steps[mode]

    def start_when_active() -> None:
        # Shortcuts need an active window; on a loaded machine the offscreen platform may not
        # have activated it yet when the terminal is ready.
        session.window.activateWindow()
        when(session.window.isActiveWindow, lambda: sign_in(session, lambda: step(session)))

    when(
        lambda: session.terminal is not None and session.terminal.state is TerminalState.EDITING,
        start_when_active,
    )
    code = app.exec()
    session.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
