"""Sign-in at the terminal: the first start makes the administrator, a wrong PIN counts towards
the lock, Ctrl+L and the idle minutes lock the pages, and another operator may switch in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.ui.shell.main_window import MainWindow, Page
from kcp_pos.ui.shell.operator_seat import NotSignedIn
from tests.ui.main_window_support import context_of, signed_in_window, type_into

ADMIN_PIN = "482913"


def focused() -> object:
    return QApplication.focusWidget()


def test_the_first_start_makes_the_administrator_in_the_first_run_wizard(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    """No operator yet: the first-run wizard covers the pages where the sign-in form would be
    (tests/ui/first_run drives it whole); Skip goes straight to the administrator."""
    window = open_window()
    qtbot.waitUntil(lambda: window.first_run is not None)
    wizard = window.first_run
    assert wizard is not None and window.locked
    with pytest.raises(NotSignedIn):
        _ = context_of(window).operator
    assert not window.nav.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Skip
    qtbot.waitUntil(lambda: focused() is wizard.operator_page.name_edit)  # the click is animated
    assert focused() is wizard.operator_page.name_edit
    wizard.operator_page.name_edit.insert("김사장")  # as an input method would
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    for _ in range(2):
        qtbot.keyClicks(focused(), ADMIN_PIN)
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert services.operators.count() == 0  # nothing made before Finish
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Finish
    qtbot.waitUntil(lambda: not window.locked)
    assert context_of(window).operator == Operator("김사장", Role.ADMIN)
    assert "김사장" in window.operator_label.text()
    assert window.nav.isVisible()
    window.lock()  # from now on the lock screen asks who signs in
    lock = window.lock_screen
    assert lock is not None and lock.isVisible() and lock.submit_button.text() == "Sign in"


def test_a_wrong_pin_says_how_many_tries_are_left_then_the_operator_is_locked(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = open_window()
    lock = window.lock_screen
    assert lock is not None
    qtbot.waitUntil(lambda: lock.title_label.text() != "")
    for tries_left in (4, 3, 2, 1):
        lock.name_edit.setText("김사장")
        type_into(qtbot, lock.pin_edit, "000000")
        qtbot.waitUntil(
            lambda left=tries_left: (
                lock.message_label.text()
                == f"Wrong name or PIN. Tries left before a 5-minute lock: {left}."
            )
        )
        assert lock.pin_edit.text() == ""
    type_into(qtbot, lock.pin_edit, "000000")
    qtbot.waitUntil(lambda: "locked until" in lock.message_label.text())
    type_into(qtbot, lock.pin_edit, ADMIN_PIN)  # even the right PIN waits for the lock
    qtbot.waitUntil(lambda: "locked until" in lock.message_label.text() and not lock._busy)
    assert window.locked


def test_ctrl_l_locks_and_another_operator_switches_in(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    admin = operators.create_first_admin(services, "김사장", ADMIN_PIN)
    operators.add_operator(services, "이점원", Role.CLERK, "1357", by=admin)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    lock = window.lock_screen
    assert lock is not None
    window.show_page(Page.CUSTOMERS)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert lock.name_edit.text() == "김사장" and focused() is lock.pin_edit
    # Page shortcuts do nothing while locked.
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page is Page.CUSTOMERS and window.locked
    lock.name_edit.setText("이점원")
    type_into(qtbot, lock.pin_edit, "1357")
    qtbot.waitUntil(lambda: not window.locked)
    assert context_of(window).operator == Operator("이점원", Role.CLERK)
    assert "이점원" in window.operator_label.text()
    actions = [entry.action for entry in services.audit.entries()]
    assert actions.count(operators.SIGNED_IN) == 2


def test_the_idle_minutes_lock_the_terminal(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    lock = window.lock_screen
    assert lock is not None and window._idle_watch is not None
    window._idle_watch.set_interval_ms(50)
    qtbot.waitUntil(lambda: window.locked)
    assert lock.name_edit.text() == "김사장"


def test_an_open_dialog_neither_keeps_the_terminal_unlocked_nor_shows_while_locked(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    from kcp_pos.ui.backoffice.operators_dialog import OperatorsDialog

    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    dialog = OperatorsDialog(context_of(window), window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    assert window._idle_watch is not None
    window._idle_watch.set_interval_ms(50)
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    assert not dialog.isVisible()  # put away with the pages
    lock = window.lock_screen
    assert lock is not None
    type_into(qtbot, lock.pin_edit, ADMIN_PIN)
    qtbot.waitUntil(lambda: not window.locked)
    assert dialog.isVisible()


def test_ctrl_l_in_a_modal_dialog_locks_the_terminal(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    from kcp_pos.ui.backoffice.operators_dialog import OperatorsDialog

    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    dialog = OperatorsDialog(context_of(window), window)
    dialog.setModal(True)  # the main window's own shortcut cannot hear it
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle())
    handle = dialog.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected  # a modal one is closed, not kept
    lock = window.lock_screen
    assert lock is not None
    type_into(qtbot, lock.pin_edit, ADMIN_PIN)
    qtbot.waitUntil(lambda: not window.locked)
    assert not dialog.isVisible()


def test_a_question_open_when_the_terminal_locks_is_answered_no(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    """The 마감 question over the reports dialog (opened with open()) waits in its own event
    loop: hidden by the lock, it came back dead while its dialog took the keys. It is answered
    "no" and gone; the dialog under it comes back, usable."""
    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    dialog = QDialog(window)
    dialog.open()
    qtbot.waitExposed(dialog)
    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(
        QMessageBox.Icon.Question, "Close the day", "Close 2026-12-04?", yes_no, dialog
    )
    QTimer.singleShot(50, window.lock)
    assert box.exec() != QMessageBox.StandardButton.Yes
    assert window.locked and not box.isVisible() and not dialog.isVisible()
    lock = window.lock_screen
    assert lock is not None
    type_into(qtbot, lock.pin_edit, ADMIN_PIN)
    qtbot.waitUntil(lambda: not window.locked)
    assert dialog.isVisible() and not box.isVisible()  # no dead question over the dialog


def test_another_operator_signing_in_does_not_find_the_last_ones_dialog(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    from kcp_pos.ui.backoffice.audit_dialog import AuditDialog

    admin = operators.create_first_admin(services, "김사장", ADMIN_PIN)
    operators.add_operator(services, "이점원", Role.CLERK, "1357", by=admin)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    dialog = AuditDialog(context_of(window), window)
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock()
    assert not dialog.isVisible() and window.operator_label.text() == "Locked"
    lock = window.lock_screen
    assert lock is not None
    lock.name_edit.setText("이점원")
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        type_into(qtbot, lock.pin_edit, "1357")
    assert not dialog.isVisible()
