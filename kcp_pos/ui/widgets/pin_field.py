"""The field an operator's PIN is typed into (sign-in, a manager's approval, a new operator):
masked, digits only up to the longest PIN, no predictive text and no context menu to copy it
out. What the PIN must be is checked by the services (`domain/pin_hash.validate_pin`)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kcp_pos.domain.pin_hash import PIN_MAX


def operator_pin_field(parent: QWidget, name: str = "") -> QLineEdit:
    field = QLineEdit(parent)
    if name:
        field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    digits = QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}")
    field.setValidator(QRegularExpressionValidator(digits, field))
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no copying out of it
    return field
