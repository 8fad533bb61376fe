"""The terminal's operators (revision 0010): name, role and PIN hash, and the wrong PINs counted
towards a lock. One operator per name as names compare (`customer_keys.search_key`). The
store keeps what it is given: roles and the lock's rules are the services' (`operators.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from kcp_pos.store.customer_keys import search_key
from kcp_pos.store.errors import DuplicateOperator, NotFound
from kcp_pos.store.models import OperatorRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now


@dataclass(frozen=True, slots=True)
class OperatorRecord:
    id: int
    name: str
    role: str
    passcode_hash: str
    failed_tries: int
    locked_until: datetime | None
    disabled_at: datetime | None


class OperatorBook:
    """Operators; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def count(self) -> int:
        with self._database.reading() as session:
            return int(session.scalar(select(func.count()).select_from(OperatorRow)) or 0)

    def add(self, name: str, role: str, passcode_hash: str) -> OperatorRecord:
        """A new operator; `DuplicateOperator` when one of that name exists."""
        now = utc_now()
        row = OperatorRow(
            name=name,
            name_key=search_key(name),
            role=role,
            passcode_hash=passcode_hash,
            failed_tries=0,
            locked_until=None,
            created_at=now,
            updated_at=now,
            disabled_at=None,
        )
        try:
            with self._database.session() as session:
                session.add(row)
                session.flush()
                return _record(row)
        except IntegrityError:
            raise DuplicateOperator(name) from None

    def listed(self) -> list[OperatorRecord]:
        """Every operator, by name."""
        with self._database.reading() as session:
            rows = session.scalars(select(OperatorRow).order_by(OperatorRow.name_key))
            return [_record(row) for row in rows]

    def set_disabled(self, operator_id: int, disabled: bool) -> None:
        """Stop (or again allow) an operator signing in; the record and its history stay."""
        now = utc_now()
        with self._database.session() as session:
            session.execute(
                update(OperatorRow)
                .where(OperatorRow.id == operator_id)
                .values(disabled_at=now if disabled else None, updated_at=now)
            )

    def unlock(self, operator_id: int) -> None:
        """End a lock after wrong PINs now (an administrator's decision): the count restarts."""
        with self._database.session() as session:
            session.execute(
                update(OperatorRow)
                .where(OperatorRow.id == operator_id)
                .values(failed_tries=0, locked_until=None, updated_at=utc_now())
            )

    def find(self, name: str) -> OperatorRecord | None:
        """The operator of this name, as names compare."""
        query = select(OperatorRow).where(OperatorRow.name_key == search_key(name))
        with self._database.reading() as session:
            row = session.scalars(query).first()
            return _record(row) if row is not None else None

    def reserve_try(self, operator_id: int, *, now: datetime, lock_at: int) -> bool:
        """Count one more try in a row before its PIN is checked (atomically), unless the
        operator is locked or `lock_at` tries are already counted: False then. So tries that
        run at once (two terminals, a script) are never more than `lock_at`."""
        with self._database.session() as session:
            counted = session.execute(
                update(OperatorRow)
                .where(
                    OperatorRow.id == operator_id,
                    OperatorRow.failed_tries < lock_at,
                    or_(OperatorRow.locked_until.is_(None), OperatorRow.locked_until <= now),
                )
                .values(failed_tries=OperatorRow.failed_tries + 1, updated_at=utc_now())
            )
            return bool(getattr(counted, "rowcount", 0))

    def wrong_pin(self, operator_id: int, *, lock_at: int, lock_until: datetime) -> int:
        """The reserved try's PIN was wrong: it stays counted; the count reaching `lock_at`
        locks the operator until `lock_until` (and starts again). The count."""
        with self._database.session() as session:
            row = session.get(OperatorRow, operator_id, with_for_update=True)
            if row is None:
                raise NotFound(f"operator {operator_id}")
            session.refresh(row)
            if row.failed_tries >= lock_at:
                row.locked_until = lock_until
                row.failed_tries = 0
                return lock_at
            return row.failed_tries

    def right_pin(self, operator_id: int, *, now: datetime) -> bool:
        """The reserved try's PIN was right: the count starts again, unless a lock was set
        meanwhile (by tries running at the same time): False then, and the lock holds."""
        with self._database.session() as session:
            cleared = session.execute(
                update(OperatorRow)
                .where(
                    OperatorRow.id == operator_id,
                    or_(OperatorRow.locked_until.is_(None), OperatorRow.locked_until <= now),
                )
                .values(failed_tries=0, locked_until=None, updated_at=utc_now())
            )
            return bool(getattr(cleared, "rowcount", 0))


def _record(row: OperatorRow) -> OperatorRecord:
    return OperatorRecord(
        id=row.id,
        name=row.name,
        role=row.role,
        passcode_hash=row.passcode_hash,
        failed_tries=row.failed_tries,
        locked_until=row.locked_until,
        disabled_at=row.disabled_at,
    )
