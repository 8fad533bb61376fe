"""Reading and verifying the audit trail: a manager's (or administrator's) view of who did what.

The log itself is written by the store alongside every change (`store/audit_log.py`, hash-chained
since revision 0011). Reading it needs a manager; verifying walks the whole chain, names the
first entry that was edited, deleted or moved by another program, finds the newest entries
deleted or replaced (`store/audit_head.py`), and is itself audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import require
from kcp_pos.store import AuditEntry
from kcp_pos.store.audit_head import AuditHead

VERIFIED: Final = "audit.verified"
PAGE_SIZE: Final = 200


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; None shows all. `action` ending in `.` matches a family."""

    since: datetime | None = None
    until: datetime | None = None
    action: str | None = None
    actor: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class ChainReport:
    """What verifying found: `broken` is the first entry that does not hold (None: intact)."""

    checked: int
    broken: AuditEntry | None
    broken_id: int | None
    newest: AuditHead | None = None
    """The newest entry in the trail."""
    lost_head: AuditHead | None = None
    """The newest entry this computer wrote, no longer in the trail as written."""

    @property
    def intact(self) -> bool:
        return self.broken_id is None and self.lost_head is None


def read_audit(
    services: AppServices,
    wanted: AuditFilter,
    *,
    operator: Operator,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> Sequence[AuditEntry]:
    """A page of entries, newest first (`before_id`: read on from a page's last entry)."""
    require(operator, Role.MANAGER)
    return services.audit.entries(
        since=wanted.since,
        until=wanted.until,
        action=wanted.action,
        actor=wanted.actor,
        subject=wanted.subject,
        newest_first=True,
        before_id=before_id,
        limit=limit,
    )


def verify_audit(services: AppServices, *, operator: Operator) -> ChainReport:
    """Walk the whole chain; the verdict is audited too (who checked, what was found)."""
    require(operator, Role.MANAGER)
    check = services.audit.verify()
    broken = None if check.first_broken is None else services.audit.entry(check.first_broken)
    services.audit.append(
        VERIFIED,
        details={
            "checked": check.checked,
            "first_broken": check.first_broken,
            "lost_head": None if check.lost_head is None else check.lost_head.id,
        },
        actor=operator.name,
    )
    return ChainReport(check.checked, broken, check.first_broken, check.newest, check.lost_head)
