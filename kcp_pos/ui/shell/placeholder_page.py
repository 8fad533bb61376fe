"""A page whose real screen arrives in a later step: a title and what is coming."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kcp_pos.ui.shell.screen_page import ScreenPage


def page_title(text: str, parent: QWidget) -> QLabel:
    """The large title at the top of a page."""
    title = QLabel(text, parent)
    title.setObjectName("pageTitle")
    title.setAccessibleName(text)
    return title


class PlaceholderPage(ScreenPage):
    def __init__(self, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = page_title(title, self)
        self.message_label = QLabel(coming, self)
        self.message_label.setObjectName("placeholderText")
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
