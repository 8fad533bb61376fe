"""Where the app's resources (translations, styles, icons) are.

The repository's top-level `resources/` is installed inside the package as `kcp_pos/resources`
(see pyproject). A source tree or editable install has it beside the package instead, and a
frozen build (PyInstaller) under `sys._MEIPASS`.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """The `resources/` folder."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    installed = _PACKAGE_DIR / "resources"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def style_sheet_path() -> Path:
    return resources_dir() / "styles" / "kcp_pos.qss"
