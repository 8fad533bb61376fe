"""The reconciliation dialog against the sandbox, from the keyboard: the differences listed with
both sides and their fix, all imports applied, then a selected fix, what is left read again;
a clerk is told a manager is needed and nothing changes; a compare can be stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import LOCAL_CLERK, Operator, Role
from kcp_pos.store import LedgerStatus
from kcp_pos.ui.backoffice.reconciliation_dialog import ReconciliationDialog
from kcp_pos.ui.shell.operator_seat import OperatorSeat
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.screen_page import PageContext
from kcp_pos.ui.widgets.korea_time_edit import show_korea_moment
from tests.conftest import arm_fault
from tests.reconcile_support import Disagreement, make_disagreement
from tests.ui.approval_support import answer_approval

WAIT = 20_000
MANAGER = Operator("manager kim", Role.MANAGER)
OpenDialog = Callable[[Operator, Disagreement], ReconciliationDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, services: AppServices) -> Iterator[OpenDialog]:
    runner = BackgroundRunner()

    def open_as(operator: Operator, case: Disagreement) -> ReconciliationDialog:
        context = PageContext(
            services=services,
            runner=runner,
            seat=OperatorSeat(operator),
            training=True,
            leftover_attempt_ids=(),
        )
        dialog = ReconciliationDialog(context, None, lang="en")
        qtbot.addWidget(dialog)
        show_korea_moment(dialog.since_edit, case.since)
        show_korea_moment(dialog.until_edit, case.until)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()  # shortcuts and focus need the window active
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
        return dialog

    yield open_as
    runner.shutdown()


def compared(qtbot: QtBot, dialog: ReconciliationDialog) -> None:
    dialog.until_edit.setFocus()
    qtbot.keyClick(dialog.until_edit, Qt.Key.Key_Return)  # Enter compares
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)


def press(qtbot: QtBot, dialog: ReconciliationDialog, key: Qt.Key, *modifiers: Any) -> None:
    """A key where the keyboard is (shortcuts go through the focused widget)."""
    qtbot.keyClick(dialog.focusWidget() or dialog, key, *modifiers)


def column(dialog: ReconciliationDialog, number: int) -> list[str]:
    return [dialog.table.item(row, number).text() for row in range(dialog.table.rowCount())]


def test_a_manager_imports_and_fixes_from_the_keyboard(
    qtbot: QtBot, services: AppServices, sandbox: SandboxServer, open_dialog: OpenDialog
) -> None:
    case = make_disagreement(services, sandbox)
    dialog = open_dialog(MANAGER, case)
    compared(qtbot, dialog)
    assert column(dialog, 0) == [
        "Unknown to PortOne",
        "Different status",
        "Different amount",
        "Not in this terminal's ledger",
    ]
    assert column(dialog, 1) == [
        case.local_only,
        case.cancelled_elsewhere,
        case.refunded_more_elsewhere,
        case.made_elsewhere,
    ]
    assert column(dialog, 3)[1] == "Paid · ₩3,000"
    assert column(dialog, 4)[1] == "Refunded · ₩3,000 (refunded ₩3,000)"
    assert column(dialog, 3)[3] == "—"
    assert column(dialog, 5)[3] == "Take PortOne's record"
    assert dialog.summary_label.text() == "This terminal: 4 payments. PortOne: 4. Differences: 4."
    assert dialog.table.hasFocus()

    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)  # the status difference
    assert [d.imp_uid for d in dialog.selected_differences()] == [case.cancelled_elsewhere]
    press(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Apply fix
    qtbot.waitUntil(lambda: not dialog.running and dialog.table.rowCount() == 3, timeout=WAIT)
    assert dialog.result_label.text().startswith("Imported 0, corrected 1.")
    corrected = services.ledger.get(case.cancelled_elsewhere)
    assert corrected is not None and corrected.status is LedgerStatus.CANCELLED

    press(qtbot, dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Apply all imports
    qtbot.waitUntil(lambda: not dialog.running and dialog.table.rowCount() == 1, timeout=WAIT)
    assert dialog.result_label.text() == (
        "Imported 1, corrected 1. Choose a difference and apply its fix."
    )  # every fix that takes PortOne's record: the new payment and the other amount
    assert services.ledger.get(case.made_elsewhere) is not None
    assert column(dialog, 1) == [case.local_only]
    assert not dialog.import_button.isEnabled()

    dialog.table.setFocus()
    dialog.table.selectRow(0)
    press(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.running and "look into" in dialog.result_label.text(),
                    timeout=WAIT)  # fmt: skip
    assert dialog.result_label.text().startswith(
        "Imported 0, corrected 0. PortOne does not know 1: a person must look into it."
    )
    assert column(dialog, 1) == [case.local_only]  # left for a person


def test_a_clerk_is_told_a_manager_is_needed_and_nothing_changes(
    qtbot: QtBot, services: AppServices, sandbox: SandboxServer, open_dialog: OpenDialog
) -> None:
    case = make_disagreement(services, sandbox)
    dialog = open_dialog(LOCAL_CLERK, case)
    compared(qtbot, dialog)
    assert dialog.table.rowCount() == 4
    answer_approval(None)  # the manager-approval prompt opens, and is cancelled
    press(qtbot, dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks soon
    qtbot.waitUntil(lambda: "needs a manager" in dialog.result_label.text(), timeout=WAIT)
    assert not dialog.running
    assert services.ledger.get(case.made_elsewhere) is None
    assert not [e for e in services.audit.entries() if e.action.startswith("reconcile.")]


def test_a_compare_is_stopped_with_esc_and_a_bad_range_is_refused(
    qtbot: QtBot, services: AppServices, sandbox: SandboxServer, open_dialog: OpenDialog
) -> None:
    case = make_disagreement(services, sandbox)
    dialog = open_dialog(MANAGER, case)
    arm_fault(sandbox, endpoint="/payments/status/{status}", mode="delay", seconds=1.0)
    dialog.until_edit.setFocus()
    qtbot.keyClick(dialog.until_edit, Qt.Key.Key_Return)
    assert dialog.running and dialog.stop_button.isEnabled()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)
    assert dialog.result_label.text() == "Stopped. Nothing was changed."
    assert dialog.isVisible()  # Esc stopped the compare; it did not close the dialog
    show_korea_moment(dialog.until_edit, case.since)
    compared(qtbot, dialog)
    assert dialog.result_label.text() == "The end must be after the start."
    assert dialog.until_edit.hasFocus()
