"""getToken through the client on the real sandbox: caching, 401 refresh-once, threads, headers."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest

from kcp_pos import __version__
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import AuthenticationError, NotFoundError, TransportError
from kcp_pos.iamport.models import PaymentStatus
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from tests.iamport.conftest import MakeClient, Recorder, free_port, onetime, running_sandbox


def test_one_get_token_serves_many_calls(client: IamportClient, recorder: Recorder) -> None:
    token = client.get_token()
    assert re.fullmatch(r"[0-9a-f]{40}", token)
    for _ in range(5):
        assert client.find_all_payments("nothing-here").total == 0
    assert client.get_token() == token
    assert recorder.token_requests == 1
    assert recorder.count("/payments/findAll/nothing-here") == 5


def test_requests_carry_bearer_token_json_and_user_agent(sandbox: SandboxServer) -> None:
    seen: list[httpx.Request] = []
    with IamportClient(
        sandbox.url,
        DEFAULT_IMP_KEY,
        DEFAULT_IMP_SECRET,
        event_hooks={"request": [seen.append]},
    ) as client:
        token = client.get_token()
        client.find_all_payments("x")
    token_request, lookup = seen
    assert token_request.url.path == "/users/getToken"
    assert "authorization" not in token_request.headers
    assert token_request.headers["content-type"] == "application/json"
    assert lookup.headers["authorization"] == f"Bearer {token}"
    assert lookup.headers["accept"] == "application/json"
    assert lookup.headers["user-agent"].startswith(f"kcp-pos/{__version__}")


@pytest.mark.parametrize("token_ttl", [1])
def test_token_is_refreshed_when_its_lifetime_runs_out(
    tmp_path: Path, recorder: Recorder, token_ttl: int
) -> None:
    with (
        running_sandbox(tmp_path / "sb", token_ttl=token_ttl) as server,
        IamportClient(
            server.url,
            DEFAULT_IMP_KEY,
            DEFAULT_IMP_SECRET,
            token_expiry_buffer=0.0,
            event_hooks={"request": [recorder]},
        ) as client,
    ):
        first = client.get_token()
        assert client.get_token() == first  # still inside its one second
        time.sleep(1.1)
        second = client.get_token()
        client.find_all_payments("x")
    assert second != first
    assert recorder.token_requests == 2
    assert recorder.count("/payments/findAll/x") == 1  # the fresh token was not refused


def test_a_401_refreshes_the_token_once_and_retries(tmp_path: Path, recorder: Recorder) -> None:
    # A restarted server with a fresh data dir no longer knows the cached token: the next call
    # gets a 401, the client fetches a new token and repeats the call once.
    with running_sandbox(tmp_path / "first") as first:
        port = int(first.url.rsplit(":", 1)[1])
        client = IamportClient(
            first.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, event_hooks={"request": [recorder]}
        )
        old_token = client.get_token()
    with client, running_sandbox(tmp_path / "second", port=port):
        page = client.find_all_payments("x")
        new_token = client.get_token()
    assert page.total == 0
    assert new_token != old_token
    assert recorder.count("/payments/findAll/x") == 2
    assert recorder.token_requests == 2


def test_wrong_credentials_raise_authentication_error(sandbox: SandboxServer) -> None:
    with (
        IamportClient(sandbox.url, DEFAULT_IMP_KEY, "wrong-secret") as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.get_payment("imp_000000000000")
    assert caught.value.http_status == 401
    assert "wrong-secret" not in str(caught.value)


def test_concurrent_first_calls_fetch_one_token(client: IamportClient, recorder: Recorder) -> None:
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def look_up() -> None:
        barrier.wait(timeout=5)
        try:
            client.get_payment("imp_000000000000")
        except NotFoundError as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=look_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert outcomes == ["NotFoundError"] * 8
    assert recorder.token_requests == 1
    assert recorder.count("/payments/imp_000000000000") == 8


def test_closed_port_is_a_transport_error_after_bounded_retries(
    make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{free_port()}", max_retries=2)
    with pytest.raises(TransportError) as caught:
        client.get_payment("imp_000000000000")
    assert caught.value.should_retry
    assert recorder.token_requests == 3  # the first try and two retries, then it gives up


def test_missing_credentials_are_refused_at_construction() -> None:
    with pytest.raises(ValueError):
        IamportClient("http://127.0.0.1:1", "", "")


def test_a_401_on_a_payment_refreshes_and_sends_it_once_more(
    tmp_path: Path, recorder: Recorder
) -> None:
    # A 401 means the request was not processed, so repeating even a payment is safe.
    with running_sandbox(tmp_path / "first") as first:
        port = int(first.url.rsplit(":", 1)[1])
        client = IamportClient(
            first.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, event_hooks={"request": [recorder]}
        )
        client.get_token()
    with client, running_sandbox(tmp_path / "second", port=port):
        result = client.pay_onetime(onetime("order-401"))
        assert [p.status for p in client.find_every_payment("order-401")] == [PaymentStatus.PAID]
    assert result.paid
    assert recorder.count("/subscribe/payments/onetime") == 2
