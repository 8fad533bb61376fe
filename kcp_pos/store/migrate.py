"""Running the packaged Alembic migrations from code (no alembic.ini in the working directory).

The migration scripts live in `kcp_pos/store/migrations/` inside the package, so an installed wheel
can migrate its own database. For developers, `alembic_config()` also serves the Alembic command
API, e.g. `alembic.command.revision(alembic_config(url), autogenerate=True, message="...")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL, Connection

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and at `url`, when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        rendered = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Migrate the database behind `engine` to the newest revision, in one transaction."""
    with engine.begin() as connection:
        upgrade_connection_to_head(connection)


def upgrade_connection_to_head(connection: Connection) -> None:
    """Migrate through an open connection; the caller owns the transaction."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def head_revision() -> str | None:
    """The newest revision shipped with the package."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
