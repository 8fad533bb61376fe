"""Fixtures for store tests: a migrated SQLite file in tmp_path and a migrated in-memory store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kcp_pos.store import Database, open_database


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def database(data_dir: Path) -> Iterator[Database]:
    opened = open_database(data_dir)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def memory_database() -> Iterator[Database]:
    opened = open_database("sqlite://")
    try:
        yield opened
    finally:
        opened.dispose()
