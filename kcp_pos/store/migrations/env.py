"""Alembic environment for the store: runs on the connection handed over by
`kcp_pos.store.migrate` (`config.attributes["connection"]`), or on `sqlalchemy.url` when driven
by the Alembic command API, or offline to print SQL for a DBA."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from kcp_pos.store.database import create_store_engine
from kcp_pos.store.models import Base, is_modelled

config = context.config
target_metadata = Base.metadata


def _include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate leaves the search accelerators alone (see `models.is_modelled`)."""
    return is_modelled(name, type_)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; later revisions use batch mode there only.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    handed_over = config.attributes.get("connection")
    if isinstance(handed_over, Connection):
        _run(handed_over)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no connection handed over and no sqlalchemy.url configured")
    engine = create_store_engine(url)
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
