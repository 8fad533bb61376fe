"""The terminal says when today is closed (마감): what is charged now shows on the close slip as
an adjustment. The line appears when a manager closes the day, on this window or another."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kcp_pos.domain.korea_time import kst_today
from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.day_close import close_day
from kcp_pos.ui.shell.main_window import Page
from kcp_pos.ui.terminal.page import TerminalPage
from tests.ui.main_window_support import OpenWindow, signed_in_window

ADMIN_PIN = "482913"


def test_the_terminal_says_today_is_closed(
    qtbot: QtBot, open_window: OpenWindow, services: AppServices
) -> None:
    admin = operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    page = window.page(Page.TERMINAL)
    assert isinstance(page, TerminalPage)
    assert not page.closed_day_label.isVisible()

    close_day(services, kst_today(), operator=admin)  # the store's change notice tells the page
    qtbot.waitUntil(page.closed_day_label.isVisible, timeout=5_000)
    assert "is closed" in page.closed_day_label.text()
    assert "adjustments" in page.closed_day_label.text()


def test_a_day_closed_before_the_terminal_opened_is_said_at_sign_in(
    qtbot: QtBot, open_window: OpenWindow, services: AppServices
) -> None:
    admin = operators.create_first_admin(services, "김사장", ADMIN_PIN)
    close_day(services, kst_today(), operator=admin)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    page = window.page(Page.TERMINAL)
    assert isinstance(page, TerminalPage)
    qtbot.waitUntil(page.closed_day_label.isVisible, timeout=5_000)
