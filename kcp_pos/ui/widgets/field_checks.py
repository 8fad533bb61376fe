"""When a field row shows its message: the as-you-type rule of every form.

An error that typing can no longer fix shows at once; "empty" and "unfinished" show only when the
clerk leaves the field (and "empty" only once something was typed there). A row already showing
an error keeps it current while the clerk types. `FieldChecks` holds each row's check, wires its
`FormattedLineEdit`, and says `changed` after every edit or leave so the form can refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Signal

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import message
from kcp_pos.domain.result import VALID_CHECK, FieldCheck, InputStatus, Ok, Result
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.entry_fields import FieldRow, FormattedLineEdit

Check = Callable[[], FieldCheck]


def check_of(result: Result[object], *, empty_error: InputError | None = None) -> FieldCheck:
    """A FieldCheck for validators without an as-you-type variant (names, tax-free, e-mail);
    with `empty_error`, an empty value is EMPTY (shown once the clerk leaves the field)."""
    if isinstance(result, Ok):
        if empty_error is not None and result.value is None:
            return FieldCheck(InputStatus.EMPTY, empty_error)
        return VALID_CHECK
    return FieldCheck(InputStatus.INVALID, result.error)


class FieldChecks(QObject):
    """Rows and their checks; `edited` / `left` show or hide each row's message."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checks: dict[FieldRow, Check] = {}

    def add(self, row: FieldRow, check: Check) -> None:
        """Check `row` (whose field is a `FormattedLineEdit`) on every edit and when left."""
        edit = row.field
        assert isinstance(edit, FormattedLineEdit)
        self._checks[row] = check
        edit.textEdited.connect(lambda _text: self.edited(row))
        edit.focus_left.connect(lambda: self.left(row))

    def __contains__(self, row: object) -> bool:
        return row in self._checks

    def __iter__(self) -> Iterator[FieldRow]:
        return iter(self._checks)

    def check(self, row: FieldRow) -> FieldCheck:
        return self._checks[row]()

    def valid(self, row: FieldRow) -> bool:
        return self.check(row).status is InputStatus.VALID

    def edited(self, row: FieldRow) -> None:
        check = self.check(row)
        if check.show_error_now and check.error is not None:
            row.show_message(translated(message(check.error)))
        elif check.status is InputStatus.VALID or not row.message.text():
            row.show_message("")
        elif check.error is not None:  # already showing an error (from leaving): keep it current
            row.show_message(translated(message(check.error)))
        self.changed.emit()

    def left(self, row: FieldRow) -> None:
        edit = row.field
        assert isinstance(edit, FormattedLineEdit)
        check = self.check(row)
        if check.status is InputStatus.VALID or check.error is None:
            row.show_message("")
        elif check.status is not InputStatus.EMPTY or edit.touched:
            row.show_message(translated(message(check.error)))
        self.changed.emit()

    def show_all(self) -> None:
        """Every row's error now, empty ones included (the clerk asked to go on)."""
        for row in self._checks:
            check = self.check(row)
            error = check.error if check.status is not InputStatus.VALID else None
            row.show_message(translated(message(error)) if error is not None else "")
        self.changed.emit()
