"""Thread-safe cache of the V1 access token (`POST /users/getToken`, reference §2).

The token is reused until shortly before it expires. Expiry is measured on the local monotonic
clock as `local_now + (expired_at - now)`, using the server's own `now`, so a wrong wall clock on
the terminal cannot make us send expired tokens (the server follows NTP; the PC may not). The local
instant is taken *before* the request goes out, which errs on the early side. A buffer (30 s like
the official PHP and Node clients) keeps a token from expiring in flight.

One lock covers check-and-fetch, so many threads needing a token at once cause a single getToken.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kcp_pos.iamport.models import AccessToken

DEFAULT_EXPIRY_BUFFER = 30.0


@dataclass(frozen=True)
class _CachedToken:
    value: str
    expires_at_local: float


class TokenCache:
    """Hands out a valid access token, fetching a new one through `fetch` when needed."""

    def __init__(
        self,
        fetch: Callable[[], AccessToken],
        *,
        expiry_buffer: float = DEFAULT_EXPIRY_BUFFER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._expiry_buffer = expiry_buffer
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: _CachedToken | None = None

    def get(self) -> str:
        """A token that is valid for at least `expiry_buffer` more seconds."""
        with self._lock:
            cached = self._cached
            if cached is not None and self._clock() < cached.expires_at_local:
                return cached.value
            return self._refresh_locked()

    def refresh(self) -> str:
        """Fetch a new token now, whatever is cached (used after an explicit `get_token`)."""
        with self._lock:
            return self._refresh_locked()

    def invalidate(self, rejected_token: str) -> None:
        """Forget `rejected_token` after a 401, unless another thread already replaced it."""
        with self._lock:
            if self._cached is not None and self._cached.value == rejected_token:
                self._cached = None

    def _refresh_locked(self) -> str:
        sent_at = self._clock()
        token = self._fetch()
        lifetime = token.expired_at - token.now
        self._cached = _CachedToken(
            value=token.access_token,
            expires_at_local=sent_at + lifetime - self._expiry_buffer,
        )
        return token.access_token
