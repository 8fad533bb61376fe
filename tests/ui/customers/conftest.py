"""The customers page attached to the sandbox-backed services, and the keyboard helpers its
dialog tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kcp_pos.services.check_schedule import CheckSchedule
from kcp_pos.settings.model import Settings
from kcp_pos.ui.customers.page import CustomersPage
from tests.operators import CLERK, MANAGER
from tests.ui.conftest import AttachPage

WAIT_MS = 8000


@pytest.fixture
def dialog_page(qtbot: QtBot, attach_page: AttachPage) -> Iterator[CustomersPage]:
    """An empty page whose dialogs follow unknown outcomes up quickly, acting as a manager
    (deleting keys and revoking schedules need one)."""
    page = CustomersPage("en", Settings(), follow_up=CheckSchedule(delays=(0.3, 0.3), every=0.5))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    attach_page(page, MANAGER)
    yield page


@pytest.fixture
def clerk_page(qtbot: QtBot, attach_page: AttachPage) -> Iterator[CustomersPage]:
    """The same page acting as a clerk: a manager's approval is asked in place where needed."""
    page = CustomersPage("en", Settings(), follow_up=CheckSchedule(delays=(0.3, 0.3), every=0.5))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    attach_page(page, CLERK)
    yield page


def activate(qtbot: QtBot, window: QWidget) -> None:
    """The offscreen platform does not move activation between windows as a desktop does."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)


def select(qtbot: QtBot, page: CustomersPage, uid: str) -> None:
    """Wait until `uid` is listed, then select it with the focus in the table."""
    qtbot.waitUntil(lambda: page.model.row_of(uid) >= 0, timeout=WAIT_MS)
    page.table.setFocus()
    page.table.selectRow(page.model.row_of(uid))
