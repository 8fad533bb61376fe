"""Scheduled charges of a saved card (`POST /subscribe/payments/schedule` and its kin): book one
or a monthly series, list a customer's, revoke, poll for what ran, and retry a failed one.

The money rules are the charge's (DESIGN rules 1 and 2):

* **Persist before send.** `book_schedules` mints every entry's `merchant_uid`
  (`identifiers.new_schedule_uid`) and commits them as `BOOKING` (`store.ScheduleBook`) before
  the request leaves. A lost answer is settled by `GET /subscribe/payments/schedule/{uid}` for
  each entry (`settle_lookup`), never by booking again; "not found" stays provisional until the
  booking is older than `check_schedule.SETTLE_AFTER` (a late commit can still land).
* **Same order rules as a charge.** Amount, tax-free part, installments (2+ months only from
  50,000 KRW), order name: `again_charge.checked_again_order`, so both cannot drift apart.
* **No webhooks.** A desktop app learns what ran by asking: `poll_schedules` looks up every
  schedule still `BOOKING` or `SCHEDULED` (at start, then as `check_schedule.SCHEDULE_POLL`
  says); a run is recorded in the ledger like any charge (so the customer's last charge
  updates), a decline with PortOne's reason.
* **Retry, once.** A failed schedule is either charged now as a new again-order linked to it
  (`retry_as_charge`: the link is committed before the charge is sent) or booked again at a
  later time (`reschedule_failed`, the edit endpoint), never both and never twice: the store
  takes the link, or the move to `BOOKING`, as a compare-and-set (`ScheduleBook.link_retry`,
  `start_rebooking`), so of two retries racing for one schedule one is refused
  (`AlreadyRetried`, `NotRetryable`). A link whose charge was never journalled (stopped, refused
  by the checks, failed before the journal) is undone, so the schedule stays retryable; a
  journalled one stays, whatever its outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, NoReturn

from kcp_pos.domain.korea_time import monthly_series
from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.domain.schedule_state import SERIES_MAX_MONTHS, ScheduleState
from kcp_pos.iamport.errors import IamportError, NotFoundError, OutcomeUnknown, TransportError
from kcp_pos.iamport.models import (
    PaymentStatus,
    ScheduleItem,
    ScheduleRequest,
    ScheduleResult,
    ScheduleStatus,
    UnscheduleRequest,
)
from kcp_pos.services.again_charge import AgainOrder, charge_again, checked_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.identifiers import new_schedule_uid
from kcp_pos.services.ledger_sync import record_payment_if_changed
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import RESOLVER, Operator, Role
from kcp_pos.services.operators import Approval, permit
from kcp_pos.services.outcomes import Outcome
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink, Stopped
from kcp_pos.store import KnownSchedule, NewSchedule, ScheduleChanged, utc_now

log = logging.getLogger(__name__)

POLL_LOOKAHEAD: Final = timedelta(minutes=10)
"""Schedules due this soon are looked up too: the computer's clock may run behind PortOne's."""
LIST_BACK: Final = timedelta(days=89)
"""How far back a customer's list asks PortOne (one window: lists take three months at most)."""
LIST_AHEAD: Final = timedelta(days=366 * 2)
LIST_WINDOW: Final = timedelta(days=89)
MAX_LIST_PAGES: Final = 20

REVOKE_SCHEDULES: Final = "schedule.revoke"


class ScheduleTooSoon(ValueError):
    """The first charge must lie in the future (PortOne refuses a time in the past)."""


class SeriesLength(ValueError):
    """A series is 1 to `SERIES_MAX_MONTHS` charges."""


class NotRetryable(ValueError):
    """Only a failed schedule (or a revoked one, for a new booking) can be retried."""


class AlreadyRetried(NotRetryable):
    """The failed schedule was retried already, as the charge `retried_by`: retrying it again
    (charged now or booked again) could charge the customer twice for one run."""

    def __init__(self, schedule_uid: str, retried_by: str) -> None:
        super().__init__(f"schedule {schedule_uid} was retried by {retried_by}")
        self.schedule_uid = schedule_uid
        self.retried_by = retried_by


class BookingNotRecorded(RuntimeError):
    """The entries could not be recorded before sending, so nothing was sent (the store's own
    error is the cause; its text, which may quote SQL, is not repeated here)."""


BOOKING_NOT_SENT: Final = (ScheduleTooSoon, SeriesLength, InvalidOrder, BookingNotRecorded, Stopped)
"""What `book_schedules` raises before anything is sent: the clerk may book again. Any other
error may come after PortOne took the booking (the entries stay `BOOKING`, and the poll settles
them by lookup): booking again could book it twice."""


@dataclass(frozen=True)
class ScheduleOrder:
    """What the clerk asks for: `months` charges a month apart from `first_at` (1 = one)."""

    customer_uid: str
    amount: int
    first_at: datetime
    months: int = 1
    order_name: str | None = None
    tax_free: int = 0
    card_quota: int = 0
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None


def planned_times(order: ScheduleOrder) -> list[datetime]:
    """When each charge of `order` runs (the dialog's summary shows exactly these)."""
    if not 1 <= order.months <= SERIES_MAX_MONTHS:
        raise SeriesLength(order.months)
    return monthly_series(order.first_at, order.months)


@dataclass(frozen=True)
class Booking:
    """How a booking ended: `schedules` as recorded; `refused` PortOne's reason when nothing
    was booked; `unknown` when the answer was lost and lookups could not settle it yet (the
    poll goes on looking)."""

    schedules: tuple[KnownSchedule, ...]
    refused: str | None = None
    unknown: bool = False


def book_schedules(
    services: AppServices,
    order: ScheduleOrder,
    *,
    operator: Operator,
    now: datetime | None = None,
) -> Booking:
    """Validate, record every entry as `BOOKING` (committed), send, and record the answer.

    Raises one of `BOOKING_NOT_SENT` when nothing was sent. Any other error (a store failure
    while the answer is recorded, say) may come after PortOne booked the entries: they stay
    `BOOKING` until the poll looks them up; do not book them again."""
    moment = now or utc_now()
    times = planned_times(order)
    if times[0] <= moment:
        raise ScheduleTooSoon(times[0])
    uids = [new_schedule_uid(moment) for _ in times]
    clean, problems = checked_again_order(
        AgainOrder(
            customer_uid=order.customer_uid,
            merchant_uid=uids[0],
            amount=order.amount,
            order_name=order.order_name,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            buyer_email=order.buyer_email,
            tax_free=order.tax_free,
            card_quota=order.card_quota,
        )
    )
    if problems:
        raise InvalidOrder(problems)
    series_uid = uids[0] if len(uids) > 1 else None
    entries = [
        NewSchedule(
            merchant_uid=uid,
            customer_uid=clean.customer_uid,
            schedule_at=at,
            amount=clean.amount,
            tax_free=clean.tax_free,
            card_quota=clean.card_quota,
            order_name=clean.order_name,
            series_uid=series_uid,
        )
        for uid, at in zip(uids, times, strict=True)
    ]
    request = ScheduleRequest(
        customer_uid=clean.customer_uid,
        schedules=[
            ScheduleItem(
                merchant_uid=entry.merchant_uid,
                schedule_at=int(entry.schedule_at.timestamp()),
                amount=entry.amount,
                name=entry.order_name,
                tax_free=entry.tax_free or None,
                card_quota=entry.card_quota or None,
                buyer_name=clean.buyer_name,
                buyer_tel=clean.buyer_tel,
                buyer_email=clean.buyer_email,
            )
            for entry in entries
        ],
    )
    try:
        recorded = services.schedules.record_booking(entries, actor=operator.name)
    except Exception as error:  # before sending: nothing left the app
        raise BookingNotRecorded(type(error).__name__) from error
    try:
        answer = services.client.schedule(request)
    except TransportError as error:  # proven not sent: nothing was booked
        return _not_booked(services, recorded, f"not sent ({type(error).__name__})", operator)
    except OutcomeUnknown:
        settled = settle_lookup(services, recorded, operator=operator)
        return Booking(settled, unknown=any(s.state is ScheduleState.BOOKING for s in settled))
    except IamportError as error:
        return _not_booked(services, recorded, redact_card_numbers(str(error)), operator)
    by_uid = {result.merchant_uid: result for result in answer}
    booked: list[KnownSchedule] = []
    for known in recorded:
        result = by_uid.get(known.merchant_uid)
        if result is None:  # answered without it: ask for it on its own
            booked.extend(settle_lookup(services, [known], operator=operator))
        else:
            booked.append(apply_result(services, known, result, operator=operator))
    return Booking(tuple(booked))


def _not_booked(
    services: AppServices, recorded: Sequence[KnownSchedule], reason: str, operator: Operator
) -> Booking:
    refused = tuple(
        services.schedules.update(
            known.merchant_uid,
            ScheduleState.NOT_BOOKED,
            fail_reason=reason,
            actor=operator.name,
            checked=True,
        )
        for known in recorded
    )
    return Booking(refused, refused=reason)


# --------------------------------------------------------------------------- what PortOne says


def state_of(result: ScheduleResult) -> ScheduleState | None:
    """The app's state for PortOne's entry; None while it ran but has no payment status yet."""
    if result.schedule_status is ScheduleStatus.SCHEDULED:
        return ScheduleState.SCHEDULED
    if result.schedule_status is ScheduleStatus.REVOKED:
        return ScheduleState.REVOKED
    if result.payment_status in (PaymentStatus.PAID, PaymentStatus.CANCELLED):
        return ScheduleState.PAID
    if result.payment_status is PaymentStatus.FAILED:
        return ScheduleState.FAILED
    return None


def apply_result(
    services: AppServices, known: KnownSchedule, result: ScheduleResult, *, operator: Operator
) -> KnownSchedule:
    """Bring the local entry up to PortOne's; a run's payment goes into the ledger first."""
    state = state_of(result)
    if state is None:
        return known
    reason = redact_card_numbers(result.fail_reason or "declined")
    schedule_at = datetime.fromtimestamp(result.schedule_at, known.schedule_at.tzinfo)
    unchanged = (
        state is known.state
        and schedule_at == known.schedule_at
        and (result.imp_uid or None) == known.imp_uid
        and (state is not ScheduleState.FAILED or reason == known.fail_reason)
    )
    if unchanged:
        return known
    ran = result.imp_uid and state in (ScheduleState.PAID, ScheduleState.FAILED)
    if ran and not _record_run(services, result.imp_uid or ""):
        return known  # the next poll records the run, then the state
    return services.schedules.update(
        known.merchant_uid,
        state,
        imp_uid=result.imp_uid,
        fail_reason=reason if state is ScheduleState.FAILED else None,
        schedule_at=schedule_at,
        actor=operator.name,
        checked=True,
    )


def _record_run(services: AppServices, imp_uid: str) -> bool:
    """The run's payment in the ledger (and so the customer's last charge), before the
    schedule is marked as run; False (logged) when it could not be read or written."""
    try:
        record_payment_if_changed(services.ledger, services.client.get_payment(imp_uid))
    except Exception as error:  # a lookup or a store failure: the next poll tries again
        log.warning("scheduled payment %s not recorded: %s", imp_uid, type(error).__name__)
        return False
    return True


def settle_lookup(
    services: AppServices,
    schedules: Iterable[KnownSchedule],
    *,
    operator: Operator = RESOLVER,
    now: datetime | None = None,
) -> tuple[KnownSchedule, ...]:
    """Look each entry up by its `merchant_uid` and record what PortOne has. A `BOOKING` entry
    PortOne does not have becomes `NOT_BOOKED` once it is older than `SETTLE_AFTER`; before
    that the request may still be on its way. A lookup that fails leaves the entry as it was."""
    moment = now or utc_now()
    settled: list[KnownSchedule] = []
    for known in schedules:
        try:
            result = services.client.get_schedule(known.merchant_uid)
        except NotFoundError:
            if known.state is ScheduleState.BOOKING and moment - known.created_at > SETTLE_AFTER:
                known = services.schedules.update(
                    known.merchant_uid,
                    ScheduleState.NOT_BOOKED,
                    fail_reason="PortOne has no such schedule",
                    actor=operator.name,
                    checked=True,
                )
        except IamportError as error:
            log.info("schedule %s not looked up: %s", known.merchant_uid, type(error).__name__)
        else:
            known = apply_result(services, known, result, operator=operator)
        settled.append(known)
    return tuple(settled)


@dataclass(frozen=True)
class PollReport:
    """What one poll found changed: schedules that ran (paid or failed) or went away."""

    paid: tuple[KnownSchedule, ...] = ()
    failed: tuple[KnownSchedule, ...] = ()
    other: tuple[KnownSchedule, ...] = ()
    looked_up: int = 0


def poll_schedules(
    services: AppServices, *, operator: Operator = RESOLVER, now: datetime | None = None
) -> PollReport:
    """Look up every booking still unsettled and every schedule whose time has come (up to
    `POLL_LOOKAHEAD` ahead, for a computer clock running behind PortOne's), and record what
    changed. Schedules further ahead cannot have run: they are not asked about every round
    (a shop with a thousand subscriptions would otherwise send thousands of lookups), and a
    change made elsewhere (revoked, moved) shows when the customer's list is read."""
    moment = now or utc_now()
    due = [
        known
        for known in services.schedules.open_ones()
        if known.state is ScheduleState.BOOKING or known.schedule_at <= moment + POLL_LOOKAHEAD
    ]
    before = {known.merchant_uid: known.state for known in due}
    after = settle_lookup(services, due, operator=operator, now=moment)
    changed = [known for known in after if known.state is not before[known.merchant_uid]]
    return PollReport(
        paid=tuple(k for k in changed if k.state is ScheduleState.PAID),
        failed=tuple(k for k in changed if k.state is ScheduleState.FAILED),
        other=tuple(
            k for k in changed if k.state not in (ScheduleState.PAID, ScheduleState.FAILED)
        ),
        looked_up=len(due),
    )


# --------------------------------------------------------------------------- a customer's list


@dataclass(frozen=True)
class ScheduleEntry:
    """One line of a customer's schedules, the app's own or booked elsewhere (`ours` False)."""

    merchant_uid: str
    customer_uid: str
    schedule_at: datetime
    amount: int
    order_name: str | None
    state: ScheduleState
    fail_reason: str | None = None
    imp_uid: str | None = None
    series_uid: str | None = None
    retried_by: str | None = None
    tax_free: int = 0
    card_quota: int = 0
    ours: bool = True

    @property
    def revocable(self) -> bool:
        return self.state is ScheduleState.SCHEDULED

    @property
    def retryable(self) -> bool:
        """A failed run nobody has retried yet."""
        return self.state is ScheduleState.FAILED and self.retried_by is None


@dataclass(frozen=True)
class CustomerSchedules:
    customer_uid: str
    entries: tuple[ScheduleEntry, ...]
    problems: tuple[str, ...] = field(default=())
    """Why PortOne's list is missing (the app's own entries are shown anyway)."""


def _entry_of(known: KnownSchedule) -> ScheduleEntry:
    return ScheduleEntry(
        merchant_uid=known.merchant_uid,
        customer_uid=known.customer_uid,
        schedule_at=known.schedule_at,
        amount=known.amount,
        order_name=known.order_name,
        state=known.state,
        fail_reason=known.fail_reason,
        imp_uid=known.imp_uid,
        series_uid=known.series_uid,
        retried_by=known.retried_by,
        tax_free=known.tax_free,
        card_quota=known.card_quota,
    )


def customer_schedules(
    services: AppServices,
    customer_uid: str,
    *,
    operator: Operator = RESOLVER,
    now: datetime | None = None,
) -> CustomerSchedules:
    """The customer's schedules: the app's own, brought up to date with what PortOne lists
    (from `LIST_BACK` ago to `LIST_AHEAD` ahead), and the ones PortOne lists that were booked
    elsewhere. Soonest first."""
    moment = now or utc_now()
    known = {k.merchant_uid: k for k in services.schedules.for_customer(customer_uid)}
    listed: dict[str, ScheduleResult] = {}
    problems: list[str] = []
    try:
        for result in _listed(services, customer_uid, moment - LIST_BACK, moment + LIST_AHEAD):
            listed[result.merchant_uid] = result
    except IamportError as error:
        problems.append(type(error).__name__)
    entries: list[ScheduleEntry] = []
    for uid, mine in known.items():
        found = listed.get(uid)
        if found is not None:
            mine = apply_result(services, mine, found, operator=operator)
        entries.append(_entry_of(mine))
    for uid, result in listed.items():
        state = state_of(result)
        if uid in known or state is None:
            continue
        entries.append(
            ScheduleEntry(
                merchant_uid=uid,
                customer_uid=customer_uid,
                schedule_at=datetime.fromtimestamp(result.schedule_at, moment.tzinfo),
                amount=result.amount,
                order_name=result.name,
                state=state,
                fail_reason=redact_card_numbers(result.fail_reason) if result.fail_reason else None,
                imp_uid=result.imp_uid,
                ours=False,
            )
        )
    entries.sort(key=lambda entry: (entry.schedule_at, entry.merchant_uid))
    return CustomerSchedules(customer_uid, tuple(entries), tuple(problems))


def _listed(
    services: AppServices, customer_uid: str, start: datetime, horizon: datetime
) -> Iterable[ScheduleResult]:
    """PortOne's list, window by window (three months at most each), page by page."""
    while start < horizon:
        end = min(start + LIST_WINDOW, horizon)
        for page in range(1, MAX_LIST_PAGES + 1):
            found = services.client.get_customer_schedules(
                customer_uid, int(start.timestamp()), int(end.timestamp()), page=page
            )
            yield from found.list
            if not found.next:
                break
        start = end


# --------------------------------------------------------------------------- revoke


@dataclass(frozen=True)
class Revocation:
    """`revoked`: the entries now revoked; `not_revoked`: the others, as PortOne has them (they
    ran, or were revoked before); `nothing_to_revoke`: PortOne's answer when none was left."""

    revoked: tuple[KnownSchedule, ...]
    not_revoked: tuple[KnownSchedule, ...]
    nothing_to_revoke: bool = False
    revoked_elsewhere: tuple[str, ...] = ()
    """Schedules booked elsewhere (not in the app's record) that PortOne now has revoked."""


def revoke_schedules(
    services: AppServices,
    customer_uid: str,
    merchant_uids: Sequence[str],
    *,
    operator: Operator,
    approval: Approval | None = None,
) -> Revocation:
    """Revoke the customer's schedules `merchant_uids` (`POST /subscribe/payments/unschedule`).
    A lost answer and "nothing to revoke" are both settled by looking each one up. Needs a
    manager, or a manager's `approval` of `REVOKE_SCHEDULES` for `operator`."""
    permit(operator, Role.MANAGER, action=REVOKE_SCHEDULES, approval=approval)
    if not merchant_uids:
        raise ValueError("name at least one schedule to revoke")
    known = [k for uid in merchant_uids if (k := services.schedules.get(uid)) is not None]
    nothing = False
    try:
        services.client.unschedule(
            UnscheduleRequest(customer_uid=customer_uid, merchant_uid=list(merchant_uids))
        )
    except NotFoundError:
        nothing = True  # 취소할 예약결제 기록이 존재하지 않습니다: they ran or were revoked
    except OutcomeUnknown:
        pass  # the lookups below say what happened
    settled = settle_lookup(services, known, operator=operator)
    ours = {k.merchant_uid for k in known}
    return Revocation(
        revoked=tuple(k for k in settled if k.state is ScheduleState.REVOKED),
        not_revoked=tuple(k for k in settled if k.state is not ScheduleState.REVOKED),
        nothing_to_revoke=nothing,
        revoked_elsewhere=tuple(
            uid for uid in merchant_uids if uid not in ours and _revoked_at_portone(services, uid)
        ),
    )


def _revoked_at_portone(services: AppServices, merchant_uid: str) -> bool:
    try:
        return services.client.get_schedule(merchant_uid).schedule_status is ScheduleStatus.REVOKED
    except IamportError:
        return False


# --------------------------------------------------------------------------- retry


def retry_as_charge(
    services: AppServices,
    schedule_uid: str,
    order: AgainOrder,
    *,
    operator: Operator,
    progress: ProgressSink = NO_PROGRESS,
) -> Outcome:
    """Charge the card now for a failed schedule: `order` (a new again-order, its own
    `merchant_uid`) is linked to the schedule, committed, before it is sent. The link is a
    compare-and-set: a schedule retried already (here, on another thread or terminal) raises
    `AlreadyRetried` and nothing is sent. When the charge raises before it was journalled
    (`Stopped`, `InvalidOrder`, a store failure…), nothing was sent and the link is undone."""
    known = services.schedules.get(schedule_uid)
    if known is None:
        raise NotRetryable(schedule_uid)
    if known.retried_by is not None:
        raise AlreadyRetried(schedule_uid, known.retried_by)
    if known.state is not ScheduleState.FAILED:
        raise NotRetryable(schedule_uid)
    if order.customer_uid != known.customer_uid:
        raise NotRetryable("the retry must charge the schedule's own billing key")
    try:
        services.schedules.link_retry(schedule_uid, order.merchant_uid, actor=operator.name)
    except ScheduleChanged as changed:
        _refuse(schedule_uid, changed)
    try:
        return charge_again(services, order, operator=operator, progress=progress)
    except Exception:
        _unlink_if_never_sent(services, schedule_uid, order.merchant_uid, operator)
        raise


def _refuse(schedule_uid: str, changed: ScheduleChanged) -> NoReturn:
    if changed.retried_by is not None:
        raise AlreadyRetried(schedule_uid, changed.retried_by) from None
    raise NotRetryable(schedule_uid) from None


def _unlink_if_never_sent(
    services: AppServices, schedule_uid: str, merchant_uid: str, operator: Operator
) -> None:
    """The retry's charge raised: only an attempt the journal does not have was never sent
    (the journal comes first), and only then may the schedule be retried again. A journalled
    one, or a journal that cannot be read, keeps the link: the charge may have gone out."""
    try:
        if services.journal.find_by_merchant_uid(merchant_uid):
            return
        services.schedules.unlink_retry(schedule_uid, merchant_uid, actor=operator.name)
    except Exception as error:
        log.warning(
            "retry link of schedule %s kept (%s): it stays not retryable",
            schedule_uid,
            type(error).__name__,
        )


def reschedule_failed(
    services: AppServices,
    schedule_uid: str,
    schedule_at: datetime,
    *,
    operator: Operator,
    now: datetime | None = None,
) -> KnownSchedule:
    """Book a failed (or revoked) schedule again at `schedule_at` (`POST …/reschedule`). It is
    `BOOKING` while the request is out; a lost answer is settled by its lookup. A schedule
    retried already as a charge raises `AlreadyRetried` (its run is being paid for by that
    charge); the move to `BOOKING` is a compare-and-set against a retry racing with it."""
    moment = now or utc_now()
    known = services.schedules.get(schedule_uid)
    if known is None:
        raise NotRetryable(schedule_uid)
    if known.retried_by is not None:
        raise AlreadyRetried(schedule_uid, known.retried_by)
    if known.state not in (ScheduleState.FAILED, ScheduleState.REVOKED):
        raise NotRetryable(schedule_uid)
    if schedule_at <= moment:
        raise ScheduleTooSoon(schedule_at)
    try:
        previous, booking = services.schedules.start_rebooking(schedule_uid, actor=operator.name)
    except ScheduleChanged as changed:
        _refuse(schedule_uid, changed)
    try:
        result = services.client.reschedule(schedule_uid, int(schedule_at.timestamp()))
    except OutcomeUnknown:
        (settled,) = settle_lookup(services, [booking], operator=operator)
        return settled
    except IamportError:
        services.schedules.update(
            schedule_uid, previous.state, fail_reason=previous.fail_reason, actor=operator.name
        )
        raise
    return apply_result(services, booking, result, operator=operator)
