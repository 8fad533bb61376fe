"""The pages behind the navigation: the terminal (filled by the keyed-entry form) and placeholders.

`TerminalPage` owns the slot the keyed-entry form goes into (`set_entry_form`) and tells the form
when the clerk leaves the page (`leaving`), so the form can clear card data from its widgets.
Until the form is set the slot shows the form's first group (`OrderBox`, with the amount field),
which the form adopts when it is built.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kcp_pos.ui.order_box import OrderBox


def _page_title(text: str, parent: QWidget) -> QLabel:
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    title.setAccessibleName(text)
    return title


class PlaceholderPage(QWidget):
    """A page whose real screen arrives in a later step: a title and what is coming."""

    def __init__(self, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = _page_title(title, self)
        self.message_label = QLabel(coming, self)
        self.message_label.setObjectName("placeholderText")
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label)
        layout.addStretch(1)


class TerminalPage(QWidget):
    """The keyed-entry terminal: the form slot, and the backend state until it is ready."""

    entered = Signal()
    """The clerk arrived on this page."""
    leaving = Signal()
    """The clerk is leaving this page or closing the window: clear card data from the widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = _page_title(self.tr("Terminal"), self)
        self.backend_label = QLabel(self)
        self.backend_label.setObjectName("backendState")
        self.backend_label.setWordWrap(True)
        self._backend_ready = False
        self._entry_form: QWidget | None = None
        self._entry_area = QFrame(self)
        self._entry_area.setObjectName("entryArea")
        self._entry_layout = QVBoxLayout(self._entry_area)
        self._entry_layout.setContentsMargins(0, 0, 0, 0)
        self.order_box = OrderBox(self._entry_area)
        """The amount field, on screen before the rest of the form exists (see `OrderBox`)."""
        self._entry_layout.addWidget(self.order_box)
        self._entry_layout.addStretch(1)
        self._shown_before = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.backend_label)
        layout.addWidget(self._entry_area, 1)
        self.set_backend_state(False, self.tr("Starting the training server…"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_before and self._entry_form is None:
            self._shown_before = True  # the clerk starts with the amount
            self.order_box.amount_edit.setFocus()

    @property
    def entry_form(self) -> QWidget | None:
        """The keyed-entry form once set."""
        return self._entry_form

    @property
    def backend_ready(self) -> bool:
        """True once requests can be sent (sandbox started or live credentials loaded)."""
        return self._backend_ready

    def set_entry_form(self, form: QWidget) -> None:
        """Put the keyed-entry form into the page (replacing the placeholder or an earlier form)."""
        if self._entry_form is not None:
            self._entry_layout.removeWidget(self._entry_form)
            self._entry_form.deleteLater()
        else:
            # The order box (adopted by the form, or no longer needed) and the stretch go: the
            # form gets all the room.
            while self._entry_layout.count():
                self._entry_layout.takeAt(0)
            if self.order_box.parent() is self._entry_area:
                self.order_box.hide()
        form.setParent(self._entry_area)
        self._entry_layout.addWidget(form)
        form.show()
        self._entry_form = form

    def set_backend_state(self, ready: bool, message: str) -> None:
        """Show whether the API is reachable yet; an empty `message` hides the line."""
        self._backend_ready = ready
        self.backend_label.setText(message)
        self.backend_label.setVisible(bool(message))
