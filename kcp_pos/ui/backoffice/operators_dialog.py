"""The terminal's operators, for an administrator: who may sign in with which role, adding one
(name, role, PIN twice) and stopping one from signing in (their history stays).

Everything runs on the runner through `services/operators.py`, which checks the role again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.korea_time import KST
from kcp_pos.services.operator import Role
from kcp_pos.ui.widgets.enter_key import on_enter
from kcp_pos.ui.widgets.pin_field import operator_pin_field

if TYPE_CHECKING:
    from kcp_pos.store import OperatorRecord
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

OP_KEY = "operators:manage"


def role_text(role: str) -> str:
    """A role in the clerk's language."""
    words = {
        Role.CLERK.value: QCoreApplication.translate("OperatorsDialog", "Clerk"),
        Role.MANAGER.value: QCoreApplication.translate("OperatorsDialog", "Manager"),
        Role.ADMIN.value: QCoreApplication.translate("OperatorsDialog", "Administrator"),
    }
    return words.get(role, role)


class OperatorsDialog(QDialog):
    """List, add, disable and enable operators."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Operators"))
        self._context = context
        self.records: list[OperatorRecord] = []
        self._build()
        self.resize(720, 520)
        if context.operator.role is not Role.ADMIN:
            for field in (self.name_edit, self.role_combo, self.pin_edit, self.pin_again_edit,
                          self.add_button, self.toggle_button, self.unlock_button):  # fmt: skip
                field.setEnabled(False)
        self.reload()

    def _build(self) -> None:
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.toggle_button = QPushButton(self.tr("Stop signing in"), self)
        self.toggle_button.setEnabled(False)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setEnabled(False)
        self.unlock_button.clicked.connect(self.unlock_selected)

        self.name_edit = QLineEdit(self)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role_text(role.value), role.value)
        self.pin_edit = operator_pin_field(self)
        self.pin_again_edit = operator_pin_field(self)
        self.add_button = QPushButton(self.tr("Add operator"), self)
        self.add_button.clicked.connect(self.add)
        self.name_edit.returnPressed.connect(self.role_combo.setFocus)
        on_enter(self.role_combo, self.pin_edit.setFocus)  # Enter goes on, as in the fields
        self.pin_edit.returnPressed.connect(self.pin_again_edit.setFocus)
        self.pin_again_edit.returnPressed.connect(self.add)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("PIN (4 to 8 digits)"), self.pin_edit)
        form.addRow(self.tr("PIN again"), self.pin_again_edit)
        form.addRow("", self.add_button)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("operatorsMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.reject)

        list_buttons = QHBoxLayout()
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.unlock_button)
        list_buttons.addWidget(self.toggle_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_buttons)
        layout.addWidget(QLabel(self.tr("New operator"), self))
        layout.addLayout(form)
        layout.addLayout(bottom)
        for button in (self.unlock_button, self.toggle_button, self.add_button):
            button.setAutoDefault(False)
        self.name_edit.setFocus()

    # --- list -------------------------------------------------------------------------------

    def reload(self) -> None:
        from kcp_pos.services.operators import list_operators

        services, operator = self._context.services, self._context.operator
        self._context.runner.run(
            lambda _progress: list_operators(services, by=operator),
            self._show,
            self._refused,
            key=OP_KEY,
        )

    def _show(self, records: list[OperatorRecord]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            for column, text in enumerate(
                (record.name, role_text(record.role), self._state(record))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._selection_changed()

    def _state(self, record: OperatorRecord) -> str:
        from kcp_pos.store import utc_now

        if record.disabled_at is not None:
            return self.tr("May not sign in")
        now = utc_now()
        if record.locked_until is not None and record.locked_until > now:
            until = record.locked_until.astimezone(KST).strftime("%H:%M")
            return self.tr("Locked until %1 (wrong PINs)").replace("%1", until)
        approvals = record.approval_locked_until
        if approvals is not None and approvals > now:
            until = approvals.astimezone(KST).strftime("%H:%M")
            return self.tr("Approvals locked until %1 (wrong PINs)").replace("%1", until)
        return self.tr("Active")

    def selected(self) -> OperatorRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        from kcp_pos.store import utc_now

        record = self.selected()
        admin = self._context.operator.role is Role.ADMIN
        now = utc_now()
        locks = () if record is None else (record.locked_until, record.approval_locked_until)
        locked = any(until is not None and until > now for until in locks)
        self.unlock_button.setEnabled(admin and locked)
        self.toggle_button.setEnabled(admin and record is not None)
        disabled = record is not None and record.disabled_at is not None
        self.toggle_button.setText(
            self.tr("Allow signing in") if disabled else self.tr("Stop signing in")
        )

    def toggle_selected(self) -> None:
        from kcp_pos.services.operators import set_operator_disabled

        record = self.selected()
        if record is None:
            return
        services, operator = self._context.services, self._context.operator
        disable = record.disabled_at is None

        def toggle(_: Progress) -> None:
            set_operator_disabled(services, record.name, disable, by=operator)

        self._context.runner.run(toggle, lambda _: self.reload(), self._refused, key=OP_KEY)

    def unlock_selected(self) -> None:
        from kcp_pos.services.operators import unlock_operator

        record = self.selected()
        if record is None:
            return
        services, operator = self._context.services, self._context.operator

        def unlock(_: Progress) -> None:
            unlock_operator(services, record.name, by=operator)

        self._context.runner.run(unlock, lambda _: self.reload(), self._refused, key=OP_KEY)

    # --- add --------------------------------------------------------------------------------

    def add(self) -> None:
        from kcp_pos.services.operators import add_operator

        name, pin = self.name_edit.text(), self.pin_edit.text()
        again = self.pin_again_edit.text()
        self.message_label.clear()  # the last message is not about this one
        self.pin_edit.clear()
        self.pin_again_edit.clear()
        if pin != again:
            self.message_label.setText(self.tr("The two PINs differ. Enter the PIN twice."))
            self.pin_edit.setFocus()
            return
        role = Role(self.role_combo.currentData())
        services, operator = self._context.services, self._context.operator
        self.add_button.setEnabled(False)

        def create(_: Progress) -> str:
            return add_operator(services, name, role, pin, by=operator).name

        self._context.runner.run(create, self._added, self._add_refused, key=OP_KEY)

    def _added(self, name: str) -> None:
        self.add_button.setEnabled(True)
        self.name_edit.clear()
        self.role_combo.setCurrentIndex(0)  # the next one is a clerk unless chosen again
        self.message_label.setText(self.tr("%1 may now sign in.").replace("%1", name))
        self.name_edit.setFocus()
        self.reload()

    def _add_refused(self, error: Exception) -> None:
        from kcp_pos.domain.messages import message
        from kcp_pos.services.money_call import InvalidOrder
        from kcp_pos.store import DuplicateOperator
        from kcp_pos.ui.widgets.catalogue import translated

        self.add_button.setEnabled(True)
        if isinstance(error, InvalidOrder):
            self.message_label.setText(" ".join(translated(message(p)) for p in error.problems))
        elif isinstance(error, DuplicateOperator):
            self.message_label.setText(self.tr("An operator of this name exists already."))
        else:
            self._refused(error)
            return
        self.name_edit.setFocus()

    def _refused(self, error: Exception) -> None:
        from kcp_pos.services.operators import LastAdministrator, NotPermitted

        if isinstance(error, NotPermitted):
            text = self.tr("Only an administrator may manage operators.")
        elif isinstance(error, LastAdministrator):
            text = self.tr("The last administrator who may sign in cannot be stopped.")
        else:
            text = self.tr("Not done: %1").replace("%1", type(error).__name__)
        self.message_label.setText(text)
