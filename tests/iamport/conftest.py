"""Fixtures for the client tests: a real client on the real sandbox, and a request recorder.

The recorder is an httpx event hook on the client under test: it sees every request the client
really sends (method and path only), which is how tests count getToken calls and retries.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from kcp_pos.domain.card_number import luhn_valid
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.models import BillingKeyRequest, OnetimePaymentRequest
from kcp_pos.sandbox.server import (
    DEFAULT_IMP_KEY,
    DEFAULT_IMP_SECRET,
    SandboxConfig,
    SandboxServer,
)

GOOD_EXPIRY = "2099-12"


class Recorder:
    """Counts the requests a client sends, by (method, path)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> None:
        with self._lock:
            self.sent.append((request.method, request.url.path))

    def count(self, path: str, method: str | None = None) -> int:
        with self._lock:
            return sum(1 for m, p in self.sent if p.rstrip("/") == path and method in (None, m))

    @property
    def token_requests(self) -> int:
        return self.count("/users/getToken")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


MakeClient = Callable[..., IamportClient]


@pytest.fixture
def make_client(sandbox: SandboxServer, recorder: Recorder) -> Iterator[MakeClient]:
    """Build clients on the sandbox (closed at teardown); keyword arguments go to the client."""
    made: list[IamportClient] = []

    def make(**options: Any) -> IamportClient:
        options.setdefault("retry_backoff", 0.01)
        options.setdefault("event_hooks", {"request": [recorder]})
        base_url = options.pop("base_url", sandbox.url)
        client = IamportClient(base_url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> IamportClient:
    return make_client()


@contextmanager
def running_sandbox(data_dir: Path, **overrides: Any) -> Iterator[SandboxServer]:
    """A second sandbox with other settings than the shared fixture."""
    server = SandboxServer(SandboxConfig(data_dir=data_dir, **overrides))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def card_ending(last_four: str, prefix: str = "4518") -> str:
    """A Luhn-valid test card `dddd-dddd-dddd-dddd` whose last four digits are `last_four`."""
    for middle in range(10**8):
        digits = f"{prefix}{middle:08d}{last_four}"
        if luhn_valid(digits):
            return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    raise AssertionError("unreachable: some middle digits always satisfy Luhn")


GOOD_CARD = card_ending("1234")


def onetime(
    merchant_uid: str,
    amount: int = 1000,
    *,
    card_number: str = GOOD_CARD,
    expiry: str = GOOD_EXPIRY,
    pwd_2digit: str | None = "00",
    **fields: Any,
) -> OnetimePaymentRequest:
    return OnetimePaymentRequest(
        merchant_uid=merchant_uid,
        amount=amount,
        card_number=SecretStr(card_number),
        expiry=SecretStr(expiry),
        birth=SecretStr("800101"),
        pwd_2digit=SecretStr(pwd_2digit) if pwd_2digit is not None else None,
        **fields,
    )


def billing_key(card_number: str = GOOD_CARD, **fields: Any) -> BillingKeyRequest:
    return BillingKeyRequest(
        card_number=SecretStr(card_number),
        expiry=SecretStr(GOOD_EXPIRY),
        birth=SecretStr("800101"),
        pwd_2digit=SecretStr("00"),
        **fields,
    )


def free_port() -> int:
    """A loopback port that was free a moment ago and has no listener now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
