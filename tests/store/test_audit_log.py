"""The audit log is append-only (ORM and raw SQL) and keeps no card data in its details."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from kcp_pos.store import AppendOnlyViolation, AuditLog, Database, utc_now
from kcp_pos.store.audit_log import REDACTED
from kcp_pos.store.models import AuditRow


@pytest.fixture
def audit(database: Database) -> AuditLog:
    return AuditLog(database)


def test_append_and_read(audit: AuditLog) -> None:
    start = utc_now()
    first = audit.append("settings.changed", subject="pg", details={"to": "kcp.A7NC2"}, actor="kim")
    second = audit.append("refund.approved", subject="imp_803037736674", details={"amount": 500})
    assert first.id < second.id
    assert (first.actor, first.action, first.subject, first.details) == (
        "kim",
        "settings.changed",
        "pg",
        {"to": "kcp.A7NC2"},
    )
    assert second.actor == "system"
    assert audit.entries() == [first, second]
    assert audit.entries(subject="pg") == [first]
    assert audit.entries(action="refund.approved") == [second]
    assert audit.entries(since=start) == [first, second]
    assert audit.entries(until=start) == []
    assert audit.entries(since=start + timedelta(days=1)) == []


def test_card_data_in_details_is_redacted(audit: AuditLog) -> None:
    entry = audit.append(
        "note",
        details={
            "card_number": "4111111111111111",
            "birth": "880101",
            "pwd_2digit": "12",
            "nested": {"Expiry": "2027-05", "memo": ["카드 4111-1111-1111-1111", "ok"]},
            "masked": {"card_number": "5570420000007221"},
        },
    )
    assert entry.details == {
        "card_number": REDACTED,
        "birth": REDACTED,
        "pwd_2digit": REDACTED,
        "nested": {"Expiry": REDACTED, "memo": [REDACTED, "ok"]},
        "masked": {"card_number": "************7221"},
    }


def test_orm_cannot_update_or_delete(audit: AuditLog, database: Database) -> None:
    entry = audit.append("first")
    with pytest.raises(AppendOnlyViolation), database.session() as session:
        row = session.get(AuditRow, entry.id)
        assert row is not None
        row.action = "rewritten"
    with pytest.raises(AppendOnlyViolation), database.session() as session:
        row = session.get(AuditRow, entry.id)
        session.delete(row)
    with pytest.raises(AppendOnlyViolation), database.session() as session:
        session.execute(update(AuditRow).values(action="rewritten"))
    with pytest.raises(AppendOnlyViolation), database.session() as session:
        session.execute(delete(AuditRow.__table__))  # type: ignore[arg-type]
    assert audit.entries() == [entry]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'rewritten'", "DELETE FROM audit_log"]
)
def test_raw_sql_cannot_update_or_delete(
    audit: AuditLog, database: Database, statement: str
) -> None:
    entry = audit.append("first")
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as connection:
        connection.exec_driver_sql(statement)
    assert audit.entries() == [entry]
