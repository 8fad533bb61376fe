"""State survives a restart with the same data directory; card data never reaches the disk."""

from __future__ import annotations

from pathlib import Path

from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
from tests.sandbox.helpers import get_token, loopback_client, ok


def test_payments_keys_and_tokens_survive_a_restart(tmp_path: Path) -> None:
    config = SandboxConfig(data_dir=tmp_path / "data")
    first = SandboxServer(config)
    first.start()
    try:
        with loopback_client(first.url) as client:
            token = get_token(client)
            client.headers["Authorization"] = token
            body = {
                "merchant_uid": "persist-1",
                "amount": 1200,
                "card_number": "5570-4200-0005-1234",
                "expiry": "2031-07",
                "customer_uid": "persist-key",
            }
            payment = ok(client.post("/subscribe/payments/onetime", json=body))
    finally:
        first.stop()
    first.stop()  # idempotent
    second = SandboxServer(config)
    second.start()
    try:
        with loopback_client(second.url) as client:
            assert get_token(client) == token  # still valid, so the same token
            client.headers["Authorization"] = token
            assert ok(client.get(f"/payments/{payment['imp_uid']}")) == payment
            assert (
                ok(client.get("/subscribe/customers/persist-key"))["customer_uid"] == "persist-key"
            )
            duplicate = client.post("/subscribe/payments/onetime", json=body).json()
            assert duplicate["code"] == -1
    finally:
        second.stop()


def test_no_card_data_at_rest(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = SandboxServer(SandboxConfig(data_dir=data_dir))
    server.start()
    card = {
        "card_number": "9431-1676-5432-8118",
        "expiry": "2033-11",
        "birth": "731129",
        "pwd_2digit": "58",
    }
    try:
        with loopback_client(server.url) as client:
            client.headers["Authorization"] = get_token(client)
            ok(
                client.post(
                    "/subscribe/payments/onetime",
                    json={
                        "merchant_uid": "pan-1",
                        "amount": 1000,
                        "customer_uid": "pan-key",
                        **card,
                    },
                )
            )
            ok(client.post("/subscribe/customers/pan-key-2", json=card))
            body = {"customer_uid": "pan-sched", **card}
            body["schedules"] = [{"merchant_uid": "pan-s", "schedule_at": 4102444800, "amount": 1}]
            ok(client.post("/subscribe/payments/schedule", json=body))
            ok(
                client.post(
                    "/subscribe/payments/again",
                    json={"customer_uid": "pan-key", "merchant_uid": "pan-2", "amount": 1000},
                )
            )
    finally:
        server.stop()
    stored = b"".join(path.read_bytes() for path in data_dir.rglob("*") if path.is_file())
    assert stored  # the database was written
    assert b"943116" in stored and b"8118" in stored  # only the masked form is kept
    for secret in (
        "9431167654328118",
        "9431-1676-5432-8118",
        "7654328",
        "2033-11",
        "203311",
        "731129",
    ):
        assert secret.encode() not in stored, secret
    for field in (b"pwd_2digit", b"birth", b"expiry"):
        assert field not in stored
