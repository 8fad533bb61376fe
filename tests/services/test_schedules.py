"""Scheduled charges against the real sandbox: booking one and a monthly series (persisted before
sending), the sandbox clock running them, the poll recording paid and failed runs in the ledger,
revoking, a lost booking answer settled by lookup, and retrying a failed one."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.iamport.models import ScheduleStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.again_charge import new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.billing_key_removal import SchedulesPending, delete_billing_key
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.progress import Stopped
from kcp_pos.services.schedules import (
    AlreadyRetried,
    NotRetryable,
    ScheduleOrder,
    ScheduleTooSoon,
    book_schedules,
    customer_schedules,
    planned_times,
    poll_schedules,
    reschedule_failed,
    retry_as_charge,
    revoke_schedules,
)
from kcp_pos.store import KnownSchedule, LedgerStatus
from tests.conftest import advance_clock, arm_fault
from tests.operators import MANAGER
from tests.services.conftest import INSUFFICIENT_CC10_CARD, keyed_card

DAY = 24 * 3600


def _advance(sandbox: SandboxServer, seconds: int) -> datetime:
    """Move the sandbox clock ahead; its new time, for the poll's "now"."""
    return datetime.fromtimestamp(advance_clock(sandbox, seconds), UTC)


def _saved(services: AppServices, number: str | None = None) -> str:
    registration = new_card_registration(name="한정기")
    card = keyed_card(number) if number else keyed_card()
    assert register_card(services, card, registration, operator=MANAGER).paid
    return registration.customer_uid


def _order(uid: str, *, days: int = 3, months: int = 1, amount: int = 9_900) -> ScheduleOrder:
    return ScheduleOrder(
        customer_uid=uid,
        amount=amount,
        first_at=datetime.now(UTC) + timedelta(days=days),
        months=months,
        order_name="월 정기결제",
    )


def test_a_series_keeps_the_day_of_month_in_korea_and_clamps_the_month_end() -> None:
    first = datetime(2027, 1, 31, 10, 0, tzinfo=KST)
    times = planned_times(ScheduleOrder("c", 1000, first, months=4))
    assert [t.strftime("%m-%d %H:%M") for t in times] == [
        "01-31 10:00", "02-28 10:00", "03-31 10:00", "04-30 10:00"
    ]  # fmt: skip
    # 00:30 on the 1st in Korea is still the 31st in UTC: the Korean day counts.
    early = datetime(2027, 3, 31, 15, 30, tzinfo=UTC)
    assert [t.day for t in planned_times(ScheduleOrder("c", 1000, early, months=2))] == [1, 1]


def test_booking_one_records_it_before_sending_and_then_as_scheduled(
    services: AppServices,
) -> None:
    uid = _saved(services)
    booking = book_schedules(services, _order(uid), operator=MANAGER)
    (known,) = booking.schedules
    assert known.state is ScheduleState.SCHEDULED and known.merchant_uid.startswith("sch_")
    remote = services.client.get_schedule(known.merchant_uid)
    assert remote.schedule_status is ScheduleStatus.SCHEDULED and remote.amount == 9_900
    assert int(known.schedule_at.timestamp()) == remote.schedule_at
    actions = [e.action for e in services.audit.entries(subject=known.merchant_uid)]
    assert actions[:2] == ["schedule.booking", "schedule.state"]


def test_the_same_rules_as_a_charge(services: AppServices) -> None:
    uid = _saved(services)
    with pytest.raises(InvalidOrder) as refused:
        book_schedules(
            services,
            ScheduleOrder(uid, 30_000, datetime.now(UTC) + timedelta(days=1), card_quota=3),
            operator=MANAGER,
        )
    assert refused.value.problems == (InputError.QUOTA_AMOUNT_TOO_SMALL,)
    with pytest.raises(ScheduleTooSoon):
        book_schedules(services, _order(uid, days=-1), operator=MANAGER)
    assert services.schedules.for_customer(uid) == []  # nothing recorded, nothing sent


def test_a_series_runs_month_by_month_as_the_clock_advances(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services)
    booking = book_schedules(services, _order(uid, months=3), operator=MANAGER)
    assert [k.state for k in booking.schedules] == [ScheduleState.SCHEDULED] * 3
    assert len({k.series_uid for k in booking.schedules}) == 1
    report = poll_schedules(services, now=_advance(sandbox, 4 * DAY))
    assert [k.merchant_uid for k in report.paid] == [booking.schedules[0].merchant_uid]
    assert report.looked_up == 1  # the others are not due: not asked about
    customer = services.customers.get(uid)
    assert customer is not None and customer.last_charge_status is LedgerStatus.PAID
    assert customer.last_charge_amount == 9_900
    (payment,) = services.ledger.find_by_merchant_uid(booking.schedules[0].merchant_uid)
    assert payment.status is LedgerStatus.PAID and payment.customer_uid == uid
    later = _advance(sandbox, 62 * DAY)
    assert len(poll_schedules(services, now=later).paid) == 2
    assert poll_schedules(services, now=later).looked_up == 0  # nothing left open


def test_a_declined_run_is_recorded_as_failed_with_the_reason(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services, INSUFFICIENT_CC10_CARD)  # the key is issued; charges are refused
    book_schedules(services, _order(uid), operator=MANAGER)
    (failed,) = poll_schedules(services, now=_advance(sandbox, 4 * DAY)).failed
    assert failed.state is ScheduleState.FAILED and "[CC10]" in (failed.fail_reason or "")
    customer = services.customers.get(uid)
    assert customer is not None and customer.last_charge_status is LedgerStatus.FAILED
    listed = customer_schedules(services, uid)
    (entry,) = listed.entries
    assert entry.state is ScheduleState.FAILED and entry.retryable and not listed.problems


def test_revoke_one_and_nothing_to_revoke(services: AppServices, sandbox: SandboxServer) -> None:
    uid = _saved(services)
    first, second = book_schedules(services, _order(uid, months=2), operator=MANAGER).schedules
    revoked = revoke_schedules(services, uid, [second.merchant_uid], operator=MANAGER)
    assert [k.merchant_uid for k in revoked.revoked] == [second.merchant_uid]
    assert (
        services.client.get_schedule(second.merchant_uid).schedule_status is ScheduleStatus.REVOKED
    )
    advance_clock(sandbox, 4 * DAY)
    # The first ran meanwhile: PortOne has nothing to revoke, and the lookup says it was paid.
    late = revoke_schedules(services, uid, [first.merchant_uid], operator=MANAGER)
    assert late.nothing_to_revoke and late.revoked == ()
    assert [k.state for k in late.not_revoked] == [ScheduleState.PAID]


def test_a_lost_booking_answer_is_settled_by_lookup_never_by_booking_again(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services)
    arm_fault(sandbox, endpoint="/subscribe/payments/schedule", method="POST",
              mode="stall_after_commit", seconds=2)  # fmt: skip
    booking = book_schedules(services, _order(uid, months=2), operator=MANAGER)
    assert not booking.unknown and booking.refused is None
    assert [k.state for k in booking.schedules] == [ScheduleState.SCHEDULED] * 2
    listed = services.client.get_customer_schedules(
        uid,
        int(datetime.now(UTC).timestamp()),
        int((datetime.now(UTC) + timedelta(days=80)).timestamp()),
    )
    assert listed.total == 2  # booked once


def test_a_booking_lost_before_it_arrived_stays_open_until_old_enough(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services)
    arm_fault(sandbox, endpoint="/subscribe/payments/schedule", method="POST", mode="error",
              status=502)  # fmt: skip
    booking = book_schedules(services, _order(uid), operator=MANAGER)
    (known,) = booking.schedules
    assert booking.unknown and known.state is ScheduleState.BOOKING
    assert poll_schedules(services).looked_up == 1  # still provisional: looked up again
    later = datetime.now(UTC) + timedelta(minutes=6)
    (settled,) = poll_schedules(services, now=later).other
    assert settled.state is ScheduleState.NOT_BOOKED


def test_a_refused_booking_is_recorded_as_not_booked(services: AppServices) -> None:
    booking = book_schedules(services, _order("cust_unknown_key"), operator=MANAGER)
    assert booking.refused and booking.schedules[0].state is ScheduleState.NOT_BOOKED
    assert poll_schedules(services).looked_up == 0


def test_a_failed_one_is_retried_as_a_linked_charge_or_booked_again(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services, INSUFFICIENT_CC10_CARD)
    first, second = book_schedules(services, _order(uid, months=2), operator=MANAGER).schedules
    assert len(poll_schedules(services, now=_advance(sandbox, 40 * DAY)).failed) == 2
    order = new_again_order(customer_uid=uid, amount=first.amount, order_name=first.order_name)
    outcome = retry_as_charge(services, first.merchant_uid, order, operator=MANAGER)
    assert outcome.kind is OutcomeKind.DECLINED  # the same card: declined again, but recorded
    linked = services.schedules.get(first.merchant_uid)
    assert linked is not None and linked.retried_by == order.merchant_uid
    with pytest.raises(NotRetryable):  # retried already
        retry_as_charge(services, first.merchant_uid, order, operator=MANAGER)
    again = reschedule_failed(
        services, second.merchant_uid, datetime.now(UTC) + timedelta(days=90),
        operator=MANAGER,
    )  # fmt: skip
    assert again.state is ScheduleState.SCHEDULED and again.fail_reason is None
    assert (
        services.client.get_schedule(second.merchant_uid).schedule_status
        is ScheduleStatus.SCHEDULED
    )


def test_schedules_booked_elsewhere_are_listed_too(services: AppServices) -> None:
    from kcp_pos.iamport.models import ScheduleItem, ScheduleRequest

    uid = _saved(services)
    at = int((datetime.now(UTC) + timedelta(days=10)).timestamp())
    services.client.schedule(
        ScheduleRequest(customer_uid=uid, schedules=[
            ScheduleItem(merchant_uid="web_shop_0001", schedule_at=at, amount=5000)])
    )  # fmt: skip
    book_schedules(services, _order(uid, days=5), operator=MANAGER)
    listed = customer_schedules(services, uid)
    assert [(e.ours, e.state) for e in listed.entries] == [
        (True, ScheduleState.SCHEDULED), (False, ScheduleState.SCHEDULED)
    ]  # fmt: skip


def test_the_key_cannot_be_deleted_while_booked(services: AppServices) -> None:
    uid = _saved(services)
    (known,) = book_schedules(services, _order(uid, days=40), operator=MANAGER).schedules
    with pytest.raises(SchedulesPending):
        delete_billing_key(services, uid, "고객 요청", operator=MANAGER)
    revoke_schedules(services, uid, [known.merchant_uid], operator=MANAGER)
    assert delete_billing_key(services, uid, "고객 요청", operator=MANAGER).is_deleted


def test_a_schedule_booked_elsewhere_can_be_revoked(services: AppServices) -> None:
    from kcp_pos.iamport.models import ScheduleItem, ScheduleRequest

    uid = _saved(services)
    at = int((datetime.now(UTC) + timedelta(days=10)).timestamp())
    services.client.schedule(
        ScheduleRequest(customer_uid=uid, schedules=[
            ScheduleItem(merchant_uid="web_shop_0002", schedule_at=at, amount=5000)])
    )  # fmt: skip
    revocation = revoke_schedules(services, uid, ["web_shop_0002"], operator=MANAGER)
    assert revocation.revoked_elsewhere == ("web_shop_0002",) and revocation.revoked == ()


def test_a_run_whose_payment_cannot_be_read_is_recorded_next_round(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid = _saved(services)
    (known,) = book_schedules(services, _order(uid), operator=MANAGER).schedules
    ahead = _advance(sandbox, 4 * DAY)
    arm_fault(sandbox, endpoint="/payments/{imp_uid}", method="GET", mode="error", status=500,
              times=50)  # fmt: skip
    assert poll_schedules(services, now=ahead).paid == ()
    still = services.schedules.get(known.merchant_uid)
    assert still is not None and still.state is ScheduleState.SCHEDULED  # not marked unrecorded
    httpx.delete(f"{sandbox.url}/__sandbox__/faults").raise_for_status()
    (paid,) = poll_schedules(services, now=ahead).paid
    assert services.ledger.find_by_merchant_uid(paid.merchant_uid)[0].status is LedgerStatus.PAID


def _two_failed(services: AppServices, sandbox: SandboxServer) -> tuple[str, KnownSchedule]:
    """A customer whose card declines, and one failed schedule of theirs."""
    uid = _saved(services, INSUFFICIENT_CC10_CARD)
    book_schedules(services, _order(uid), operator=MANAGER)
    (failed,) = poll_schedules(services, now=_advance(sandbox, 4 * DAY)).failed
    return uid, failed


def _charges_of(services: AppServices, uid: str) -> list[str]:
    """The merchant_uids PortOne charged (or tried to) with the customer's key, the run's too."""
    return sorted(p.merchant_uid for p in services.client.get_billing_key_payments(uid).list)


def test_a_schedule_retried_as_a_charge_cannot_be_booked_again(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid, failed = _two_failed(services, sandbox)
    order = new_again_order(customer_uid=uid, amount=failed.amount, order_name=failed.order_name)
    retry_as_charge(services, failed.merchant_uid, order, operator=MANAGER)
    with pytest.raises(AlreadyRetried) as refused:
        reschedule_failed(
            services, failed.merchant_uid, datetime.now(UTC) + timedelta(days=90),
            operator=MANAGER,
        )  # fmt: skip
    assert refused.value.retried_by == order.merchant_uid
    assert isinstance(refused.value, NotRetryable)  # what the screens already catch
    known = services.schedules.get(failed.merchant_uid)
    assert known is not None and known.state is ScheduleState.FAILED
    # Nothing was sent: PortOne still has the run as failed, not booked again.
    remote = services.client.get_schedule(failed.merchant_uid)
    assert remote.schedule_status is not ScheduleStatus.SCHEDULED
    with pytest.raises(AlreadyRetried):  # nor charged again now
        retry_as_charge(
            services, failed.merchant_uid,
            new_again_order(customer_uid=uid, amount=failed.amount), operator=MANAGER,
        )  # fmt: skip
    assert _charges_of(services, uid) == sorted([failed.merchant_uid, order.merchant_uid])


def test_two_retries_racing_for_one_failed_schedule_charge_once(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid, failed = _two_failed(services, sandbox)
    orders = [
        new_again_order(customer_uid=uid, amount=failed.amount, order_name=failed.order_name)
        for _ in range(2)
    ]
    start = threading.Barrier(2)
    refused: list[Exception] = []

    def retry(index: int) -> None:
        start.wait()
        try:
            retry_as_charge(services, failed.merchant_uid, orders[index], operator=MANAGER)
        except NotRetryable as error:
            refused.append(error)

    threads = [threading.Thread(target=retry, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(refused) == 1 and isinstance(refused[0], AlreadyRetried)
    known = services.schedules.get(failed.merchant_uid)
    assert known is not None and known.retried_by in {o.merchant_uid for o in orders}
    sent = [o.merchant_uid for o in orders if services.journal.find_by_merchant_uid(o.merchant_uid)]
    assert sent == [known.retried_by]
    assert _charges_of(services, uid) == sorted([failed.merchant_uid, known.retried_by])


class _StopAtOnce:
    def report(self, message: str, fraction: float | None = None) -> None:
        pass

    @property
    def stop_requested(self) -> bool:
        return True


def test_a_retry_that_was_never_sent_leaves_the_schedule_retryable(
    services: AppServices, sandbox: SandboxServer
) -> None:
    uid, failed = _two_failed(services, sandbox)
    stopped = new_again_order(customer_uid=uid, amount=failed.amount)
    with pytest.raises(Stopped):
        retry_as_charge(
            services, failed.merchant_uid, stopped, operator=MANAGER, progress=_StopAtOnce()
        )
    known = services.schedules.get(failed.merchant_uid)
    assert known is not None and known.retried_by is None
    invalid = new_again_order(customer_uid=uid, amount=failed.amount, tax_free=failed.amount + 1)
    with pytest.raises(InvalidOrder):
        retry_as_charge(services, failed.merchant_uid, invalid, operator=MANAGER)
    known = services.schedules.get(failed.merchant_uid)
    assert known is not None and known.retried_by is None
    actions = [e.action for e in services.audit.entries(subject=failed.merchant_uid)]
    assert actions.count("schedule.retried") == actions.count("schedule.retry_undone") == 2
    assert _charges_of(services, uid) == [failed.merchant_uid]  # neither reached PortOne
    retried = new_again_order(customer_uid=uid, amount=failed.amount)
    outcome = retry_as_charge(services, failed.merchant_uid, retried, operator=MANAGER)
    assert outcome.kind is OutcomeKind.DECLINED
    known = services.schedules.get(failed.merchant_uid)
    assert known is not None and known.retried_by == retried.merchant_uid


def test_a_retry_journalled_before_it_failed_keeps_its_link(
    services: AppServices, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal took the attempt, then the store failed: it may be on its way (the start-up
    check looks it up), so the schedule stays retried by it."""
    uid, failed = _two_failed(services, sandbox)
    begin = services.journal.begin

    def begin_then_fail(*args: object, **kwargs: object) -> object:
        begin(*args, **kwargs)  # type: ignore[arg-type]
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(services.journal, "begin", begin_then_fail)
    order = new_again_order(customer_uid=uid, amount=failed.amount)
    with pytest.raises(OperationalError):
        retry_as_charge(services, failed.merchant_uid, order, operator=MANAGER)
    known = services.schedules.get(failed.merchant_uid)
    assert known is not None and known.retried_by == order.merchant_uid
    assert services.journal.find_by_merchant_uid(order.merchant_uid)
