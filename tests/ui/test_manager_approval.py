"""The manager-approval prompt against a real store: a masked, digits-only PIN field, Enter from
the name to the PIN to approving, a wrong PIN with the tries left, the lock's end, an operator
who is not a manager, Esc cancelling, and the approval it hands back (audited, never the PIN)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import (
    APPROVED,
    WRONG_PINS_TO_LOCK,
    add_operator,
    create_first_admin,
)
from kcp_pos.ui.shell.operator_seat import OperatorSeat
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.screen_page import PageContext
from kcp_pos.ui.widgets.manager_approval import ManagerApprovalDialog
from tests.ui.keyboard import type_into

WAIT_MS = 10_000
MANAGER_PIN = "482915"
CLERK_PIN = "736402"
CLERK = Operator("직원 이", Role.CLERK)


@pytest.fixture
def runner(qapp: object) -> Iterator[BackgroundRunner]:
    built = BackgroundRunner()
    yield built
    built.shutdown()


@pytest.fixture
def dialog(qtbot: QtBot, services: AppServices, runner: BackgroundRunner) -> ManagerApprovalDialog:
    admin = create_first_admin(services, "사장 김", "908172")
    add_operator(services, "매니저 박", Role.MANAGER, MANAGER_PIN, by=admin)
    add_operator(services, "직원 최", Role.CLERK, CLERK_PIN, by=admin)
    context = PageContext(
        services, runner, OperatorSeat(CLERK), training=True, leftover_attempt_ids=()
    )
    built = ManagerApprovalDialog(context, action="refund", action_text="Approve a refund")
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    qtbot.waitUntil(built.isActiveWindow, timeout=WAIT_MS)
    return built


def _try(qtbot: QtBot, dialog: ManagerApprovalDialog, name: str, pin: str) -> None:
    type_into(qtbot, dialog.name_edit, name)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.pin_edit.hasFocus()
    type_into(qtbot, dialog.pin_edit, pin)
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=WAIT_MS)


def test_the_pin_field_is_masked_and_takes_digits_only(
    qtbot: QtBot, dialog: ManagerApprovalDialog
) -> None:
    assert dialog.windowTitle() == "Manager approval"
    assert dialog.pin_edit.echoMode() is QLineEdit.EchoMode.Password
    type_into(qtbot, dialog.pin_edit, "12a3-4")
    assert dialog.pin_edit.text() == "1234"


def test_a_managers_pin_approves(
    qtbot: QtBot, dialog: ManagerApprovalDialog, services: AppServices
) -> None:
    approvals: list[object] = []
    dialog.approved.connect(approvals.append)
    _try(qtbot, dialog, "매니저 박", MANAGER_PIN)
    assert dialog.approval is not None and approvals == [dialog.approval]
    assert dialog.approval.approver.name == "매니저 박" and dialog.approval.action == "refund"
    assert dialog.result() == ManagerApprovalDialog.DialogCode.Accepted
    (entry,) = services.audit.entries(action=APPROVED)
    assert entry.subject == CLERK.name and entry.details["approver"] == "매니저 박"
    assert MANAGER_PIN not in repr(entry)


def test_a_wrong_pin_says_the_tries_left_and_then_the_lock(
    qtbot: QtBot, dialog: ManagerApprovalDialog
) -> None:
    _try(qtbot, dialog, "매니저 박", "000000")
    assert dialog.message_label.text() == f"Wrong PIN. Tries left: {WRONG_PINS_TO_LOCK - 1}."
    assert dialog.pin_edit.text() == "" and dialog.pin_edit.hasFocus()
    assert dialog.isVisible() and dialog.approval is None
    for left in range(WRONG_PINS_TO_LOCK - 2, 0, -1):  # down to one, said the same way
        _try(qtbot, dialog, "매니저 박", "000000")
        assert dialog.message_label.text() == f"Wrong PIN. Tries left: {left}."
    _try(qtbot, dialog, "매니저 박", "000000")
    text = dialog.message_label.text()
    assert text.startswith("Approvals by this operator are locked until ")
    assert "still sign in" in text
    _try(qtbot, dialog, "매니저 박", MANAGER_PIN)  # even the right PIN, while locked
    assert dialog.message_label.text() == text and dialog.approval is None


def test_an_operator_who_is_not_a_manager_cannot_approve(
    qtbot: QtBot, dialog: ManagerApprovalDialog
) -> None:
    _try(qtbot, dialog, "직원 최", CLERK_PIN)
    assert dialog.message_label.text() == (
        "This operator is not a manager and cannot approve this."
    )
    assert dialog.approval is None and dialog.name_edit.hasFocus()


def test_a_short_pin_and_an_empty_name_are_said_before_asking(
    qtbot: QtBot, dialog: ManagerApprovalDialog
) -> None:
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert dialog.message_label.text() == "Enter the approver's name."
    _try(qtbot, dialog, "매니저 박", "12")
    assert dialog.message_label.text() == "A PIN has 4 to 8 digits."


def test_esc_cancels(qtbot: QtBot, dialog: ManagerApprovalDialog) -> None:
    type_into(qtbot, dialog.pin_edit, "1234")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.approval is None
    assert dialog.pin_edit.text() == ""
