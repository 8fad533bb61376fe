"""The audit trail as the back office reads it: a manager's, newest first, filtered, and verified
(an entry changed in the database file by another program is named)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.audit_trail import VERIFIED, AuditFilter, read_audit, verify_audit
from kcp_pos.services.operator import Operator, Role
from kcp_pos.store.database import DEFAULT_FILENAME
from tests.operators import MANAGER

CLERK = Operator("이점원", Role.CLERK)


def test_a_clerk_may_not_read_or_verify_the_trail(services: AppServices) -> None:
    services.audit.append("payment.recorded", subject="kcp_1", actor="이점원")
    with pytest.raises(operators.NotPermitted):
        read_audit(services, AuditFilter(), operator=CLERK)
    with pytest.raises(operators.NotPermitted):
        verify_audit(services, operator=CLERK)


def test_entries_come_newest_first_in_pages_and_by_filter(services: AppServices) -> None:
    for n in range(5):
        services.audit.append(f"payment.step{n}", subject=f"kcp_{n}", actor="이점원")
    services.audit.append("operator.signed_in", subject="박매니저", actor="박매니저")
    newest = read_audit(services, AuditFilter(), operator=MANAGER, limit=4)
    assert [e.action for e in newest] == [
        "operator.signed_in", "payment.step4", "payment.step3", "payment.step2"
    ]  # fmt: skip
    older = read_audit(services, AuditFilter(), operator=MANAGER, before_id=newest[-1].id)
    assert [e.action for e in older] == ["payment.step1", "payment.step0"]
    family = read_audit(services, AuditFilter(action="payment."), operator=MANAGER)
    assert len(family) == 5
    assert [
        e.subject for e in read_audit(services, AuditFilter(actor="박매니저"), operator=MANAGER)
    ] == ["박매니저"]
    assert len(read_audit(services, AuditFilter(subject="kcp_3"), operator=MANAGER)) == 1


def test_verify_names_the_entry_another_program_changed_and_is_audited(
    services: AppServices, store_dir: Path
) -> None:
    for n in range(4):
        services.audit.append("payment.recorded", subject=f"kcp_{n}", details={"amount": n})
    report = verify_audit(services, operator=MANAGER)
    assert report.intact and report.checked == 4
    victim = services.audit.entries(subject="kcp_2")[0]
    connection = sqlite3.connect(store_dir / DEFAULT_FILENAME)
    connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    connection.execute(
        "UPDATE audit_log SET details = '{\"amount\": 9}' WHERE id = ?", (victim.id,)
    )
    connection.commit()
    connection.close()
    broken = verify_audit(services, operator=MANAGER)
    assert not broken.intact and broken.broken_id == victim.id
    assert broken.broken is not None and broken.broken.details == {"amount": 9}
    verdicts = services.audit.entries(action=VERIFIED)
    assert [v.details["first_broken"] for v in verdicts] == [None, victim.id]
    assert verdicts[-1].actor == MANAGER.name
