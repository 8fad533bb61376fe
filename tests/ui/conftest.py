"""UI test fixtures: the Korean catalog (keyring backends are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


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
