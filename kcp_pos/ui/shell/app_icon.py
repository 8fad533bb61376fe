"""The application's icon (`resources/icons/kcp-pos.svg`): the windows' icon and the About
dialog's. The installers' .ico/.icns are rendered from the same file (`packaging/make-icons`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from kcp_pos.ui.shell.resources import resources_dir

APP_ICON_FILE = "kcp-pos.svg"


def app_icon_path() -> Path:
    return resources_dir() / "icons" / APP_ICON_FILE


def app_icon() -> QIcon:
    """The icon, drawn at any size from the SVG (empty if the file is missing)."""
    return QIcon(str(app_icon_path()))
