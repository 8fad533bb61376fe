"""Answering a view's questions about a cell in one call into Python.

A view paints a cell by asking the model for about eight roles (text, font, colours, alignment…).
A Python model's `data()` is one call into Python per role, and each call takes the interpreter
lock first: while worker threads run Python (a batch charging hundreds of cards), each may wait
for it, and a repaint of a screenful of cells waits hundreds of times. Qt asks for every role of
a cell at once through `multiData`; a model that overrides it with `answer_roles` is entered
once per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan


def answer_roles(
    span: QModelRoleDataSpan | QModelRoleData, value_of: Callable[[int], object]
) -> None:
    """Fill every role in `span` with `value_of(role)` (None leaves the role empty), as
    `multiData` must."""
    wanted = [span] if isinstance(span, QModelRoleData) else cast(Iterable[QModelRoleData], span)
    for role_data in wanted:
        value = value_of(role_data.role())
        if value is None:
            role_data.clearData()
        else:
            role_data.setData(value)
