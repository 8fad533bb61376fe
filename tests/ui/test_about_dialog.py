"""The About dialog, in the app as started (`start_app` with explicit folders): the version, the
run's three folders and their Open buttons, the notices and the LGPL text, the keyboard."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QTranslator, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from kcp_pos import __version__
from kcp_pos.app import AppSession, parse_args, start_app
from kcp_pos.ui.shell.about_dialog import AboutDialog
from tests.settings.memory_keyring import MemoryKeyring, keyring_backend

StartSession = Callable[[str], AppSession]


@pytest.fixture
def start_session(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> Iterator[StartSession]:
    """`start(lang)`: the app on tmp_path's data, log and settings folders, the terminal built;
    closed afterwards, the app's look and translators restored."""
    sessions: list[AppSession] = []
    style, font = qapp.styleSheet(), qapp.font()

    def start(lang: str) -> AppSession:
        folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
        folders += ["--log-dir", str(tmp_path / "logs")]
        session = start_app(parse_args([*folders, "--lang", lang]))
        sessions.append(session)
        qtbot.waitUntil(lambda: session.terminal is not None, timeout=15_000)
        return session

    with keyring_backend(MemoryKeyring()):
        yield start
        for session in sessions:
            session.close()
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def open_dialog(qtbot: QtBot, session: AppSession) -> AboutDialog:
    """The dialog over the lock screen, once the app is up: the lock screen's coming puts
    away the windows that were open (main_window._cover_pages)."""
    qtbot.waitUntil(lambda: session.window.locked, timeout=15_000)
    dialog = session.window.about_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.texts is not None, timeout=15_000)
    return dialog


class OpenedUrls(QObject):
    """What the dialog asks the desktop to open (Qt's URL handler for `file:`)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_about_shows_the_version_the_mode_and_the_folders_of_the_run(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession, lang: str
) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "data").mkdir(exist_ok=True)  # the settings folder is not made: no file saved
    session = start_session(lang)
    dialog = open_dialog(qtbot, session)

    assert __version__ in dialog.version_label.text()
    assert "Python" in dialog.run_kind_label.text()  # run from source here, not frozen
    assert dialog.mode_label.text() == session.window.banner.mode_label.text()
    shown = {row.path_label.text(): row for row in dialog.folder_rows}
    assert list(shown) == [str(tmp_path / "data"), str(tmp_path / "logs"), str(tmp_path / "cfg")]
    data, logs, settings = dialog.folder_rows
    assert data.open_button.isEnabled() and logs.open_button.isEnabled()
    assert not data.state_label.isVisibleTo(dialog)
    assert not settings.open_button.isEnabled()
    assert settings.state_label.isVisibleTo(dialog) and settings.state_label.text()
    assert "Proprietary" in dialog.own_licence_label.text()


def test_open_buttons_hand_the_folder_to_the_desktop(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    (tmp_path / "logs").mkdir()
    dialog = open_dialog(qtbot, start_session("en"))
    catcher = OpenedUrls()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        qtbot.mouseClick(dialog.folder_rows[1].open_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(tmp_path / "logs")]
    assert not dialog.open_failed_label.isVisibleTo(dialog)


def test_notices_list_the_runtime_libraries_and_the_lgpl_text_is_found(
    qtbot: QtBot, start_session: StartSession
) -> None:
    dialog = open_dialog(qtbot, start_session("en"))

    notices = dialog.show_notices().view.toPlainText()
    for name in ("httpx", "PySide6-Essentials"):
        version = re.escape(metadata.version(name))
        pattern = name.replace("-", "[-_]")
        assert re.search(rf"{pattern}\s+(Version:?\s*)?{version}", notices, re.IGNORECASE), name
    dialog.viewer.reject()  # type: ignore[union-attr]

    lgpl = dialog.show_lgpl().view.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl


def test_keyboard_tab_reaches_every_button_notices_scroll_esc_closes(
    qtbot: QtBot, start_session: StartSession
) -> None:
    """Keys go to each window's focus widget (whether the offscreen platform made the window
    active or not, which it does not always do in time)."""
    dialog = open_dialog(qtbot, start_session("en"))
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isEnabled() and b.isVisible()]
    dialog.close_button.setFocus()
    reached: set[QPushButton] = set()
    for _ in range(3 * len(buttons)):
        focused = dialog.focusWidget()
        assert focused is not None
        if isinstance(focused, QPushButton):
            reached.add(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert reached == set(buttons)

    dialog.notices_button.setFocus()
    # Enter on a focused button presses it (not the dialog's default, Close), as Space does.
    qtbot.keyClick(dialog.notices_button, Qt.Key.Key_Return)
    viewer = dialog.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.focusWidget() is viewer.view
    scroll = viewer.view.verticalScrollBar()
    assert scroll.value() == 0
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    assert scroll.value() > 0
    qtbot.keyClick(viewer.view, Qt.Key.Key_Escape)
    assert not viewer.isVisible() and dialog.isVisible()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_f1_opens_about_while_locked(qtbot: QtBot, start_session: StartSession) -> None:
    """About shows no shop data: F1 opens it over the lock screen too."""
    session = start_session("ko")
    window = session.window
    qtbot.waitUntil(lambda: window.locked, timeout=15_000)
    seen: list[AboutDialog] = []

    def close_it() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, AboutDialog):
            seen.append(shown)
            shown.reject()
        else:
            QTimer.singleShot(20, close_it)

    QTimer.singleShot(0, close_it)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert len(seen) == 1
    assert window.about_link.text().count("F1") == 1


def test_an_installed_bundle_says_so_and_where(
    qtbot: QtBot, start_session: StartSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyInstaller sets sys.frozen; the folder shown is the one whose Qt libraries may be
    replaced (LGPL)."""
    session = start_session("en")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    dialog = open_dialog(qtbot, session)
    assert str(Path(sys.executable).parent) in dialog.run_kind_label.text()
    assert "Python" not in dialog.run_kind_label.text()


def test_closing_before_the_texts_are_read_drops_them(
    qtbot: QtBot, start_session: StartSession, caplog: pytest.LogCaptureFixture
) -> None:
    """F1 then Esc at once: the window deletes the dialog, and the reading that comes back
    after is dropped, not handed to a deleted widget."""
    session = start_session("en")
    qtbot.waitUntil(lambda: session.window.locked, timeout=15_000)
    dialog = session.window.about_dialog()
    dialog.reject()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not session.runner.busy, timeout=15_000)
    assert dialog.texts is None
    assert not [r for r in caplog.records if "callback of operation" in r.getMessage()]
