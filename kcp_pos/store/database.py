"""Opening the store: an engine for any SQLAlchemy URL, durable SQLite settings, guarded sessions.

SQLite (the default, one file in the data directory) is opened in WAL mode with
`synchronous=FULL`, so a commit is on disk before `commit()` returns: persist-before-send needs the
attempt row to survive a power cut that happens while the request is on the wire. Transactions
start with `BEGIN IMMEDIATE`, so a read-check-write (an attempt's state transition) cannot
interleave with another writer; `busy_timeout` makes the other writer wait instead of failing.

Sessions are made per operation (`Database.session()`), so repositories may be called from any
worker thread (an in-memory SQLite store, one shared connection, serialises them with a lock).
Every session is checked by the card-data guard and the audit log's append-only guard, and
reports what it committed to the store's change feed (`Database.changes`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from kcp_pos.store.audit_log import install_append_only_guard
from kcp_pos.store.card_guard import install_card_guard
from kcp_pos.store.change_feed import ChangeFeed, install_change_feed
from kcp_pos.store.migrate import upgrade_to_head

DEFAULT_FILENAME: Final = "kcp-pos.sqlite3"
BUSY_TIMEOUT_MS: Final = 10_000


def sqlite_url(path: Path) -> URL:
    """The URL of an SQLite database file."""
    return URL.create("sqlite+pysqlite", database=str(path))


def _is_memory(url: URL) -> bool:
    if url.get_backend_name() != "sqlite":
        return False
    return url.database in (None, "", ":memory:") or "mode=memory" in str(url.query)


def _configure_sqlite(engine: Engine) -> None:
    """Durable, serialised SQLite: WAL, synchronous=FULL, foreign keys, busy timeout."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Take transaction control away from pysqlite, which would otherwise start transactions
        # late (at the first write) and let a read-check-write interleave with another writer.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_store_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite gets the durability settings described above."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, echo=echo, pool_pre_ping=True)
    if _is_memory(parsed):
        # One shared connection, or each session would see its own empty database.
        engine = create_engine(
            parsed,
            echo=echo,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
        )
    else:
        engine = create_engine(parsed, echo=echo, connect_args={"check_same_thread": False})
    _configure_sqlite(engine)
    return engine


class Database:
    """One store: an engine plus a factory of guarded, short-lived sessions."""

    def __init__(self, url: str | URL, *, echo: bool = False) -> None:
        self.engine: Final[Engine] = create_store_engine(url, echo=echo)
        self._sessions: Final = sessionmaker(self.engine, expire_on_commit=False)
        # An in-memory SQLite store is one shared connection: take turns using it.
        self._one_at_a_time: Final = threading.RLock() if _is_memory(self.engine.url) else None
        self.changes: Final = ChangeFeed()
        """Tells listeners which parts of the store each commit changed."""
        install_card_guard(self._sessions)
        install_append_only_guard(self._sessions)
        install_change_feed(self._sessions, self.changes)

    @classmethod
    def in_data_dir(cls, data_dir: Path, filename: str = DEFAULT_FILENAME) -> Database:
        """The default store: an SQLite file in `data_dir` (created if missing)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(sqlite_url(data_dir / filename))

    @property
    def url(self) -> URL:
        return self.engine.url

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        with self._turn(), self._sessions() as session, session.begin():
            yield session

    def _turn(self) -> AbstractContextManager[object]:
        return self._one_at_a_time if self._one_at_a_time is not None else nullcontext()

    def upgrade_to_head(self) -> None:
        """Create or migrate the schema to the newest revision."""
        upgrade_to_head(self.engine)

    def dispose(self) -> None:
        """Close every pooled connection (the file can then be removed or reopened)."""
        self.engine.dispose()


def open_database(url_or_data_dir: str | URL | Path) -> Database:
    """Open a store and migrate it to head: a `Path` means the SQLite file in that directory."""
    if isinstance(url_or_data_dir, Path):
        database = Database.in_data_dir(url_or_data_dir)
    else:
        database = Database(url_or_data_dir)
    database.upgrade_to_head()
    return database
