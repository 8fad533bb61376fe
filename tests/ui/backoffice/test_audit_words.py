"""The audit trail in words: a label for every action code the app writes (collected from the
source, so a new code without one fails here), and the audit dialog showing real entries of
the store as words and "label: value" details, never codes or JSON, in English and in Korean,
with the filter by code still working."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.language import Lang
from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.services.operator import Role
from kcp_pos.services.reconciliation import DifferenceKind
from kcp_pos.store import PinGate
from kcp_pos.store.audit_log import HeadCheck
from kcp_pos.ui.backoffice.audit_dialog import (
    ACTION_COLUMN,
    ACTOR_COLUMN,
    DETAILS_COLUMN,
    AuditDialog,
)
from kcp_pos.ui.backoffice.audit_words import (
    ACTION_LABELS,
    ACTOR_LABELS,
    APPROVAL_LABELS,
    DIFFERENCE_LABELS,
    FAMILY_LABELS,
    GATE_LABELS,
    HEAD_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    action_text,
    codes_in_words,
    details_text,
)
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from tests.operators import ADMIN, MANAGER
from tests.services.conftest import keyed_card
from tests.ui.backoffice.audit_codes import approval_action_codes, audit_action_codes
from tests.ui.conftest import AttachPage

WAIT_MS = 8000
ADMIN_PIN = "482913"


def test_every_action_code_the_app_writes_has_words() -> None:
    written = audit_action_codes()
    # Codes reached through a local variable, a helper's parameter and an f-string are found.
    assert {"customer.added", "reconcile.imported", "attempt.resolved_paid"} <= written
    assert written - set(ACTION_LABELS) == set(), "add the new codes to ACTION_LABELS"
    assert set(ACTION_LABELS) - written == set(), "codes no longer written"


def test_every_approval_and_every_kind_has_words() -> None:
    assert approval_action_codes() == set(APPROVAL_LABELS)
    assert {kind.value for kind in AttemptKind} == set(KIND_LABELS)
    assert {kind.value for kind in DifferenceKind} == set(DIFFERENCE_LABELS)
    assert {role.value for role in Role} == set(ROLE_LABELS)
    assert {gate.value for gate in PinGate} == set(GATE_LABELS)
    assert set(ACTOR_LABELS) <= operators.RESERVED_NAMES
    assert {check.value for check in HeadCheck} == set(HEAD_LABELS)
    assert details_text("operator.wrong_pin", {"gate": "approval"}, "en") == (
        "Typed at: Approval prompt"
    )


def test_details_are_short_words_with_money_and_unknown_keys_as_stored() -> None:
    details = {"cancel_amount": 10_000, "amount": 30_000, "to": "cancelled", "from": "paid",
               "imp_uid": "imp_1", "weird": [1, 2], "nothing": None}  # fmt: skip
    assert details_text("payment.status", details, "en") == (
        "Amount: ₩30,000 · Before: Paid · After: Partly refunded · Refunded amount: ₩10,000 · "
        "imp_uid: imp_1 · weird: 1, 2"
    )
    approval = {"action": "refund", "approver": "박매니저"}
    assert (
        details_text("operator.approved", approval, "ko") == "For: Refund · Approved by: 박매니저"
    )
    assert details_text("operator.locked", {"until": "2026-12-03T06:05:00+00:00"}, "en") == (
        "Until: 2026-12-03 15:05"  # Korea time
    )
    assert action_text("someone.elses_code") == "someone.elses_code"


def _context(attach_page: AttachPage, qtbot: QtBot) -> PageContext:
    page = ScreenPage()
    qtbot.addWidget(page)
    return attach_page(page, MANAGER)


def _open(qtbot: QtBot, context: PageContext, lang: Lang) -> AuditDialog:
    dialog = AuditDialog(context, lang=lang)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=WAIT_MS)
    return dialog


def _column(dialog: AuditDialog, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


def _row_of(dialog: AuditDialog, code: str) -> int:
    codes = [
        dialog.table.item(row, ACTION_COLUMN).toolTip() for row in range(dialog.table.rowCount())
    ]
    return codes.index(code)


def test_the_audit_dialog_shows_real_entries_in_words(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    admin = operators.create_first_admin(services, ADMIN.name, ADMIN_PIN)
    operators.add_operator(services, "Lee", Role.MANAGER, "2468", by=admin)
    charge_keyed(services, keyed_card(), new_keyed_order(amount=15_000), operator=MANAGER)
    services.audit.append("someone.elses_code", details={"weird": {"deep": 1}})
    dialog = _open(qtbot, _context(attach_page, qtbot), "en")

    actions = _column(dialog, ACTION_COLUMN)
    assert {"Operator added", "Request sent to PortOne", "Request approved",
            "Payment recorded", "someone.elses_code"} <= set(actions)  # fmt: skip
    assert not any(text in ACTION_LABELS for text in actions)  # no code shown as a label
    details = _column(dialog, DETAILS_COLUMN)
    assert not any("{" in text or "}" in text or '"' in text for text in details)
    recorded = details[_row_of(dialog, "payment.recorded")]
    assert "Amount: ₩15,000" in recorded and "After: Paid" in recorded
    assert "Before" not in recorded  # recorded for the first time: no status before
    assert "Kind: Keyed card charge" in details[_row_of(dialog, "attempt.paid")]
    assert details[_row_of(dialog, "operator.added")] == "Role: Manager"
    assert details[_row_of(dialog, "someone.elses_code")] == "weird: deep: 1"
    recorded_by = dialog.table.item(_row_of(dialog, "payment.recorded"), ACTOR_COLUMN)
    assert recorded_by.text() == "This program" and recorded_by.toolTip() == "system"

    dialog.action_edit.setText("payment.")  # the filter still takes a code or a family
    dialog.reload()
    qtbot.waitUntil(lambda: _column(dialog, ACTION_COLUMN) == ["Payment recorded"], timeout=WAIT_MS)
    assert dialog.status_label.text() == "Entries shown: 1"

    dialog.action_edit.setText("Operator")  # words, as the owner types them: every match
    dialog.reload()
    qtbot.waitUntil(
        lambda: set(_column(dialog, ACTION_COLUMN)) == {"Operator added"}, timeout=WAIT_MS
    )


def test_typed_words_find_the_actions_they_name(qapp: Any) -> None:
    refunds = codes_in_words("Refund")
    assert refunds is not None and "refund.requested" in refunds
    assert all("refund" in action_text(code).casefold() or code.startswith("refund.")
               for code in refunds)  # fmt: skip
    assert codes_in_words("payment.") is None and codes_in_words("operator.signed_in") is None
    assert codes_in_words("nothing like it") == ()


def test_a_family_is_chosen_from_the_keyboard(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices
) -> None:
    admin = operators.create_first_admin(services, ADMIN.name, ADMIN_PIN)
    charge_keyed(services, keyed_card(), new_keyed_order(amount=15_000), operator=MANAGER)
    operators.add_operator(services, "Lee", Role.MANAGER, "2468", by=admin)
    dialog = _open(qtbot, _context(attach_page, qtbot), "en")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    assert dialog.action_edit.text() == "" and dialog.action_edit.hasFocus()
    assert dialog.action_box.itemText(1) == "Payments in the ledger (payment.)"
    for _ in range(2):  # "All actions", then the first family: payments
        qtbot.keyClick(dialog.action_edit, Qt.Key.Key_Down)
    assert dialog.action_edit.text() == "payment."
    qtbot.waitUntil(lambda: _column(dialog, ACTION_COLUMN) == ["Payment recorded"], timeout=WAIT_MS)
    operator_family = dialog.action_box.findData("operator.")
    for _ in range(operator_family - 1):
        qtbot.keyClick(dialog.action_edit, Qt.Key.Key_Down)
    assert dialog.action_edit.text() == "operator."
    qtbot.waitUntil(
        lambda: set(_column(dialog, ACTION_COLUMN)) == {"Operator added"}, timeout=WAIT_MS
    )
    for _ in range(operator_family):  # back up to "All actions"
        qtbot.keyClick(dialog.action_edit, Qt.Key.Key_Up)
    assert dialog.action_edit.text() == ""
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 2, timeout=WAIT_MS)
    assert {family for family in ACTION_LABELS if not any(
        family.startswith(choice) for choice in FAMILY_LABELS)} == set()  # fmt: skip


def test_the_audit_dialog_writes_money_and_states_in_korean(
    qtbot: QtBot, attach_page: AttachPage, services: AppServices, korean: None
) -> None:
    charge_keyed(services, keyed_card(), new_keyed_order(amount=15_000), operator=MANAGER)
    dialog = _open(qtbot, _context(attach_page, qtbot), "ko")
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 3, timeout=WAIT_MS)
    recorded = dialog.table.item(_row_of(dialog, "payment.recorded"), DETAILS_COLUMN).text()
    assert "15,000원" in recorded and "결제 완료" in recorded and "₩" not in recorded
