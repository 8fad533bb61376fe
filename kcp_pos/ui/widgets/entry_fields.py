"""Line edits of the keyed-entry form that format as the clerk types, and the labelled field row.

`FormattedLineEdit` runs a formatter from the domain (`regroup_amount_as_typed`,
`group_card_number_as_typed`, …) on every edit and keeps the cursor after the same digit it was
after, so typing in the middle works. Deleting a separator (a space, comma, dash or slash) deletes
the digit before it instead, or the formatter would put the separator straight back.

`FieldRow` is one input with its visible label (the label's buddy is the input), its accessible
name, an optional hint beside it, and the inline message under it. Validation is the form's job:
a row only shows what it is told (`show_message`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

Formatter = Callable[[str], str]

SEPARATORS = frozenset(" ,-/")


def _significant_before(text: str, position: int) -> int:
    return sum(1 for ch in text[:position] if ch not in SEPARATORS)


def _position_after(text: str, significant: int) -> int:
    """The cursor position just after the `significant`-th non-separator character."""
    if significant <= 0:
        return 0
    seen = 0
    for index, ch in enumerate(text):
        if ch not in SEPARATORS:
            seen += 1
            if seen == significant:
                return index + 1
    return len(text)


def _strip_separators(text: str) -> str:
    return "".join(ch for ch in text if ch not in SEPARATORS)


class FormattedLineEdit(QLineEdit):
    """A line edit that reformats its text on every user edit (not on `setText`)."""

    focus_left = Signal()
    """The clerk left the field (Tab, click elsewhere): time to show EMPTY/INCOMPLETE errors."""
    enter_pressed = Signal()
    """Enter or Return: the form moves on to the next field."""

    def __init__(self, formatter: Formatter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._formatter = formatter
        self._previous = ""
        self.touched = False
        """True once the clerk has typed anything here since the last clear."""
        self.textEdited.connect(self._reformat)

    def set_formatter(self, formatter: Formatter | None) -> None:
        """Change how the text is formatted from the next edit on."""
        self._formatter = formatter

    def clear_input(self) -> None:
        """Empty the field and forget it was touched (card data hygiene, new order).

        `setText` rather than `clear()`: it also wipes the undo history, so Ctrl+Z cannot bring
        a card number back (DESIGN rule 4)."""
        self.setText("")
        self._previous = ""
        self.touched = False

    def _reformat(self, text: str) -> None:
        self.touched = True
        if self._formatter is None:
            self._previous = text
            return
        cursor = self.cursorPosition()
        removed_only_separator = len(text) < len(self._previous) and _strip_separators(
            text
        ) == _strip_separators(self._previous)
        if removed_only_separator and cursor > 0:
            # Backspace on "1234 |5678" means "delete the 4", not "delete the space".
            before = _significant_before(text, cursor)
            index = _position_after(text, before) - 1
            text = text[:index] + text[index + 1 :]
            cursor = index
        significant = _significant_before(text, cursor)
        formatted = self._formatter(text)
        self._previous = formatted
        if formatted != self.text():
            self.setText(formatted)
        self.setCursorPosition(_position_after(formatted, significant))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != QtCore.Qt.FocusReason.PopupFocusReason:
            self.focus_left.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        qt = QtCore.Qt  # at call time: the first paint does without Qt's namespace (first_paint.py)
        if event.key() in (qt.Key.Key_Return, qt.Key.Key_Enter) and not (
            event.modifiers() & qt.KeyboardModifier.ControlModifier
        ):
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FieldRow(QWidget):
    """Label, input (with an optional hint beside it), and the inline message under it."""

    def __init__(
        self,
        label: str,
        field: QWidget,
        *,
        hint: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.label = QLabel(label, self)
        self.label.setObjectName("fieldLabel")
        self.label.setBuddy(field)
        field.setAccessibleName(_plain(label))
        field.setParent(self)
        self.hint = hint
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.hide()

        # The hint (an issuer name, a unit) sits on the label's line, so the input keeps its width.
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addWidget(self.label)
        top.addStretch(1)
        if hint is not None:
            hint.setParent(self)
            if isinstance(hint, QLabel):
                hint.setObjectName("fieldHint")
            top.addWidget(hint)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self._layout.addLayout(top)
        self._layout.addWidget(field)
        self._layout.addWidget(self.message)

    def add_note(self, note: QLabel) -> None:
        """A permanent explanation under the field (e.g. why installments are unavailable)."""
        note.setParent(self)
        self._layout.addWidget(note)

    @property
    def plain_label(self) -> str:
        """The label text as read out (no mnemonic marker)."""
        return _plain(self.label.text())

    def set_label(self, text: str) -> None:
        self.label.setText(text)
        self.field.setAccessibleName(_plain(text))

    def show_message(self, text: str) -> None:
        """Show `text` under the field (empty hides it) and mark the field invalid for styling."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.field.setAccessibleDescription(text)
        self.field.setProperty("invalid", bool(text))
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)

    @property
    def message_text(self) -> str:
        return self.message.text()


_KOREAN_MNEMONIC = re.compile(r"\s*\(&[A-Za-z0-9]\)")


def _plain(label: str) -> str:
    """The label without its mnemonic marker (`&Amount` -> `Amount`, `금액(&A)` -> `금액`)."""
    label = _KOREAN_MNEMONIC.sub("", label)
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")
