"""The lock screen: signing in, switching operator.

It covers the pages (the main window shows it in their place) until someone signs in with a
name and PIN (`operators.sign_in`, which counts wrong PINs and locks). A terminal without
operators shows the first-run wizard instead (`ui/first_run/`), which makes the administrator.
Work runs on the runner (a PIN hash takes a moment); the PIN field is cleared after every try
and is never logged or kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.ui.widgets.pin_field import operator_pin_field

if TYPE_CHECKING:
    from kcp_pos.services.operator import Operator
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

SIGN_IN_OP_KEY = "operators:sign-in"


class LockScreen(QWidget):
    """Asks who is at the terminal; emits `signed_in(Operator)` once someone is."""

    signed_in = Signal(object)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._context = context
        self._busy = False
        self._build()

    def _build(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("operatorName")
        self.pin_edit = operator_pin_field(self, "operatorPin")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("lockMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.submit_button = QPushButton(self)
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("PIN"), self.pin_edit)

        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setFixedWidth(440)  # a fixed width lets the wrapped texts take their height
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.setSpacing(12)
        card_layout.addWidget(self.title_label)
        card_layout.addWidget(self.note_label)
        card_layout.addLayout(form)
        card_layout.addWidget(self.message_label)
        card_layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

        # Enter goes from the name to the PIN and signs in from there.
        self.name_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.pin_edit.returnPressed.connect(self.submit)

    # --- what is asked ----------------------------------------------------------------------

    def ask_sign_in(self, name: str = "") -> None:
        """Someone signs in; `name` (the operator who locked) is offered first."""
        self.pin_edit.clear()
        self.message_label.clear()
        self.title_label.setText(self.tr("Sign in"))
        self.note_label.setText(
            self.tr("Enter your name and PIN. Another operator may sign in here to switch.")
        )
        self.submit_button.setText(self.tr("Sign in"))
        self.name_edit.setText(name)
        (self.pin_edit if name else self.name_edit).setFocus()

    # --- trying -----------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        name, pin = self.name_edit.text(), self.pin_edit.text()
        self.pin_edit.clear()
        self._set_busy(True)
        services = self._context.services

        def attempt(_: Progress) -> Operator:
            from kcp_pos.services import operators

            return operators.sign_in(services, name, pin)

        self._context.runner.run(attempt, self._accepted, self._refused, key=SIGN_IN_OP_KEY)

    def _accepted(self, operator: Operator) -> None:
        self._set_busy(False)
        self.message_label.clear()
        self.signed_in.emit(operator)

    def _refused(self, error: Exception) -> None:
        from kcp_pos.domain.korea_time import KST
        from kcp_pos.domain.messages import message
        from kcp_pos.services.money_call import InvalidOrder
        from kcp_pos.services.operators import SignInRefused
        from kcp_pos.ui.widgets.catalogue import translated

        self._set_busy(False)
        if isinstance(error, InvalidOrder):
            text = " ".join(translated(message(problem)) for problem in error.problems)
            name_wrong = any(problem.name.startswith("OPERATOR") for problem in error.problems)
            self._refuse(text, self.name_edit if name_wrong else self.pin_edit)
        elif isinstance(error, SignInRefused) and error.locked_until is not None:
            until = error.locked_until.astimezone(KST).strftime("%H:%M")
            self._refuse(
                self.tr("Too many wrong PINs: this operator is locked until %1.").replace(
                    "%1", until
                ),
                self.name_edit,
            )
        elif isinstance(error, SignInRefused) and error.tries_left is not None:
            self._refuse(
                self.tr("Wrong name or PIN. Tries left before a 5-minute lock: %1.").replace(
                    "%1", str(error.tries_left)
                ),
                self.pin_edit,
            )
        elif isinstance(error, SignInRefused):
            self._refuse(self.tr("Wrong name or PIN."), self.name_edit)
        else:
            self._refuse(self.tr("Signing in failed: %1").replace("%1", type(error).__name__), None)

    def _refuse(self, text: str, focus: QLineEdit | None) -> None:
        self.message_label.setText(text)
        (focus or self.pin_edit).setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
