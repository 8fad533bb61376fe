"""Fixtures for store tests: a migrated SQLite file in tmp_path and a migrated in-memory store,
and the ways the customer directory reads its pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kcp_pos.store import Database, customer_pages, open_database


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


READ_PATHS = ("gather", "walk", "walk-then-gather", "no-full-text")


@pytest.fixture(params=READ_PATHS)
def read_path(
    request: pytest.FixtureRequest, database: Database, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Each way the directory can read a page of search results (`customer_pages`): through
    the indexes, walking the order, walking then gathering, and on an SQLite without FTS5."""
    if request.param in ("walk", "walk-then-gather"):
        monkeypatch.setattr(customer_pages, "gather_limit", lambda wanted, size: 0)
    if request.param == "walk":
        monkeypatch.setattr(customer_pages, "walk_budget", lambda wanted, size, over: 10**9)
    if request.param == "walk-then-gather":
        monkeypatch.setattr(customer_pages, "walk_budget", lambda wanted, size, over: 1)
    if request.param == "no-full-text":
        drop_full_text(database)
    return str(request.param)


def drop_full_text(database: Database) -> None:
    """The store as revision 0002 leaves it on an SQLite without FTS5 (or its trigram tokenizer)."""
    with database.engine.begin() as connection:
        for trigger in ("rowid", "insert", "update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER customers_search_{trigger}")
        connection.exec_driver_sql("DROP TABLE customer_search")
