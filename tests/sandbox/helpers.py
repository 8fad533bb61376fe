"""Helpers for the sandbox conformance tests: raw httpx over loopback, nothing else.

These tests deliberately do not use kcp_pos.iamport's client: they check the sandbox against
the reference (field lists in reference_fields.py, the live samples quoted in the reference).
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx

# Loading the CA bundle costs ~0.1 s per client; the sandbox is plain HTTP, so share one context.
SHARED_TLS_CONTEXT = ssl.create_default_context()


def loopback_client(base_url: str, timeout: float = 10) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=timeout, verify=SHARED_TLS_CONTEXT)


# The public PortOne demo credentials (reference §2), which the sandbox accepts by default.
DEMO_KEY = "imp_apikey"
DEMO_SECRET = "ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f"

# Luhn-valid test cards (docs/sandbox.md). 557042 is the KB국민 BIN of the live KCP sample.
CARD_OK = "5570-4200-0005-1234"
CARD_OK_SHINHAN = "4518-4200-0001-1111"
CARD_UNKNOWN_BIN = "1234-5600-0001-1238"
CARD_CC03 = "5570-4200-0007-0002"
CARD_CC10 = "5570-4200-0007-9995"
CARD_CC07 = "5570-4200-0007-0069"
CARD_CC35 = "5570-4200-0007-0036"
CARD_CC43 = "5570-4200-0008-0043"
EXPIRY_OK = "2031-07"


def card_fields(card_number: str = CARD_OK, **extra: Any) -> dict[str, Any]:
    return {"card_number": card_number, "expiry": EXPIRY_OK, "birth": "871226", **extra}


def get_token(client: httpx.Client) -> str:
    response = client.post("/users/getToken", json={"imp_key": DEMO_KEY, "imp_secret": DEMO_SECRET})
    assert response.status_code == 200, response.text
    token = response.json()["response"]["access_token"]
    assert isinstance(token, str)
    return token


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The `response` of a successful envelope (asserting `code 0`, `message null`)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == 0, body
    assert body["message"] is None
    return body["response"]


def refused(response: httpx.Response, code: int, message: str, status: int = 200) -> None:
    assert response.status_code == status, response.text
    assert response.json() == {"code": code, "message": message, "response": None}


def pay_onetime(api: httpx.Client, merchant_uid: str, amount: int = 1000, **fields: Any) -> Any:
    body = {"merchant_uid": merchant_uid, "amount": amount, **card_fields(**fields)}
    return ok(api.post("/subscribe/payments/onetime", json=body))


def issue_key(api: httpx.Client, customer_uid: str, **fields: Any) -> Any:
    return ok(api.post(f"/subscribe/customers/{customer_uid}", json=card_fields(**fields)))
