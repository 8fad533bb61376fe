"""Reading and verifying the audit trail: a manager's (or administrator's) view of who did what.

The log itself is written by the store alongside every change (`store/audit_log.py`, hash-chained
since revision 0011). Reading it needs a manager; verifying walks the whole chain, names the
first entry that was edited, deleted or moved by another program, finds the newest entries
deleted or replaced (`store/audit_head.py`), and is itself audited. An administrator may then
accept the trail as it is (`accept_trail`, audited).
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
from kcp_pos.store.audit_log import HeadCheck

VERIFIED: Final = "audit.verified"
PAGE_SIZE: Final = 200


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; None shows all. `action` ending in `.` matches a family."""

    since: datetime | None = None
    until: datetime | None = None
    action: str | None = None
    actions: tuple[str, ...] | None = None
    """Any of these codes (the actions whose words matched what was typed)."""
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
    head: HeadCheck = HeadCheck.HOLDS
    """What the head file says about the newest entries."""
    recorded_as: AuditHead | None = None
    """The `audit.verified` entry of this verdict: the trail's newest entry right after it."""

    @property
    def intact(self) -> bool:
        return self.broken_id is None and not self.head.found_a_change

    @property
    def head_needs_accepting(self) -> bool:
        """The chain holds but the head file does not: an administrator may accept the trail
        as it is, once they have looked into it (`accept_trail`)."""
        return self.broken_id is None and self.head.found_a_change


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
        actions=wanted.actions,
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
    verdict = services.audit.append(
        VERIFIED,
        details={
            "checked": check.checked,
            "first_broken": check.first_broken,
            "lost_head": None if check.lost_head is None else check.lost_head.id,
            "head": check.head.value,
        },
        actor=operator.name,
    )
    recorded_as = None if verdict.entry_hash is None else AuditHead(verdict.id, verdict.entry_hash)
    return ChainReport(
        check.checked,
        broken,
        check.first_broken,
        check.newest,
        check.lost_head,
        check.head,
        recorded_as,
    )


def accept_trail(services: AppServices, report: ChainReport, *, operator: Operator) -> None:
    """An administrator accepts the trail as it is now after a verdict on its newest entries
    (a restored copy of the store, a head file lost, a deletion looked into): the head file
    starts again at the newest entry, and the decision is audited with what was found.
    `NothingToAccept` unless the verdict was one to accept; `store.TrailMoved` when entries
    were written since the verdict (verify again: the decision must be about what was seen)."""
    require(operator, Role.ADMIN)
    if not report.head_needs_accepting:
        raise NothingToAccept
    lost = report.lost_head
    services.audit.reset_head(
        report.recorded_as,
        actor=operator.name,
        details={"head": report.head.value, "lost_head": None if lost is None else lost.id},
    )


class NothingToAccept(Exception):
    """The verdict was not about the trail's newest entries: there is nothing to accept."""
