"""The audit trail viewer and the operators dialog, driven from the keyboard against the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.store.database import DEFAULT_FILENAME
from kcp_pos.ui.backoffice.audit_dialog import AuditDialog
from kcp_pos.ui.backoffice.operators_dialog import OperatorsDialog
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from tests.operators import ADMIN, MANAGER
from tests.ui.approval_support import answer_question
from tests.ui.conftest import AttachPage

WAIT_MS = 8000


PAGES: list[ScreenPage] = []


def context_for(attach_page: AttachPage, qtbot: QtBot, operator: Operator) -> PageContext:
    page = ScreenPage()
    qtbot.addWidget(page)
    PAGES.append(page)  # kept: the context is handed to it
    return attach_page(page, operator)


def test_the_audit_trail_is_shown_filtered_and_verified(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices, store_dir: Path
) -> None:
    for n in range(3):
        services.audit.append("payment.recorded", subject=f"kcp_{n}", actor="이점원")
    services.audit.append("operator.signed_in", subject="이점원", actor="이점원")
    dialog = AuditDialog(context_for(attach_page, qtbot, MANAGER))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=WAIT_MS)
    assert dialog.table.item(0, 2).text() == "Signed in"  # newest first, in words
    qtbot.keyClicks(dialog.action_edit, "payment.")
    qtbot.keyClick(dialog.action_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=WAIT_MS)
    assert dialog.status_label.text() == "Entries shown: 3"

    dialog.verify()
    qtbot.waitUntil(lambda: "intact" in dialog.verdict_label.text(), timeout=WAIT_MS)
    victim = services.audit.entries(subject="kcp_1")[0]
    connection = sqlite3.connect(store_dir / DEFAULT_FILENAME)
    connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    connection.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = ?", (victim.id,))
    connection.commit()
    connection.close()
    dialog.verify()
    qtbot.waitUntil(lambda: "changed outside" in dialog.verdict_label.text(), timeout=WAIT_MS)
    assert f"#{victim.id}" in dialog.verdict_label.text()


def test_deleted_newest_entries_are_reported_with_where_the_trail_now_ends(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices, store_dir: Path
) -> None:
    entries = [services.audit.append("payment.recorded", subject=f"kcp_{n}") for n in range(3)]
    dialog = AuditDialog(context_for(attach_page, qtbot, MANAGER))
    qtbot.addWidget(dialog)
    dialog.verify()
    qtbot.waitUntil(lambda: "intact" in dialog.verdict_label.text(), timeout=WAIT_MS)
    assert "Newest: #" in dialog.verdict_label.text()  # with its hash, to compare with a slip
    verdict = services.audit.entries(action="audit.verified")[-1]
    connection = sqlite3.connect(store_dir / DEFAULT_FILENAME)
    connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    connection.execute("DELETE FROM audit_log WHERE id >= ?", (entries[2].id,))
    connection.commit()
    connection.close()
    dialog.verify()
    qtbot.waitUntil(lambda: "deleted or replaced" in dialog.verdict_label.text(), timeout=WAIT_MS)
    text = dialog.verdict_label.text()
    assert f"#{verdict.id}" in text and f"ends at #{entries[1].id}" in text
    assert not dialog.accept_button.isHidden() and not dialog.accept_button.isEnabled()  # a manager

    admins = AuditDialog(context_for(attach_page, qtbot, ADMIN))
    qtbot.addWidget(admins)
    admins.show()
    admins.verify()
    qtbot.waitUntil(admins.accept_button.isVisible, timeout=WAIT_MS)
    assert admins.accept_button.isEnabled()
    answer_question(True)
    admins.ask_accept_trail()
    qtbot.waitUntil(lambda: "intact" in admins.verdict_label.text(), timeout=WAIT_MS)
    assert not admins.accept_button.isVisible()
    (accepted,) = services.audit.entries(action="audit.head_reset")
    assert accepted.actor == ADMIN.name and accepted.details["lost_head"] == verdict.id


def test_a_clerk_is_told_the_trail_is_a_managers(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    dialog = AuditDialog(context_for(attach_page, qtbot, Operator("이점원", Role.CLERK)))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Only a manager" in dialog.status_label.text(), timeout=WAIT_MS)
    assert dialog.table.rowCount() == 0


def test_an_administrator_adds_an_operator_from_the_keyboard_and_stops_one(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    operators.create_first_admin(services, ADMIN.name, "482913")
    dialog = OperatorsDialog(context_for(attach_page, qtbot, ADMIN))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    qtbot.keyClicks(dialog.name_edit, "Lee")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.role_combo.hasFocus()
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)  # manager
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Return)
    assert dialog.pin_edit.hasFocus()  # Enter goes on from the role too
    qtbot.keyClicks(dialog.pin_edit, "2468")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.pin_again_edit, "2469")  # a typo: nothing added
    qtbot.keyClick(dialog.pin_again_edit, Qt.Key.Key_Return)
    assert "differ" in dialog.message_label.text()
    for field in (dialog.pin_edit, dialog.pin_again_edit):
        qtbot.keyClicks(field, "2468")
    qtbot.keyClick(dialog.pin_again_edit, Qt.Key.Key_Return)
    assert "differ" not in dialog.message_label.text()  # the last message went with the try
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)
    assert dialog.message_label.text() == "Lee may now sign in."
    assert operators.sign_in(services, "Lee", "2468") == Operator("Lee", Role.MANAGER)

    dialog.table.selectRow([r.name for r in dialog.records].index("Lee"))
    dialog.toggle_selected()
    qtbot.waitUntil(lambda: "May not sign in" in _states(dialog), timeout=WAIT_MS)
    with pytest.raises(operators.SignInRefused):
        operators.sign_in(services, "Lee", "2468")
    # The last administrator stays.
    dialog.table.selectRow([r.name for r in dialog.records].index(ADMIN.name))
    dialog.toggle_selected()
    qtbot.waitUntil(lambda: "last administrator" in dialog.message_label.text(), timeout=WAIT_MS)


def test_a_manager_may_not_manage_operators(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    dialog = OperatorsDialog(context_for(attach_page, qtbot, MANAGER))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Only an administrator" in dialog.message_label.text(), timeout=WAIT_MS)


def _states(dialog: OperatorsDialog) -> list[str]:
    return [dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())]


def test_an_administrator_unlocks_an_operator_locked_by_wrong_pins(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    admin = operators.create_first_admin(services, ADMIN.name, "482913")
    operators.add_operator(services, "Choi", Role.CLERK, "1357", by=admin)
    for _ in range(operators.WRONG_PINS_TO_LOCK):
        with pytest.raises(operators.SignInRefused):
            operators.sign_in(services, "Choi", "0000")
    dialog = OperatorsDialog(context_for(attach_page, qtbot, ADMIN))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)
    assert "Locked until" in _states(dialog)[[r.name for r in dialog.records].index("Choi")]
    dialog.table.selectRow([r.name for r in dialog.records].index("Choi"))
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_selected()
    qtbot.waitUntil(lambda: "Locked until" not in " ".join(_states(dialog)), timeout=WAIT_MS)
    assert operators.sign_in(services, "Choi", "1357") == Operator("Choi", Role.CLERK)
    (unlocked,) = [e for e in services.audit.entries() if e.action == operators.UNLOCKED]
    assert (unlocked.actor, unlocked.subject) == (ADMIN.name, "Choi")


def test_a_manager_whose_approvals_are_locked_is_shown_and_unlocked(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    admin = operators.create_first_admin(services, ADMIN.name, "482913")
    clerk = operators.add_operator(services, "Choi", Role.CLERK, "1357", by=admin)
    operators.add_operator(services, "Park", Role.MANAGER, "2468", by=admin)
    for _ in range(operators.WRONG_PINS_TO_LOCK):  # a clerk guessing in the approval prompt
        with pytest.raises(operators.SignInRefused):
            operators.approve(
                services, approver_name="Park", approver_pin="0000", needed=Role.MANAGER,
                action="refund", for_operator=clerk,
            )  # fmt: skip
    dialog = OperatorsDialog(context_for(attach_page, qtbot, ADMIN))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=WAIT_MS)
    park = [r.name for r in dialog.records].index("Park")
    assert _states(dialog)[park].startswith("Approvals locked until")
    dialog.table.selectRow(park)
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_selected()
    qtbot.waitUntil(lambda: "locked" not in " ".join(_states(dialog)), timeout=WAIT_MS)
    approval = operators.approve(
        services, approver_name="Park", approver_pin="2468", needed=Role.MANAGER,
        action="refund", for_operator=clerk,
    )  # fmt: skip
    assert approval.approver.name == "Park"
