"""The audit trail's head kept outside the database: the newest entry this computer committed.

The hash chain (`audit_log.py`) finds an entry edited, moved or deleted from the middle, but not
the newest entries deleted (or the tail rewritten with freshly computed hashes): what is left is
still a valid chain. So after every commit that appended entries, the newest one's id and hash
are written to a small file in the data directory, and `AuditLog.verify` checks that this entry
is still in the database as it was written. The file only moves forward.

The file is made by a new store's first entry, or when a store that never had one is opened (from
before the file, or its first write lost), audited as `audit.head_started`. Missing after that
while the log has entries, or unreadable, it is not made again: `verify` says so until an
administrator accepts the trail as it is (`AuditLog.reset_head`, audited `audit.head_reset`), which
is also the way on after a restored copy of the store or a deletion that was looked into.

It guards against another program editing the database file, not against one that also edits
this file; the printed day-end close slip (which names the close's entry and hash) is the
record on paper. A store opened from a URL (PostgreSQL) has no head file.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from kcp_pos.atomic_file import write_atomically
from kcp_pos.store.models import AuditRow

log = logging.getLogger(__name__)

HEAD_FILENAME: Final = "audit-head.json"
_APPENDED: Final = "kcp_pos.audit_appended"
"""`Session.info` key: the audit rows flushed in the session's transaction."""
_HEAD_LOST: Final = "kcp_pos.audit_head_lost"
"""`Session.info` key: the recorded head was no longer in the log when this session wrote."""


class UnreadableHead(Exception):
    """The head file holds something else than a head (another program wrote it)."""


@dataclass(frozen=True, slots=True)
class AuditHead:
    """One audit entry, by id and hash."""

    id: int
    entry_hash: str

    @property
    def short_hash(self) -> str:
        """The hash's first twelve digits: enough to compare by eye with a printed slip."""
        return self.entry_hash[:12]


class AuditHeadFile:
    """The head file of one store; safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        self.path: Final = path
        self._lock = threading.Lock()

    def read(self) -> AuditHead | None:
        """The recorded head; None when there is no file; `UnreadableHead` when it holds
        something else."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return AuditHead(int(data["id"]), str(data["entry_hash"]))
        except FileNotFoundError:
            return None
        except Exception as error:  # whatever another program wrote there
            raise UnreadableHead(str(self.path)) from error

    def advance(self, head: AuditHead) -> None:
        """Record `head` if it is newer than the recorded one (never over an unreadable file).
        A failure is logged, never raised: the change it follows is already committed."""
        with self._lock:
            try:
                current = self.read()
                if current is None or current.id < head.id:
                    self._write(head)
            except UnreadableHead:
                log.error("the audit head file %s is unreadable: left as it is", self.path)
            except OSError:
                log.exception("could not record the audit head in %s", self.path)

    def reset(self, head: AuditHead) -> None:
        """Record `head` whatever the file held (a new store, or an administrator's reset)."""
        with self._lock:
            self._write(head)

    def _write(self, head: AuditHead) -> None:
        text = json.dumps({"id": head.id, "entry_hash": head.entry_hash})
        write_atomically(self.path, text.encode("utf-8"))


def install_audit_head(sessions: sessionmaker[Session], head_file: AuditHeadFile) -> None:
    """After each commit of `sessions` that appended audit entries, advance `head_file`; but
    never past a recorded head that is no longer in the log as written (the newest entries
    were deleted or replaced): the file then stays where it is, and `verify` keeps saying so,
    however many entries come after."""

    @event.listens_for(sessions, "after_flush")
    def note_appended(session: Session, flush_context: UOWTransaction) -> None:
        rows = [row for row in session.new if isinstance(row, AuditRow)]
        if not rows:
            return
        if _APPENDED not in session.info:  # the first entries of this transaction
            session.info[_HEAD_LOST] = not _recorded_head_holds(session, head_file)
        session.info.setdefault(_APPENDED, []).extend(rows)

    @event.listens_for(sessions, "after_commit")
    def record_head(session: Session) -> None:
        if session.get_nested_transaction() is not None:
            return  # a savepoint released: the transaction around it may still fail
        rows: list[AuditRow] = session.info.pop(_APPENDED, [])
        if session.info.pop(_HEAD_LOST, False):
            log.error("the audit head file is missing, unreadable or its entry is gone: kept")
            return
        # A row appended inside a savepoint that was rolled back is no longer persistent.
        kept = [row for row in rows if _persistent(row) and row.entry_hash is not None]
        if kept:
            newest = max(kept, key=lambda row: row.id)
            head_file.advance(AuditHead(newest.id, str(newest.entry_hash)))


def _recorded_head_holds(session: Session, head_file: AuditHeadFile) -> bool:
    """The recorded head is in the log as written; or there is no file and nothing chained was
    there before this transaction's entries (a new store)."""
    try:
        recorded = head_file.read()
    except UnreadableHead:
        return False
    if recorded is None:
        flushed = [row.id for row in session.new if isinstance(row, AuditRow)]
        older = select(AuditRow.id).where(
            AuditRow.entry_hash.is_not(None), AuditRow.id.not_in(flushed)
        )
        return session.scalar(older.limit(1)) is None
    query = select(AuditRow.entry_hash).where(AuditRow.id == recorded.id)
    return session.scalar(query) == recorded.entry_hash


def _persistent(row: AuditRow) -> bool:
    return bool(inspect(row).persistent)
