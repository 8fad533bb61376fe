"""Whatever a client sends to any endpoint, the sandbox answers with a V1 envelope: never a plain
500, a traceback or a dropped connection. Bodies are generated: nested, huge, odd types, the real
field names with wrong values, form and JSON, truncated and binary."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcp_pos.sandbox.app import API_TABLE
from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
from tests.sandbox.helpers import (
    CARD_OK,
    EXPIRY_OK,
    get_token,
    issue_key,
    loopback_client,
    pay_onetime,
)

ENDPOINTS = [("/users/getToken", "POST"), *((path, method) for path, method, _ in API_TABLE)]
FIELD_NAMES = (
    "merchant_uid", "customer_uid", "imp_uid", "amount", "tax_free", "vat_amount", "checksum",
    "card_number", "expiry", "birth", "pwd_2digit", "card_quota", "name", "buyer_name",
    "custom_data", "currency", "pg", "escrow", "schedules", "schedule_at", "reason", "logis",
    "sender", "receiver", "company", "invoice", "sent_at", "page", "limit", "from", "to",
    "sorting", "imp_key", "imp_secret", "extra",
)  # fmt: skip
PLAUSIBLE = st.sampled_from(
    [CARD_OK, EXPIRY_OK, "871226", "00", 1000, 50_000, "1000", 0, -1, 4_102_444_800, "kcp", ""]
)
ANY_TEXT = st.lists(
    st.characters(whitelist_categories=("Cs",)) | st.characters(blacklist_categories=()),
    min_size=1,
    max_size=8,
).map("".join)  # st.text() leaves surrogates out whatever its alphabet
"""Every code point, lone surrogates (valid JSON escapes, no character) included."""
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.text(alphabet="0123456789-. e", max_size=30),
    ANY_TEXT,
    PLAUSIBLE,
)
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
JSON_OBJECTS = st.dictionaries(KEYS, VALUES, max_size=12)
CHANGES = st.one_of(VALUES, ANY_TEXT)


def _deep(depth: int) -> bytes:
    return ('{"x":' + "[" * depth + "]" * depth + "}").encode()


RAW_BODIES = st.one_of(
    JSON_OBJECTS.map(lambda body: ("application/json", json.dumps(body).encode())),
    JSON_OBJECTS.map(lambda body: ("", json.dumps(body).encode())),
    st.dictionaries(KEYS, st.text(max_size=20), max_size=8).map(
        lambda body: ("application/x-www-form-urlencoded", urlencode(body).encode())
    ),
    st.lists(
        st.tuples(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz_[]0123456789", max_size=30),
            st.text(max_size=10),
        ),
        max_size=8,
    ).map(lambda pairs: ("application/x-www-form-urlencoded", urlencode(pairs).encode())),
    st.integers(min_value=1, max_value=200_000).map(
        lambda depth: ("application/json", _deep(depth))
    ),
    st.binary(max_size=200).map(lambda raw: ("application/octet-stream", raw)),
    st.text(max_size=200).map(lambda text: ("application/json", text.encode())),
    VALUES.map(lambda value: ("application/json", json.dumps(value).encode())),
)
SEGMENTS = st.one_of(
    st.sampled_from(["imp_000000000000", "order-1", "cust-1", "paid", "all", "361"]),
    st.text(min_size=1, max_size=50),
)
QUERIES = st.dictionaries(KEYS, st.text(max_size=15) | st.integers().map(str), max_size=5)


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "sandbox", escrow_key_in=True)


@pytest.fixture
def api(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """A client with a token, a billing key `hyp-cust` and a paid escrow payment `hyp-paid`."""
    with loopback_client(sandbox.url) as http:
        http.headers["Authorization"] = get_token(http)
        issue_key(http, "hyp-cust")
        pay_onetime(http, "hyp-paid", amount=50_000, escrow=True)
        yield http


def _paid_imp_uid(api: httpx.Client) -> str:
    imp_uid: str = api.get("/payments/find/hyp-paid").json()["response"]["imp_uid"]
    return imp_uid


CARD = {"card_number": CARD_OK, "expiry": EXPIRY_OK, "birth": "871226", "pwd_2digit": "00"}
LATER = 4_102_444_900
LOGIS = {"company": "CJGLS", "invoice": "1234", "sent_at": 1_700_000_000}
TEMPLATES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/subscribe/payments/onetime", {"amount": 1000, "customer_uid": "hyp-new", **CARD}),
    ("POST", "/subscribe/payments/again", {"customer_uid": "hyp-cust", "amount": 1000}),
    ("POST", "/subscribe/payments/schedule", {
        "customer_uid": "hyp-cust",
        "schedules": [{"schedule_at": 4_102_444_800, "amount": 1000, "name": "정기"}],
    }),
    ("POST", "/subscribe/payments/unschedule", {"customer_uid": "hyp-cust"}),
    ("POST", "/subscribe/customers/hyp-cust", CARD),
    ("POST", "/payments/cancel", {"merchant_uid": "hyp-paid", "amount": 100, "checksum": 50_000}),
    ("POST", "/payments/prepare", {"amount": 1000}),
    ("PUT", "/payments/prepare", {"amount": 1000}),
    ("POST", "/escrows/logis/{paid}", {"sender": {}, "receiver": {}, "logis": LOGIS}),
    ("PUT", "/subscribe/payments/schedule/{merchant_uid}", {"schedule_at": LATER}),
    ("POST", "/subscribe/payments/schedule/{merchant_uid}/reschedule", {"schedule_at": LATER}),
    ("POST", "/users/getToken", {"imp_key": "imp_apikey", "imp_secret": "x"}),
]  # fmt: skip


def _path(template: str, segments: list[str]) -> str:
    names = re.findall(r"\{[^}]+\}", template)
    path = template
    for name, segment in zip(names, segments, strict=False):
        path = path.replace(name, quote(segment, safe=""), 1)
    return path


def _formable(body: dict[str, Any]) -> bool:
    """Plain values that UTF-8 can carry (a form cannot send a lone surrogate at all)."""
    if any(isinstance(value, (dict, list)) for value in body.values()):
        return False
    try:
        "".join(f"{key}{value}" for key, value in body.items()).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def assert_envelope(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"code", "message", "response"}, body
    assert isinstance(body["code"], int) and not isinstance(body["code"], bool)
    if body["code"] == 0:
        assert body["message"] is None and response.status_code in (200, 207)
    else:
        assert isinstance(body["message"], str) and body["message"]
        assert body["response"] is None


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    segments=st.lists(SEGMENTS, min_size=2, max_size=2),
    query=QUERIES,
    body=RAW_BODIES,
    slash=st.booleans(),
)
def test_every_endpoint_answers_any_body_with_an_envelope(
    api: httpx.Client,
    endpoint: tuple[str, str],
    segments: list[str],
    query: dict[str, str],
    body: tuple[str, bytes],
    slash: bool,
) -> None:
    template, method = endpoint
    content_type, content = body
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.request(
        method,
        _path(template, segments) + ("/" if slash else ""),
        params=query,
        content=content if method != "GET" else None,
        headers=headers,
    )
    assert_envelope(response)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    template=st.sampled_from(TEMPLATES),
    merchant_uid=st.text(alphabet="abcdefghij0123456789-_", min_size=1, max_size=40),
    data=st.data(),
    as_form=st.booleans(),
)
def test_almost_valid_requests_get_an_envelope(
    api: httpx.Client,
    template: tuple[str, str, dict[str, Any]],
    merchant_uid: str,
    data: st.DataObject,
    as_form: bool,
) -> None:
    """A valid request with one to three fields made odd (mostly fields the endpoint reads)
    reaches the deeper checks (card, amounts, schedules, escrow, storage) rather than stopping
    at the first missing parameter."""
    method, template_path, fields = template
    own_fields = st.sampled_from(sorted({"merchant_uid", *fields, "buyer_name", "name"}))
    names = own_fields | own_fields | st.sampled_from(FIELD_NAMES)
    changes = data.draw(st.dictionaries(names, CHANGES, min_size=1, max_size=3), label="changes")
    path = template_path.format(paid=_paid_imp_uid(api), merchant_uid=merchant_uid)
    body = {"merchant_uid": merchant_uid, **json.loads(json.dumps(fields)), **changes}
    if as_form and _formable(body):
        response = api.request(method, path, data={k: str(v) for k, v in body.items()})
    else:
        response = api.request(method, path, content=json.dumps(body).encode(),
                               headers={"Content-Type": "application/json"})  # fmt: skip
    assert_envelope(response)
