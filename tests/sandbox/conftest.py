"""Fixtures for the sandbox conformance tests: httpx clients for the `sandbox` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from kcp_pos.sandbox.server import SandboxServer
from tests.sandbox.helpers import get_token, loopback_client


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """An unauthenticated client for the running sandbox."""
    with loopback_client(sandbox.url) as http:
        yield http


@pytest.fixture
def api(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """A client that sends `Authorization: Bearer <token>` on every request."""
    with loopback_client(sandbox.url) as http:
        http.headers["Authorization"] = f"Bearer {get_token(http)}"
        yield http
