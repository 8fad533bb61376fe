"""The terminal against a real sandbox and a real SQLite store: fixtures and keystroke helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kcp_pos.domain.korea_time import kst_today
from kcp_pos.domain.language import Lang
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.check_schedule import CheckSchedule
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.settings.model import Settings
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.terminal.controller import TerminalController, TerminalState
from kcp_pos.ui.terminal.view import TerminalView
from tests.conftest import make_services
from tests.ui.keyboard import type_into

WAIT_MS = 10_000
APPROVED_CARD = "5570420000051234"
CC03_CARD = "5570420000070002"
CC10_CARD = "5570420000079995"
OTHER_APPROVED_CARD = "5570420000060003"


@dataclass
class Terminal:
    """One terminal under test with everything it talks to."""

    view: TerminalView
    controller: TerminalController
    services: AppServices
    runner: BackgroundRunner
    sandbox: SandboxServer

    @property
    def form(self) -> Any:
        return self.view.form

    @property
    def panel(self) -> Any:
        return self.view.outcome_panel


TerminalFactory = Callable[..., Terminal]


@pytest.fixture
def make_terminal(
    qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path
) -> Iterator[TerminalFactory]:
    made: list[Terminal] = []

    def make(
        *,
        lang: Lang = "en",
        settings: Settings | None = None,
        read_timeout: float = 10.0,
        max_threads: int = 4,
        leftover: tuple[int, ...] = (),
        services: AppServices | None = None,
        attach: bool = True,
    ) -> Terminal:
        settings = settings or Settings()
        runner = BackgroundRunner(max_threads=max_threads)
        view = TerminalView(lang=lang, today=kst_today, pwd_required=settings.pwd_2digit_required)
        qtbot.addWidget(view)
        view.resize(1100, 700)
        controller = TerminalController(
            view,
            runner,
            settings,
            follow_up=CheckSchedule(delays=(0.2, 0.3), every=0.5),
            recovery=CheckSchedule(delays=(0.0,), every=0.5),
            late_approvals=CheckSchedule(delays=(0.0,), every=0.3),
        )
        services = services or make_services(
            sandbox.url, tmp_path / f"store{len(made)}", read_timeout=read_timeout
        )
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)
        terminal = Terminal(view, controller, services, runner, sandbox)
        made.append(terminal)
        if attach:
            controller.attach(services, leftover, training=True, operator=LOCAL_CLERK)
            assert controller.state is TerminalState.EDITING
        return terminal

    yield make
    for terminal in made:
        terminal.controller.stop()
        terminal.runner.shutdown()
        terminal.services.close()


def leave_field(qtbot: QtBot, field: QWidget) -> None:
    """Tab out of `field`, the way a clerk leaves it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def fill_order(
    qtbot: QtBot,
    terminal: Terminal,
    *,
    amount: str = "55000",
    order_name: str = "Flowers",
    buyer_name: str = "홍길동",
    buyer_tel: str = "01012345678",
    card: str = APPROVED_CARD,
    expiry: str = "1230",
    birth: str = "880315",
    pin: str = "12",
) -> None:
    form = terminal.form
    type_into(qtbot, form.amount_edit, amount)
    type_into(qtbot, form.order_name_edit, order_name)
    type_into(qtbot, form.buyer_name_edit, buyer_name)
    type_into(qtbot, form.buyer_tel_edit, buyer_tel)
    fill_card(qtbot, terminal, card=card, expiry=expiry, birth=birth, pin=pin)


def fill_card(
    qtbot: QtBot,
    terminal: Terminal,
    *,
    card: str = APPROVED_CARD,
    expiry: str = "1230",
    birth: str = "880315",
    pin: str = "12",
) -> None:
    form = terminal.form
    type_into(qtbot, form.card.card_number_edit, card)
    type_into(qtbot, form.card.expiry_edit, expiry)
    type_into(qtbot, form.card.owner_edit, birth)
    if pin:
        type_into(qtbot, form.card.pin_edit, pin)


def confirm(qtbot: QtBot, terminal: Terminal) -> None:
    """Wait for the confirmation dialog and press Enter on it."""
    qtbot.waitUntil(lambda: terminal.controller.confirm_dialog is not None, timeout=WAIT_MS)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    reactivate(qtbot, terminal.view)


def reactivate(qtbot: QtBot, view: QWidget) -> None:
    """The offscreen platform does not give activation back when a dialog closes; a desktop
    window manager does. Shortcuts and focus need the window to be active."""
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)


def charge(qtbot: QtBot, terminal: Terminal) -> None:
    """Ctrl+Enter in the form, then Enter in the confirmation."""
    qtbot.keyClick(
        terminal.form.tax_free_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    confirm(qtbot, terminal)


def wait_for_state(qtbot: QtBot, terminal: Terminal, panel_state: str) -> None:
    qtbot.waitUntil(
        lambda: terminal.panel.state.value == panel_state and not terminal.runner.busy,
        timeout=WAIT_MS,
    )
