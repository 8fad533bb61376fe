"""The attempt journal: durable begin, validated transitions, audit trail, crash recovery."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.store import (
    Attempt,
    AttemptJournal,
    AuditLog,
    Database,
    DuplicateAttempt,
    InvalidRecord,
    InvalidTransition,
    NewAttempt,
    NotFound,
    can_transition,
    open_database,
)

MASKED = "5570420000007221"


def _charge(merchant_uid: str = "kcp_20250301T142530_qhzvmkwrte", **extra: object) -> NewAttempt:
    fields: dict[str, object] = {
        "kind": AttemptKind.ONETIME,
        "merchant_uid": merchant_uid,
        "amount": 55_000,
        "order_name": "전화주문 2건",
        "tax_free": 5_000,
        "card_quota": 3,
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "hong@example.com",
        "card_number": MASKED,
        "card_name": "KB국민카드",
    }
    fields.update(extra)
    return NewAttempt(**fields)  # type: ignore[arg-type]


@pytest.fixture
def journal(database: Database) -> AttemptJournal:
    return AttemptJournal(database)


def test_begin_commits_a_sending_attempt_with_every_field(journal: AttemptJournal) -> None:
    attempt = journal.begin(_charge(previous_merchant_uid="kcp_20250301T142000_oldoldoldo"))
    assert attempt.state is AttemptState.SENDING
    stored = journal.get(attempt.id)
    assert stored == attempt
    assert (stored.kind, stored.merchant_uid, stored.amount) == (
        AttemptKind.ONETIME,
        "kcp_20250301T142530_qhzvmkwrte",
        55_000,
    )
    assert (stored.tax_free, stored.card_quota, stored.order_name) == (5_000, 3, "전화주문 2건")
    assert (stored.buyer_name, stored.buyer_tel, stored.buyer_email) == (
        "홍길동",
        "010-1234-5678",
        "hong@example.com",
    )
    assert (stored.card_number, stored.card_name) == (MASKED, "KB국민카드")
    assert stored.previous_merchant_uid == "kcp_20250301T142000_oldoldoldo"
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() is not None and not stored.created_at.utcoffset()
    assert stored.resolved_at is None
    assert journal.unresolved() == [stored]


def test_a_check_before_begin_reads_inside_the_write_and_can_keep_it_from_happening(
    journal: AttemptJournal, database: Database
) -> None:
    first = journal.begin(_charge("kcp_20250301T142530_firstfirst"))
    seen: list[int] = []

    class AlreadyCharged(Exception):
        pass

    def refuse_if_any_sending() -> None:
        sending = [a for a in journal.unresolved() if a.state is AttemptState.SENDING]
        assert _another_writer_is_locked_out(database)  # it read inside the journal's write
        seen.append(len(sending))
        if sending:
            raise AlreadyCharged

    with pytest.raises(AlreadyCharged):
        journal.begin(_charge("kcp_20250301T142531_secondsecn"), check=refuse_if_any_sending)
    assert journal.unresolved() == [first]  # nothing written, no audit entry either
    assert not AuditLog(database).entries(subject="kcp_20250301T142531_secondsecn")
    journal.mark_paid(first.id, imp_uid="imp_803037736674")
    second = journal.begin(_charge("kcp_20250301T142532_thirdthird"), check=refuse_if_any_sending)
    assert seen == [1, 0]
    assert journal.unresolved() == [second]


def _another_writer_is_locked_out(database: Database) -> bool:
    """True while this store's SQLite write lock is held (another connection cannot write)."""
    other = sqlite3.connect(str(database.url.database), timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return "locked" in str(error)
    else:
        other.execute("ROLLBACK")
        return False
    finally:
        other.close()


def test_paid_path(journal: AttemptJournal, database: Database) -> None:
    attempt = journal.begin(_charge())
    paid = journal.mark_paid(attempt.id, imp_uid="imp_803037736674", card_name="신한카드")
    assert paid.state is AttemptState.PAID
    assert (paid.imp_uid, paid.card_name, paid.card_number) == (
        "imp_803037736674",
        "신한카드",
        MASKED,
    )
    assert paid.resolved_at is not None and paid.resolved_at >= paid.created_at
    assert journal.unresolved() == []
    actions = [entry.action for entry in AuditLog(database).entries(subject=paid.merchant_uid)]
    assert actions == ["attempt.sending", "attempt.paid"]


def test_declined_path_keeps_the_reason(journal: AttemptJournal) -> None:
    attempt = journal.begin(_charge())
    failed = journal.mark_failed(attempt.id, fail_reason="[CC03] 카드사 거절")
    assert failed.state is AttemptState.FAILED
    assert failed.fail_reason == "[CC03] 카드사 거절"
    assert failed.resolved_at is not None


def test_unknown_then_resolved(journal: AttemptJournal, database: Database) -> None:
    attempt = journal.begin(_charge())
    unknown = journal.mark_unknown(attempt.id, reason="read timeout")
    assert unknown.state is AttemptState.UNKNOWN
    assert unknown.resolved_at is None
    assert journal.unresolved() == [unknown]
    resolved = journal.resolve(attempt.id, paid=True, imp_uid="imp_448280090638")
    assert resolved.state is AttemptState.RESOLVED_PAID
    assert resolved.imp_uid == "imp_448280090638"
    assert journal.unresolved() == []
    details = [entry.details for entry in AuditLog(database).entries(subject=attempt.merchant_uid)]
    assert [d.get("from") for d in details] == [None, "sending", "unknown"]


def test_resolving_a_sending_attempt_passes_through_unknown(
    journal: AttemptJournal, database: Database
) -> None:
    attempt = journal.begin(_charge())
    resolved = journal.resolve(attempt.id, paid=False, fail_reason="no payment found")
    assert resolved.state is AttemptState.RESOLVED_FAILED
    assert resolved.fail_reason == "no payment found"
    actions = [entry.action for entry in AuditLog(database).entries(subject=attempt.merchant_uid)]
    assert actions == ["attempt.sending", "attempt.unknown", "attempt.resolved_failed"]


def test_draft_then_sending(journal: AttemptJournal) -> None:
    draft = journal.draft(_charge(kind=AttemptKind.SCHEDULE, customer_uid="cust_kim_7221"))
    assert draft.state is AttemptState.DRAFT
    assert journal.unresolved() == []
    assert journal.mark_sending(draft.id).state is AttemptState.SENDING
    assert [a.id for a in journal.unresolved()] == [draft.id]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([AttemptState.PAID], AttemptState.FAILED),
        ([AttemptState.PAID], AttemptState.UNKNOWN),
        ([AttemptState.FAILED], AttemptState.PAID),
        ([AttemptState.UNKNOWN], AttemptState.FAILED),
        ([AttemptState.UNKNOWN], AttemptState.PAID),
        ([AttemptState.UNKNOWN, AttemptState.RESOLVED_FAILED], AttemptState.RESOLVED_PAID),
        ([], AttemptState.SENDING),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(
    journal: AttemptJournal, path: list[AttemptState], refused: AttemptState
) -> None:
    attempt = journal.begin(_charge())
    for state in path:
        attempt = _move(journal, attempt, state)
    with pytest.raises(InvalidTransition) as error:
        _move(journal, attempt, refused)
    assert (error.value.current, error.value.wanted) == (attempt.state.value, refused.value)
    assert journal.get(attempt.id) == attempt


def _move(journal: AttemptJournal, attempt: Attempt, state: AttemptState) -> Attempt:
    if state is AttemptState.PAID:
        return journal.mark_paid(attempt.id)
    if state is AttemptState.FAILED:
        return journal.mark_failed(attempt.id, fail_reason="declined")
    if state is AttemptState.UNKNOWN:
        return journal.mark_unknown(attempt.id)
    if state is AttemptState.SENDING:
        return journal.mark_sending(attempt.id)
    return journal.resolve(attempt.id, paid=state is AttemptState.RESOLVED_PAID)


def test_the_table_is_the_domains() -> None:
    assert can_transition(AttemptState.DRAFT, AttemptState.SENDING)
    assert can_transition(AttemptState.UNKNOWN, AttemptState.RESOLVED_PAID)
    assert not can_transition(AttemptState.SENDING, AttemptState.RESOLVED_PAID)
    assert not can_transition(AttemptState.FAILED, AttemptState.SENDING)


def test_resolving_a_final_attempt_is_refused(journal: AttemptJournal) -> None:
    attempt = journal.begin(_charge())
    journal.mark_paid(attempt.id)
    with pytest.raises(InvalidTransition):
        journal.resolve(attempt.id, paid=False)


def test_unknown_ids_are_not_found(journal: AttemptJournal) -> None:
    with pytest.raises(NotFound):
        journal.get(4242)
    with pytest.raises(NotFound):
        journal.mark_paid(4242)


def test_a_charge_merchant_uid_is_used_once(journal: AttemptJournal) -> None:
    first = journal.begin(_charge())
    journal.mark_failed(first.id, fail_reason="declined")
    with pytest.raises(DuplicateAttempt):
        journal.begin(_charge())
    retry = journal.begin(
        _charge("kcp_20250301T142600_retryretry", previous_merchant_uid=first.merchant_uid)
    )
    assert retry.previous_merchant_uid == first.merchant_uid
    assert [a.id for a in journal.find_by_merchant_uid(first.merchant_uid or "")] == [first.id]


def _cancel(amount: int, checksum: int) -> NewAttempt:
    return NewAttempt(
        kind=AttemptKind.CANCEL,
        merchant_uid="kcp_20250301T142530_qhzvmkwrte",
        imp_uid="imp_803037736674",
        amount=amount,
        checksum=checksum,
        cancel_reason="고객 요청",
    )


def test_partial_cancels_one_at_a_time(journal: AttemptJournal) -> None:
    charge = journal.begin(_charge())
    journal.mark_paid(charge.id, imp_uid="imp_803037736674")
    first = journal.begin(_cancel(10_000, 55_000))
    with pytest.raises(DuplicateAttempt):
        journal.begin(_cancel(5_000, 55_000))  # the first cancel is still in flight
    journal.mark_paid(first.id)
    second = journal.begin(_cancel(5_000, 45_000))
    assert (second.amount, second.checksum, second.cancel_reason) == (5_000, 45_000, "고객 요청")
    found = journal.find_by_merchant_uid("kcp_20250301T142530_qhzvmkwrte")
    assert [a.kind for a in found] == [AttemptKind.ONETIME, AttemptKind.CANCEL, AttemptKind.CANCEL]


def test_register_needs_no_merchant_uid(journal: AttemptJournal) -> None:
    attempt = journal.begin(
        NewAttempt(
            kind=AttemptKind.REGISTER,
            merchant_uid=None,
            amount=0,
            customer_uid="cust_kim_7221",
            card_number=MASKED,
        )
    )
    assert journal.mark_paid(attempt.id).state is AttemptState.PAID


@pytest.mark.parametrize(
    "bad",
    [
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=None, amount=1000),
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid="m" * 41, amount=1000),
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid="m1", amount=0),
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid="m1", amount=True),
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid="m1", amount=1000, tax_free=2000),
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid="m1", amount=1000, card_quota=-1),
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid="m1", amount=1000, checksum=1000),
        NewAttempt(kind=AttemptKind.AGAIN, merchant_uid="m1", amount=1000),
        NewAttempt(kind=AttemptKind.REGISTER, merchant_uid=None, amount=0, customer_uid="c" * 81),
        NewAttempt(kind=AttemptKind.CANCEL, merchant_uid="m1", amount=1000),
        NewAttempt(kind=AttemptKind.CANCEL, merchant_uid="m1", amount=0, checksum=1000),
        NewAttempt(kind=AttemptKind.CANCEL, merchant_uid="m1", amount=2000, checksum=1000),
        NewAttempt(kind=AttemptKind.CANCEL, merchant_uid="m1", amount=1000, checksum=1000),
    ],
)
def test_incomplete_attempts_are_refused_before_writing(
    journal: AttemptJournal, bad: NewAttempt
) -> None:
    with pytest.raises(InvalidRecord):
        journal.begin(bad)
    assert journal.recent() == []


@pytest.mark.parametrize("store", ["database", "memory_database"])
def test_concurrent_begins_from_worker_threads(store: str, request: pytest.FixtureRequest) -> None:
    journal = AttemptJournal(request.getfixturevalue(store))
    outcomes: list[str] = []
    lock = threading.Lock()

    def begin(index: int) -> None:
        uid = f"kcp_20250301T142530_thread{index % 4:04d}"
        try:
            journal.begin(_charge(uid))
            result = "ok"
        except DuplicateAttempt:
            result = "duplicate"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=begin, args=(index,)) for index in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * 8 + ["ok"] * 4
    assert len(journal.recent()) == 4


CRASH_AFTER_BEGIN = """
import os, sys
from pathlib import Path
from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import AttemptJournal, NewAttempt, open_database
journal = AttemptJournal(open_database(Path(sys.argv[1])))
attempt = journal.begin(NewAttempt(kind=AttemptKind.ONETIME,
                                   merchant_uid="kcp_20250301T142530_crashcrash", amount=12_000))
print(attempt.id, flush=True)
os._exit(9)  # die "while the request is on the wire": no clean shutdown, no dispose
"""


def test_a_crash_after_begin_leaves_a_sending_attempt(tmp_path: Path) -> None:
    data_dir = tmp_path / "crashed"
    result = subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_BEGIN, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 9, result.stderr
    database = open_database(data_dir)
    try:
        journal = AttemptJournal(database)
        [found] = journal.unresolved()
        assert found.id == int(result.stdout.strip())
        assert (found.state, found.merchant_uid, found.amount) == (
            AttemptState.SENDING,
            "kcp_20250301T142530_crashcrash",
            12_000,
        )
        resolved = journal.resolve(found.id, paid=True, imp_uid="imp_100000000001")
        assert resolved.state is AttemptState.RESOLVED_PAID
    finally:
        database.dispose()


def test_a_second_database_object_sees_committed_attempts(data_dir: Path) -> None:
    first = open_database(data_dir)
    second = open_database(data_dir)
    try:
        attempt = AttemptJournal(first).begin(_charge())
        assert [a.id for a in AttemptJournal(second).unresolved()] == [attempt.id]
    finally:
        first.dispose()
        second.dispose()


def test_memory_url_works_too(memory_database: Database) -> None:
    journal = AttemptJournal(memory_database)
    attempt = journal.begin(_charge())
    assert journal.mark_unknown(attempt.id).state is AttemptState.UNKNOWN
    assert [a.state for a in journal.unresolved()] == [AttemptState.UNKNOWN]


def test_an_amount_above_the_ceiling_is_refused_plainly(journal: AttemptJournal) -> None:
    with pytest.raises(InvalidRecord, match="amount"):
        journal.begin(_charge(amount=10**30))
    with pytest.raises(InvalidRecord, match="tax_free"):
        journal.begin(_charge(tax_free=2**63))
    assert journal.recent() == []
