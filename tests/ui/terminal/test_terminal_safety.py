"""Rules 1, 2, 4, 5 on screen: duplicate warning, unknown outcome resolved by lookup, card data
cleared, nothing sent after a cancel, attempts of an earlier run shown, and Korean text."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.domain.keyed_card import validate_keyed_card
from kcp_pos.domain.korea_time import kst_now, kst_today
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.domain.result import Ok
from kcp_pos.iamport.models import PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.check_schedule import CheckSchedule
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.settings import Settings, SettingsStore
from kcp_pos.settings.secrets import SecretStore
from kcp_pos.ui.shell.main_window import MainWindow, Page
from kcp_pos.ui.terminal.controller import TerminalController, TerminalState
from kcp_pos.ui.terminal.view import TerminalView
from kcp_pos.ui.widgets.outcome_panel import PanelState
from tests.conftest import arm_fault, make_services, seed_ready_payment
from tests.settings.memory_keyring import MemoryKeyring
from tests.ui.terminal.conftest import (
    APPROVED_CARD,
    CC03_CARD,
    WAIT_MS,
    Terminal,
    TerminalFactory,
    charge,
    fill_card,
    fill_order,
    reactivate,
    wait_for_state,
)


def card_texts(form: object) -> list[str]:
    return [
        edit.text()
        for edit in (
            form.card.card_number_edit,  # type: ignore[attr-defined]
            form.card.expiry_edit,  # type: ignore[attr-defined]
            form.card.owner_edit,  # type: ignore[attr-defined]
            form.card.pin_edit,  # type: ignore[attr-defined]
        )
    ]


def test_same_amount_card_and_buyer_again_warns_and_can_be_overridden(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal)
    charge(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.PAID)
    terminal.controller.new_order()

    # Same order again: the confirmation leads with the warning and Cancel is the default.
    fill_order(qtbot, terminal)
    qtbot.keyClick(
        terminal.form.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None
    assert dialog.warning_label.text() == (
        "The same amount, card and buyer were charged 1 minute(s) ago. Charge again anyway?"
    )
    assert dialog.cancel_button.isDefault() and not dialog.confirm_button.isDefault()
    assert dialog.confirm_button.text() == "Charge anyway"
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # Enter = Cancel here
    reactivate(qtbot, terminal.view)
    assert len(terminal.services.journal.recent()) == 1  # nothing sent
    assert terminal.controller.state is TerminalState.EDITING

    # Override: charged a second time, on purpose.
    qtbot.keyClick(
        terminal.form.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None and dialog.warning_label.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    reactivate(qtbot, terminal.view)
    wait_for_state(qtbot, terminal, PanelState.PAID)
    assert [a.state for a in terminal.services.journal.recent()] == [AttemptState.PAID] * 2

    # A different card is not a duplicate.
    terminal.controller.new_order()
    fill_order(qtbot, terminal, card="5570420000060003")
    qtbot.keyClick(
        terminal.form.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None and dialog.warning_label.isHidden()
    dialog.reject()


def test_a_double_ctrl_enter_or_a_held_enter_does_not_confirm_unseen(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal)
    qtbot.keyClick(  # Ctrl+Enter asks; a second Ctrl+Enter must not answer the question
        terminal.form.amount_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None
    focused = dialog.focusWidget() or dialog.confirm_button
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    held = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True
    )
    QApplication.sendEvent(focused, held)  # an auto-repeated Enter (a key held down)
    assert dialog.isVisible() and terminal.services.journal.recent() == []
    qtbot.keyClick(focused, Qt.Key.Key_Return)  # a plain Enter answers
    wait_for_state(qtbot, terminal, PanelState.PAID)


def test_stall_after_commit_shows_checking_then_paid_with_one_payment(
    qtbot: QtBot, make_terminal: TerminalFactory, sandbox: SandboxServer
) -> None:
    terminal = make_terminal(read_timeout=0.5)
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=2)
    fill_order(qtbot, terminal)
    charge(qtbot, terminal)
    qtbot.waitUntil(lambda: terminal.panel.state is PanelState.UNKNOWN, timeout=WAIT_MS)
    panel = terminal.panel
    assert panel.title_label.text() == "Checking the result…"
    assert "Do not charge this card again" in panel.message_label.text()
    assert panel.icon_label.text() == "?"
    assert not panel.retry_button.isVisibleTo(panel)  # never a blind retry
    assert not terminal.form.charge_button.isEnabled()
    assert terminal.form.amount_edit.isReadOnly()
    assert card_texts(terminal.form) == ["", "", "", ""]
    terminal.controller.new_order()  # not allowed while unknown
    assert terminal.controller.state is TerminalState.UNKNOWN

    wait_for_state(qtbot, terminal, PanelState.PAID)
    outcome = terminal.panel.outcome
    assert outcome is not None and outcome.payment is not None
    assert outcome.attempt.state is AttemptState.RESOLVED_PAID
    payments = terminal.services.client.find_every_payment(outcome.attempt.merchant_uid)
    assert [p.status for p in payments] == [PaymentStatus.PAID]
    assert terminal.panel.detail("Approval no.") == payments[0].apply_num
    assert (
        terminal.controller.guard.recent_match(55_000, "1234", "홍길동", now=kst_now()) is not None
    )


def test_card_fields_clear_on_submit_and_charge_is_disabled_in_flight(
    qtbot: QtBot, make_terminal: TerminalFactory, sandbox: SandboxServer
) -> None:
    terminal = make_terminal()
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="delay", seconds=0.5)
    fill_order(qtbot, terminal)
    charge(qtbot, terminal)
    assert terminal.controller.state is TerminalState.SENDING
    assert card_texts(terminal.form) == ["", "", "", ""]
    for field in (terminal.form.card.card_number_edit, terminal.form.card.expiry_edit):
        assert not field.isUndoAvailable()  # Ctrl+Z cannot bring the card back
        field.undo()
    assert card_texts(terminal.form) == ["", "", "", ""]
    assert not any(button.isEnabled() for button in terminal.form.action_buttons.values())
    assert terminal.panel.state is PanelState.SENDING
    qtbot.waitUntil(lambda: not terminal.panel.cancel_button.isEnabled(), timeout=WAIT_MS)
    assert "already sent" in terminal.panel.cancel_button.toolTip()
    assert "being sent" in (terminal.controller.close_warning() or "")  # closing asks first
    wait_for_state(qtbot, terminal, PanelState.PAID)
    assert terminal.controller.close_warning() is None


def test_cancel_before_sending_sends_nothing(qtbot: QtBot, make_terminal: TerminalFactory) -> None:
    terminal = make_terminal(max_threads=1)
    release = threading.Event()
    terminal.runner.run(lambda _p: release.wait(5), lambda _r: None, lambda _e: None)
    fill_order(qtbot, terminal)
    charge(qtbot, terminal)  # queued behind the blocking operation: not sent yet
    assert terminal.panel.cancel_button.isEnabled()
    qtbot.mouseClick(terminal.panel.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    wait_for_state(qtbot, terminal, PanelState.STOPPED)
    assert terminal.panel.title_label.text() == "Request cancelled"
    assert terminal.services.journal.recent() == []
    assert terminal.controller.state is TerminalState.EDITING
    assert terminal.form.amount_edit.text() == "55,000"


def test_leaving_the_terminal_page_clears_card_fields(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring, sandbox: SandboxServer
) -> None:
    from kcp_pos.ui.shell.runner import BackgroundRunner

    runner = BackgroundRunner()
    window = MainWindow(Settings(), SettingsStore(tmp_path / "cfg"), SecretStore(), runner)
    qtbot.addWidget(window)
    view = TerminalView(lang="en", today=kst_today, pwd_required=False)
    window.terminal_page.set_entry_form(view)
    controller = TerminalController(view, runner, Settings(), parent=window)
    window.terminal_page.leaving.connect(controller.leave)
    services = make_services(sandbox.url, tmp_path / "store")
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    controller.attach(services, training=True, operator=LOCAL_CLERK)
    try:
        form = view.form
        for edit, text in (
            (form.amount_edit, "10000"),
            (form.card.card_number_edit, APPROVED_CARD),
            (form.card.expiry_edit, "1230"),
            (form.card.owner_edit, "880315"),
            (form.card.pin_edit, "12"),
        ):
            edit.setFocus()
            qtbot.keyClicks(edit, text)
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page is Page.CUSTOMERS
        assert card_texts(form) == ["", "", "", ""]
        assert form.amount_edit.text() == "10,000"  # the order itself may stay
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        form.card.card_number_edit.setFocus()
        qtbot.keyClicks(form.card.card_number_edit, APPROVED_CARD)
        window.close()
        assert form.card.card_number_edit.text() == ""
    finally:
        controller.stop()
        runner.shutdown()
        services.close()


def test_korean_outcome_text(qtbot: QtBot, make_terminal: TerminalFactory, korean: None) -> None:
    terminal = make_terminal(lang="ko")
    assert terminal.form.charge_button.text() == "결제"
    fill_order(qtbot, terminal, card=CC03_CARD)
    charge(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.DECLINED)
    assert terminal.panel.title_label.text() == "결제 거절됨"
    assert terminal.panel.message_label.text().startswith("카드사가 승인을 거절했습니다.")
    assert terminal.panel.retry_button.text() == "다시 시도"


def test_english_paid_text(qtbot: QtBot, make_terminal: TerminalFactory) -> None:
    terminal = make_terminal(lang="en")
    fill_order(qtbot, terminal, amount="10000")
    charge(qtbot, terminal)
    wait_for_state(qtbot, terminal, PanelState.PAID)
    assert terminal.panel.title_label.text() == "Payment approved"
    assert terminal.panel.detail("Installments") == "Full payment"


def test_attempts_left_unresolved_by_an_earlier_run_are_checked_and_listed(
    qtbot: QtBot, make_terminal: TerminalFactory, sandbox: SandboxServer, tmp_path: Path
) -> None:
    # An earlier run: a charge whose answer was lost (the money moved) ...
    earlier = make_services(sandbox.url, tmp_path / "shared", read_timeout=0.3)
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=1)
    card = validate_keyed_card(
        card_number=APPROVED_CARD,
        expiry="12/30",
        birth="880315",
        pwd_2digit="",
        corporate=False,
        pwd_required=False,
        today=kst_today(),
    )
    assert isinstance(card, Ok)
    lost = charge_keyed(
        earlier,
        card.value,
        KeyedOrder(merchant_uid=new_merchant_uid(now=kst_now()), amount=33_000),
        operator=LOCAL_CLERK,
    )
    assert lost.kind is OutcomeKind.UNKNOWN
    leftover = tuple(a.id for a in earlier.journal.unresolved())
    earlier.close()

    terminal = make_terminal(
        services=make_services(sandbox.url, tmp_path / "shared"), leftover=leftover
    )
    notice = terminal.view.recovery_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(terminal.view) and not terminal.runner.busy)
    assert (
        notice.title_label.text() == "1 payment(s) from the last session had no confirmed result:"
    )
    assert notice.lines == [
        f"Approved · ₩33,000 · 5570-42**-****-1234 · {lost.attempt.merchant_uid}"
    ]
    assert notice.dismiss_button.isEnabled()
    payments = terminal.services.client.find_every_payment(lost.attempt.merchant_uid or "")
    assert len(payments) == 1
    # ... and the same card, amount and buyer keyed again now is a possible duplicate, as it
    # would have been before the restart (the confirmation leads with the warning; Esc cancels).
    terminal.view.activateWindow()
    fill_order(qtbot, terminal, amount="33000", order_name="again", buyer_name="", buyer_tel="")
    qtbot.keyClick(
        terminal.form.tax_free_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: terminal.controller.confirm_dialog is not None, timeout=WAIT_MS)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None and dialog.summary.duplicate_warning is not None
    assert dialog.cancel_button.isDefault()
    dialog.reject()
    assert len(terminal.services.client.find_every_payment(lost.attempt.merchant_uid or "")) == 1


def test_retrying_an_order_charged_late_shows_it_and_charges_nothing_new(
    qtbot: QtBot, make_terminal: TerminalFactory, sandbox: SandboxServer
) -> None:
    terminal = make_terminal()
    terminal.controller.follow_ups.schedule = CheckSchedule((0.1,), 0.2, settle_after=timedelta(0))
    fill_order(qtbot, terminal, amount="41000")
    arm_fault(sandbox, endpoint="/subscribe/payments/onetime", mode="commit_later", seconds=1.0)
    charge(qtbot, terminal)
    qtbot.waitUntil(
        lambda: terminal.panel.title_label.text() == "No payment found", timeout=WAIT_MS
    )
    first_uid = terminal.panel.order_number()
    qtbot.waitUntil(
        lambda: bool(terminal.services.client.find_every_payment(first_uid)), timeout=WAIT_MS
    )

    fill_card(qtbot, terminal)  # the clerk keys the card in again: a retry of the same order
    qtbot.keyClick(
        terminal.form.tax_free_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: terminal.controller.confirm_dialog is not None, timeout=WAIT_MS)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None and dialog.summary.duplicate_warning is not None
    dialog.confirm_button.click()  # "Charge anyway": the clerk means to retry
    wait_for_state(qtbot, terminal, PanelState.PAID)

    assert terminal.panel.title_label.text() == "Charged by the earlier attempt"
    assert terminal.panel.order_number() == first_uid
    (attempt,) = terminal.services.journal.recent(5)  # no second attempt was journalled
    assert attempt.merchant_uid == first_uid
    assert len(terminal.services.client.find_every_payment(first_uid)) == 1


def _settle_as_not_found(
    qtbot: QtBot, terminal: Terminal, sandbox: SandboxServer, commit_after: float
) -> str:
    """A charge whose PG answers 504 and commits `commit_after` seconds later, settled as not
    found before that: its merchant_uid."""
    terminal.controller.follow_ups.schedule = CheckSchedule((0.1,), 0.2, settle_after=timedelta(0))
    fill_order(qtbot, terminal, amount="41000")
    arm_fault(
        sandbox, endpoint="/subscribe/payments/onetime", mode="commit_later", seconds=commit_after
    )
    charge(qtbot, terminal)
    qtbot.waitUntil(
        lambda: terminal.panel.title_label.text() == "No payment found", timeout=WAIT_MS
    )
    return terminal.panel.order_number()


def test_a_late_commit_while_the_terminal_runs_is_shown_without_a_restart(
    qtbot: QtBot, make_terminal: TerminalFactory, sandbox: SandboxServer
) -> None:
    terminal = make_terminal()
    merchant_uid = _settle_as_not_found(qtbot, terminal, sandbox, commit_after=1.0)
    notice = terminal.view.late_approval_notice
    assert not notice.isVisibleTo(terminal.view)

    qtbot.waitUntil(lambda: notice.isVisibleTo(terminal.view), timeout=WAIT_MS)  # next round

    assert notice.lines == [notice.lines[0]] and merchant_uid in notice.lines[0]
    notice.acknowledge_button.click()
    assert not notice.isVisibleTo(terminal.view)
    qtbot.wait(1_000)  # three more rounds: acknowledged stays acknowledged
    assert not notice.isVisibleTo(terminal.view)


def test_a_retry_is_not_sent_while_the_earlier_payment_is_being_processed(
    qtbot: QtBot, make_terminal: TerminalFactory, sandbox: SandboxServer
) -> None:
    terminal = make_terminal()
    merchant_uid = _settle_as_not_found(qtbot, terminal, sandbox, commit_after=60.0)
    seed_ready_payment(sandbox, merchant_uid, 41_000)

    fill_card(qtbot, terminal)  # the clerk keys the card in again: a retry of the same order
    qtbot.keyClick(
        terminal.form.tax_free_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: terminal.controller.confirm_dialog is not None, timeout=WAIT_MS)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None
    dialog.confirm_button.click()
    wait_for_state(qtbot, terminal, PanelState.STOPPED)

    assert terminal.panel.title_label.text() == "The request could not be sent"
    assert "is still being processed" in terminal.panel.message_label.text()
    assert merchant_uid in terminal.panel.message_label.text()
    (attempt,) = terminal.services.journal.recent(5)  # nothing new journalled, nothing sent
    assert attempt.merchant_uid == merchant_uid
