"""The application's look: the style sheet from `resources/styles` and a font with Korean glyphs."""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kcp_pos.ui.shell.resources import resources_dir, style_sheet_path

log = logging.getLogger(__name__)

# Fonts that carry Hangul, per platform, first found wins; Qt falls back per glyph anyway.
_PREFERRED_FAMILIES = {
    "win32": ["Malgun Gothic", "맑은 고딕", "Segoe UI"],
    "darwin": ["Apple SD Gothic Neo", ".AppleSystemUIFont"],
}
RESOURCES_PLACEHOLDER = "@RESOURCES@"
_DEFAULT_FAMILIES = ["Noto Sans CJK KR", "NanumGothic", "NanumBarunGothic", "Noto Sans KR"]


def apply_style(app: QApplication) -> None:
    """Set the UI font and style sheet on `app` (a missing style file is logged as an error;
    the mode banner's colours do not depend on it)."""
    add_bundled_fonts()
    font = QFont(app.font())
    font.setFamilies(_PREFERRED_FAMILIES.get(sys.platform, _DEFAULT_FAMILIES))
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    path = style_sheet_path()
    try:
        sheet = path.read_text(encoding="utf-8")
    except OSError as error:
        # An error, not a warning: the sheet also marks invalid and read-only fields.
        log.error("style sheet %s not loaded: %s", path, error)
        return
    # Style sheet urls are relative to the working directory; make them absolute.
    app.setStyleSheet(sheet.replace(RESOURCES_PLACEHOLDER, resources_dir().as_posix()))


def add_bundled_fonts() -> None:
    """The fonts a bundle carries (`resources/fonts`, the Linux bundle's NanumGothic for desktops
    without a Korean font); a source tree and the Windows and macOS bundles have none."""
    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("bundled font %s not loaded", path.name)
