"""The append-only audit log: who did what to which payment, customer or attempt, and when.

Rows are only ever inserted. The ORM refuses to flush a change or deletion of an audit row and
refuses UPDATE/DELETE statements aimed at `audit_log`; on SQLite, triggers created by the
migration refuse them in raw SQL too (on PostgreSQL the migration installs the same refusal as a
trigger function). `details` is JSON text, redacted before it is written: values under card-data
keys are replaced (a masked card number keeps its last four digits only), and any string that
looks like a card number is replaced whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Final

from sqlalchemy import Delete, Update, event, select, text
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from kcp_pos.store.audit_head import AuditHead, AuditHeadFile, UnreadableHead
from kcp_pos.store.card_guard import contains_card_number, is_masked_card_number
from kcp_pos.store.errors import AppendOnlyViolation
from kcp_pos.store.models import AuditRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

SYSTEM_ACTOR: Final = "system"
REDACTED: Final = "[redacted]"
# Keys whose values are card data whatever they look like (birth and PIN digits cannot be
# recognised by content).
CARD_DATA_KEYS: Final = frozenset(
    {"card_number", "birth", "pwd_2digit", "expiry", "cvc", "pin", "password"}
)
AUDIT_TABLE: Final = AuditRow.__tablename__


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    details: dict[str, Any]
    entry_hash: str | None = None
    """Its link in the chain (None: written before the chain began)."""


def redact(value: Any, key: str | None = None) -> Any:
    """A JSON-ready copy of `value` with card data replaced by `REDACTED`."""
    if key is not None and key.lower() in CARD_DATA_KEYS:
        masked = key.lower() == "card_number" and isinstance(value, str)
        if masked and is_masked_card_number(value):
            return _last_four_only(value)
        return REDACTED
    if isinstance(value, Mapping):
        return {str(k): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return REDACTED if contains_card_number(value) else value
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


def _last_four_only(masked: str) -> str:
    """`************7221`: a masked number's zeros would look like digits to the card guard."""
    digits = [ch for ch in masked if ch.isdigit()]
    return "*" * (len(masked) - 4) + "".join(digits[-4:])


CHAIN_LOCK_KEY: Final = 7_231_011
"""PostgreSQL advisory lock held while an entry is chained (any constant of the app's own)."""


def append_entry(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str | None,
    details: Mapping[str, Any] | None = None,
) -> AuditRow:
    """Add one audit row to `session`'s transaction (so it commits with the change it records)."""
    row = AuditRow(
        at=utc_now(),
        actor=actor,
        action=action,
        subject=subject,
        details=json.dumps(redact(dict(details or {})), ensure_ascii=False, sort_keys=True),
    )
    # Inside the writing transaction (on SQLite it holds the write lock), so the last hash read
    # here is the last one written; pending entries of this session are flushed first. On
    # PostgreSQL another terminal's transaction could append meanwhile and fork the chain: a
    # transaction-scoped advisory lock makes the appends take turns.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    last = select(AuditRow.entry_hash).order_by(AuditRow.id.desc()).limit(1)
    row.prev_hash = session.scalar(last)
    row.entry_hash = entry_hash(row)
    session.add(row)
    return row


def entry_hash(row: AuditRow) -> str:
    """SHA-256 over an entry's content and the hash before it."""
    content = [
        row.at.astimezone(UTC).isoformat(),
        row.actor,
        row.action,
        row.subject,
        row.details,
        row.prev_hash,
    ]
    serialized = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(serialized.encode()).hexdigest()


class HeadCheck(Enum):
    """What the head file (`audit_head.py`) says about the newest entries."""

    HOLDS = "holds"
    """The newest entry recorded is in the log as written."""
    LOST = "lost"
    """It is not: the newest entries were deleted or replaced."""
    MISSING = "missing"
    """The file is gone while the log has entries."""
    UNREADABLE = "unreadable"
    """The file holds something else."""
    NOT_KEPT = "not_kept"
    """This store keeps no head file (opened from a URL): the newest entries are not checked."""

    @property
    def found_a_change(self) -> bool:
        """The newest entries, or the file that records them, were changed outside the app."""
        return self in (HeadCheck.LOST, HeadCheck.MISSING, HeadCheck.UNREADABLE)


class TrailMoved(Exception):
    """The audit trail is not the one an administrator's decision was about."""


HEAD_STARTED: Final = "audit.head_started"
HEAD_RESET: Final = "audit.head_reset"


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """What `AuditLog.verify` found: `first_broken` is the id of the first entry whose hash or
    link does not hold (None: the chain is whole); `checked` entries were read."""

    checked: int
    first_broken: int | None
    newest: AuditHead | None = None
    """The newest entry found (None: the log is empty)."""
    lost_head: AuditHead | None = None
    """The newest entry this computer committed (the head file), when it is not in the log as
    written: the newest entries were deleted or replaced."""
    head: HeadCheck = HeadCheck.HOLDS

    @property
    def intact(self) -> bool:
        """Nothing changed that can be seen: `NOT_KEPT` counts as intact (the verdict says the
        newest entries were not checked)."""
        return self.first_broken is None and not self.head.found_a_change


def _entry(row: AuditRow) -> AuditEntry:
    details = json.loads(row.details)
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        details=details if isinstance(details, dict) else {"value": details},
        entry_hash=row.entry_hash,
    )


class AuditLog:
    """Append and read audit entries; each append is its own committed transaction."""

    def __init__(self, database: SessionSource, head_file: AuditHeadFile | None = None) -> None:
        self._database = database
        self._head_file = head_file

    def append(
        self,
        action: str,
        *,
        subject: str | None = None,
        details: Mapping[str, Any] | None = None,
        actor: str = SYSTEM_ACTOR,
    ) -> AuditEntry:
        with self._database.session() as session:
            row = append_entry(
                session, actor=actor, action=action, subject=subject, details=details
            )
            session.flush()
            return _entry(row)

    def verify(self, *, batch: int = 1000) -> ChainCheck:
        """Walk the log in order and recompute the chain. An entry whose content changed, one
        missing before it, or entries out of order break it; entries from before the chain
        began (no hash) may only come first. Then the newest entry recorded in the head file
        must still be there as written."""
        checked, last_id, previous = 0, 0, None
        chained = False
        while True:
            query = select(AuditRow).where(AuditRow.id > last_id).order_by(AuditRow.id)
            with self._database.reading() as session:
                rows = list(session.scalars(query.limit(batch)))
            if not rows:
                newest = None if previous is None else AuditHead(last_id, previous)
                return self._with_head(ChainCheck(checked, None, newest))
            for row in rows:
                checked += 1
                last_id = row.id
                if row.entry_hash is None and not chained:
                    continue  # written before the chain began
                chained = True
                if row.prev_hash != previous or row.entry_hash != entry_hash(row):
                    return self._with_head(ChainCheck(checked, row.id))
                previous = row.entry_hash

    def _with_head(self, check: ChainCheck) -> ChainCheck:
        """`check` with what the head file says (read after the walk: a head recorded by a
        commit during the walk is there too)."""
        if self._head_file is None:
            return replace(check, head=HeadCheck.NOT_KEPT)
        try:
            recorded = self._head_file.read()
        except UnreadableHead:
            return replace(check, head=HeadCheck.UNREADABLE)
        if recorded is None:
            return check if check.newest is None else replace(check, head=HeadCheck.MISSING)
        if self._holds(recorded):
            return check
        return replace(check, lost_head=recorded, head=HeadCheck.LOST)

    def _holds(self, head: AuditHead) -> bool:
        query = select(AuditRow.entry_hash).where(AuditRow.id == head.id)
        with self._database.reading() as session:
            return session.scalar(query) == head.entry_hash

    def start_head(self) -> None:
        """Start the head file of a store that has none and never had one: the log has entries
        but no `audit.head_started` or `audit.head_reset` (a store from before the file, or
        one whose first write of it was lost), audited. A file that was kept and is gone now
        is left missing, for `verify` to report (see `reset_head`); a new, empty store gets
        its file from its first entry's commit."""
        if self._head_file is None or self._head_file.path.exists():
            return
        kept_before = select(AuditRow.id).where(AuditRow.action.in_((HEAD_STARTED, HEAD_RESET)))
        with self._database.reading() as session:
            if session.scalar(kept_before.limit(1)) is not None:
                return
        newest = self._newest()
        if newest is not None:
            self._head_file.reset(newest)
            self.append(HEAD_STARTED, details={"newest": newest.id})

    def reset_head(
        self, expected_newest: AuditHead | None, *, actor: str, details: Mapping[str, Any]
    ) -> AuditHead | None:
        """Accept the log as it is now (an administrator's decision, after looking into what
        `verify` found): the head file records the newest entry, and the reset is audited
        with it. `TrailMoved` when the newest entry is no longer `expected_newest` (the one
        the verdict saw): the decision was about another trail. The newest entry accepted."""
        if self._head_file is None:
            raise TrailMoved("this store keeps no head file")
        newest = self._newest()
        if newest != expected_newest:
            raise TrailMoved("the trail changed since it was verified")
        if newest is not None:
            self._head_file.reset(newest)
        else:
            self._head_file.path.unlink(missing_ok=True)
        accepted = {"accepted": None if newest is None else newest.id}
        self.append(HEAD_RESET, details={**details, **accepted}, actor=actor)
        return newest

    def _newest(self) -> AuditHead | None:
        query = select(AuditRow.id, AuditRow.entry_hash).where(AuditRow.entry_hash.is_not(None))
        with self._database.reading() as session:
            newest = session.execute(query.order_by(AuditRow.id.desc()).limit(1)).first()
        return None if newest is None else AuditHead(newest.id, str(newest.entry_hash))

    def entries(
        self,
        *,
        subject: str | None = None,
        action: str | None = None,
        actions: Sequence[str] | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        newest_first: bool = False,
        before_id: int | None = None,
        limit: int = 500,
    ) -> Sequence[AuditEntry]:
        """Entries, oldest first (or newest first); `since` is inclusive and `until` exclusive;
        `action` ending in `.` matches every action it begins (`operator.`), `actions` any of
        those codes; `before_id` reads on from a page's last entry when newest first."""
        order = AuditRow.id.desc() if newest_first else AuditRow.id
        query = select(AuditRow).order_by(order).limit(limit)
        if subject is not None:
            query = query.where(AuditRow.subject == subject)
        if action is not None and action.endswith("."):
            query = query.where(AuditRow.action.startswith(action, autoescape=True))
        elif action is not None:
            query = query.where(AuditRow.action == action)
        if actions is not None:
            query = query.where(AuditRow.action.in_(actions))
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        if until is not None:
            query = query.where(AuditRow.at < until)
        if before_id is not None:
            query = query.where(AuditRow.id < before_id)
        with self._database.reading() as session:
            return [_entry(row) for row in session.scalars(query)]

    def entry(self, entry_id: int) -> AuditEntry | None:
        with self._database.reading() as session:
            row = session.get(AuditRow, entry_id)
            return None if row is None else _entry(row)


def _refuse_changes_in_flush(
    session: Session, flush_context: UOWTransaction, instances: Any
) -> None:
    for row in session.deleted:
        if isinstance(row, AuditRow):
            raise AppendOnlyViolation("audit log rows cannot be deleted")
    for row in session.dirty:
        if isinstance(row, AuditRow) and session.is_modified(row):
            raise AppendOnlyViolation("audit log rows cannot be changed")


def _refuse_bulk_statements(state: ORMExecuteState) -> None:
    statement = state.statement
    if isinstance(statement, Update | Delete):
        table = getattr(statement, "table", None)
        if getattr(table, "name", None) == AUDIT_TABLE:
            raise AppendOnlyViolation("audit log rows cannot be changed or deleted")


def install_append_only_guard(factory: sessionmaker[Session]) -> None:
    """Refuse, in sessions made by `factory`, anything but inserts into the audit log."""
    event.listen(factory, "before_flush", _refuse_changes_in_flush)
    event.listen(factory, "do_orm_execute", _refuse_bulk_statements)
