"""UI test fixtures: keyring backends (in-memory and keyring's "fail") and the Korean catalog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from keyring.backends import fail

from tests.settings.memory_keyring import MemoryKeyring, keyring_backend


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with keyring_backend(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with keyring_backend(fail.Keyring()):
        yield


@pytest.fixture
def korean(qapp: Any) -> Iterator[None]:
    """Install the Korean catalog for one test, then remove it."""
    from kcp_pos.ui.i18n import install_translator

    translators = install_translator(qapp, "ko")
    try:
        yield
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        from PySide6.QtCore import QLocale

        QLocale.setDefault(QLocale(QLocale.Language.English))
