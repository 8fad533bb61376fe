"""Answering the manager-approval prompt (or a yes/no question) that a screen opens as a modal
dialog (its own event loop): the answer is queued before the action that opens it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kcp_pos.ui.widgets.manager_approval import ManagerApprovalDialog


def answer_approval(name: str | None = None, pin: str = "", *, waited: int = 0) -> None:
    """Once the prompt is up, approve as `name` with `pin` (typed, then Enter), or cancel it
    when `name` is None."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ManagerApprovalDialog):
            if waited < 10_000:
                answer_approval(name, pin, waited=waited + 20)
            return
        if name is None:
            dialog.reject()
            return
        dialog.name_edit.setText(name)
        dialog.pin_edit.setText(pin)
        dialog.try_approve()

    QTimer.singleShot(20, answer)


def answer_question(yes: bool, *, waited: int = 0) -> None:
    """Once a yes/no question (`widgets/questions.ask_yes_no`) is up, answer it."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if waited < 10_000:
                answer_question(yes, waited=waited + 20)
            return
        button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
        box.button(button).click()

    QTimer.singleShot(20, answer)
