"""Shared fixtures: a real sandbox on an ephemeral loopback port, fresh for each test, the app's
services over it and a real store (`services`, `make_services`), fault injection (`arm_fault`),
and keyring backends (an in-memory one and keyring's own "fail" backend)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyring.backends import fail

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kcp_pos.iamport.client import IamportClient
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxConfig, SandboxServer
from kcp_pos.services.app_services import AppServices
from tests.settings.memory_keyring import MemoryKeyring, keyring_backend


def pytest_configure(config: pytest.Config) -> None:
    """The payment window's QtWebEngine needs `AA_ShareOpenGLContexts` before the application
    exists (app.main sets it too); pytest-qt makes the application later, on first use."""
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


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


def arm_fault(sandbox: SandboxServer | str, **rule: Any) -> None:
    """Make the sandbox (a server or its URL) misbehave (docs/sandbox.md: delay, error, ...)."""
    url = sandbox if isinstance(sandbox, str) else sandbox.url
    httpx.post(f"{url}/__sandbox__/faults", json=rule).raise_for_status()


def advance_clock(sandbox: SandboxServer | str, seconds: int) -> int:
    """Move the sandbox clock `seconds` ahead (due schedules run at once); its new time."""
    url = sandbox if isinstance(sandbox, str) else sandbox.url
    response = httpx.post(f"{url}/__sandbox__/clock", json={"advance_seconds": seconds})
    response.raise_for_status()
    now: int = response.json()["response"]["now"]
    return now


def make_services(url: str, store: Path, **client_options: Any) -> AppServices:
    """The app's services against the API at `url`, over a store in the folder `store`."""
    client = IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, **client_options)
    return AppServices.open(client, store, pg="kcp")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    path.mkdir()
    return path


@pytest.fixture
def services(sandbox: SandboxServer, store_dir: Path) -> Iterator[AppServices]:
    """Services against the sandbox; short timeouts so that lost answers show quickly."""
    built = make_services(sandbox.url, store_dir, read_timeout=0.5, retry_backoff=0.01)
    try:
        yield built
    finally:
        built.close()


def seed_ready_payment(sandbox: SandboxServer, merchant_uid: str, amount: int) -> None:
    """A payment PortOne still reports `ready` (the PG has not answered yet), written into the
    sandbox's database beside the running server: the PG side's state, which the sandbox never
    makes itself (`ready` payments come from a payment window)."""
    import time

    from kcp_pos.iamport.models import Payment, PaymentStatus
    from kcp_pos.sandbox.storage import Storage

    storage = Storage(sandbox.config.data_dir)
    try:
        with storage.transaction():
            now = int(time.time())
            ready = Payment(
                imp_uid="imp_100000000099",
                merchant_uid=merchant_uid,
                amount=amount,
                status=PaymentStatus.READY,
                started_at=now,
            )
            storage.insert_payment(ready, now)
    finally:
        storage.close()


@pytest.fixture
def root_logger_restored() -> Iterator[logging.Logger]:
    """The root logger's handlers and level as they were (the app and the batch command attach
    their log file to it)."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
