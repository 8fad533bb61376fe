"""UI test fixtures: the Korean catalog, and a page attached to real services as the app does
(the sandbox, the services and the keyring backends are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import LOCAL_CLERK, Operator
from kcp_pos.settings import Settings, SettingsStore
from kcp_pos.settings.secrets import SecretStore
from kcp_pos.ui.shell.change_notices import ChangeNotices
from kcp_pos.ui.shell.main_window import MainWindow
from kcp_pos.ui.shell.operator_seat import OperatorSeat
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from tests.settings.memory_keyring import MemoryKeyring

AttachPage = Callable[..., PageContext]
"""`attach_page(page, operator=LOCAL_CLERK)`."""


@pytest.fixture
def korean(qapp: Any) -> Iterator[None]:
    """Install the Korean catalog for one test, then remove it."""
    from kcp_pos.ui.shell.i18n import install_translator

    translators = install_translator(qapp, "ko")
    try:
        yield
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        from PySide6.QtCore import QLocale

        QLocale.setDefault(QLocale(QLocale.Language.English))


@pytest.fixture
def attach_page(qapp: Any, services: AppServices) -> Iterator[AttachPage]:
    """`attach_page(page, operator=LOCAL_CLERK)`: hands `page` a PageContext over the `services`
    fixture, acting as `operator`, with a runner of its own and the store's change notices
    wired to `page.data_changed`, as MainWindow does."""
    runner = BackgroundRunner()
    notices = ChangeNotices(services.database.changes)

    def attach(page: ScreenPage, operator: Operator = LOCAL_CLERK) -> PageContext:
        context = PageContext(
            services=services,
            runner=runner,
            seat=OperatorSeat(operator),
            training=True,
            leftover_attempt_ids=(),
        )
        notices.changed.connect(page.data_changed)
        page.attach(context)
        return context

    yield attach
    notices.close()
    runner.shutdown()


@pytest.fixture
def open_window(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring, services: AppServices
) -> Iterator[Callable[[], MainWindow]]:
    """The main window attached to the store as the app does (call it once the test has set
    up the operators it needs)."""
    runner = BackgroundRunner()
    notices = ChangeNotices(services.database.changes)

    def open_it() -> MainWindow:
        window = MainWindow(Settings(), SettingsStore(tmp_path), SecretStore(), runner)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        context = PageContext(
            services=services,
            runner=runner,
            seat=OperatorSeat(),
            training=True,
            leftover_attempt_ids=(),
        )
        window.attach(context, notices)
        return window

    yield open_it
    notices.close()
    runner.shutdown()
