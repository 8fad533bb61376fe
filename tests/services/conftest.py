"""Services against the real sandbox (loopback HTTP) and a real SQLite store in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from kcp_pos.domain.keyed_card import KeyedCard, validate_keyed_card
from kcp_pos.domain.result import Ok
from kcp_pos.iamport.client import IamportClient
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from kcp_pos.services.app_services import AppServices

APPROVED_CARD = "5570-4200-0005-1234"
DECLINED_CC03_CARD = "5570-4200-0007-0002"
INSUFFICIENT_CC10_CARD = "5570-4200-0007-9995"


def keyed_card(
    number: str = APPROVED_CARD,
    *,
    expiry: str = "12/30",
    birth: str = "880315",
    pwd_2digit: str = "12",
    corporate: bool = False,
) -> KeyedCard:
    result = validate_keyed_card(
        card_number=number,
        expiry=expiry,
        birth=birth,
        pwd_2digit=pwd_2digit,
        corporate=corporate,
        pwd_required=False,
        today=date(2026, 11, 28),
    )
    assert isinstance(result, Ok), result
    return result.value


def arm_fault(sandbox: SandboxServer, **rule: Any) -> None:
    response = httpx.post(f"{sandbox.url}/__sandbox__/faults", json=rule)
    response.raise_for_status()


def make_services(url: str, store: Path, **client_options: Any) -> AppServices:
    client = IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, **client_options)
    return AppServices.open(client, store, pg="kcp")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    path.mkdir()
    return path


@pytest.fixture
def services(sandbox: SandboxServer, store_dir: Path) -> Iterator[AppServices]:
    built = make_services(sandbox.url, store_dir, read_timeout=0.5, retry_backoff=0.01)
    try:
        yield built
    finally:
        built.close()
