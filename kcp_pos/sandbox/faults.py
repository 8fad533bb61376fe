"""Fault injection for reliability tests: delay, error status, commit-then-stall, commit later.

`POST /__sandbox__/faults` with `{"endpoint", "mode", "seconds", "status", "times"[, "method"]}`
arms a rule; `DELETE /__sandbox__/faults` clears them. Rules live in memory only.

* `delay`: wait `seconds`, then process what was received, whether or not the client is still
  listening (a real PG commits what reached it; the answer then goes nowhere).
* `error`: answer `status` with an error envelope without processing anything.
* `stall_after_commit`: process and persist, then hold the finished response for `seconds`, so
  a client with a shorter read timeout gives up although the money moved.
* `commit_later`: answer `status` (504 unless given) at once, as a gateway that gave up, and
  process the request `seconds` later: a late commit, which can land after the caller has
  looked the order up, found nothing and settled it as not charged.

`endpoint` matches the request path ignoring a trailing slash; a segment written as `{name}`
matches any one segment (`/payments/{imp_uid}`). A rule applies to the next `times` matching
requests (default 1). Waiting uses `asyncio.sleep`, so other requests keep being served.
"""

from __future__ import annotations

import asyncio
import math
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kcp_pos.sandbox.errors import ApiFailure, invalid_parameter, missing_parameter
from kcp_pos.sandbox.json_response import failure

ADMIN_PREFIX = "/__sandbox__"
MAX_FAULT_SECONDS = 24 * 3600.0
"""Longer waits are no test's; NaN and infinity are refused (the listing must stay JSON)."""
LOOPBACK_CLIENTS = frozenset({"127.0.0.1", "::1", "localhost"})


class FaultMode(StrEnum):
    DELAY = "delay"
    ERROR = "error"
    STALL_AFTER_COMMIT = "stall_after_commit"
    COMMIT_LATER = "commit_later"


@dataclass
class FaultRule:
    endpoint: str
    mode: FaultMode
    seconds: float = 0.0
    status: int = 500
    times: int = 1
    method: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        wanted = _segments(self.endpoint)
        actual = _segments(path)
        return len(wanted) == len(actual) and all(
            (w.startswith("{") and w.endswith("}")) or w == a
            for w, a in zip(wanted, actual, strict=True)
        )

    def public(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "mode": self.mode.value,
            "seconds": self.seconds,
            "status": self.status,
            "times": self.times,
            "method": self.method,
        }


def _segments(path: str) -> list[str]:
    return [segment for segment in path.strip().split("/") if segment]


def parse_rule(body: dict[str, Any]) -> FaultRule:
    """Validate a rule posted to `/__sandbox__/faults` (bad input is HTTP 400)."""
    endpoint = body.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint.startswith("/"):
        raise ApiFailure(missing_parameter("endpoint"), status=400)
    try:
        mode = FaultMode(str(body.get("mode")))
    except ValueError:
        raise ApiFailure(invalid_parameter("mode"), status=400) from None
    default_status = 504 if mode is FaultMode.COMMIT_LATER else 500
    seconds = body.get("seconds", 0)
    status, times = body.get("status", default_status), body.get("times", 1)
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not math.isfinite(seconds)
        or not 0 <= seconds <= MAX_FAULT_SECONDS
    ):
        raise ApiFailure(invalid_parameter("seconds"), status=400)
    if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        raise ApiFailure(invalid_parameter("status"), status=400)
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ApiFailure(invalid_parameter("times"), status=400)
    method = body.get("method")
    if method is not None and not isinstance(method, str):
        raise ApiFailure(invalid_parameter("method"), status=400)
    return FaultRule(endpoint, mode, float(seconds), status, times, method)


class FaultBook:
    """The armed rules; each matching request uses up one of a rule's `times`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> int:
        with self._lock:
            count = len(self._rules)
            self._rules.clear()
            return count

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def take(self, method: str, path: str) -> FaultRule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    rule.times -= 1
                    if rule.times == 0:
                        self._rules.remove(rule)
                    return rule
        return None


def is_loopback_client(scope: Scope) -> bool:
    client = scope.get("client")
    return client is not None and client[0] in LOOPBACK_CLIENTS


class FaultInjection:
    """ASGI middleware applying the armed rules to API requests (never to the admin paths)."""

    def __init__(self, app: ASGIApp, book: FaultBook) -> None:
        self.app = app
        self.book = book
        self._later: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        rule = self.book.take(scope["method"], path)
        if rule is None:
            await self.app(scope, receive, send)
        elif rule.mode is FaultMode.DELAY:
            replay = await _received(receive)
            await asyncio.sleep(rule.seconds)
            await self.app(scope, replay, send)  # uvicorn drops an answer nobody waits for
        elif rule.mode is FaultMode.ERROR:
            await _error(rule)(scope, receive, send)
        elif rule.mode is FaultMode.COMMIT_LATER:
            replay = await _received(receive)
            await _error(rule)(scope, replay, send)
            task = asyncio.create_task(self._commit_later(rule, scope, replay))
            self._later.add(task)  # held until done: a task nobody references may be collected
            task.add_done_callback(self._later.discard)
        else:
            await self._stall_after_commit(rule, scope, receive, send)

    async def _commit_later(self, rule: FaultRule, scope: Scope, replay: Receive) -> None:
        await asyncio.sleep(rule.seconds)

        async def nowhere(message: Message) -> None:
            pass  # the caller was answered long ago

        await self.app(scope, replay, nowhere)

    async def _stall_after_commit(
        self, rule: FaultRule, scope: Scope, receive: Receive, send: Send
    ) -> None:
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)  # handlers commit before they return a response
        await asyncio.sleep(rule.seconds)
        for message in held:
            await send(message)


def _error(rule: FaultRule) -> ASGIApp:
    return failure(-1, f"sandbox fault injection (HTTP {rule.status})", rule.status)


async def _received(receive: Receive) -> Receive:
    """Read the whole request now; the returned `receive` hands it out again, then reports the
    client gone (which the handlers never wait for once the body is read)."""
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    return replay
