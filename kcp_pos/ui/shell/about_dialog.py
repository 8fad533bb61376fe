"""The About dialog: version, how the app runs, its mode, its folders and the licences.

Opened with F1 or the status bar's About button (`MainWindow.open_about`), locked or not: it
shows no shop data, and its folders are ones the computer's user can open anyway. The folders
are the ones this run uses (`RunFolders`); each has a button that opens it in the file manager.
A folder not created yet says so and its button is disabled: the dialog only looks, it never
makes a folder (an empty data folder would suggest data that is not there).

The texts that take a moment to read (the notices, written from the installed distributions
when run from source; the LGPL text; whether each folder exists) are read on the runner.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcp_pos import __version__
from kcp_pos.licences import LGPL_ONLINE
from kcp_pos.settings.model import Profile
from kcp_pos.ui.shell.app_icon import app_icon
from kcp_pos.ui.shell.mode_banner import (
    LIVE_BACKGROUND,
    LIVE_FOREGROUND,
    SANDBOX_BACKGROUND,
    SANDBOX_FOREGROUND,
)

if TYPE_CHECKING:
    from kcp_pos.settings.run_folders import RunFolders
    from kcp_pos.ui.shell.runner import BackgroundRunner

ABOUT_OP_KEY = "about:texts"
BOX_MARGINS = (16, 24, 16, 14)
"""The group boxes' insides, as layout margins: the style sheet's padding (none here,
kcp_pos.qss) narrows a wrapped label after the layout measured its height, cutting a line off."""


def running_installed() -> bool:
    """True in an installed bundle (PyInstaller sets `sys.frozen`), False run from source."""
    return bool(getattr(sys, "frozen", False))


@dataclass(frozen=True)
class AboutTexts:
    """What the dialog reads on the runner."""

    own_licence: str
    notices: str
    lgpl: str | None
    existing: frozenset[Path]
    """The folders of the run that exist."""


def read_about_texts(folders: RunFolders) -> AboutTexts:
    """I/O: run on the runner."""
    from kcp_pos.licences import lgpl_text, own_licence, third_party_notices

    candidates = (folders.data, folders.logs, folders.settings)
    return AboutTexts(
        own_licence=own_licence(),
        notices=third_party_notices(),
        lgpl=lgpl_text(),
        existing=frozenset(path for path in candidates if path.is_dir()),
    )


class FolderRow:
    """One folder: what it holds, its path (selectable), its state and an Open button."""

    def __init__(self, grid: QGridLayout, row: int, title: str, path: Path, parent: QWidget):
        self.path = path
        self.title = QLabel(title, parent)
        self.title.setObjectName("fieldLabel")
        self.path_label = QLabel(str(path), parent)
        self.path_label.setObjectName("folderPath")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel(parent)
        self.state_label.setObjectName("note")
        self.state_label.hide()
        self.open_button = QPushButton(parent)
        self.open_button.setEnabled(False)  # until the runner says the folder exists
        self.open_button.setAutoDefault(True)  # Enter on it opens (not the dialog's Close)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.path_label)
        texts.addWidget(self.state_label)
        grid.addWidget(self.title, row, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addLayout(texts, row, 1)
        grid.addWidget(self.open_button, row, 2, Qt.AlignmentFlag.AlignVCenter)


class AboutDialog(QDialog):
    """Run with `exec()` by the window; Esc or Close closes it. The notices and the LGPL
    text open in a `TextViewer` over it."""

    def __init__(
        self,
        folders: RunFolders,
        mode: Profile,
        mode_text: str,
        runner: BackgroundRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About kcp-pos"))
        self.folders = folders
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self._build_header())
        layout.addWidget(self._build_mode(mode, mode_text))
        layout.addWidget(self._build_folders(self))
        layout.addWidget(self._build_licences(self))
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(680)
        self.viewer: TextViewer | None = None
        """The notices or the LGPL text, while shown."""
        self.texts: AboutTexts | None = None
        self._closed = False
        runner.run(
            lambda _progress: read_about_texts(folders),
            self._show_texts,
            self._texts_failed,
            key=ABOUT_OP_KEY,
        )

    # --- building -------------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QWidget(self)
        icon = QLabel(header)
        icon.setPixmap(app_icon().pixmap(64, 64))
        name = QLabel("kcp-pos", header)
        name.setObjectName("pageTitle")
        self.version_label = QLabel(self.tr("Version %1").replace("%1", __version__), header)
        self.version_label.setObjectName("aboutVersion")
        how = (
            self.tr("Installed app, in %1").replace("%1", str(Path(sys.executable).parent))
            if running_installed()
            else self.tr("Running from source (Python %1)").replace("%1", platform.python_version())
        )
        self.run_kind_label = QLabel(how, header)
        self.run_kind_label.setObjectName("note")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(name)
        texts.addWidget(self.version_label)
        texts.addWidget(self.run_kind_label)
        layout = QHBoxLayout(header)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        return header

    def _build_mode(self, mode: Profile, mode_text: str) -> QLabel:
        """The mode as the banner says it, in the banner's colours."""
        self.mode_label = QLabel(mode_text, self)
        self.mode_label.setObjectName("aboutMode")
        self.mode_label.setWordWrap(True)
        live = mode is Profile.LIVE
        background = LIVE_BACKGROUND if live else SANDBOX_BACKGROUND
        foreground = LIVE_FOREGROUND if live else SANDBOX_FOREGROUND
        self.mode_label.setStyleSheet(
            f"#aboutMode {{ background: {background.name()}; color: {foreground.name()};"
            " border-radius: 6px; padding: 8px 12px; font-weight: 700; }"
        )
        return self.mode_label

    def _build_folders(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Folders"), parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(*BOX_MARGINS)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        rows = (
            (self.tr("Data (payments, training server)"), self.folders.data),
            (self.tr("Logs"), self.folders.logs),
            (self.tr("Settings"), self.folders.settings),
        )
        self.folder_rows = [
            FolderRow(grid, index, title, path, box) for index, (title, path) in enumerate(rows)
        ]
        for row in self.folder_rows:
            row.open_button.setText(self.tr("Open"))
            row.open_button.setAccessibleName(self.tr("Open %1").replace("%1", row.title.text()))
            row.open_button.clicked.connect(lambda _=False, r=row: self.open_folder(r))
        self.open_failed_label = QLabel(box)
        self.open_failed_label.setObjectName("fieldError")
        self.open_failed_label.setWordWrap(True)
        self.open_failed_label.hide()
        grid.addWidget(self.open_failed_label, len(rows), 0, 1, 3)
        return box

    def _build_licences(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Licences"), parent)
        self.own_licence_label = QLabel(self.tr("kcp-pos: reading its licence…"), box)
        self.own_licence_label.setWordWrap(True)
        qt_versions = self.tr("Qt %1, PySide6 %2").replace("%1", qVersion())
        self.qt_label = QLabel(
            qt_versions.replace("%2", _pyside_version())
            + " — "
            + self.tr(
                "used under the GNU Lesser General Public License v3 (LGPLv3). The app is "
                "installed as a folder, not one file, so that Qt's libraries stay separate "
                "files in the installation folder: you may replace them with your own build "
                "of the same Qt version."
            ),
            box,
        )
        self.qt_label.setWordWrap(True)
        self.others_label = QLabel(
            self.tr(
                "The other libraries the app is built from, with their versions and licences, "
                "are listed under Third-party notices."
            ),
            box,
        )
        self.others_label.setWordWrap(True)
        self.others_label.setObjectName("note")
        self.notices_button = QPushButton(self.tr("Third-party notices"), box)
        self.notices_button.setAutoDefault(True)
        self.notices_button.setEnabled(False)  # until read
        self.notices_button.clicked.connect(self.show_notices)
        self.lgpl_button = QPushButton(self.tr("LGPL v3 text"), box)
        self.lgpl_button.setAutoDefault(True)
        self.lgpl_button.setEnabled(False)
        self.lgpl_button.clicked.connect(self.show_lgpl)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notices_button)
        buttons.addWidget(self.lgpl_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(*BOX_MARGINS)
        layout.setSpacing(8)
        layout.addWidget(self.own_licence_label)
        layout.addWidget(self.qt_label)
        layout.addWidget(self.others_label)
        layout.addLayout(buttons)
        return box

    # --- behaviour ------------------------------------------------------------------------

    def show_notices(self) -> TextViewer:
        """The third-party notices, in a window of their own over this one."""
        assert self.texts is not None
        return self._show_text(self.tr("Third-party notices"), self.texts.notices)

    def show_lgpl(self) -> TextViewer:
        """The GNU LGPL v3 text (or where to read it, when this installation lacks it)."""
        assert self.texts is not None
        text = self.texts.lgpl
        if text is None:
            text = self.tr(
                "The LGPL v3 text is not in this installation. It is published at %1"
            ).replace("%1", LGPL_ONLINE)
        return self._show_text(self.tr("GNU Lesser General Public License v3"), text)

    def _show_text(self, title: str, text: str) -> TextViewer:
        self.viewer = TextViewer(title, text, self)
        self.viewer.open()
        return self.viewer

    def open_folder(self, row: FolderRow) -> None:
        """Open `row`'s folder in the file manager; say so when the system could not."""
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(row.path)))
        self.open_failed_label.setVisible(not opened)
        if not opened:
            self.open_failed_label.setText(
                self.tr("The folder could not be opened here. Its path is shown above: %1").replace(
                    "%1", str(row.path)
                )
            )

    def done(self, result: int) -> None:
        self._closed = True  # the window deletes it: a late reading is dropped
        super().done(result)

    def _show_texts(self, texts: AboutTexts) -> None:
        if self._closed:
            return
        self.texts = texts
        licence = texts.own_licence or self.tr("see the licence that came with it")
        self.own_licence_label.setText(self.tr("kcp-pos licence: %1").replace("%1", licence))
        self.notices_button.setEnabled(True)
        self.lgpl_button.setEnabled(True)
        for row in self.folder_rows:
            exists = row.path in texts.existing
            row.open_button.setEnabled(exists)
            row.state_label.setVisible(not exists)
            row.state_label.setText(self.tr("Not created yet: the app makes it when it is needed."))

    def _texts_failed(self, error: Exception) -> None:
        if self._closed:
            return
        message = self.tr("Could not be read: %1").replace("%1", f"{type(error).__name__}: {error}")
        self.own_licence_label.setText(message)
        for row in self.folder_rows:  # not known: let the file manager say
            row.open_button.setEnabled(True)


class TextViewer(QDialog):
    """A long licence text, read-only; the keyboard scrolls it (arrows, Page Up/Down,
    Ctrl+Home/End) and Esc or Close closes it."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licenceText")
        self.setWindowTitle(title)
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        # A caret the keyboard moves, so the keys scroll; Tab leaves for the Close button.
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.view.setTabChangesFocus(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.view.setFont(font)
        self.view.setPlainText(text)
        self.view.setAccessibleName(title)
        close = QPushButton(self.tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(760, 640)
        self.view.setFocus()


def _pyside_version() -> str:
    import PySide6

    return str(PySide6.__version__)
