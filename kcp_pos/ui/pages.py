"""The pages behind the navigation: the terminal (filled by the keyed-entry form) and placeholders.

`TerminalPage` owns the slot the keyed-entry form goes into (`set_entry_form`) and tells the form
when the clerk leaves the page (`leaving`), so the form can clear card data from its widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


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
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
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
        self._placeholder = QLabel(
            self.tr(
                "The keyed-entry payment form will appear here: amount, order, buyer and card "
                "details in the order of a phone call."
            ),
            self._entry_area,
        )
        self._placeholder.setObjectName("placeholderText")
        self._placeholder.setWordWrap(True)
        self._entry_layout.addWidget(self._placeholder)
        self._entry_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.backend_label)
        layout.addWidget(self._entry_area, 1)
        self.set_backend_state(False, self.tr("Starting the training server…"))

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
            self._entry_layout.removeWidget(self._placeholder)
            self._placeholder.hide()
            # Drop the stretch so the form gets all the room.
            while self._entry_layout.count():
                self._entry_layout.takeAt(0)
        form.setParent(self._entry_area)
        self._entry_layout.addWidget(form)
        form.show()
        self._entry_form = form

    def set_backend_state(self, ready: bool, message: str) -> None:
        """Show whether the API is reachable yet; an empty `message` hides the line."""
        self._backend_ready = ready
        self.backend_label.setText(message)
        self.backend_label.setVisible(bool(message))
        self.backend_label.setProperty("ready", ready)
        self.backend_label.style().unpolish(self.backend_label)
        self.backend_label.style().polish(self.backend_label)
