"""The sandbox clock (`/__sandbox__/clock`): moved ahead by tests, due schedules run by it."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
from tests.conftest import advance_clock
from tests.sandbox.helpers import (
    CARD_CC10,
    card_fields,
    get_token,
    issue_key,
    loopback_client,
    ok,
)

SCHEDULE = "/subscribe/payments/schedule"
DAY = 24 * 3600


def test_advancing_the_clock_moves_every_time_the_sandbox_reports(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    before = ok(client.get("/__sandbox__/clock"))
    assert before["offset_seconds"] == 0 and abs(before["now"] - time.time()) < 5
    now = advance_clock(sandbox, 40 * DAY)
    assert now - time.time() > 40 * DAY - 5
    assert ok(client.get("/__sandbox__/clock"))["offset_seconds"] == 40 * DAY
    token = ok(
        client.post(
            "/users/getToken",
            json={"imp_key": "imp_apikey", "imp_secret": sandbox.config.imp_secret},
        )
    )
    assert token["now"] >= now


def test_a_due_schedule_runs_when_the_clock_passes_it(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    issue_key(api, "clock-1")
    issue_key(api, "clock-poor", **card_fields(CARD_CC10))
    at = int(time.time()) + 3 * DAY
    for uid, key in (("c-ok", "clock-1"), ("c-poor", "clock-poor")):
        body = {
            "customer_uid": key,
            "schedules": [{"merchant_uid": uid, "schedule_at": at, "amount": 7000}],
        }
        ok(api.post(SCHEDULE, json=body))
    assert ok(api.get(f"{SCHEDULE}/c-ok"))["schedule_status"] == "scheduled"
    advance_clock(sandbox, 3 * DAY + 60)  # the token expired meanwhile, as it would
    api.headers["Authorization"] = f"Bearer {get_token(api)}"
    paid = ok(api.get(f"{SCHEDULE}/c-ok"))
    assert paid["schedule_status"] == "executed" and paid["payment_status"] == "paid"
    assert paid["executed_at"] >= at
    failed = ok(api.get(f"{SCHEDULE}/c-poor"))
    assert failed["payment_status"] == "failed" and "[CC10]" in failed["fail_reason"]
    assert ok(api.get(f"/payments/{paid['imp_uid']}"))["paid_at"] >= at


def test_the_clock_never_goes_back_and_takes_whole_seconds(client: httpx.Client) -> None:
    for bad in (-1, 1.5, "60", True, None):
        answer = client.post("/__sandbox__/clock", json={"advance_seconds": bad})
        assert answer.status_code == 400
    missing = client.post("/__sandbox__/clock", json={})
    assert missing.json()["message"] == "advance_seconds 파라메터가 누락되었습니다."


def test_the_offset_survives_a_restart(tmp_path: Path) -> None:
    config = SandboxConfig(data_dir=tmp_path / "clock")
    first = SandboxServer(config)
    advance_clock(first.start(), 5 * DAY)
    first.stop()
    second = SandboxServer(config)
    try:
        with loopback_client(second.start()) as http:
            assert ok(http.get("/__sandbox__/clock"))["offset_seconds"] == 5 * DAY
    finally:
        second.stop()
