"""Opening the store: durable SQLite settings, migrations from empty to head, schema agreement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table, inspect, text

from kcp_pos.store import (
    Database,
    alembic_config,
    current_revision,
    head_revision,
    open_database,
    sqlite_url,
)
from kcp_pos.store.database import DEFAULT_FILENAME
from kcp_pos.store.migrate import HEAD_REVISION
from kcp_pos.store.models import SEARCH_TABLE, Base, is_modelled, table_names

FULL_TEXT_TABLES = {
    SEARCH_TABLE,
    *(f"{SEARCH_TABLE}_{part}" for part in ("config", "data", "docsize", "idx")),
}
"""SQLite's trigram table and its shadow tables (revision 0002), beside the models' tables."""


def _schema_diffs(database: Database, metadata: MetaData) -> list[object]:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, parents: is_modelled(name, type_),
            },
        )
        return list(compare_metadata(context, metadata))


def test_sqlite_file_is_durable_and_serialised(database: Database) -> None:
    with database.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 10_000


def test_default_file_lives_in_the_data_dir(database: Database, data_dir: Path) -> None:
    assert (data_dir / DEFAULT_FILENAME).is_file()
    assert database.url.database == str(data_dir / DEFAULT_FILENAME)


def test_empty_database_migrates_to_head(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path / "empty.sqlite3"))
    try:
        assert current_revision(database.engine) is None
        assert inspect(database.engine).get_table_names() == []
        database.upgrade_to_head()
        assert current_revision(database.engine) == head_revision() == HEAD_REVISION
        tables = set(inspect(database.engine).get_table_names())
        assert tables == {*table_names(), *FULL_TEXT_TABLES, "alembic_version"}
        database.upgrade_to_head()  # a second run is a no-op
        assert current_revision(database.engine) == HEAD_REVISION
    finally:
        database.dispose()


def test_migrated_schema_matches_the_models(database: Database) -> None:
    assert _schema_diffs(database, Base.metadata) == []


def test_memory_database_is_shared_between_sessions(memory_database: Database) -> None:
    assert _schema_diffs(memory_database, Base.metadata) == []
    with memory_database.session() as session:
        session.execute(
            text(
                "INSERT INTO customers (customer_uid, created_at, updated_at) "
                "VALUES ('c1', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        )
    with memory_database.session() as session:
        assert session.execute(text("SELECT count(*) FROM customers")).scalar() == 1


def test_schema_comparison_would_notice_a_difference(database: Database) -> None:
    """Guards the test above: compare_metadata does see a table the migrations lack."""
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("not_migrated", metadata, Column("id", Integer, primary_key=True))
    diffs = _schema_diffs(database, metadata)
    assert [diff[0] for diff in diffs if isinstance(diff, tuple)] == ["add_table"]


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "roundtrip.sqlite3")
    database = open_database(url)
    try:
        config = alembic_config(url)
        command.downgrade(config, "base")
        assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
        assert current_revision(database.engine) == HEAD_REVISION
        assert _schema_diffs(database, Base.metadata) == []
    finally:
        database.dispose()


def test_sqlite_triggers_protect_the_audit_log(database: Database) -> None:
    with database.engine.connect() as connection:
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' "
            "ORDER BY name"
        ).scalars()
        assert list(names) == ["audit_log_no_delete", "audit_log_no_update"]


@pytest.mark.parametrize("forbidden", ["birth", "pwd", "pin", "expiry", "cvc", "password"])
def test_no_column_can_hold_birth_pin_or_expiry(forbidden: str) -> None:
    """Birth and PIN digits cannot be recognised by content, so no column exists for them."""
    columns = [column.name for table in Base.metadata.tables.values() for column in table.c]
    assert not [name for name in columns if forbidden in name]
    assert "card_number" in columns  # the masked number is the only card datum kept


def test_the_head_revision_constant_names_the_newest_script() -> None:
    assert head_revision() == HEAD_REVISION


def test_a_current_store_opens_without_loading_alembic(data_dir: Path) -> None:
    open_database(data_dir).dispose()  # created and migrated: now current
    code = (
        "import sys; from pathlib import Path; from kcp_pos.store import open_database; "
        f"open_database(Path({str(data_dir)!r})).dispose(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
