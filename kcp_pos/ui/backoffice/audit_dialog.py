"""The audit trail viewer: who did what and when, newest first, with filters, and "Verify",
which walks the hash chain and names the first entry another program changed.

Reads run on the runner (`services/audit_trail.py`, a manager's view); a change of filter
drops the answer of the one before. Actions and details are shown in words
(`audit_words.py`), the action's code in its cell's tooltip, for the filter; card data was
redacted before it was written.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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

from kcp_pos.domain.korea_time import KST, kst_now
from kcp_pos.domain.language import Lang
from kcp_pos.services.operator import Role
from kcp_pos.store.audit_log import HeadCheck
from kcp_pos.ui.backoffice.audit_words import (
    action_text,
    actor_text,
    codes_in_words,
    details_text,
    family_choices,
)
from kcp_pos.ui.widgets.korea_time_edit import korea_moment, korea_time_edit

if TYPE_CHECKING:
    from kcp_pos.services.audit_trail import AuditFilter, ChainReport
    from kcp_pos.store import AuditEntry
    from kcp_pos.store.audit_head import AuditHead
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext

COLUMNS = 5
ACTOR_COLUMN = 1
ACTION_COLUMN = 2
DETAILS_COLUMN = 4
READ_KEY = "audit:read"


class AuditDialog(QDialog):
    """The audit trail, newest first; Ctrl+F to the filters, F5 to read again."""

    def __init__(
        self, context: PageContext, parent: QWidget | None = None, *, lang: Lang = "ko"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit trail"))
        self._context = context
        self._lang: Lang = lang
        self._generation = 0
        self._oldest_id: int | None = None
        self.entries: list[AuditEntry] = []
        self._build()
        self.resize(1000, 640)
        self.reload()

    def _build(self) -> None:
        now = kst_now()
        self.since_edit = korea_time_edit(self, now - timedelta(days=7))
        self.until_edit = korea_time_edit(self, now + timedelta(minutes=1))
        self.action_edit = QLineEdit(self)
        self.action_box = self._action_box(self.action_edit)
        self.action_edit.setPlaceholderText(
            self.tr("A word such as refund, or a family from the list")
        )
        self.actor_edit = QLineEdit(self)
        self.subject_edit = QLineEdit(self)
        self.subject_edit.setPlaceholderText(self.tr("Order number, customer or operator"))
        self.search_button = QPushButton(self.tr("Show"), self)
        self.search_button.clicked.connect(self.reload)
        for field in (self.action_edit, self.actor_edit, self.subject_edit):
            field.returnPressed.connect(self.reload)

        filters = QHBoxLayout()
        labelled: tuple[tuple[str, QWidget], ...] = (
            (self.tr("From"), self.since_edit),
            (self.tr("To"), self.until_edit),
            (self.tr("Action"), self.action_box),
            (self.tr("Operator"), self.actor_edit),
            (self.tr("About"), self.subject_edit),
        )
        for label, widget in labelled:
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1)
        filters.addWidget(self.search_button)

        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Operator"), self.tr("Action"), self.tr("About"),
             self.tr("Details")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.more_button = QPushButton(self.tr("Older entries"), self)
        self.more_button.clicked.connect(self.read_more)
        self.more_button.setEnabled(False)
        self.verify_button = QPushButton(self.tr("Verify the chain"), self)
        self.verify_button.clicked.connect(self.verify)
        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("auditVerdict")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = QPushButton(self.tr("Accept the trail as it is…"), self)
        self.accept_button.clicked.connect(self.ask_accept_trail)
        self.accept_button.hide()
        self._report: ChainReport | None = None
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verdict_label)
        layout.addLayout(buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self.action_edit.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.reload)
        self.action_edit.setFocus()

    def _action_box(self, edit: QLineEdit) -> QComboBox:
        """The action filter: a code or a family typed (`payment.`), or a family chosen from
        the list (Alt+Down), which puts its filter in the field and shows it."""
        box = QComboBox(self)
        box.setEditable(True)
        box.setLineEdit(edit)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Typed text is the filter as typed, never completed to a choice's words (None is
        # what Qt takes for no completer; the stubs omit it).
        box.setCompleter(None)  # type: ignore[arg-type]
        box.addItem(self.tr("All actions"), "")
        for text, family in family_choices():
            box.addItem(text, family)
        box.setCurrentIndex(-1)
        box.activated.connect(self._family_chosen)
        return box

    def _family_chosen(self, index: int) -> None:
        self.action_edit.setText(str(self.action_box.itemData(index)))
        self.reload()

    # --- reading ----------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        from kcp_pos.services.audit_trail import AuditFilter

        typed = self.action_edit.text().strip()
        in_words = codes_in_words(typed)  # 환불 finds the refund actions by their words
        return AuditFilter(
            since=korea_moment(self.since_edit),
            until=korea_moment(self.until_edit),
            action=(typed or None) if in_words is None else None,
            actions=in_words,
            actor=self.actor_edit.text().strip() or None,
            subject=self.subject_edit.text().strip() or None,
        )

    def reload(self) -> None:
        """Read the newest page for the filters shown (an answer to older filters is dropped)."""
        self.entries = []
        self._oldest_id = None
        self.table.setRowCount(0)
        self._read(None)

    def read_more(self) -> None:
        if self._oldest_id is not None:
            self._read(self._oldest_id)

    def _read(self, before_id: int | None) -> None:
        from kcp_pos.services.audit_trail import read_audit

        self._generation += 1
        generation, wanted = self._generation, self.current_filter()
        services, operator = self._context.services, self._context.operator
        self.status_label.setText(self.tr("Reading…"))

        def read(_: Progress) -> list[AuditEntry]:
            return list(read_audit(services, wanted, operator=operator, before_id=before_id))

        self._context.runner.run(
            read,
            lambda page: self._show(generation, page),
            lambda error: self._failed(generation, error),
            key=READ_KEY,
        )

    def _show(self, generation: int, page: list[AuditEntry]) -> None:
        from kcp_pos.services.audit_trail import PAGE_SIZE

        if generation != self._generation:
            return  # the filters changed meanwhile
        first_row = self.table.rowCount()
        self.table.setRowCount(first_row + len(page))
        for offset, entry in enumerate(page):
            for column, item in enumerate(self._items(entry)):
                self.table.setItem(first_row + offset, column, item)
        self.entries.extend(page)
        if page:
            self._oldest_id = page[-1].id
        self.more_button.setEnabled(len(page) == PAGE_SIZE)
        shown = self.tr("Entries shown: %1").replace("%1", str(len(self.entries)))
        self.status_label.setText(shown)

    def _items(self, entry: AuditEntry) -> list[QTableWidgetItem]:
        """Time, operator, the action in words (its code as the tooltip: what the filter
        takes), what it is about, and the details in words (in full as the tooltip)."""
        details = details_text(entry.action, entry.details, self._lang)
        actor, action = actor_text(entry.actor), action_text(entry.action)
        texts = (_when(entry.at), actor, action, entry.subject or "", details)
        items = [QTableWidgetItem(text) for text in texts]
        items[ACTOR_COLUMN].setToolTip(entry.actor)  # as the operator filter takes it
        items[ACTION_COLUMN].setToolTip(entry.action)
        items[DETAILS_COLUMN].setToolTip(details)
        return items

    def _failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.status_label.setText(_refusal(error))

    # --- verifying --------------------------------------------------------------------------

    def verify(self) -> None:
        from kcp_pos.services.audit_trail import verify_audit

        services, operator = self._context.services, self._context.operator
        self.verify_button.setEnabled(False)
        self.verdict_label.setText(self.tr("Verifying the whole trail…"))
        self._context.runner.run(
            lambda _progress: verify_audit(services, operator=operator),
            self._show_verdict,
            self._verify_failed,
            key="audit:verify",
        )

    def _show_verdict(self, report: ChainReport) -> None:
        self._report = report
        self.verify_button.setEnabled(True)
        self.verdict_label.setProperty("tone", "good" if report.intact else "bad")
        self.verdict_label.setText(self._verdict_text(report))
        self.verdict_label.style().polish(self.verdict_label)
        self.accept_button.setVisible(report.head_needs_accepting)
        self.accept_button.setEnabled(self._context.operator.role is Role.ADMIN)
        self.reload()  # the check itself was audited

    def _verdict_text(self, report: ChainReport) -> str:
        if report.broken_id is not None:
            return self._broken_text(report)
        if report.lost_head is not None:
            return self._lost_head_text(report.lost_head, report.newest) + self._accept_hint()
        if report.head is HeadCheck.MISSING:
            return (
                self.tr(
                    "The file that records the trail's newest entry (audit-head.json, beside the "
                    "database) is missing: deleted newest entries could not be found."
                )
                + self._accept_hint()
            )
        if report.head is HeadCheck.UNREADABLE:
            return (
                self.tr(
                    "The file that records the trail's newest entry (audit-head.json, beside the "
                    "database) was changed outside this program."
                )
                + self._accept_hint()
            )
        text = self.tr("The audit trail is intact: %1 entries checked, none changed.")
        text = text.replace("%1", str(report.checked)) + _newest(report)
        if report.head is HeadCheck.NOT_KEPT:
            text += " " + self.tr(
                "This store is on a database server: its newest entries are not checked."
            )
        return text

    def _accept_hint(self) -> str:
        return " " + self.tr(
            "Once you know why (a restored copy of the database, or a deletion looked into), "
            "an administrator can accept the trail as it is; that is recorded too."
        )

    def ask_accept_trail(self) -> None:
        """The administrator accepts the trail as it is after a verdict on its newest entries
        (asked first; audited by the services)."""
        from kcp_pos.ui.widgets.questions import ask_yes_no

        report = self._report
        if report is None or not report.head_needs_accepting:
            return
        question = self.tr(
            "Accept the audit trail as it is now? From here on, the newest entry is checked "
            "again. Your decision is recorded in the trail."
        )
        if ask_yes_no(self, self.tr("Accept the trail"), question, default_yes=False):
            self.accept_trail(report)

    def accept_trail(self, report: ChainReport) -> None:
        from kcp_pos.services.audit_trail import accept_trail

        services, operator = self._context.services, self._context.operator
        self.accept_button.setEnabled(False)
        self._context.runner.run(
            lambda _progress: accept_trail(services, report, operator=operator),
            lambda _done: self.verify(),
            self._not_accepted,
            key="audit:accept",
        )

    def _not_accepted(self, error: Exception) -> None:
        from kcp_pos.services.operators import NotPermitted
        from kcp_pos.store.audit_log import TrailMoved

        if isinstance(error, TrailMoved):
            text = self.tr("Entries were written since the check: verify again, then decide.")
        elif isinstance(error, NotPermitted):
            text = self.tr("Only an administrator may accept the trail.")
        else:
            text = _refusal(error)
        self.verdict_label.setText(text)
        self.accept_button.hide()

    def _broken_text(self, report: ChainReport) -> str:
        broken = report.broken
        text = self.tr(
            "The audit trail was changed outside this program: entry %1 does not match "
            "(it, or one before it, was edited, deleted or moved). Entries from there on "
            "cannot be trusted."
        ).replace("%1", f"#{report.broken_id}")
        if broken is not None:
            text += " " + self.tr("Entry %1: %2, %3, %4.").replace("%1", f"#{broken.id}").replace(
                "%2", _when(broken.at)
            ).replace("%3", action_text(broken.action)).replace("%4", broken.actor)
        return text

    def _lost_head_text(self, lost: AuditHead, newest: AuditHead | None) -> str:
        text = self.tr(
            "The newest entries of the audit trail were deleted or replaced outside this "
            "program: entry %1, written on this computer, is not there as written. The trail "
            "now ends at %2."
        )
        end = "-" if newest is None else f"#{newest.id}"
        return text.replace("%1", f"#{lost.id}").replace("%2", end)

    def _verify_failed(self, error: Exception) -> None:
        self.verify_button.setEnabled(True)
        self.verdict_label.setText(_refusal(error))


def _newest(report: ChainReport) -> str:
    """The newest entry and the start of its hash, to compare with a printed close slip."""
    if report.newest is None:
        return ""
    text = QCoreApplication.translate("AuditDialog", "Newest: %1 (%2).")
    return " " + text.replace("%1", f"#{report.newest.id}").replace("%2", report.newest.short_hash)


def _when(moment: datetime) -> str:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S")


def _refusal(error: Exception) -> str:
    from kcp_pos.services.operators import NotPermitted

    if isinstance(error, NotPermitted):
        return QCoreApplication.translate(
            "AuditDialog", "Only a manager or an administrator may read the audit trail."
        )
    return QCoreApplication.translate(
        "AuditDialog", "The audit trail could not be read: %1"
    ).replace("%1", type(error).__name__)
