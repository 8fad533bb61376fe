"""The audit log's hash chain: intact as written, and an entry changed, deleted or moved by
another program (straight into the database file, triggers dropped) is found by `verify`,
which names the first broken entry."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kcp_pos.store import AuditLog, Database
from kcp_pos.store.audit_log import append_entry
from kcp_pos.store.database import DEFAULT_FILENAME


@pytest.fixture
def audit(database: Database) -> AuditLog:
    return AuditLog(database)


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
