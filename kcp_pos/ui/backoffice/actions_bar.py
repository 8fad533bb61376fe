"""The back office's other desks, one key away from the transactions page: reports and the
day-end close, reconciliation with PortOne, the audit trail and the operators.

Each opens as its own dialog over the page's context; the services check the role of whoever
acts (a clerk is asked for a manager's PIN in place where a manager is needed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

if TYPE_CHECKING:
    from kcp_pos.domain.language import Lang
    from kcp_pos.ui.shell.screen_page import PageContext

REPORTS_KEYS = "Ctrl+R"
RECONCILE_KEYS = "Ctrl+Shift+R"
AUDIT_KEYS = "Ctrl+Shift+A"  # also the main window's, from any page
OPERATORS_KEYS = "Ctrl+Shift+O"  # likewise


class ActionsBar(QWidget):
    """Buttons (and page keys) that open the back office's dialogs."""

    def __init__(self, lang: Lang, context: Callable[[], PageContext | None], parent: QWidget):
        super().__init__(parent)
        self._lang: Lang = lang
        self._context = context
        self.dialog: QDialog | None = None
        """The dialog open now (tests look at it)."""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, keys, opens, own_keys in (
            (self.tr("Reports and day close…"), REPORTS_KEYS, self.open_reports, True),
            (self.tr("Reconcile with PortOne…"), RECONCILE_KEYS, self.open_reconciliation, True),
            (self.tr("Audit trail…"), AUDIT_KEYS, self.open_audit, False),
            (self.tr("Operators…"), OPERATORS_KEYS, self.open_operators, False),
        ):
            shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button = QPushButton(f"{text} ({shown})", self)
            button.setAutoDefault(False)
            button.clicked.connect(opens)
            layout.addWidget(button)
            if own_keys:  # the audit and operators keys are the main window's
                shortcut = QShortcut(QKeySequence(keys), parent)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(opens)
        layout.addStretch(1)

    def open_reports(self) -> None:
        from kcp_pos.ui.backoffice.reports_dialog import ReportsDialog

        self._open(lambda context: ReportsDialog(context, self.window(), lang=self._lang))

    def open_reconciliation(self) -> None:
        from kcp_pos.ui.backoffice.reconciliation_dialog import ReconciliationDialog

        self._open(lambda context: ReconciliationDialog(context, self.window(), lang=self._lang))

    def open_audit(self) -> None:
        from kcp_pos.ui.backoffice.audit_dialog import AuditDialog

        self._open(lambda context: AuditDialog(context, self.window(), lang=self._lang))

    def open_operators(self) -> None:
        from kcp_pos.ui.backoffice.operators_dialog import OperatorsDialog

        self._open(lambda context: OperatorsDialog(context, self.window()))

    def _open(self, make: Callable[[PageContext], QDialog]) -> None:
        context = self._context()
        if context is None:
            return
        dialog = make(context)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
