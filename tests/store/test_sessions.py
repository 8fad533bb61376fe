"""The store's kinds of session: read-only snapshots that never wait for a writer, and repository
calls joined into one transaction with a savepoint each."""

from __future__ import annotations

import threading

import pytest

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import AttemptJournal, CustomerDetails, CustomerDirectory, Database, NewAttempt
from kcp_pos.store.database import SessionInsideSession, WriteInReadSession
from kcp_pos.store.models import CustomerRow
from tests.store.rows import valid_row

DEADLOCK_GUARD_S = 30.0
"""Only a hang would take this long; no test measures time."""


def _details(uid: str) -> CustomerDetails:
    return CustomerDetails(customer_uid=uid, name="김하늘", card_number="557042*********4")


def _customer_row(uid: str) -> CustomerRow:
    row = valid_row(CustomerRow)
    assert isinstance(row, CustomerRow)
    row.customer_uid = uid
    return row


def _uids(directory: CustomerDirectory, *uids: str) -> set[str]:
    return {uid for uid in uids if directory.get(uid) is not None}


@pytest.mark.parametrize("store", ["database", "memory_database"])
def test_a_read_session_refuses_to_write(store: str, request: pytest.FixtureRequest) -> None:
    database: Database = request.getfixturevalue(store)
    with pytest.raises(WriteInReadSession), database.reading() as session:
        session.add(_customer_row("cust_read_only"))
        session.flush()
    assert CustomerDirectory(database).get("cust_read_only") is None


def test_a_read_does_not_wait_for_a_writer_and_sees_the_last_commit(database: Database) -> None:
    directory = CustomerDirectory(database)
    directory.save(_details("cust_before"))
    writing, release = threading.Event(), threading.Event()

    def writer() -> None:
        with database.session():
            directory.save(_details("cust_during"))  # joins: written, not committed
            writing.set()
            release.wait(DEADLOCK_GUARD_S)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(DEADLOCK_GUARD_S)
        seen: list[set[str]] = []
        reader = threading.Thread(
            target=lambda: seen.append(_uids(directory, "cust_before", "cust_during"))
        )
        reader.start()
        reader.join(DEADLOCK_GUARD_S)
        assert seen == [{"cust_before"}]  # read while the writer still held its transaction
    finally:
        release.set()
        thread.join(DEADLOCK_GUARD_S)
    assert _uids(directory, "cust_before", "cust_during") == {"cust_before", "cust_during"}


def test_calls_inside_a_transaction_commit_together_or_not_at_all(database: Database) -> None:
    directory = CustomerDirectory(database)
    with pytest.raises(RuntimeError), database.transaction():
        directory.save(_details("cust_first"))
        directory.save(_details("cust_second"))
        raise RuntimeError("the caller failed after both calls")
    assert _uids(directory, "cust_first", "cust_second") == set()

    with database.transaction():
        directory.save(_details("cust_first"))
        assert directory.get("cust_first") is not None  # reads inside see the transaction
        directory.save(_details("cust_second"))
    assert _uids(directory, "cust_first", "cust_second") == {"cust_first", "cust_second"}


def test_a_failed_call_inside_a_transaction_is_undone_alone(database: Database) -> None:
    directory = CustomerDirectory(database)
    with database.transaction():
        directory.save(_details("cust_kept"))
        with pytest.raises(RuntimeError), database.session() as session:
            session.add(_customer_row("cust_undone"))
            session.flush()
            raise RuntimeError("this part failed")
        directory.save(_details("cust_after"))
    assert _uids(directory, "cust_kept", "cust_undone", "cust_after") == {
        "cust_kept",
        "cust_after",
    }


def test_another_thread_does_not_join_this_threads_transaction(database: Database) -> None:
    directory = CustomerDirectory(database)
    seen: list[set[str]] = []
    with database.transaction():
        directory.save(_details("cust_mine"))
        reader = threading.Thread(target=lambda: seen.append(_uids(directory, "cust_mine")))
        reader.start()
        reader.join(DEADLOCK_GUARD_S)
    assert seen == [set()]
    assert _uids(directory, "cust_mine") == {"cust_mine"}


def test_a_journal_write_before_a_send_never_joins_an_open_transaction(
    database: Database,
) -> None:
    # Joined, it would be a savepoint committed only when the outer block ends: the request
    # could leave before its attempt is on disk.
    journal = AttemptJournal(database)
    attempt = NewAttempt(
        kind=AttemptKind.ONETIME, merchant_uid="kcp_20261203T120000_abcdefghij", amount=10_000
    )
    with pytest.raises(SessionInsideSession), database.transaction():
        journal.begin(attempt)
    assert journal.find_by_merchant_uid(attempt.merchant_uid or "") == []
    assert journal.begin(attempt).merchant_uid == attempt.merchant_uid  # on its own: fine
