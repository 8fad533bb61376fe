"""Keyring backends for the settings tests: an in-memory one and keyring's own "fail" backend."""

from __future__ import annotations

from collections.abc import Iterator

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
