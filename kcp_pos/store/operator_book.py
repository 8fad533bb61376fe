"""The terminal's operators (revision 0010): name, role and PIN hash, and the wrong PINs counted
towards a lock. One operator per name as names compare (`customer_keys.search_key`). The
store keeps what it is given: roles and the lock's rules are the services' (`operators.py`).

Wrong PINs are counted per gate (revision 0014): signing in, and approving in someone else's
prompt, each with its own count and lock, so a clerk guessing a manager's PIN in an approval
prompt locks that manager's approvals and never the manager's own sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from kcp_pos.store.customer_keys import search_key
from kcp_pos.store.errors import DuplicateOperator, NotFound
from kcp_pos.store.models import OperatorRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now


class PinGate(Enum):
    """Where a PIN is typed: each gate counts its wrong PINs and locks on its own."""

    SIGN_IN = "sign_in"
    APPROVAL = "approval"


def _tries(gate: PinGate) -> Any:
    return OperatorRow.failed_tries if gate is PinGate.SIGN_IN else OperatorRow.approval_tries


def _lock(gate: PinGate) -> Any:
    if gate is PinGate.SIGN_IN:
        return OperatorRow.locked_until
    return OperatorRow.approval_locked_until


@dataclass(frozen=True, slots=True)
class OperatorRecord:
    id: int
    name: str
    role: str
    passcode_hash: str
    failed_tries: int
    locked_until: datetime | None
    disabled_at: datetime | None
    approval_locked_until: datetime | None = None

    def locked_until_at(self, gate: PinGate) -> datetime | None:
        """When the lock of `gate` ends (None: not locked there)."""
        return self.locked_until if gate is PinGate.SIGN_IN else self.approval_locked_until


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
        """End the locks after wrong PINs now (an administrator's decision): the counts
        restart, at both gates."""
        with self._database.session() as session:
            session.execute(
                update(OperatorRow)
                .where(OperatorRow.id == operator_id)
                .values(
                    failed_tries=0,
                    locked_until=None,
                    approval_tries=0,
                    approval_locked_until=None,
                    updated_at=utc_now(),
                )
            )

    def find(self, name: str) -> OperatorRecord | None:
        """The operator of this name, as names compare."""
        query = select(OperatorRow).where(OperatorRow.name_key == search_key(name))
        with self._database.reading() as session:
            row = session.scalars(query).first()
            return _record(row) if row is not None else None

    def reserve_try(
        self, operator_id: int, *, now: datetime, lock_at: int, gate: PinGate = PinGate.SIGN_IN
    ) -> bool:
        """Count one more try in a row at `gate` before its PIN is checked (atomically), unless
        the gate is locked or `lock_at` tries are already counted: False then. So tries that
        run at once (two terminals, a script) are never more than `lock_at`."""
        tries, lock = _tries(gate), _lock(gate)
        with self._database.session() as session:
            counted = session.execute(
                update(OperatorRow)
                .where(
                    OperatorRow.id == operator_id,
                    tries < lock_at,
                    or_(lock.is_(None), lock <= now),
                )
                .values({tries: tries + 1, OperatorRow.updated_at: utc_now()})
            )
            return bool(getattr(counted, "rowcount", 0))

    def wrong_pin(
        self,
        operator_id: int,
        *,
        lock_at: int,
        lock_until: datetime,
        gate: PinGate = PinGate.SIGN_IN,
    ) -> int:
        """The reserved try's PIN was wrong: it stays counted; the count reaching `lock_at`
        locks the gate until `lock_until` (and starts again). The count."""
        tries, lock = _tries(gate), _lock(gate)
        with self._database.session() as session:
            row = session.get(OperatorRow, operator_id, with_for_update=True)
            if row is None:
                raise NotFound(f"operator {operator_id}")
            session.refresh(row)
            counted = int(getattr(row, tries.key))
            if counted >= lock_at:
                setattr(row, lock.key, lock_until)
                setattr(row, tries.key, 0)
                return lock_at
            return counted

    def right_pin(
        self, operator_id: int, *, now: datetime, gate: PinGate = PinGate.SIGN_IN
    ) -> bool:
        """The reserved try's PIN was right: the gate's count starts again, unless a lock was
        set meanwhile (by tries running at the same time): False then, and the lock holds."""
        tries, lock = _tries(gate), _lock(gate)
        with self._database.session() as session:
            cleared = session.execute(
                update(OperatorRow)
                .where(OperatorRow.id == operator_id, or_(lock.is_(None), lock <= now))
                .values({tries: 0, lock: None, OperatorRow.updated_at: utc_now()})
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
        approval_locked_until=row.approval_locked_until,
    )
