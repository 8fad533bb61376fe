"""Tokens and authentication headers (reference §2, §1.4, checklist §14.2)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
from tests.sandbox.helpers import (
    DEMO_KEY,
    DEMO_SECRET,
    get_token,
    loopback_client,
    ok,
    refused,
)

CREDENTIALS = {"imp_key": DEMO_KEY, "imp_secret": DEMO_SECRET}
UNAUTHORIZED = {"code": -1, "message": "Unauthorized", "response": None}


def token_of(client: httpx.Client, **kwargs: Any) -> dict[str, Any]:
    result: dict[str, Any] = ok(client.post("/users/getToken", **kwargs))
    return result


def test_form_and_json_token_requests_both_work(client: httpx.Client) -> None:
    from_json = token_of(client, json=CREDENTIALS)
    from_form = token_of(client, data=CREDENTIALS)
    assert from_form["access_token"] == from_json["access_token"]  # reused while valid


def test_trailing_slash_is_accepted_for_get_token(client: httpx.Client) -> None:
    token = ok(client.post("/users/getToken/", json=CREDENTIALS))
    assert re.fullmatch(r"[0-9a-f]{40}", token["access_token"])


@pytest.mark.parametrize("body", [{}, {"imp_key": DEMO_KEY}, {"imp_secret": DEMO_SECRET}])
def test_missing_credentials_are_400_with_the_exact_message(
    client: httpx.Client, body: dict[str, str]
) -> None:
    response = client.post("/users/getToken", json=body)
    assert response.status_code == 400
    assert response.json()["message"] == "imp_key, imp_secret 파라메터가 누락되었습니다."
    assert response.json()["response"] is None


def test_wrong_credentials_are_401(client: httpx.Client) -> None:
    response = client.post("/users/getToken", json={"imp_key": DEMO_KEY, "imp_secret": "wrong"})
    assert response.status_code == 401
    assert response.json()["code"] != 0 and response.json()["response"] is None


def test_the_same_token_is_returned_while_it_is_valid(client: httpx.Client) -> None:
    first = token_of(client, json=CREDENTIALS)
    second = token_of(client, json=CREDENTIALS)
    assert second["access_token"] == first["access_token"]
    assert second["expired_at"] == first["expired_at"]  # more than a minute left: not extended


@pytest.mark.parametrize(
    "headers",
    [
        lambda token: {"Authorization": f"Bearer {token}"},
        lambda token: {"Authorization": token},
        lambda token: {"X-ImpTokenHeader": token},
    ],
    ids=["bearer", "bare", "x-imptokenheader"],
)
def test_all_three_header_styles_authenticate(
    client: httpx.Client, headers: Callable[[str], dict[str, str]]
) -> None:
    response = client.get("/payments/imp_000000000000", headers=headers(get_token(client)))
    assert response.status_code == 404  # authenticated: the payment simply does not exist


def test_authorization_wins_over_the_legacy_header(client: httpx.Client) -> None:
    token = get_token(client)
    bad_wins = client.get(
        "/payments/imp_000000000000",
        headers={"Authorization": "Bearer " + "0" * 40, "X-ImpTokenHeader": token},
    )
    assert bad_wins.status_code == 401
    good_wins = client.get(
        "/payments/imp_000000000000",
        headers={"Authorization": token, "X-ImpTokenHeader": "0" * 40},
    )
    assert good_wins.status_code == 404


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer " + "f" * 40}])
def test_missing_or_unknown_token_is_401_unauthorized(
    client: httpx.Client, headers: dict[str, str]
) -> None:
    response = client.get("/payments/status/paid", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response.headers["WWW-Authorize"] == "iamport"
    refused(client.post("/payments/cancel", headers=headers, json={}), -1, "Unauthorized", 401)


class TestShortLivedTokens:
    @pytest.fixture
    def sandbox_config(self, tmp_path: Path) -> SandboxConfig:
        return SandboxConfig(data_dir=tmp_path / "sandbox", token_ttl=30)

    def test_less_than_a_minute_left_extends_by_five_minutes(self, client: httpx.Client) -> None:
        first = token_of(client, json=CREDENTIALS)
        assert int(first["expired_at"]) - int(first["now"]) == 30
        second = token_of(client, json=CREDENTIALS)
        assert second["access_token"] == first["access_token"]
        assert second["expired_at"] == int(first["expired_at"]) + 300


def test_an_expired_token_is_refused_and_a_new_one_issued(tmp_path: Path) -> None:
    server = SandboxServer(SandboxConfig(data_dir=tmp_path / "sandbox", token_ttl=1))
    server.start()
    try:
        with loopback_client(server.url) as client:
            first = token_of(client, json=CREDENTIALS)
            deadline = time.monotonic() + 5
            while time.time() < int(first["expired_at"]) and time.monotonic() < deadline:
                time.sleep(0.05)
            old = {"Authorization": f"Bearer {first['access_token']}"}
            assert client.get("/payments/status/paid", headers=old).status_code == 401
            second = token_of(client, json=CREDENTIALS)
            assert second["access_token"] != first["access_token"]
            new = {"Authorization": f"Bearer {second['access_token']}"}
            assert client.get("/payments/status/paid", headers=new).status_code == 200
    finally:
        server.stop()
