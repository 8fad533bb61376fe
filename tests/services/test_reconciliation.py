"""Reconciliation against the sandbox: a payment made on the sandbox directly, one that exists
only in the ledger, one cancelled and one refunded further on the sandbox after the ledger
recorded them; the fixes need a manager, are audited, never refund or charge, and leave only
what PortOne does not know for a person."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services import reconciliation
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import snapshot_of
from kcp_pos.services.operator import LOCAL_CLERK, Operator, Role
from kcp_pos.services.operators import NotPermitted
from kcp_pos.services.reconciliation import DifferenceKind, Fix, FixResult, apply_fix, compare
from kcp_pos.services.remote_payments import list_remote_payments
from kcp_pos.store import LedgerStatus, utc_now
from tests.conftest import advance_clock
from tests.reconcile_support import make_disagreement, pay

MANAGER = Operator("manager kim", Role.MANAGER)
SMALL = {"window": timedelta(hours=12), "page_size": 2}


def test_compare_finds_each_kind_of_difference_with_its_fix(
    services: AppServices, sandbox: SandboxServer
) -> None:
    case = make_disagreement(services, sandbox)
    found = compare(services, case.since, case.until, **SMALL)  # type: ignore[arg-type]
    by_kind = {d.kind: d for d in found.differences}
    assert [d.kind for d in found.differences] == [
        DifferenceKind.MISSING_REMOTELY,
        DifferenceKind.STATUS,
        DifferenceKind.AMOUNT,
        DifferenceKind.MISSING_LOCALLY,
    ]  # most urgent first
    assert (found.local_count, found.remote_count) == (4, 4)
    elsewhere = by_kind[DifferenceKind.MISSING_LOCALLY]
    assert elsewhere.imp_uid == case.made_elsewhere and elsewhere.fix is Fix.IMPORT
    assert elsewhere.local is None and elsewhere.remote is not None
    local_only = by_kind[DifferenceKind.MISSING_REMOTELY]
    assert local_only.imp_uid == case.local_only and local_only.fix is Fix.LOOK_UP
    cancelled = by_kind[DifferenceKind.STATUS]
    assert cancelled.imp_uid == case.cancelled_elsewhere
    assert cancelled.local is not None and cancelled.local.status is LedgerStatus.PAID
    assert cancelled.remote is not None and cancelled.remote.status.value == "cancelled"
    refunded = by_kind[DifferenceKind.AMOUNT]
    assert refunded.imp_uid == case.refunded_more_elsewhere
    assert refunded.local is not None and refunded.remote is not None
    assert (refunded.local.cancel_amount, refunded.remote.cancel_amount) == (1000, 1500)
    assert case.agreeing not in {d.imp_uid for d in found.differences}


def test_fixes_need_a_manager_are_audited_and_leave_only_the_unknown_for_a_person(
    services: AppServices, sandbox: SandboxServer
) -> None:
    case = make_disagreement(services, sandbox)
    found = compare(services, case.since, case.until, **SMALL)  # type: ignore[arg-type]
    with pytest.raises(NotPermitted):
        apply_fix(services, found.differences[0], operator=LOCAL_CLERK)
    with pytest.raises(NotPermitted):
        reconciliation.apply_fixes(services, found.differences, operator=LOCAL_CLERK)
    before = list_remote_payments(services.client, case.since, case.until)

    outcomes = reconciliation.apply_fixes(services, found.differences, operator=MANAGER)

    results = {o.difference.imp_uid: o.result for o in outcomes}
    assert results == {
        case.local_only: FixResult.STILL_UNKNOWN,
        case.cancelled_elsewhere: FixResult.CORRECTED,
        case.refunded_more_elsewhere: FixResult.CORRECTED,
        case.made_elsewhere: FixResult.IMPORTED,
    }
    imported = services.ledger.get(case.made_elsewhere)
    assert imported is not None and imported.amount == 2000
    corrected = services.ledger.get(case.cancelled_elsewhere)
    assert corrected is not None and corrected.status is LedgerStatus.CANCELLED
    assert services.ledger.get(case.refunded_more_elsewhere).cancel_amount == 1500  # type: ignore[union-attr]
    # Never a refund or a charge: PortOne's payments are as they were.
    assert list_remote_payments(services.client, case.since, case.until) == before
    actions = {
        (e.action, e.actor, e.details["imp_uid"])
        for e in services.audit.entries()
        if e.action.startswith("reconcile.")
    }
    assert actions == {
        ("reconcile.unknown_to_portone", MANAGER.name, case.local_only),
        ("reconcile.corrected", MANAGER.name, case.cancelled_elsewhere),
        ("reconcile.corrected", MANAGER.name, case.refunded_more_elsewhere),
        ("reconcile.imported", MANAGER.name, case.made_elsewhere),
    }
    again = compare(services, case.since, case.until, **SMALL)  # type: ignore[arg-type]
    assert [(d.kind, d.imp_uid) for d in again.differences] == [
        (DifferenceKind.MISSING_REMOTELY, case.local_only)
    ]  # all else agrees; what PortOne does not know stays flagged for a person
    assert services.audit.verify().intact


def test_a_payment_each_side_places_in_another_range_is_not_missing(
    services: AppServices, sandbox: SandboxServer
) -> None:
    """The ledger places a payment whose start it does not know at when it recorded it; PortOne
    at its start (here a day later: the sandbox's clock is ahead). Within either range it is
    found on the other side by imp_uid and compared, never called missing."""
    advance_clock(sandbox, 86_400)
    payment = pay(services.client, "rec-two-places", 1000)
    services.ledger.record(replace(snapshot_of(payment), started_at=None))
    started = datetime.fromtimestamp(payment.started_at, UTC)
    hour = timedelta(hours=1)
    by_portone = compare(services, started - hour, started + hour)
    assert (by_portone.local_count, by_portone.remote_count) == (0, 1)
    assert by_portone.clean
    recorded = utc_now()
    by_ledger = compare(services, recorded - hour, recorded + hour)
    assert (by_ledger.local_count, by_ledger.remote_count) == (1, 0)
    assert by_ledger.clean
