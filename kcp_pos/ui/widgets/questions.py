"""A yes/no question whose text is shown as written: names typed by clerks or sent by PortOne
may hold `<` and must never be read as markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_yes_no(parent: QWidget, title: str, text: str, *, default_yes: bool) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    box.setDefaultButton(default)
    return box.exec() == QMessageBox.StandardButton.Yes
