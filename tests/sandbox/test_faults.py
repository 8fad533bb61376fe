"""Fault injection (issue 2): delay, error, stall_after_commit; loopback-only admin."""

from __future__ import annotations

import time

import httpx
import pytest

from kcp_pos.sandbox.faults import is_loopback_client
from kcp_pos.sandbox.server import SandboxServer
from tests.sandbox.helpers import card_fields, loopback_client, ok, pay_onetime

FAULTS = "/__sandbox__/faults"
ONETIME = "/subscribe/payments/onetime"


def arm(client: httpx.Client, **rule: object) -> list[dict[str, object]]:
    armed: list[dict[str, object]] = ok(client.post(FAULTS, json=rule))
    return armed


def onetime_body(merchant_uid: str) -> dict[str, object]:
    return {"merchant_uid": merchant_uid, "amount": 1000, **card_fields()}


def test_health(client: httpx.Client) -> None:
    assert client.get("/__sandbox__/health").status_code == 200


def test_error_answers_the_status_without_processing(api: httpx.Client) -> None:
    arm(api, endpoint=ONETIME, mode="error", status=503, times=2)
    for _ in range(2):
        response = api.post(ONETIME, json=onetime_body("fault-error"))
        assert response.status_code == 503
        assert response.json()["code"] == -1 and response.json()["response"] is None
    assert api.get("/payments/findAll/fault-error").status_code == 404  # nothing happened
    assert ok(api.post(ONETIME, json=onetime_body("fault-error")))["status"] == "paid"


def test_delay_then_process_normally(api: httpx.Client) -> None:
    arm(api, endpoint=ONETIME + "/", mode="delay", seconds=0.05)
    assert ok(api.post(ONETIME, json=onetime_body("fault-delay")))["status"] == "paid"
    assert ok(api.get(FAULTS)) == []  # used up


def test_delay_longer_than_the_read_timeout_times_out(sandbox: SandboxServer) -> None:
    with loopback_client(sandbox.url) as admin:
        arm(admin, endpoint="/__never__/x", mode="delay", seconds=1)  # an unrelated rule
        arm(admin, endpoint="/payments/status/{status}", mode="delay", seconds=1.0)
        token = admin.post(
            "/users/getToken",
            json={"imp_key": "imp_apikey", "imp_secret": sandbox.config.imp_secret},
        ).json()["response"]["access_token"]
    with loopback_client(sandbox.url, timeout=0.2) as impatient, pytest.raises(httpx.ReadTimeout):
        impatient.get("/payments/status/paid", headers={"Authorization": token})


def test_stall_after_commit_moves_the_money_but_the_client_times_out(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    arm(api, endpoint=ONETIME, mode="stall_after_commit", seconds=1.0)
    with loopback_client(sandbox.url, timeout=0.3) as impatient, pytest.raises(httpx.ReadTimeout):
        impatient.post(
            ONETIME,
            json=onetime_body("fault-stall"),
            headers={"Authorization": api.headers["Authorization"]},
        )
    (payment,) = ok(api.get("/payments/findAll/fault-stall"))["list"]
    assert payment["status"] == "paid"


def test_templated_endpoint_and_clearing(api: httpx.Client) -> None:
    payment = pay_onetime(api, "fault-template")
    arm(api, endpoint="/payments/{imp_uid}", mode="error", status=500, times=5)
    assert api.get(f"/payments/{payment['imp_uid']}/").status_code == 500
    assert api.get("/payments/status/paid").status_code == 200  # other shapes are not matched
    assert ok(api.delete(FAULTS)) == {"cleared": 1}
    assert api.get(f"/payments/{payment['imp_uid']}").status_code == 200


@pytest.mark.parametrize(
    "rule",
    [
        {"mode": "delay"},
        {"endpoint": "/x", "mode": "explode"},
        {"endpoint": "/x", "mode": "error", "status": 200},
        {"endpoint": "/x", "mode": "delay", "seconds": -1},
        {"endpoint": "/x", "mode": "delay", "times": 0},
    ],
)
def test_invalid_rules_are_400(client: httpx.Client, rule: dict[str, object]) -> None:
    response = client.post(FAULTS, json=rule)
    assert response.status_code == 400 and response.json()["response"] is None


@pytest.mark.parametrize(
    ("client_address", "allowed"),
    [
        (("127.0.0.1", 5000), True),
        (("::1", 5000), True),
        (("192.168.0.7", 5000), False),
        (None, False),
    ],
)
def test_only_loopback_clients_may_inject_faults(
    client_address: tuple[str, int] | None, allowed: bool
) -> None:
    assert is_loopback_client({"type": "http", "client": client_address}) is allowed


def test_delay_processes_what_it_received_after_the_client_gave_up(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    """A PG commits what reached it, whether or not the caller still listens."""
    arm(api, endpoint=ONETIME, mode="delay", seconds=0.6)
    headers = {"Authorization": str(api.headers["Authorization"])}
    with loopback_client(sandbox.url, timeout=0.2) as impatient, pytest.raises(httpx.ReadTimeout):
        impatient.post(ONETIME, json=onetime_body("fault-late-delay"), headers=headers)
    paid = wait_for_payment(api, "fault-late-delay")
    assert paid["status"] == "paid"


def test_commit_later_answers_at_once_and_commits_afterwards(api: httpx.Client) -> None:
    arm(api, endpoint=ONETIME, mode="commit_later", seconds=0.5)
    response = api.post(ONETIME, json=onetime_body("fault-commit-later"))
    assert response.status_code == 504 and response.json()["response"] is None
    assert api.get("/payments/findAll/fault-commit-later").status_code == 404  # not yet
    assert wait_for_payment(api, "fault-commit-later")["status"] == "paid"


@pytest.mark.parametrize("seconds", ["NaN", "Infinity", -1, 10**9])
def test_fault_rules_with_impossible_waits_are_refused(api: httpx.Client, seconds: object) -> None:
    body = f'{{"endpoint": "{ONETIME}", "mode": "delay", "seconds": {seconds}}}'
    response = api.post(FAULTS, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert ok(api.get(FAULTS)) == []  # and the listing stays valid JSON


def wait_for_payment(api: httpx.Client, merchant_uid: str) -> dict[str, object]:
    for _ in range(100):
        found = api.get(f"/payments/findAll/{merchant_uid}")
        if found.status_code == 200:
            payment: dict[str, object] = found.json()["response"]["list"][0]
            return payment
        time.sleep(0.05)
    raise AssertionError(f"{merchant_uid} never committed")
