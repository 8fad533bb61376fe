"""The audit log's hash chain: intact as written, and an entry changed, deleted or moved by
another program (straight into the database file, triggers dropped) is found by `verify`,
which names the first broken entry; the newest entries deleted or rewritten are found through
the head file kept beside the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kcp_pos.store import AuditLog, Database
from kcp_pos.store.audit_head import HEAD_FILENAME, AuditHead
from kcp_pos.store.audit_log import append_entry
from kcp_pos.store.database import DEFAULT_FILENAME, open_database, sqlite_url


@pytest.fixture
def audit(database: Database) -> AuditLog:
    return AuditLog(database, database.audit_head)


def written(audit: AuditLog, database: Database) -> list[int]:
    ids = [audit.append(f"action {n}", subject=f"kcp_{n}", details={"n": n}).id for n in range(3)]
    with database.transaction(), database.session() as session:  # two in one transaction
        first = append_entry(session, actor="clerk", action="pair 1", subject=None)
        second = append_entry(session, actor="clerk", action="pair 2", subject=None)
        session.flush()
        ids += [first.id, second.id]
    return ids


def tamper(data_dir: Path, *statements: str) -> None:
    """Another program: sqlite3 on the file, the append-only triggers dropped first."""
    connection = sqlite3.connect(data_dir / DEFAULT_FILENAME)
    try:
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_a_log_as_written_is_intact(audit: AuditLog, database: Database) -> None:
    ids = written(audit, database)
    check = audit.verify()
    assert check.intact and check.checked == len(ids)


def test_an_edited_entry_is_named(audit: AuditLog, database: Database, data_dir: Path) -> None:
    ids = written(audit, database)
    tamper(data_dir, f"UPDATE audit_log SET details = '{{\"n\": 9}}' WHERE id = {ids[1]}")
    assert audit.verify().first_broken == ids[1]


def test_a_deleted_entry_breaks_the_next(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    ids = written(audit, database)
    tamper(data_dir, f"DELETE FROM audit_log WHERE id = {ids[2]}")
    assert audit.verify().first_broken == ids[3]


def test_swapped_entries_are_found(audit: AuditLog, database: Database, data_dir: Path) -> None:
    ids = written(audit, database)
    a, b = ids[0], ids[1]
    tamper(
        data_dir,
        f"UPDATE audit_log SET id = -1 WHERE id = {a}",
        f"UPDATE audit_log SET id = {a} WHERE id = {b}",
        f"UPDATE audit_log SET id = {b} WHERE id = -1",
    )
    assert audit.verify().first_broken == a


def test_an_unchained_entry_after_the_chain_began_is_found(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    ids = written(audit, database)
    tamper(data_dir, f"UPDATE audit_log SET entry_hash = NULL WHERE id = {ids[4]}")
    assert audit.verify().first_broken == ids[4]


def test_a_hash_whose_digits_pass_luhn_is_still_written(
    audit: AuditLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SHA-256 digest can hold 13+ digits in a row that pass the Luhn check by chance; the
    chain's columns take digests only, so the card guard lets them through."""
    import kcp_pos.store.audit_log as audit_log

    luhn_run = "4111111111111111" + "a" * 48
    monkeypatch.setattr(audit_log, "entry_hash", lambda row: luhn_run)
    audit.append("first")
    audit.append("second")
    assert [entry.action for entry in audit.entries()] == ["first", "second"]


def _recorded(data_dir: Path) -> AuditHead | None:
    from kcp_pos.store.audit_head import AuditHeadFile

    return AuditHeadFile(data_dir / HEAD_FILENAME).read()


def test_the_newest_entry_is_recorded_beside_the_database(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    ids = written(audit, database)
    recorded = _recorded(data_dir)
    assert recorded is not None and recorded.id == ids[-1]
    check = audit.verify()
    assert check.intact and check.newest == recorded


def test_deleted_newest_entries_are_found(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    ids = written(audit, database)
    tamper(data_dir, f"DELETE FROM audit_log WHERE id >= {ids[3]}")
    check = audit.verify()
    assert not check.intact and check.first_broken is None
    assert check.lost_head is not None and check.lost_head.id == ids[-1]
    assert check.newest is not None and check.newest.id == ids[2]


def test_a_rewritten_tail_with_fresh_hashes_is_found(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    """Another program deletes the newest entries and chains its own in their place: the
    chain holds, the recorded head does not."""
    ids = written(audit, database)
    tamper(data_dir, f"DELETE FROM audit_log WHERE id >= {ids[3]}")
    other = Database(sqlite_url(data_dir / DEFAULT_FILENAME))  # no head file: another program
    try:
        for n in range(3):
            AuditLog(other).append(f"forged {n}")
    finally:
        other.dispose()
    check = audit.verify()
    assert check.first_broken is None and not check.intact
    assert check.lost_head is not None and check.lost_head.id == ids[-1]


def test_an_entry_of_a_rolled_back_savepoint_is_not_recorded(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    kept = audit.append("kept")
    with database.transaction(), pytest.raises(RuntimeError), database.session() as session:
        append_entry(session, actor="clerk", action="undone", subject=None)
        session.flush()
        raise RuntimeError("this part fails")
    assert _recorded_id(data_dir) == kept.id
    assert audit.verify().intact


def test_an_entry_of_a_rolled_back_transaction_is_not_recorded(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    """The savepoint holding the entry was released; the transaction around it failed."""
    kept = audit.append("kept")
    with pytest.raises(RuntimeError), database.transaction():
        with database.session() as session:
            append_entry(session, actor="clerk", action="undone", subject=None)
        raise RuntimeError("the rest fails")
    assert _recorded_id(data_dir) == kept.id
    assert audit.verify().intact


def _recorded_id(data_dir: Path) -> int:
    recorded = _recorded(data_dir)
    assert recorded is not None
    return recorded.id


def test_a_store_from_before_the_head_file_gets_one_when_upgraded(tmp_path: Path) -> None:
    from alembic import command

    from kcp_pos.store.audit_log import HEAD_STARTED
    from kcp_pos.store.migrate import alembic_config

    data_dir = tmp_path / "old"
    data_dir.mkdir()
    url = sqlite_url(data_dir / DEFAULT_FILENAME)
    old = Database(url)  # a store of the release before: revision 0013, no head file
    try:
        command.upgrade(alembic_config(url), "0013")
        ids = [AuditLog(old).append(f"old {n}").id for n in range(3)]
    finally:
        old.dispose()
    upgraded = open_database(data_dir)
    try:
        assert _recorded_id(data_dir) > ids[-1]  # the start itself is the newest entry
        (started,) = AuditLog(upgraded).entries(action=HEAD_STARTED)
        assert started.details == {"newest": ids[-1]}
        assert AuditLog(upgraded, upgraded.audit_head).verify().intact
    finally:
        upgraded.dispose()


def test_a_head_file_gone_while_the_store_is_in_use_is_not_made_again(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    from kcp_pos.store.audit_log import HEAD_STARTED, HeadCheck

    written(audit, database)
    (data_dir / HEAD_FILENAME).unlink()
    audit.append("after")  # not recorded: the file is gone while the log has entries
    assert not (data_dir / HEAD_FILENAME).exists()
    assert audit.verify().head is HeadCheck.MISSING
    # A store that never had a head_started entry (its file came from its first entry) gets
    # it made again at the next start, audited: the trail shows it.
    open_database(data_dir).dispose()
    (started,) = audit.entries(action=HEAD_STARTED)
    assert audit.verify().intact
    # From then on a file gone is reported, never made again.
    (data_dir / HEAD_FILENAME).unlink()
    open_database(data_dir).dispose()
    assert not (data_dir / HEAD_FILENAME).exists()
    check = audit.verify()
    assert check.head is HeadCheck.MISSING and not check.intact and started.id > 0


def test_an_administrators_reset_accepts_the_trail_as_it_is(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    from kcp_pos.store.audit_log import HEAD_RESET, TrailMoved

    ids = written(audit, database)
    tamper(data_dir, f"DELETE FROM audit_log WHERE id >= {ids[3]}")
    check = audit.verify()
    assert not check.intact and check.newest is not None
    audit.append("written meanwhile")
    with pytest.raises(TrailMoved):  # the decision was about the trail as it was verified
        audit.reset_head(check.newest, actor="김사장", details={"head": "lost"})
    check = audit.verify()
    accepted = audit.reset_head(check.newest, actor="김사장", details={"head": "lost"})
    assert accepted == check.newest
    after = audit.verify()
    assert after.intact
    (reset,) = audit.entries(action=HEAD_RESET)
    assert reset.actor == "김사장" and reset.details["accepted"] == accepted.id
    assert after.newest is not None and after.newest.id == reset.id


def test_a_broken_chain_still_says_what_the_head_file_found(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    from kcp_pos.store.audit_log import HeadCheck

    ids = written(audit, database)
    tamper(
        data_dir,
        f"UPDATE audit_log SET details = '{{\"n\": 9}}' WHERE id = {ids[1]}",
        f"DELETE FROM audit_log WHERE id = {ids[-1]}",
    )
    check = audit.verify()
    assert check.first_broken == ids[1] and check.head is HeadCheck.LOST


def test_a_store_without_a_head_file_says_its_newest_entries_are_not_checked(
    database: Database,
) -> None:
    from kcp_pos.store.audit_log import HeadCheck

    AuditLog(database).append("one")
    check = AuditLog(database).verify()  # as a store opened from a URL is
    assert check.head is HeadCheck.NOT_KEPT and check.intact


def test_the_head_file_never_moves_back(audit: AuditLog, data_dir: Path) -> None:
    from kcp_pos.store.audit_head import AuditHeadFile

    newest = audit.append("newest")
    AuditHeadFile(data_dir / HEAD_FILENAME).advance(AuditHead(newest.id - 1, "older"))
    assert _recorded_id(data_dir) == newest.id


def test_entries_written_after_the_newest_were_deleted_do_not_hide_it(
    audit: AuditLog, database: Database, data_dir: Path
) -> None:
    """The head file never moves past a recorded head that is gone: the deletion stays found
    however many entries this terminal writes afterwards (ids of deleted rows are reused)."""
    ids = written(audit, database)
    tamper(data_dir, f"DELETE FROM audit_log WHERE id >= {ids[3]}")
    for n in range(4):
        audit.append(f"after {n}")
    check = audit.verify()
    assert not check.intact and check.lost_head is not None and check.lost_head.id == ids[-1]


@pytest.mark.parametrize("content", ['{"id": 1e999, "entry_hash": "x"}', "[" * 100_000, "\x00"])
def test_a_damaged_head_file_never_stops_a_commit_and_is_reported(
    audit: AuditLog, database: Database, data_dir: Path, content: str
) -> None:
    from kcp_pos.store.audit_log import HeadCheck

    audit.append("before")
    (data_dir / HEAD_FILENAME).write_text(content, encoding="utf-8")
    kept = audit.append("after")  # committed; the damaged file is left as found
    assert kept.id > 0 and (data_dir / HEAD_FILENAME).read_text(encoding="utf-8") == content
    open_database(data_dir).dispose()
    assert audit.verify().head is HeadCheck.UNREADABLE
