"""PortOne's own list of payments, read over date windows and pages, and merged into the ledger:
payments made on the sandbox directly (not through the services, so the ledger does not know
them) on several days show in the ledger after a merge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.models import Payment
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.progress import Stopped
from kcp_pos.services.remote_payments import (
    MergeResult,
    Window,
    list_remote_payments,
    merge_into_ledger,
    remote_pages,
    windows_of,
)
from kcp_pos.store import LedgerStatus
from tests.conftest import advance_clock, arm_fault
from tests.iamport.conftest import card_ending, onetime

DAY = 86_400


class Heard:
    """A ProgressSink that keeps what it hears and asks to stop after `stop_after` reports."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.reports: list[tuple[str, float | None]] = []
        self._stop_after = stop_after

    def report(self, message: str, fraction: float | None = None) -> None:
        self.reports.append((message, fraction))

    @property
    def stop_requested(self) -> bool:
        return self._stop_after is not None and len(self.reports) >= self._stop_after


def pay_directly(client: IamportClient, merchant_uid: str, amount: int = 1000) -> Payment:
    result = client.pay_onetime(onetime(merchant_uid, amount))
    assert result.payment is not None
    return result.payment


def three_days_of_payments(services: AppServices, sandbox: SandboxServer) -> list[str]:
    """Two paid payments and a declined one on each of three days, made on the sandbox directly."""
    made: list[str] = []
    for day in range(3):
        made.append(pay_directly(services.client, f"elsewhere-{day}-a", 1000 + day).imp_uid)
        made.append(pay_directly(services.client, f"elsewhere-{day}-b", 2000 + day).imp_uid)
        declined = services.client.pay_onetime(
            onetime(f"elsewhere-{day}-declined", card_number=card_ending("0002"))
        )
        assert declined.payment is not None
        made.append(declined.payment.imp_uid)
        advance_clock(sandbox, DAY)
    return made


def sandbox_now(sandbox: SandboxServer) -> datetime:
    return datetime.fromtimestamp(advance_clock(sandbox, 0), UTC)


def test_windows_cover_the_range_once_oldest_first() -> None:
    since = datetime(2026, 11, 1, tzinfo=UTC)
    windows = windows_of(since, since + timedelta(days=2, hours=1), timedelta(days=1))
    start = int(since.timestamp())
    assert windows == [
        Window(start, start + DAY - 1),
        Window(start + DAY, start + 2 * DAY - 1),
        Window(start + 2 * DAY, start + 2 * DAY + 3600 - 1),
    ]
    assert windows_of(since, since) == []
    with pytest.raises(ValueError):
        windows_of(since, since + timedelta(days=1), timedelta(days=91))


def test_merge_over_several_windows_and_pages_records_payments_made_elsewhere(
    services: AppServices, sandbox: SandboxServer
) -> None:
    since = sandbox_now(sandbox) - timedelta(hours=1)
    made = three_days_of_payments(services, sandbox)
    assert all(services.ledger.get(imp_uid) is None for imp_uid in made)
    heard = Heard()
    until = sandbox_now(sandbox) + timedelta(minutes=1)
    merged = merge_into_ledger(
        services, since, until, heard, window=timedelta(hours=12), page_size=2
    )
    assert merged == MergeResult(listed=9, recorded=9)
    for imp_uid in made:
        kept = services.ledger.get(imp_uid)
        assert kept is not None and kept.operator is None  # made elsewhere: no operator here
    assert services.ledger.get(made[2]).status is LedgerStatus.FAILED  # type: ignore[union-attr]
    assert heard.reports[-1][1] == 1.0
    again = merge_into_ledger(services, since, until, window=timedelta(hours=12), page_size=2)
    assert again == MergeResult(listed=9, recorded=0)  # nothing changed: nothing written


def test_a_merge_stops_between_pages_and_keeps_what_it_recorded(
    services: AppServices, sandbox: SandboxServer
) -> None:
    since = sandbox_now(sandbox) - timedelta(hours=1)
    three_days_of_payments(services, sandbox)
    until = sandbox_now(sandbox)
    with pytest.raises(Stopped):
        merge_into_ledger(services, since, until, Heard(stop_after=1), page_size=2)
    assert len(services.ledger.list_payments()) == 2  # the first page, and no further


def test_a_window_whose_list_changes_while_it_is_read_is_read_again(
    services: AppServices, sandbox: SandboxServer
) -> None:
    since = sandbox_now(sandbox) - timedelta(hours=1)
    first = [pay_directly(services.client, f"moving-{n}").imp_uid for n in range(3)]
    until = sandbox_now(sandbox) + timedelta(hours=1)
    pages = remote_pages(services.client, since, until, page_size=2)
    assert [p.imp_uid for p in next(pages)] == first[:2]  # oldest first
    late = pay_directly(services.client, "moving-late").imp_uid  # the total grows meanwhile
    rest = [p.imp_uid for page in pages for p in page]
    assert set(rest) >= {first[2], late}


def test_a_page_past_the_end_ends_the_window_and_it_is_read_again(
    services: AppServices, sandbox: SandboxServer
) -> None:
    """Should the list shrink while it is read, the next page is past its end (HTTP 400)."""
    since = sandbox_now(sandbox) - timedelta(hours=1)
    made = [pay_directly(services.client, f"shrink-{n}").imp_uid for n in range(3)]
    until = sandbox_now(sandbox) + timedelta(hours=1)
    pages = remote_pages(services.client, since, until, page_size=2)
    next(pages)
    arm_fault(sandbox, endpoint="/payments/status/{status}", mode="error", status=400)
    rest = [p.imp_uid for page in pages for p in page]
    assert rest == made  # read again from the first page


def test_the_list_is_kept_once_per_payment(services: AppServices, sandbox: SandboxServer) -> None:
    since = sandbox_now(sandbox) - timedelta(hours=1)
    made = three_days_of_payments(services, sandbox)
    found = list_remote_payments(
        services.client, since, sandbox_now(sandbox), window=timedelta(days=1), page_size=1
    )
    assert sorted(found) == sorted(made)
