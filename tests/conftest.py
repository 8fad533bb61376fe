"""Shared fixtures: a real sandbox on an ephemeral loopback port, fresh for each test, and keyring
backends (an in-memory one and keyring's own "fail" backend) for the settings and UI tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
from tests.settings.memory_keyring import MemoryKeyring, keyring_backend


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    """Override in a test module to start the sandbox with other settings."""
    return SandboxConfig(data_dir=tmp_path / "sandbox")


@pytest.fixture
def sandbox(sandbox_config: SandboxConfig) -> Iterator[SandboxServer]:
    server = SandboxServer(sandbox_config)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with keyring_backend(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with keyring_backend(fail.Keyring()):
        yield
