"""Opening the store: an engine for any SQLAlchemy URL, durable SQLite settings, guarded sessions.

SQLite (the default, one file in the data directory) is opened in WAL mode with
`synchronous=FULL`, so a commit is on disk before `commit()` returns: persist-before-send needs the
attempt row to survive a power cut that happens while the request is on the wire.

Sessions are made per operation, so repositories may be called from any worker thread:

* `Database.session()` is a transaction that may write. On SQLite it starts with
  `BEGIN IMMEDIATE`, so a read-check-write (an attempt's state transition) cannot interleave with
  another writer; this process's writers take turns first (`WriteTurns`: they wake as soon as
  the turn is theirs, where SQLite's `busy_timeout`, left for other processes, polls with
  sleeps). `session(before_send=True)` is for a write a request waits on (the journal's
  `begin`): it goes before the other writers waiting.
* `Database.reading()` is a read-only transaction: on SQLite a plain deferred `BEGIN`, which in
  WAL mode reads a consistent snapshot without waiting for writers. A flush in it is refused.
* Either, opened while the same thread already has a session of this store open, joins that
  session instead of starting a transaction of its own; `session()` then opens a savepoint, so
  a part that fails is undone alone. `transaction()` opens such an outer session on purpose:
  the repositories called inside commit together (one commit, one sync to disk).

An in-memory SQLite store is one shared connection: its sessions, reads included, take turns.
Every session is checked by the card-data guard and the audit log's append-only guard, and
reports what it committed to the store's change feed (`Database.changes`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from kcp_pos.store.audit_head import HEAD_FILENAME, AuditHeadFile, install_audit_head
from kcp_pos.store.audit_log import AuditLog, install_append_only_guard
from kcp_pos.store.card_guard import install_card_guard
from kcp_pos.store.change_feed import ChangeFeed, install_change_feed
from kcp_pos.store.migrate import HEAD_REVISION, upgrade_to_head
from kcp_pos.store.upgrade_backup import (
    StoreFromNewerVersion,
    back_up_before_upgrade,
    is_newer_revision,
)

log = logging.getLogger(__name__)

DEFAULT_FILENAME: Final = "kcp-pos.sqlite3"
BUSY_TIMEOUT_MS: Final = 10_000
_READ_ONLY: Final = "kcp_pos_read_only"
"""The execution option that marks a read-only session's connection."""


class WriteInReadSession(RuntimeError):
    """A read-only session (`Database.reading()`) was asked to write: a defect."""


class TransactionLost(RuntimeError):
    """The database ended the transaction by itself (SQLite does on a full disk, an I/O
    error, out of memory): what the session wrote before is gone, so committing would
    pretend it was kept. The commit is refused."""


class SessionInsideSession(RuntimeError):
    """A write that must be durable before a request leaves was asked for inside an open
    session, where it would be a savepoint committed only later: a defect."""


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
        reading = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


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


class WriteTurns:
    """One writer at a time; those writing before a send go first: a request on hold keeps a
    batch's send slot idle, a record written a moment later delays nothing."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._taken = False
        self._waiting_to_send = 0

    @contextmanager
    def turn(self, *, before_send: bool) -> Iterator[None]:
        with self._changed:
            self._waiting_to_send += before_send
            try:
                while self._taken or (self._waiting_to_send and not before_send):
                    self._changed.wait()
            finally:
                self._waiting_to_send -= before_send
            self._taken = True
        try:
            yield
        finally:
            with self._changed:
                self._taken = False
                self._changed.notify_all()


_DBAPI: Final = "kcp_pos.dbapi_connection"


def _note_connection(session: Session, transaction: Any, connection: Connection) -> None:
    session.info[_DBAPI] = connection.connection.dbapi_connection


def _refuse_lost_transaction(session: Session) -> None:
    """Before a commit: the database must still be in the transaction the session began.
    (pysqlite's `commit()` does nothing when SQLite already rolled back, and a savepoint
    caught and undone after such an error would hide it.)"""
    dbapi = session.info.get(_DBAPI)
    if dbapi is not None and getattr(dbapi, "in_transaction", True) is False:
        raise TransactionLost("the database rolled the transaction back by itself")


def _refuse_writes(session: Session, flush_context: Any, instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise WriteInReadSession("a read-only session was asked to write")


class Database:
    """One store: an engine plus a factory of guarded, short-lived sessions."""

    def __init__(
        self, url: str | URL, *, echo: bool = False, audit_head: Path | None = None
    ) -> None:
        self.engine: Final[Engine] = create_store_engine(url, echo=echo)
        self._sessions: Final = sessionmaker(self.engine, expire_on_commit=False)
        self._reads: Final = sessionmaker(
            self.engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )
        memory = _is_memory(self.engine.url)
        sqlite = self.engine.url.get_backend_name() == "sqlite"
        # An in-memory SQLite store is one shared connection: every session takes turns.
        self._one_at_a_time: Final = threading.RLock() if memory else None
        # A file's writers in this process queue here rather than in SQLite's busy handler.
        self._write_turns: Final = WriteTurns() if sqlite and not memory else None
        self._open = threading.local()
        """The session this thread has open, if any (joined by nested calls)."""
        self.changes: Final = ChangeFeed()
        """Tells listeners which parts of the store each commit changed."""
        install_card_guard(self._sessions)
        install_append_only_guard(self._sessions)
        install_change_feed(self._sessions, self.changes)
        self.audit_head: Final = None if audit_head is None else AuditHeadFile(audit_head)
        """The audit trail's newest entry recorded outside the database (`audit_head.py`)."""
        if self.audit_head is not None:
            install_audit_head(self._sessions, self.audit_head)
        event.listen(self._reads, "before_flush", _refuse_writes)
        event.listen(self._sessions, "after_begin", _note_connection)
        event.listen(self._sessions, "before_commit", _refuse_lost_transaction)

    @classmethod
    def in_data_dir(cls, data_dir: Path, filename: str = DEFAULT_FILENAME) -> Database:
        """The default store: an SQLite file in `data_dir` (created if missing)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(sqlite_url(data_dir / filename), audit_head=data_dir / HEAD_FILENAME)

    @property
    def url(self) -> URL:
        return self.engine.url

    @contextmanager
    def session(self, *, before_send: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.
        Inside another session of this thread: a savepoint of that one."""
        joined: Session | None = getattr(self._open, "session", None)
        if joined is not None:
            if before_send:
                raise SessionInsideSession("a write before a send must commit on its own")
            with joined.begin_nested():
                yield joined
            return
        with self._write_turn(before_send), self._sessions() as session, session.begin():
            yield from self._opened(session)

    transaction = session
    """Several repository calls inside it commit as one transaction (or none of them)."""

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (see the module's docstring); inside another session of this
        thread, that one."""
        joined: Session | None = getattr(self._open, "session", None)
        if joined is not None:
            yield joined
            return
        with self._read_turn(), self._reads() as session, session.begin():
            yield from self._opened(session)

    def _opened(self, session: Session) -> Iterator[Session]:
        self._open.session = session
        try:
            yield session
        finally:
            self._open.session = None

    def _write_turn(self, before_send: bool) -> AbstractContextManager[object]:
        if self._one_at_a_time is not None:
            return self._one_at_a_time
        if self._write_turns is not None:
            return self._write_turns.turn(before_send=before_send)
        return nullcontext()

    def _read_turn(self) -> AbstractContextManager[object]:
        return self._one_at_a_time if self._one_at_a_time is not None else nullcontext()

    def upgrade_to_head(self) -> None:
        """Create or migrate the schema to the newest revision; an SQLite file behind it is
        backed up first (`upgrade_backup.py`)."""
        upgrade_to_head(self.engine, self._before_upgrade)

    def _before_upgrade(self, stored: str | None) -> None:
        if stored is None:
            return  # a new store: nothing to keep
        if is_newer_revision(stored, HEAD_REVISION):
            raise StoreFromNewerVersion(
                f"the store is at revision {stored}, written by a newer kcp-pos than this one "
                f"(which knows revisions up to {HEAD_REVISION}): install that version again"
            )
        if _is_memory(self.engine.url):
            return
        if self.engine.url.get_backend_name() != "sqlite":
            log.info(
                "store at revision %s upgraded to %s on its database server, without a backup "
                "of ours: the server's own backups apply",
                stored,
                HEAD_REVISION,
            )
            return
        assert self.engine.url.database is not None
        back_up_before_upgrade(Path(self.engine.url.database), stored)
        log.info("store upgrading from revision %s to %s", stored, HEAD_REVISION)

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
    AuditLog(database, database.audit_head).start_head()
    return database
