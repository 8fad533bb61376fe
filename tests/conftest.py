"""Shared fixtures: a real sandbox on an ephemeral loopback port, fresh for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kcp_pos.sandbox.server import SandboxConfig, SandboxServer


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
