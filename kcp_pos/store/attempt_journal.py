"""The attempt journal (DESIGN.md rules 1 and 2): every money-moving call is written durably
before its request leaves, and every later change of its state is a validated transition.

    draft -> sending -> paid | failed | unknown;  unknown -> resolved_paid | resolved_failed

The allowed moves are the domain's (`kcp_pos.domain.attempt.transition`). `begin()` commits the
attempt in `sending` in one transaction; only after it returns may the request be sent.
`unresolved()` lists attempts in `sending` or `unknown`: at start-up a `sending` row means the
app died between sending and hearing back, so it must be resolved by looking its `merchant_uid`
up. Each change commits with an audit entry describing it.

Attempts are addressed by their `id`: a cancel carries the `merchant_uid` of the payment it
cancels (several partial cancels share it) and a card registration may have none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kcp_pos.domain.attempt import (
    ALLOWED_TRANSITIONS,
    AttemptKind,
    AttemptState,
    is_final,
    needs_resolution,
    transition,
)
from kcp_pos.domain.attempt import InvalidTransition as DomainInvalidTransition
from kcp_pos.domain.money import AMOUNT_CEILING_KRW as CEILING
from kcp_pos.store.audit_log import SYSTEM_ACTOR, append_entry
from kcp_pos.store.errors import DuplicateAttempt, InvalidRecord, InvalidTransition, NotFound
from kcp_pos.store.id_chunks import id_chunks
from kcp_pos.store.models import AttemptRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

MERCHANT_UID_MAX: Final = 40
CUSTOMER_UID_MAX: Final = 80

UNRESOLVED_STATES: Final = frozenset(state for state in AttemptState if needs_resolution(state))
_NEEDS_MERCHANT_UID: Final = frozenset(
    {
        AttemptKind.ONETIME,
        AttemptKind.AGAIN,
        AttemptKind.SCHEDULE,
        AttemptKind.CANCEL,
        AttemptKind.WINDOW,
    }
)
_NEEDS_CUSTOMER_UID: Final = frozenset(
    {AttemptKind.REGISTER, AttemptKind.AGAIN, AttemptKind.SCHEDULE, AttemptKind.WINDOW_KEY}
)
_MOVES_MONEY: Final = _NEEDS_MERCHANT_UID
CHARGE_KINDS: Final = frozenset({AttemptKind.ONETIME, AttemptKind.AGAIN})
NOT_FOUND_KINDS: Final = CHARGE_KINDS | {AttemptKind.WINDOW}
"""Charges that a lookup finding nothing settles provisionally (a PG can commit late; a window
can be paid on the buyer's phone after it was closed): looked up again later."""


def can_transition(current: AttemptState, wanted: AttemptState) -> bool:
    """True when the domain's state machine allows `current -> wanted`."""
    return wanted in ALLOWED_TRANSITIONS[current]


@dataclass(frozen=True, slots=True)
class NewAttempt:
    """What is known about an attempt before it is sent. No field can hold card data except the
    masked number (checked by the card guard on write).

    For `CANCEL`: `merchant_uid` and `imp_uid` name the payment, `amount` is the amount refunded
    (always explicit, DESIGN rule 3) and `checksum` the refundable balance before this cancel.
    """

    kind: AttemptKind
    merchant_uid: str | None
    amount: int
    order_name: str | None = None
    tax_free: int = 0
    card_quota: int = 0
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None
    customer_uid: str | None = None
    card_number: str | None = None
    card_name: str | None = None
    previous_merchant_uid: str | None = None
    imp_uid: str | None = None
    checksum: int | None = None
    cancel_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Attempt:
    """One journal row as it was when read or written."""

    id: int
    kind: AttemptKind
    state: AttemptState
    merchant_uid: str | None
    previous_merchant_uid: str | None
    amount: int
    tax_free: int
    card_quota: int
    order_name: str | None
    buyer_name: str | None
    buyer_tel: str | None
    buyer_email: str | None
    customer_uid: str | None
    card_number: str | None
    card_name: str | None
    imp_uid: str | None
    fail_reason: str | None
    checksum: int | None
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    operator: str | None = None
    """Who journalled it (None for attempts journalled before revision 0012)."""

    @property
    def is_unresolved(self) -> bool:
        return self.state in UNRESOLVED_STATES

    @property
    def not_found(self) -> bool:
        """A charge settled as not charged only because no payment was found: provisional, as
        a PG can commit late (see `settled_as_not_found`)."""
        return (
            self.state is AttemptState.RESOLVED_FAILED
            and self.imp_uid is None
            and self.kind in NOT_FOUND_KINDS
        )


_ATTEMPT_FIELDS: Final = tuple(field.name for field in fields(Attempt))


def _attempt(row: AttemptRow) -> Attempt:
    return Attempt(**{name: getattr(row, name) for name in _ATTEMPT_FIELDS})


def _check_int(name: str, value: object, *, minimum: int) -> None:
    """An int from `minimum` to the app's amount ceiling (what every column can hold)."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= CEILING:
        raise InvalidRecord(f"{name} must be an int from {minimum} to {CEILING}")


def _check_uid(name: str, value: str | None, limit: int, *, required: bool) -> None:
    if value is None:
        if required:
            raise InvalidRecord(f"{name} is required for this kind of attempt")
        return
    if not value or len(value) > limit:
        raise InvalidRecord(f"{name} must be 1..{limit} characters")


def validate_new_attempt(new: NewAttempt) -> None:
    """Raise `InvalidRecord` if `new` lacks what its kind needs (messages carry no values)."""
    kind = AttemptKind(new.kind)
    _check_uid(
        "merchant_uid", new.merchant_uid, MERCHANT_UID_MAX, required=kind in _NEEDS_MERCHANT_UID
    )
    _check_uid("previous_merchant_uid", new.previous_merchant_uid, MERCHANT_UID_MAX, required=False)
    _check_uid(
        "customer_uid", new.customer_uid, CUSTOMER_UID_MAX, required=kind in _NEEDS_CUSTOMER_UID
    )
    _check_int("amount", new.amount, minimum=1 if kind in _MOVES_MONEY else 0)
    _check_int("tax_free", new.tax_free, minimum=0)
    _check_int("card_quota", new.card_quota, minimum=0)
    if new.tax_free > new.amount:
        raise InvalidRecord("tax_free cannot exceed amount")
    if kind is AttemptKind.CANCEL:
        if not new.imp_uid:
            # An unanswered cancel is settled by looking its payment up by imp_uid
            # (services/resolution.py), so the imp_uid must be known before sending.
            raise InvalidRecord("a cancel needs the imp_uid of the payment it refunds")
        if new.checksum is None:
            raise InvalidRecord("a cancel needs its checksum (the refundable balance)")
        _check_int("checksum", new.checksum, minimum=new.amount)
    elif new.checksum is not None:
        raise InvalidRecord("only a cancel carries a checksum")


class AttemptJournal:
    """The journal of attempts; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    # -- writing ---------------------------------------------------------------------------

    def begin(
        self,
        new: NewAttempt,
        *,
        actor: str = SYSTEM_ACTOR,
        check: Callable[[], None] | None = None,
    ) -> Attempt:
        """Journal `new` in `sending` and commit durably; send the request only after this.
        `check`, if given, runs in the same transaction just before the row is written (its
        reads through this store join it; on SQLite that transaction holds the write lock, so
        no other writer can come between): whatever it raises leaves nothing written."""
        return self._insert(new, AttemptState.SENDING, actor, check)

    def draft(self, new: NewAttempt, *, actor: str = SYSTEM_ACTOR) -> Attempt:
        """Journal `new` in `draft` (e.g. a schedule being prepared); `mark_sending` before send."""
        return self._insert(new, AttemptState.DRAFT, actor)

    def mark_sending(self, attempt_id: int, *, actor: str = SYSTEM_ACTOR) -> Attempt:
        return self._move(attempt_id, AttemptState.SENDING, actor, {})

    def mark_paid(
        self,
        attempt_id: int,
        *,
        imp_uid: str | None = None,
        card_number: str | None = None,
        card_name: str | None = None,
        actor: str = SYSTEM_ACTOR,
    ) -> Attempt:
        """The call succeeded (paid, refunded, or card registered)."""
        changes = {"imp_uid": imp_uid, "card_number": card_number, "card_name": card_name}
        return self._move(attempt_id, AttemptState.PAID, actor, changes)

    def mark_failed(
        self,
        attempt_id: int,
        *,
        fail_reason: str,
        imp_uid: str | None = None,
        actor: str = SYSTEM_ACTOR,
    ) -> Attempt:
        """A confirmed failure (a decline or a refusal): the clerk may retry with a new uid."""
        changes = {"fail_reason": fail_reason, "imp_uid": imp_uid}
        return self._move(attempt_id, AttemptState.FAILED, actor, changes)

    def mark_unknown(
        self, attempt_id: int, *, reason: str | None = None, actor: str = SYSTEM_ACTOR
    ) -> Attempt:
        """The request may have reached the server but no answer came: never a failure."""
        return self._move(attempt_id, AttemptState.UNKNOWN, actor, {"fail_reason": reason})

    def resolve(
        self,
        attempt_id: int,
        *,
        paid: bool,
        imp_uid: str | None = None,
        fail_reason: str | None = None,
        actor: str = SYSTEM_ACTOR,
    ) -> Attempt:
        """Settle an unresolved attempt from a lookup. A `sending` attempt (found at start-up)
        passes through `unknown` first, so the journal shows what happened."""
        wanted = AttemptState.RESOLVED_PAID if paid else AttemptState.RESOLVED_FAILED
        changes = {"imp_uid": imp_uid, "fail_reason": fail_reason}
        with self._database.session() as session:
            row = self._row(session, attempt_id)
            if row.state is AttemptState.SENDING:
                self._apply(session, row, AttemptState.UNKNOWN, actor, {})
            self._apply(session, row, wanted, actor, changes)
            return _attempt(row)

    # -- reading ---------------------------------------------------------------------------

    def get(self, attempt_id: int) -> Attempt:
        with self._database.reading() as session:
            return _attempt(self._row(session, attempt_id))

    def find_by_merchant_uid(self, merchant_uid: str) -> Sequence[Attempt]:
        """Every attempt with this `merchant_uid` (a charge and its cancels), oldest first."""
        query = (
            select(AttemptRow)
            .where(AttemptRow.merchant_uid == merchant_uid)
            .order_by(AttemptRow.id)
        )
        with self._database.reading() as session:
            return [_attempt(row) for row in session.scalars(query)]

    def charges_by_merchant_uid(self, merchant_uids: Sequence[str]) -> dict[str, Attempt]:
        """The charge attempt (not a cancel) under each of `merchant_uids` that has one: a
        batch reads its lines' outcomes with this, a few hundred ids per query."""
        found: dict[str, Attempt] = {}
        with self._database.reading() as session:
            for chunk in id_chunks(merchant_uids):
                query = select(AttemptRow).where(
                    AttemptRow.merchant_uid.in_(chunk), AttemptRow.kind != AttemptKind.CANCEL
                )
                for row in session.scalars(query):
                    assert row.merchant_uid is not None
                    found[row.merchant_uid] = _attempt(row)
        return found

    def charges_of_customers(
        self, customer_uids: Sequence[str], *, since: datetime, states: frozenset[AttemptState]
    ) -> Sequence[Attempt]:
        """Charge attempts (no registrations, no cancels) on these billing keys begun since
        `since` and now in one of `states`, oldest first (a few hundred keys per query)."""
        found: list[Attempt] = []
        with self._database.reading() as session:
            for chunk in id_chunks(customer_uids):
                query = select(AttemptRow).where(
                    AttemptRow.customer_uid.in_(chunk),
                    AttemptRow.kind.not_in([AttemptKind.CANCEL, AttemptKind.REGISTER]),
                    AttemptRow.created_at >= since,
                    AttemptRow.state.in_(sorted(states)),
                )
                found.extend(_attempt(row) for row in session.scalars(query))
        return sorted(found, key=lambda attempt: attempt.id)

    def unresolved(self) -> Sequence[Attempt]:
        """Attempts in `sending` or `unknown`, oldest first: resolve these at start-up."""
        query = (
            select(AttemptRow)
            .where(AttemptRow.state.in_(sorted(UNRESOLVED_STATES)))
            .order_by(AttemptRow.id)
        )
        with self._database.reading() as session:
            return [_attempt(row) for row in session.scalars(query)]

    def settled_as_not_found(self, since: datetime) -> Sequence[Attempt]:
        """Charges settled since `since` as not charged only because no payment was found
        (`resolved_failed` without an `imp_uid`), oldest first: a PG can commit late, so these
        are looked up again."""
        query = (
            select(AttemptRow)
            .where(
                AttemptRow.state == AttemptState.RESOLVED_FAILED,
                AttemptRow.imp_uid.is_(None),
                AttemptRow.kind.in_(sorted(NOT_FOUND_KINDS)),
                AttemptRow.resolved_at >= since,
            )
            .order_by(AttemptRow.id)
        )
        with self._database.reading() as session:
            return [_attempt(row) for row in session.scalars(query)]

    def refunds_settled_not_made(self, since: datetime) -> Sequence[Attempt]:
        """Refunds settled by a lookup since `since` as not made (`resolved_failed`; a cancel
        keeps its payment's `imp_uid`), oldest first: a PG can commit late, so these are looked
        up again (`services/late_refunds`)."""
        query = (
            select(AttemptRow)
            .where(
                AttemptRow.state == AttemptState.RESOLVED_FAILED,
                AttemptRow.kind == AttemptKind.CANCEL,
                AttemptRow.resolved_at >= since,
            )
            .order_by(AttemptRow.id)
        )
        with self._database.reading() as session:
            return [_attempt(row) for row in session.scalars(query)]

    def recent(self, limit: int = 100) -> Sequence[Attempt]:
        """The newest attempts, newest first."""
        query = select(AttemptRow).order_by(AttemptRow.id.desc()).limit(limit)
        with self._database.reading() as session:
            return [_attempt(row) for row in session.scalars(query)]

    # -- internals -------------------------------------------------------------------------

    def _insert(
        self,
        new: NewAttempt,
        state: AttemptState,
        actor: str,
        check: Callable[[], None] | None = None,
    ) -> Attempt:
        validate_new_attempt(new)
        now = utc_now()
        row = AttemptRow(
            **{field.name: getattr(new, field.name) for field in fields(NewAttempt)},
            state=state,
            created_at=now,
            updated_at=now,
            resolved_at=None,
            fail_reason=None,
            operator=actor,
        )
        try:
            # A `sending` attempt's request leaves as soon as this commits.
            with self._database.session(before_send=state is AttemptState.SENDING) as session:
                if check is not None:
                    check()
                session.add(row)
                session.flush()
                _audit(session, row, actor, f"attempt.{state.value}", {"amount": row.amount})
                return _attempt(row)
        except IntegrityError as error:
            # The partial unique indexes: a charge's merchant_uid is used once; one cancel of a
            # payment may be in flight at a time.
            raise DuplicateAttempt(
                "an attempt with this merchant_uid exists (or a cancel of it is in flight)"
            ) from error

    def _move(
        self, attempt_id: int, wanted: AttemptState, actor: str, changes: Mapping[str, Any]
    ) -> Attempt:
        with self._database.session() as session:
            row = self._row(session, attempt_id)
            self._apply(session, row, wanted, actor, changes)
            return _attempt(row)

    @staticmethod
    def _row(session: Session, attempt_id: int) -> AttemptRow:
        row = session.get(AttemptRow, attempt_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no attempt {attempt_id}")
        return row

    @staticmethod
    def _apply(
        session: Session,
        row: AttemptRow,
        wanted: AttemptState,
        actor: str,
        changes: Mapping[str, Any],
    ) -> None:
        current = row.state
        try:
            transition(current, wanted)
        except DomainInvalidTransition as error:
            raise InvalidTransition(row.id, current.value, wanted.value) from error
        for name, value in changes.items():
            if value is not None:
                setattr(row, name, value)
        row.state = wanted
        row.updated_at = utc_now()
        if is_final(wanted):
            row.resolved_at = row.updated_at
        session.flush()
        _audit(session, row, actor, f"attempt.{wanted.value}", {"from": current.value})


def _audit(
    session: Session, row: AttemptRow, actor: str, action: str, extra: Mapping[str, Any]
) -> None:
    details = {"attempt_id": row.id, "kind": row.kind.value, "imp_uid": row.imp_uid, **extra}
    subject = row.merchant_uid or row.customer_uid or f"attempt:{row.id}"
    append_entry(session, actor=actor, action=action, subject=subject, details=details)
