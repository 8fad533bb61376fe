"""Running the packaged Alembic migrations from code (no alembic.ini in the working directory).

The migration scripts live in `kcp_pos/store/migrations/` inside the package, so an installed wheel
can migrate its own database. For developers, `alembic_config()` also serves the Alembic command
API, e.g. `alembic.command.revision(alembic_config(url), autogenerate=True, message="...")`.

Opening a store that is already current is the common case (every start but the first): it is
checked with one query against `HEAD_REVISION`, without importing Alembic (which pulls in Mako
and costs about a third of the store's start-up). A new migration must update `HEAD_REVISION`;
a test compares it with the scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL, Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION: Final = "0014"
"""The newest revision in `migrations/versions` (tests/store/test_database.py checks it)."""
VERSION_TABLE: Final = "alembic_version"


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and at `url`, when given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        rendered = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


BeforeUpgrade = Callable[[str | None], None]
"""Called with the stored revision (None: an empty database) before migrating, inside the
migration's transaction (on SQLite it holds the write lock): `Database` backs the file up."""


def upgrade_to_head(engine: Engine, before_upgrade: BeforeUpgrade | None = None) -> None:
    """Migrate the database behind `engine` to the newest revision, in one transaction (nothing
    to do, and Alembic not even loaded, when it is already there)."""
    with engine.begin() as connection:
        stored = _stored_revision(connection)
        if stored != HEAD_REVISION:
            if before_upgrade is not None:
                before_upgrade(stored)
            upgrade_connection_to_head(connection)


def upgrade_connection_to_head(connection: Connection) -> None:
    """Migrate through an open connection; the caller owns the transaction."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def head_revision() -> str | None:
    """The newest revision shipped with the package, read from the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return _stored_revision(connection)


def _stored_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return rows[0] if len(rows) == 1 else None
