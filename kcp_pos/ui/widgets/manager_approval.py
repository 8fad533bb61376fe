"""A manager's approval in place (issue 11): a small modal dialog in which a manager (or whoever
holds the needed role) enters their name and PIN so that the operator at the terminal may do one
action their own role does not allow (a clerk's refund, and later other manager actions).

The PIN field is masked and takes digits only; the PIN lives in that field until the request is
built and is cleared after every try; it is never logged nor shown. `operators.approve` runs on
the runner (scrypt is slow on purpose), so the UI never waits. A wrong PIN says how many tries
are left, a locked operator until when (Korea time), an operator without the role says so.
Enter moves from the name to the PIN and approves from the PIN; Esc cancels.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.pin_hash import PIN_MAX, PIN_MIN
from kcp_pos.services.operator import Role
from kcp_pos.ui.widgets.enter_key import on_enter
from kcp_pos.ui.widgets.pin_field import operator_pin_field
from kcp_pos.ui.widgets.status_look import PALETTES, Tone

if TYPE_CHECKING:
    from kcp_pos.services.operator import Operator
    from kcp_pos.services.operators import Approval
    from kcp_pos.ui.shell.runner import BackgroundRunner, Progress
    from kcp_pos.ui.shell.screen_page import PageContext

log = logging.getLogger(__name__)

_BAD = PALETTES[Tone.BAD]
DIALOG_STYLE = f"""
QLabel#approvalHeading {{ font-size: 12pt; font-weight: 700; color: #1F2933; }}
QLabel#approvalMessage[tone="bad"] {{ color: {_BAD.text}; font-weight: 600; }}
"""


class ManagerApprovalDialog(QDialog):
    """Asks for the name and PIN of someone with `needed`; `approval` holds the result.

    Open with `open()` and listen to `finished` (or `approved`), or call `exec()`; accepted
    means `approval` is set."""

    approved = Signal(object)
    """The `Approval` (emitted just before the dialog is accepted)."""

    def __init__(
        self,
        context: PageContext,
        *,
        action: str,
        action_text: str,
        needed: Role = Role.MANAGER,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("managerApprovalDialog")
        self.setWindowTitle(self.tr("Manager approval"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._context = context
        self._action = action
        self._needed = needed
        self.approval: Approval | None = None
        self.checking = False
        self._closed = False
        heading = QLabel(action_text, self)
        heading.setObjectName("approvalHeading")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        explanation = QLabel(self._explanation(needed), self)
        explanation.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("approverName")
        self.name_edit.setAccessibleName(self.tr("Approver's name"))
        self.pin_edit = self._pin_field()
        self.message_label = QLabel(self)
        self.message_label.setObjectName("approvalMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(self)
        self.approve_button: QPushButton = self.buttons.addButton(
            self.tr("Approve"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.approve_button.setAutoDefault(False)
        self.cancel_button: QPushButton = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.try_approve)
        self.buttons.rejected.connect(self.reject)
        on_enter(self.name_edit, self._name_entered)
        on_enter(self.pin_edit, self.try_approve)
        self._lay_out(heading, explanation)

    def _explanation(self, needed: Role) -> str:
        if needed is Role.ADMIN:
            return self.tr("An administrator enters their name and PIN to approve this action.")
        return self.tr("A manager enters their name and PIN to approve this action.")

    def _pin_field(self) -> QLineEdit:
        field = operator_pin_field(self, "approverPin")
        field.setAccessibleName(self.tr("Approver's PIN"))
        return field

    def _lay_out(self, heading: QLabel, explanation: QLabel) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("PIN"), self.pin_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.setStyleSheet(DIALOG_STYLE)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ approving

    def _name_entered(self) -> None:
        self.pin_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def try_approve(self) -> None:
        """Check the fields, then ask the services on the runner (never twice at once)."""
        if self.checking:
            return
        name, pin = self.name_edit.text().strip(), self.pin_edit.text()
        if not name:
            self._say(self.tr("Enter the approver's name."), self.name_edit)
            return
        if not PIN_MIN <= len(pin) <= PIN_MAX:
            self._say(
                self.tr("A PIN has %1 to %2 digits.")
                .replace("%1", str(PIN_MIN))
                .replace("%2", str(PIN_MAX)),
                self.pin_edit,
            )
            return
        self.pin_edit.clear()  # the PIN goes into the request below and nowhere else
        self._set_checking(True)
        services, needed, action = self._context.services, self._needed, self._action
        operator: Operator = self._context.operator

        def ask(_: Progress) -> Approval:
            from kcp_pos.services.operators import approve

            return approve(
                services,
                approver_name=name,
                approver_pin=pin,
                needed=needed,
                action=action,
                for_operator=operator,
            )

        runner: BackgroundRunner = self._context.runner
        runner.run(ask, self._on_approved, self._on_refused, key="operators:approval")

    def _on_approved(self, approval: Approval) -> None:
        if self._closed:  # cancelled while it was checked: the action is not done
            return
        self._set_checking(False)
        self.approval = approval
        self.approved.emit(approval)
        self.accept()

    def _on_refused(self, error: Exception) -> None:
        from kcp_pos.services.operators import NotPermitted, SignInRefused

        if self._closed:
            return
        self._set_checking(False)
        if isinstance(error, SignInRefused):
            self._say(self._refused_text(error), self.pin_edit)
        elif isinstance(error, NotPermitted):
            self._say(self._not_permitted_text(), self.name_edit)
        else:
            log.error("approval failed: %s", type(error).__name__)
            self._say(
                self.tr("The approval could not be checked (%1). Try again.").replace(
                    "%1", type(error).__name__
                ),
                self.pin_edit,
            )

    def _refused_text(self, error: object) -> str:
        locked_until = getattr(error, "locked_until", None)
        tries_left = getattr(error, "tries_left", None)
        if locked_until is not None:
            moment = locked_until.astimezone(KST).strftime("%H:%M")
            return self.tr(
                "Approvals by this operator are locked until %1 after too many wrong PINs here "
                "(they can still sign in themselves)."
            ).replace("%1", moment)
        if tries_left is not None:
            return self.tr("Wrong PIN. Tries left: %1.").replace("%1", str(tries_left))
        return self.tr("No operator with this name and PIN.")

    def _not_permitted_text(self) -> str:
        if self._needed is Role.ADMIN:
            return self.tr("This operator is not an administrator and cannot approve this.")
        return self.tr("This operator is not a manager and cannot approve this.")

    def _say(self, text: str, focus: QLineEdit) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("tone", Tone.BAD.value)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        focus.selectAll()

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        for widget in (self.name_edit, self.pin_edit, self.approve_button):
            widget.setEnabled(not checking)
        if checking:
            self.message_label.setProperty("tone", Tone.NEUTRAL.value)
            self.message_label.setText(self.tr("Checking…"))

    def reject(self) -> None:
        """Esc or Cancel: no approval. A check on its way is let finish and ignored."""
        self._closed = True
        self.pin_edit.clear()
        super().reject()


def request_approval(
    context: PageContext,
    *,
    action: str,
    action_text: str,
    needed: Role = Role.MANAGER,
    parent: QWidget | None = None,
) -> Approval | None:
    """Ask for an approval and wait for the answer (a nested event loop: the runner's answers
    still arrive); the `Approval`, or None when cancelled."""
    dialog = ManagerApprovalDialog(
        context, action=action, action_text=action_text, needed=needed, parent=parent
    )
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.approval if accepted else None
    finally:
        dialog.deleteLater()


def approval_if_needed(
    context: PageContext,
    *,
    action: str,
    action_text: str,
    needed: Role = Role.MANAGER,
    parent: QWidget | None = None,
) -> tuple[bool, Approval | None]:
    """Whether the operator signed in may go on with `action`, and with which approval: at
    once when their role suffices (no approval), after a manager's PIN in place otherwise,
    not at all when that was cancelled. The services check it again."""
    from kcp_pos.services.operators import RANK

    if RANK[context.operator.role] >= RANK[needed]:
        return True, None
    approval = request_approval(
        context, action=action, action_text=action_text, needed=needed, parent=parent
    )
    return approval is not None, approval
