"""The order fields of the customers' dialogs (charge again, batch, schedules): installments
taken away by a smaller amount are said to be on hold and come back with the amount."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcp_pos.ui.widgets.order_fields import OrderFields


def _retype(qtbot: QtBot, fields: OrderFields, digits: str) -> None:
    fields.amount_edit.selectAll()
    qtbot.keyClick(fields.amount_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(fields.amount_edit, digits)


def test_installments_are_on_hold_below_the_minimum_and_come_back(qtbot: QtBot) -> None:
    fields = OrderFields()
    qtbot.addWidget(fields)
    fields.show()
    qtbot.keyClicks(fields.amount_edit, "60000")
    fields.quota_combo.setCurrentIndex(fields.quota_combo.findData(3))
    assert fields.quota_row.message_text == ""

    _retype(qtbot, fields, "40000")
    assert not fields.quota_combo.isEnabled()
    assert fields.quota_combo.currentData() == 0  # a lump sum is what 40,000 allows...
    assert fields.quota_row.message_text == "Installments are available from ₩50,000."  # ...said

    _retype(qtbot, fields, "60000")  # passes through 6, 60, 600, 6,000
    assert fields.quota_combo.currentData() == 3
    assert fields.quota_row.message_text == ""
