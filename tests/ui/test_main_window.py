"""The main window: the mode banner in sandbox and live, keyboard navigation, the terminal slot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from kcp_pos.settings import Profile, Settings, SettingsStore
from kcp_pos.settings.endpoint import ApiEndpoint, SandboxReason
from kcp_pos.settings.secrets import ApiCredentials, SecretStore
from kcp_pos.ui.shell.main_window import MainWindow, Page, PageEntry
from kcp_pos.ui.shell.mode_banner import (
    LIVE_BACKGROUND,
    LIVE_FOREGROUND,
    SANDBOX_BACKGROUND,
    SANDBOX_FOREGROUND,
)
from kcp_pos.ui.shell.runner import BackgroundRunner
from tests.settings.memory_keyring import MemoryKeyring

SANDBOX_ENDPOINT = ApiEndpoint(
    Profile.SANDBOX, "http://127.0.0.1:5", ApiCredentials("imp_apikey", "secret")
)
LIVE_ENDPOINT = ApiEndpoint(Profile.LIVE, "https://api.iamport.kr", ApiCredentials("k", "s"))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[MainWindow]:
    runner = BackgroundRunner()
    window = MainWindow(Settings(), SettingsStore(tmp_path), SecretStore(), runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    runner.shutdown()


def banner_pixel(window: MainWindow) -> QColor:
    image = window.banner.grab().toImage()
    return image.pixelColor(2, 2)


def test_sandbox_banner_is_amber_and_says_training(window: MainWindow) -> None:
    window.set_endpoint(SANDBOX_ENDPOINT, SandboxReason.CHOSEN)
    assert window.banner.mode_label.text() == "TRAINING MODE (SANDBOX) — no real payments are made"
    assert banner_pixel(window) == SANDBOX_BACKGROUND
    assert window.banner.colours() == (SANDBOX_BACKGROUND, SANDBOX_FOREGROUND)
    assert "SANDBOX" in window.windowTitle()
    assert "127.0.0.1:5" in window.backend_status.text()


def test_live_banner_is_red_and_says_live(window: MainWindow) -> None:
    window.set_endpoint(LIVE_ENDPOINT, None)
    assert window.banner.mode_label.text() == "LIVE PAYMENTS — cards are really charged"
    assert banner_pixel(window) == LIVE_BACKGROUND
    assert window.banner.colours() == (LIVE_BACKGROUND, LIVE_FOREGROUND)
    assert "LIVE" in window.windowTitle()


def test_live_without_credentials_explains_training_mode(window: MainWindow) -> None:
    window.set_endpoint(SANDBOX_ENDPOINT, SandboxReason.NO_CREDENTIALS)
    assert window.banner.mode_label.text().startswith("TRAINING MODE (SANDBOX)")
    assert "no API key is saved" in window.banner.reason_label.text()
    assert not window.banner.reason_label.isHidden()
    assert banner_pixel(window) == SANDBOX_BACKGROUND


def test_korean_banner(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring, korean: None
) -> None:
    runner = BackgroundRunner()
    window = MainWindow(Settings(), SettingsStore(tmp_path), SecretStore(), runner)
    qtbot.addWidget(window)
    window.set_endpoint(SANDBOX_ENDPOINT, SandboxReason.CHOSEN)
    assert window.banner.mode_label.text() == "연습 모드 (SANDBOX) — 실제 결제가 일어나지 않습니다"
    assert window.windowTitle() == "kcp-pos — 연습 모드 (SANDBOX)"
    window.set_endpoint(LIVE_ENDPOINT, None)
    assert window.banner.mode_label.text() == "실제 결제 (LIVE) — 카드가 실제로 청구됩니다"
    assert window.windowTitle() == "kcp-pos — 실제 결제 (LIVE)"
    runner.shutdown()


def test_terminal_waits_for_the_backend(window: MainWindow, qtbot: QtBot) -> None:
    assert window.endpoint() is None
    assert not window.terminal_page.backend_ready
    assert window.terminal_page.backend_label.text() == "Starting the training server…"
    with qtbot.waitSignal(window.endpoint_ready) as ready:
        window.set_endpoint(SANDBOX_ENDPOINT, SandboxReason.CHOSEN)
    assert ready.args == [SANDBOX_ENDPOINT]
    assert window.terminal_page.backend_ready
    assert window.endpoint() == SANDBOX_ENDPOINT


def test_backend_failure_is_shown(window: MainWindow) -> None:
    window.set_backend_failed("port in use")
    assert "port in use" in window.terminal_page.backend_label.text()
    assert not window.terminal_page.backend_ready


@pytest.mark.parametrize(
    ("key", "page"),
    [
        (Qt.Key.Key_2, Page.CUSTOMERS),
        (Qt.Key.Key_3, Page.TRANSACTIONS),
        (Qt.Key.Key_4, Page.CART),
        (Qt.Key.Key_5, Page.SETTINGS),
    ],
)
def test_ctrl_number_navigates(window: MainWindow, qtbot: QtBot, key: Qt.Key, page: Page) -> None:
    leaving: list[bool] = []
    window.terminal_page.leaving.connect(lambda: leaving.append(True))
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page is page
    assert window.stack.currentIndex() == page.value
    assert window.nav.currentRow() == page.value
    assert leaving == [True]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page is Page.TERMINAL


def test_nav_shows_shortcuts(window: MainWindow) -> None:
    texts = []
    for row in range(window.nav.count()):
        entry = window.nav.itemWidget(window.nav.item(row))
        texts.append(" ".join(label.text() for label in entry.findChildren(QLabel)))
        assert f"Ctrl+{row + 1}" in window.nav.item(row).toolTip()
    assert texts == [
        "Terminal Ctrl+1",
        "Customers Ctrl+2",
        "Transactions Ctrl+3",
        "Cart Ctrl+4",
        "Settings Ctrl+5",
    ]


def test_arrow_keys_in_the_nav_switch_pages(window: MainWindow, qtbot: QtBot) -> None:
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page is Page.CUSTOMERS
    qtbot.keyClick(window.nav, Qt.Key.Key_End)
    assert window.current_page is Page.SETTINGS


def test_entry_form_slot_and_leaving_on_close(window: MainWindow, qtbot: QtBot) -> None:
    form = QLabel("form")
    window.terminal_page.set_entry_form(form)
    assert window.terminal_page.entry_form is form
    assert form.parent() is not None
    replacement = QLabel("form 2")
    window.terminal_page.set_entry_form(replacement)
    assert window.terminal_page.entry_form is replacement
    with qtbot.waitSignal(window.terminal_page.leaving):
        window.close()


def test_the_transactions_page_is_built_on_its_first_visit(window: MainWindow) -> None:
    from kcp_pos.ui.backoffice.page import TransactionsPage

    window.show_page(Page.TRANSACTIONS)
    assert isinstance(window.page(Page.TRANSACTIONS), TransactionsPage)


def test_busy_indicator_follows_the_runner(window: MainWindow, qtbot: QtBot) -> None:
    results: list[int] = []
    window.runner.run(lambda progress: 1, results.append, lambda error: None)
    assert window.busy_bar.isVisible()
    qtbot.waitUntil(lambda: results == [1] and not window.runner.busy, timeout=5000)
    assert not window.busy_bar.isVisible()


def test_capture_protection_is_windows_only(window: MainWindow) -> None:
    import sys

    from kcp_pos.ui.shell.capture_protection import (
        apply_capture_protection,
        capture_protection_supported,
    )

    assert capture_protection_supported() is (sys.platform == "win32")
    if sys.platform != "win32":
        assert apply_capture_protection(window, True) is False


@pytest.mark.parametrize(("answer", "stays_open"), [("keep", True), ("close", False)])
def test_closing_while_a_payment_is_in_flight_asks_first(
    window: MainWindow, qtbot: QtBot, answer: str, stays_open: bool
) -> None:
    window.close_guard = lambda: "A payment request is being sent."
    asked: list[str] = []

    def answer_the_question() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return  # nothing asked: the assertions below say so
        asked.append(box.text())
        if answer == "keep":
            qtbot.keyClick(box, Qt.Key.Key_Return)  # the default answer keeps the window
        else:
            box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, answer_the_question)
    window.close()
    window.close_guard = None  # so that teardown can close the window without asking

    assert asked == ["A payment request is being sent."]
    assert window.isVisible() is stays_open


def test_closing_with_nothing_in_flight_does_not_ask(window: MainWindow) -> None:
    window.close_guard = lambda: None
    window.close()
    assert not window.isVisible()


def test_the_page_list_follows_the_page_enum(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    class Shuffled(MainWindow):
        def _page_entries(self) -> list[PageEntry]:
            return list(reversed(super()._page_entries()))

    runner = BackgroundRunner()
    with pytest.raises(RuntimeError, match="enum's order"):
        Shuffled(Settings(), SettingsStore(tmp_path), SecretStore(), runner)
    runner.shutdown()
