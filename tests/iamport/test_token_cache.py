"""The token cache's expiry arithmetic and locking, with a hand-driven clock and fetcher."""

from __future__ import annotations

import threading
import time

from kcp_pos.iamport.models import AccessToken
from kcp_pos.iamport.token import TokenCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Issuer:
    """Hands out numbered tokens with the server's `now`/`expired_at`, like getToken does."""

    def __init__(self, server_now: int = 1_700_000_000, lifetime: int = 1800) -> None:
        self.server_now = server_now
        self.lifetime = lifetime
        self.calls = 0

    def __call__(self) -> AccessToken:
        self.calls += 1
        return AccessToken(
            access_token=f"token-{self.calls}",
            now=self.server_now,
            expired_at=self.server_now + self.lifetime,
        )


def test_token_is_reused_until_buffer_before_expiry() -> None:
    clock, issuer = Clock(), Issuer()
    cache = TokenCache(issuer, expiry_buffer=30, clock=clock)
    assert cache.get() == "token-1"
    clock.now += 1800 - 31
    assert cache.get() == "token-1"
    clock.now += 1
    assert cache.get() == "token-2"
    assert issuer.calls == 2


def test_expiry_follows_server_now_not_an_absolute_timestamp() -> None:
    # The server's clock is years ahead of ours: only the difference expired_at - now matters.
    clock, issuer = Clock(), Issuer(server_now=4_000_000_000, lifetime=60)
    cache = TokenCache(issuer, expiry_buffer=10, clock=clock)
    cache.get()
    clock.now += 49
    assert cache.get() == "token-1"
    clock.now += 1
    assert cache.get() == "token-2"


def test_a_token_shorter_than_the_buffer_is_never_reused() -> None:
    clock, issuer = Clock(), Issuer(lifetime=20)
    cache = TokenCache(issuer, expiry_buffer=30, clock=clock)
    assert [cache.get(), cache.get()] == ["token-1", "token-2"]


def test_invalidate_drops_only_the_rejected_token() -> None:
    clock, issuer = Clock(), Issuer()
    cache = TokenCache(issuer, clock=clock)
    cache.get()
    cache.invalidate("some-older-token")
    assert cache.get() == "token-1"
    cache.invalidate("token-1")
    assert cache.get() == "token-2"
    assert cache.refresh() == "token-3"


def test_concurrent_callers_share_one_fetch() -> None:
    gate = threading.Event()
    issuer = Issuer()

    def slow_fetch() -> AccessToken:
        gate.wait(timeout=5)
        return issuer()

    cache = TokenCache(slow_fetch)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)  # let every thread reach the lock while the first fetch is held
    gate.set()
    for thread in threads:
        thread.join(timeout=5)
    assert results == ["token-1"] * 8
    assert issuer.calls == 1
