"""The store's change feed: one notice per committed transaction naming what it wrote; nothing
for a rollback; a failing listener does not silence the others."""

from __future__ import annotations

import threading

import pytest

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import (
    AttemptJournal,
    CustomerDetails,
    CustomerDirectory,
    Database,
    NewAttempt,
    StoreTopic,
)
from kcp_pos.store.models import AttemptRow, PaymentRow
from tests.store.rows import valid_row

Heard = list[frozenset[StoreTopic]]


def _listen(database: Database) -> Heard:
    heard: Heard = []
    database.changes.subscribe(heard.append)
    return heard


def test_a_journal_write_is_announced_with_its_audit_entry(database: Database) -> None:
    heard = _listen(database)
    journal = AttemptJournal(database)

    attempt = journal.begin(
        NewAttempt(
            kind=AttemptKind.ONETIME, merchant_uid="kcp_20261202T093000_abcdefghij", amount=5
        )
    )
    journal.mark_unknown(attempt.id)

    assert heard == [{StoreTopic.JOURNAL, StoreTopic.AUDIT}] * 2


def test_each_repository_names_its_own_topic(database: Database) -> None:
    heard = _listen(database)

    CustomerDirectory(database).save(CustomerDetails(customer_uid="cust_a", name="김"))
    with database.session() as session:
        session.add(valid_row(PaymentRow))

    assert heard == [{StoreTopic.DIRECTORY, StoreTopic.AUDIT}, {StoreTopic.LEDGER}]


def test_reads_and_rollbacks_announce_nothing(database: Database) -> None:
    heard = _listen(database)
    AttemptJournal(database).recent(5)
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(valid_row(AttemptRow))
        session.flush()
        raise RuntimeError("abandoned")

    assert heard == []
    with database.session() as session:  # the next commit reports only what it wrote
        session.add(valid_row(PaymentRow))
    assert heard == [{StoreTopic.LEDGER}]


def test_a_failing_listener_does_not_silence_the_others(database: Database) -> None:
    def broken(_: frozenset[StoreTopic]) -> None:
        raise ValueError("listener bug")

    database.changes.subscribe(broken)
    heard = _listen(database)
    with database.session() as session:
        session.add(valid_row(PaymentRow))

    assert heard == [{StoreTopic.LEDGER}]


def test_unsubscribed_listeners_hear_nothing_more(database: Database) -> None:
    heard: Heard = []
    stop = database.changes.subscribe(heard.append)
    stop()
    stop()  # twice is harmless
    with database.session() as session:
        session.add(valid_row(PaymentRow))
    assert heard == []


def test_listeners_hear_commits_made_on_other_threads(database: Database) -> None:
    heard = _listen(database)
    journal = AttemptJournal(database)

    def write(index: int) -> None:
        uid = f"kcp_20261202T0930{index:02d}_abcdefghij"
        journal.begin(NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=uid, amount=5))

    threads = [threading.Thread(target=write, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert heard == [{StoreTopic.JOURNAL, StoreTopic.AUDIT}] * 4


def test_parts_of_one_transaction_are_announced_once_it_commits(database: Database) -> None:
    """A repository call inside `transaction()` is a savepoint: its release is not a commit.
    Announced then, a reader told of it would not see it (the 'stale read after a notice')."""
    heard = _listen(database)
    seen_when_heard: list[bool] = []

    def read_what_was_announced(_topics: frozenset[StoreTopic]) -> None:
        def read() -> None:
            seen_when_heard.append(CustomerDirectory(database).get("cust_b") is not None)

        reader = threading.Thread(target=read)  # another connection, as the screens read
        reader.start()
        reader.join()

    database.changes.subscribe(read_what_was_announced)
    with database.transaction():
        CustomerDirectory(database).save(CustomerDetails(customer_uid="cust_b", name="박"))
        assert heard == []  # the part is done, the transaction is not
        with database.session() as session:
            session.add(valid_row(PaymentRow))
    assert heard == [{StoreTopic.DIRECTORY, StoreTopic.AUDIT, StoreTopic.LEDGER}]
    assert seen_when_heard == [True]
