"""Every payment PortOne reports for the merchant over a date range, and their merge into the
local ledger, so that payments made elsewhere (a web shop, the console) show in the
transactions view beside this terminal's own.

`GET /payments/status/all` takes a window of at most 90 days and pages of at most 1000: the
range is read in windows of `WINDOW`, each oldest first (`sorting=started`, so that a payment
made while the list is read comes last instead of pushing the others to the next page), page
by page until the last. What the reference leaves open is tolerated either way:

- the page size: the swagger says a list holds at most 20 whatever `limit` asks, so pages are
  followed by their `next`, never counted from `limit`;
- an empty window: an empty page (the sandbox) or a "not found" are both no payments;
- the end: `next` 0 (or an empty page); a page past the end (HTTP 400: the list shrank while it
  was read) ends the window, and a window whose `total` changed while it was read is read again
  (at most `READS_PER_WINDOW` times);
- the time `from`/`to` apply to for `all` (the start, or the time of the payment's last event):
  the windows are contiguous and a payment is kept once, by `imp_uid`, whichever it is.

Nothing here moves money: it reads PortOne and records what it says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import ApiError, NotFoundError
from kcp_pos.iamport.models import Payment, PaymentPage
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import record_payment_if_changed
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink, stop_if_requested
from kcp_pos.services.report_pace import ReportPace

WINDOW: Final = timedelta(days=30)
"""One request's `from`..`to` (the API allows 90 days)."""
PAGE_SIZE: Final = 500
"""`limit` asked for (the API allows 1000; it may send fewer)."""
READS_PER_WINDOW: Final = 3
MAX_WINDOW: Final = timedelta(days=90)


@dataclass(frozen=True)
class MergeResult:
    """What a merge found: `listed` distinct payments PortOne reported over the range, of which
    `recorded` were new to the ledger or had changed."""

    listed: int
    recorded: int


@dataclass(frozen=True)
class Window:
    """`from`..`to` of one request, both inclusive, in UNIX seconds."""

    start: int
    end: int


def windows_of(since: datetime, until: datetime, width: timedelta = WINDOW) -> list[Window]:
    """Contiguous windows covering `since` (inclusive) to `until` (exclusive), oldest first."""
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("since and until must be aware datetimes")
    step = int(width.total_seconds())
    if not 0 < step <= MAX_WINDOW.total_seconds():
        raise ValueError("a window is from 1 second to 90 days")
    start, stop = int(since.timestamp()), int(until.timestamp())
    windows: list[Window] = []
    while start < stop:
        end = min(start + step, stop)
        windows.append(Window(start, end - 1))
        start = end
    return windows


def remote_pages(
    client: IamportClient,
    since: datetime,
    until: datetime,
    progress: ProgressSink = NO_PROGRESS,
    *,
    window: timedelta = WINDOW,
    page_size: int = PAGE_SIZE,
) -> Iterator[list[Payment]]:
    """The payments PortOne reports from `since` to `until`, a page at a time (a payment may
    come twice when a window is read again: keep the last by `imp_uid`). `Stopped` between
    pages once `progress.stop_requested`."""
    windows = windows_of(since, until, window)
    pace = ReportPace(progress)
    listed = 0
    for index, span in enumerate(windows):
        for found, share in _window_pages(client, span, page_size, progress):
            listed += len(found.list)
            pace.report(_read(listed), min((index + share) / len(windows), 1.0))
            yield found.list
    pace.report(_read(listed), 1.0, last=True)


def _read(listed: int) -> str:
    return f"{listed} payments read from PortOne"


def _window_pages(
    client: IamportClient, span: Window, page_size: int, progress: ProgressSink
) -> Iterator[tuple[PaymentPage, float]]:
    """Each page of one window with the share of the window read so far."""
    for _ in range(READS_PER_WINDOW):
        totals: set[int] = set()
        read = 0
        complete = True
        page = 1
        while True:
            stop_if_requested(progress)
            found = _page(client, span, page, page_size)
            if found is None:  # past the end: the list shrank while it was read
                complete = False
                break
            totals.add(found.total)
            read += len(found.list)
            yield found, read / found.total if found.total else 1.0
            if not found.list or not found.next or found.next <= page:
                break
            page = found.next
        if complete and len(totals) <= 1:
            return


def _page(client: IamportClient, span: Window, page: int, page_size: int) -> PaymentPage | None:
    """One page; an empty page for "not found" on the first, None for a page past the end."""
    try:
        return client.list_payments_by_status(
            "all", page=page, limit=page_size, from_=span.start, to=span.end, sorting="started"
        )
    except NotFoundError:
        if page == 1:
            return PaymentPage(total=0)
        return None
    except ApiError as error:
        if page > 1 and error.http_status == 400:
            return None
        raise


def list_remote_payments(
    client: IamportClient,
    since: datetime,
    until: datetime,
    progress: ProgressSink = NO_PROGRESS,
    *,
    window: timedelta = WINDOW,
    page_size: int = PAGE_SIZE,
) -> dict[str, Payment]:
    """Every payment PortOne reports from `since` to `until`, by `imp_uid`."""
    found: dict[str, Payment] = {}
    for page in remote_pages(client, since, until, progress, window=window, page_size=page_size):
        found.update((payment.imp_uid, payment) for payment in page)
    return found


def merge_into_ledger(
    services: AppServices,
    since: datetime,
    until: datetime,
    progress: ProgressSink = NO_PROGRESS,
    *,
    window: timedelta = WINDOW,
    page_size: int = PAGE_SIZE,
) -> MergeResult:
    """Record in the ledger every payment PortOne reports from `since` (inclusive) to `until`
    (exclusive) that it does not have as it is. What was recorded before a stop stays."""
    seen: set[str] = set()
    recorded = 0
    pages = remote_pages(
        services.client, since, until, progress, window=window, page_size=page_size
    )
    for page in pages:
        for payment in page:
            seen.add(payment.imp_uid)
            recorded += record_payment_if_changed(services.ledger, payment)
    return MergeResult(listed=len(seen), recorded=recorded)
