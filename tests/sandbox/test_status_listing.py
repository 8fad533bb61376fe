"""`GET /payments/status/{status}` answers from indexed queries: the same pages as the listing
that read every payment (kept below as the reference), and never while holding the sandbox's
lock, so a listing of tens of thousands does not hold up other requests."""

from __future__ import annotations

import itertools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.config import SandboxConfig
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.lookups import payments_by_status
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.sandbox.storage import Storage, StoredPayment
from tests.conftest import advance_clock, seed_ready_payment
from tests.sandbox.helpers import CARD_CC03, get_token, loopback_client, ok, pay_onetime

DAY = 86_400
SORTINGS = ("-started", "started", "-paid", "paid", "-updated", "updated")
STATUSES = ("all", "ready", "paid", "cancelled", "failed")


@pytest.fixture
def storage(sandbox: SandboxServer) -> Iterator[Storage]:
    """A second handle on the running sandbox's file (its own connection and lock)."""
    handle = Storage(sandbox.config.data_dir)
    try:
        yield handle
    finally:
        handle.close()


def cancel(api: httpx.Client, payment: dict[str, Any], amount: int) -> None:
    balance = payment["amount"] - payment["cancel_amount"]
    body = {"imp_uid": payment["imp_uid"], "amount": amount, "checksum": balance}
    ok(api.post("/payments/cancel", json=body))


def next_day(api: httpx.Client, sandbox: SandboxServer) -> None:
    """A day later (the token has expired by then: a new one)."""
    advance_clock(sandbox, DAY)
    api.headers["Authorization"] = f"Bearer {get_token(api)}"


def mixed_payments(api: httpx.Client, sandbox: SandboxServer) -> None:
    """Paid, declined, partly and fully cancelled and ready payments over three days, several
    within the same second (so that ties are broken by insertion order)."""
    seed_ready_payment(sandbox, "mixed-ready", 5000)
    for day in range(3):
        for index in range(3):
            pay_onetime(api, f"mixed-{day}-{index}", amount=1000 * (index + 1))
        pay_onetime(api, f"mixed-{day}-declined", card_number=CARD_CC03)
        next_day(api, sandbox)
        cancel(api, ok(api.get(f"/payments/find/mixed-{day}-1")), 500)
        cancel(api, ok(api.get(f"/payments/find/mixed-{day}-2")), 3000)


def listed_before(stored: list[StoredPayment], status: str, window: tuple[int, int],
                  sorting: str) -> list[str]:  # fmt: skip
    """The listing as the sandbox made it before: every payment read, filtered and sorted."""
    keys: dict[str, Callable[[StoredPayment], tuple[int, int]]] = {
        "started": lambda s: (s.payment.started_at, s.seq),
        "paid": lambda s: (s.payment.paid_at, s.seq),
        "updated": lambda s: (s.updated_at, s.seq),
    }
    event_time: dict[str, Callable[[Payment], int]] = {
        "paid": lambda p: p.paid_at,
        "cancelled": lambda p: p.cancelled_at,
        "failed": lambda p: p.failed_at,
    }
    time_of = event_time.get(status, lambda p: p.started_at)
    ordered = sorted(stored, key=keys[sorting.lstrip("-")], reverse=sorting.startswith("-"))
    return [
        s.payment.imp_uid
        for s in ordered
        if status in ("all", s.payment.status.value)
        and window[0] <= time_of(s.payment) <= window[1]
    ]


def test_every_status_sorting_window_and_page_answers_as_before(
    api: httpx.Client, sandbox: SandboxServer, storage: Storage
) -> None:
    mixed_payments(api, sandbox)
    now = advance_clock(sandbox, 0)
    stored = storage.payments()
    assert {s.payment.status for s in stored} == set(PaymentStatus)
    first = min(s.payment.started_at for s in stored)
    windows = [(now - 80 * DAY, now), (first, first + DAY - 1), (first + DAY, now), (0, 1)]
    for status, sorting, window in itertools.product(STATUSES, SORTINGS, windows):
        expected = listed_before(stored, status, window, sorting)
        for limit in (1, 4, 20):
            pages = -(-len(expected) // limit) or 1
            for page in range(1, pages + 1):
                query = {"from": window[0], "to": window[1], "sorting": sorting,
                         "limit": limit, "page": page}  # fmt: skip
                answer = ok(api.get(f"/payments/status/{status}", params=query))
                start = (page - 1) * limit
                assert [p["imp_uid"] for p in answer["list"]] == expected[start : start + limit]
                assert answer["total"] == len(expected)
                assert answer["previous"] == page - 1
                assert answer["next"] == (page + 1 if page < pages else 0)


def test_a_file_from_before_the_time_columns_gets_them(tmp_path: Path) -> None:
    """A sandbox file written before the columns existed is listed by its payments' times."""
    data_dir = tmp_path / "old"
    old = Storage(data_dir)
    with old.transaction():
        old.insert_payment(_payment(1, started_at=1_700_000_000), 1_700_000_000)
    old.close()
    with sqlite3.connect(data_dir / "sandbox.sqlite3") as db:
        for index in ("payments_started", "payments_status_started", "payments_status_paid",
                      "payments_status_failed", "payments_status_cancelled"):  # fmt: skip
            db.execute(f"DROP INDEX {index}")
        for column in ("started_at", "paid_at", "failed_at", "cancelled_at"):
            db.execute(f"ALTER TABLE payments DROP COLUMN {column}")
    reopened = Storage(data_dir)
    try:
        box = Sandbox(SandboxConfig(data_dir=data_dir), reopened)
        params = Params({"from": 1_700_000_000 - DAY, "to": 1_700_000_000 + DAY})
        assert [p.imp_uid for p in payments_by_status(box, "paid", params).items] == [
            "imp_000000000001"
        ]
    finally:
        reopened.close()


# ------------------------------------------------------------------ tens of thousands

MANY = 30_000


def _payment(number: int, *, started_at: int) -> Payment:
    return Payment(
        imp_uid=f"imp_{number:012d}",
        merchant_uid=f"many-{number}",
        amount=1000 + number,
        status=PaymentStatus.PAID,
        started_at=started_at,
        paid_at=started_at + 1,
    )


def seed_many(storage: Storage) -> None:
    """`MANY` paid payments over the last 80 days, written beside the running server."""
    now = int(time.time())
    with storage.transaction():
        for number in range(1, MANY + 1):
            started = now - 80 * DAY + number * (80 * DAY // MANY)
            storage.insert_payment(_payment(number, started_at=started), started + 1)


def test_a_big_listing_never_takes_the_lock_other_requests_need(
    sandbox: SandboxServer, storage: Storage
) -> None:
    """While another request holds the sandbox's lock (as a charge does while it checks and
    writes), a listing over tens of thousands still answers: it never waits for the lock, so
    it can never hold it while it reads."""
    seed_many(storage)
    box = Sandbox(sandbox.config, storage)
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with storage.transaction():
            holding.set()
            release.wait()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    answers: list[Any] = []
    try:
        assert holding.wait(30)
        lister = threading.Thread(
            target=lambda: answers.append(
                payments_by_status(box, "all", Params({"limit": 1000, "page": 30}))
            )
        )
        lister.start()
        lister.join(60)
        listed_while_held = bool(answers)
    finally:
        release.set()
        holder.join()
    assert listed_while_held
    assert answers[0].total == MANY and len(answers[0].items) == 1000
    assert answers[0].items[-1].imp_uid == "imp_000000000001"  # newest first: the oldest last


def test_other_requests_are_answered_while_big_listings_run(
    sandbox: SandboxServer, storage: Storage
) -> None:
    seed_many(storage)
    listing_in_flight = threading.Event()
    listings_done = threading.Event()
    answered_during_listing: list[str] = []
    failures: list[str] = []

    def list_pages() -> None:
        with loopback_client(sandbox.url, timeout=120) as http:
            http.headers["Authorization"] = _token(http)
            try:
                for page in (30, 1, 15, 29, 2, 20):
                    listing_in_flight.set()
                    query = {"limit": 1000, "page": page}
                    answer = ok(http.get("/payments/status/all", params=query))
                    listing_in_flight.clear()
                    if answer["total"] != MANY:
                        failures.append(f"total {answer['total']}")
            finally:
                listing_in_flight.clear()
                listings_done.set()

    def look_up_one() -> None:
        with loopback_client(sandbox.url) as http:
            http.headers["Authorization"] = _token(http)
            listing_in_flight.wait(60)
            for number in itertools.count(1):
                if listings_done.is_set():
                    return
                imp_uid = f"imp_{number % MANY + 1:012d}"
                answer = ok(http.get(f"/payments/{imp_uid}"))
                if answer["imp_uid"] != imp_uid:
                    failures.append(imp_uid)
                if listing_in_flight.is_set():
                    answered_during_listing.append(imp_uid)

    threads = [threading.Thread(target=list_pages), threading.Thread(target=look_up_one)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not failures
    assert listings_done.is_set()
    assert answered_during_listing  # other requests completed while listings were in progress


def _token(http: httpx.Client) -> str:
    return f"Bearer {get_token(http)}"
