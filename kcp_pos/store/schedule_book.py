"""The scheduled charges this app booked, as it last knew them (table `schedules`).

A booking is written here, in state `BOOKING`, and committed before the request goes out
(`record_booking`); every later change of state (the answer, the poll's findings, a revocation)
goes through `update`, which audits the change in the same transaction. The two ways of retrying
a failed schedule, a charge now (`link_retry`) and a new booking (`start_rebooking`), are
compare-and-sets on the row (`UPDATE … WHERE retried_by IS NULL AND state …`): whichever comes
first wins and the other is refused, so one failed run is never retried twice. Nothing here
talks to PortOne: `services/schedules.py` decides what the states are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, cast

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from kcp_pos.domain.money import AMOUNT_CEILING_KRW as CEILING
from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.store.audit_log import append_entry
from kcp_pos.store.errors import InvalidRecord, NotFound, ScheduleChanged
from kcp_pos.store.models import ScheduleRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult


@dataclass(frozen=True, slots=True)
class NewSchedule:
    """One entry about to be booked."""

    merchant_uid: str
    customer_uid: str
    schedule_at: datetime
    amount: int
    tax_free: int = 0
    card_quota: int = 0
    order_name: str | None = None
    series_uid: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownSchedule(NewSchedule):
    state: ScheduleState
    imp_uid: str | None
    fail_reason: str | None
    retried_by: str | None
    created_at: datetime
    updated_at: datetime
    checked_at: datetime | None


_FIELDS: Final = tuple(field.name for field in fields(KnownSchedule))


def _known(row: ScheduleRow) -> KnownSchedule:
    return KnownSchedule(**{name: getattr(row, name) for name in _FIELDS})


def _validated(entry: NewSchedule) -> None:
    if not entry.merchant_uid or len(entry.merchant_uid) > 40:
        raise InvalidRecord("merchant_uid must be 1..40 characters")
    if not entry.customer_uid or len(entry.customer_uid) > 80:
        raise InvalidRecord("customer_uid must be 1..80 characters")
    for name in ("amount", "tax_free", "card_quota"):
        value = getattr(entry, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= CEILING:
            raise InvalidRecord(f"{name} must be an int from 0 to {CEILING}")
    if entry.amount < 1 or entry.tax_free > entry.amount:
        raise InvalidRecord("amount must be positive and hold the tax-free part")


class ScheduleBook:
    """Record and read the app's schedules; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def record_booking(self, entries: Sequence[NewSchedule], *, actor: str) -> list[KnownSchedule]:
        """The entries about to be sent, in state `BOOKING` (all or none)."""
        for entry in entries:
            _validated(entry)
        now = utc_now()
        with self._database.session() as session:
            rows = []
            for entry in entries:
                row = ScheduleRow(
                    **{name: getattr(entry, name) for name in _NEW_FIELDS},
                    state=ScheduleState.BOOKING,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                rows.append(row)
                append_entry(
                    session,
                    actor=actor,
                    action="schedule.booking",
                    subject=entry.merchant_uid,
                    details={
                        "customer_uid": entry.customer_uid,
                        "amount": entry.amount,
                        "schedule_at": entry.schedule_at.isoformat(),
                    },
                )
            session.flush()
            return [_known(row) for row in rows]

    def update(
        self,
        merchant_uid: str,
        state: ScheduleState,
        *,
        actor: str,
        imp_uid: str | None = None,
        fail_reason: str | None = None,
        schedule_at: datetime | None = None,
        checked: bool = False,
    ) -> KnownSchedule:
        """A new state (and what came with it); audited when the state or the time changed."""
        now = utc_now()
        with self._database.session() as session:
            row = session.get(ScheduleRow, merchant_uid, with_for_update=True)
            if row is None:
                raise NotFound(f"no schedule {merchant_uid}")
            before, before_at = row.state, row.schedule_at
            row.state = state
            if imp_uid is not None:
                row.imp_uid = imp_uid
            if state in (ScheduleState.FAILED, ScheduleState.NOT_BOOKED):
                row.fail_reason = fail_reason
            elif state is ScheduleState.SCHEDULED:
                row.fail_reason = None
            if schedule_at is not None:
                row.schedule_at = schedule_at
            if checked:
                row.checked_at = now
            changed = before is not state or row.schedule_at != before_at
            if changed:
                row.updated_at = now
                append_entry(
                    session,
                    actor=actor,
                    action="schedule.state",
                    subject=merchant_uid,
                    details={
                        "from": before.value,
                        "to": state.value,
                        "schedule_at": row.schedule_at.isoformat(),
                        "imp_uid": row.imp_uid,
                    },
                )
            return _known(row)

    def link_retry(self, merchant_uid: str, retried_by: str, *, actor: str) -> KnownSchedule:
        """Name the charge (its merchant_uid) that retries this failed schedule: a compare-and-
        set, so of two retries racing for one schedule only one is linked (and may be sent).
        Raises `ScheduleChanged` when the schedule is no longer failed or is retried already."""
        with self._database.session() as session:
            row = _claim(
                session,
                merchant_uid,
                (ScheduleRow.retried_by.is_(None), ScheduleRow.state == ScheduleState.FAILED),
                retried_by=retried_by,
            )
            append_entry(
                session,
                actor=actor,
                action="schedule.retried",
                subject=merchant_uid,
                details={"retried_by": retried_by},
            )
            return _known(row)

    def unlink_retry(self, merchant_uid: str, retried_by: str, *, actor: str) -> bool:
        """Undo `link_retry` for a charge that was never journalled (so never sent): the schedule
        may be retried again. Only the link to `retried_by` is undone; False when the schedule
        is linked to another charge, or to none."""
        with self._database.session() as session:
            try:
                _claim(
                    session,
                    merchant_uid,
                    (ScheduleRow.retried_by == retried_by,),
                    retried_by=None,
                )
            except ScheduleChanged:
                return False
            append_entry(
                session,
                actor=actor,
                action="schedule.retry_undone",
                subject=merchant_uid,
                details={"retried_by": retried_by, "why": "never sent"},
            )
            return True

    def start_rebooking(
        self, merchant_uid: str, *, actor: str
    ) -> tuple[KnownSchedule, KnownSchedule]:
        """Move a failed (or revoked) schedule nobody has retried to `BOOKING`, before it is
        booked again: a compare-and-set against a retry as a charge (and another rebooking).
        Returns the schedule before and after; raises `ScheduleChanged` (nothing written) when
        it is retried already or in another state."""
        with self._database.session() as session:
            before = session.get(ScheduleRow, merchant_uid)
            if before is None:
                raise NotFound(f"no schedule {merchant_uid}")
            was = _known(before)
            row = _claim(
                session,
                merchant_uid,
                (
                    ScheduleRow.retried_by.is_(None),
                    ScheduleRow.state == was.state,
                    ScheduleRow.state.in_(REBOOKABLE),
                ),
                state=ScheduleState.BOOKING,
            )
            append_entry(
                session,
                actor=actor,
                action="schedule.state",
                subject=merchant_uid,
                details={
                    "from": was.state.value,
                    "to": ScheduleState.BOOKING.value,
                    "schedule_at": row.schedule_at.isoformat(),
                    "imp_uid": row.imp_uid,
                },
            )
            return was, _known(row)

    def get(self, merchant_uid: str) -> KnownSchedule | None:
        with self._database.reading() as session:
            row = session.get(ScheduleRow, merchant_uid)
            return None if row is None else _known(row)

    def for_customer(self, customer_uid: str) -> list[KnownSchedule]:
        """The customer's schedules, soonest first."""
        query = (
            select(ScheduleRow)
            .where(ScheduleRow.customer_uid == customer_uid)
            .order_by(ScheduleRow.schedule_at, ScheduleRow.merchant_uid)
        )
        with self._database.reading() as session:
            return [_known(row) for row in session.scalars(query)]

    def open_ones(self) -> list[KnownSchedule]:
        """Every schedule still booking or waiting to run (what the poll looks at)."""
        query = (
            select(ScheduleRow)
            .where(ScheduleRow.state.in_([ScheduleState.BOOKING, ScheduleState.SCHEDULED]))
            .order_by(ScheduleRow.schedule_at, ScheduleRow.merchant_uid)
        )
        with self._database.reading() as session:
            return [_known(row) for row in session.scalars(query)]


_NEW_FIELDS: Final = tuple(field.name for field in fields(NewSchedule))

REBOOKABLE: Final = (ScheduleState.FAILED, ScheduleState.REVOKED)
"""The states a schedule may be booked again from (when no charge retried it)."""


def _claim(
    session: Session,
    merchant_uid: str,
    conditions: tuple[ColumnElement[bool], ...],
    **values: object,
) -> ScheduleRow:
    """Write `values` to the schedule only if `conditions` still hold, in one statement (`UPDATE
    … WHERE …`, its row count checked): what was read before is not trusted, so two writers
    racing for one schedule cannot both win, whatever the database's isolation. The row is then
    read back and touched through the ORM, so the card guard checks it and the change feed
    hears of it. Raises `NotFound`, or `ScheduleChanged` when the conditions do not hold."""
    now = utc_now()
    claimed = session.execute(
        update(ScheduleRow)
        .where(ScheduleRow.merchant_uid == merchant_uid, *conditions)
        .values(**values, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    row = session.get(ScheduleRow, merchant_uid, populate_existing=True)
    if row is None:
        raise NotFound(f"no schedule {merchant_uid}")
    if cast("CursorResult[Any]", claimed).rowcount != 1:
        raise ScheduleChanged(merchant_uid, row.state.value, row.retried_by)
    row.updated_at = utc_now()  # through the ORM: guarded, and published after the commit
    return row
