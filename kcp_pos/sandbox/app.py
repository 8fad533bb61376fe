"""The Starlette application: V1 routes (with and without a trailing slash) and sandbox admin.

Each route parses the request into `Params`, checks the token, and runs its operation on a worker
thread (the operations use SQLite synchronously); the result becomes the V1 envelope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from kcp_pos.domain.card_issuers import ISSUERS
from kcp_pos.sandbox import (
    billing,
    cancels,
    charges,
    clock,
    escrow,
    lookups,
    prepared,
    schedule_edits,
    schedules,
    tokens,
)
from kcp_pos.sandbox.body import (
    MAX_BODY_BYTES,
    Params,
    check_path,
    is_json_body,
    parse_body,
    query_list,
    query_pairs,
)
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import BODY_TOO_LARGE, UNAUTHORIZED, ApiFailure
from kcp_pos.sandbox.faults import FaultBook, FaultInjection, is_loopback_client, parse_rule
from kcp_pos.sandbox.json_response import failure, success
from kcp_pos.sandbox.paging import Page
from kcp_pos.sandbox.window_routes import window_routes


@dataclass(frozen=True)
class Call:
    """One request as the operations see it."""

    path: dict[str, str]
    params: Params  # query string and body merged (body wins)
    query_items: list[tuple[str, str]] = field(default_factory=list)
    json_body: bool = False


@dataclass(frozen=True)
class Reply:
    payload: Any
    status: int = 200


Operation = Callable[[Sandbox, Call], Any]


def to_json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Page):
        return {
            "total": value.total,
            "previous": value.previous,
            "next": value.next,
            "list": [to_json(item) for item in value.items],
        }
    if isinstance(value, list):
        return [to_json(item) for item in value]
    return value


def _run(sandbox: Sandbox, operation: Operation, call: Call, headers: dict[str, str]) -> Response:
    if not tokens.is_authorized(sandbox, headers):
        return failure(-1, UNAUTHORIZED, 401, headers={"WWW-Authorize": "iamport"})
    charges.run_due_schedules(sandbox)
    return _reply(sandbox, operation, call)


def _reply(sandbox: Sandbox, operation: Operation, call: Call) -> Response:
    try:
        result = operation(sandbox, call)
    except ApiFailure as error:
        return failure(error.code, error.message, error.status)
    reply = result if isinstance(result, Reply) else Reply(result)
    return success(to_json(reply.payload), reply.status)


async def _body_of(request: Request) -> bytes:
    """The body, read no further than `MAX_BODY_BYTES` (a huge upload is refused, not buffered)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiFailure(BODY_TOO_LARGE, status=413)
        chunks.append(chunk)
    return b"".join(chunks)


async def _call_of(request: Request) -> Call:
    """Path, query and body as UTF-8 text; what is not UTF-8 is refused, never replaced."""
    check_path(request.scope.get("raw_path") or b"")  # uvicorn always gives the raw path
    query_items = query_pairs(request.scope.get("query_string", b""))
    values: dict[str, Any] = dict(query_items)  # a repeated name: the last value, as Starlette
    json_body = False
    if request.method in ("POST", "PUT", "DELETE"):
        raw, content_type = await _body_of(request), request.headers.get("content-type", "")
        values.update(parse_body(raw, content_type))
        json_body = is_json_body(raw, content_type)
    return Call(dict(request.path_params), Params(values), query_items, json_body)


def endpoint(
    operation: Operation, *, auth: bool = True
) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        sandbox: Sandbox = request.app.state.sandbox
        try:
            call = await _call_of(request)
        except ApiFailure as error:
            return failure(error.code, error.message, error.status)
        if not auth:
            return await run_in_threadpool(_reply, sandbox, operation, call)
        headers = {key.lower(): value for key, value in request.headers.items()}
        return await run_in_threadpool(_run, sandbox, operation, call, headers)

    return handle


def routes_for(
    path: str, method: str, operation: Operation, *, auth: bool = True
) -> list[BaseRoute]:
    """The path with and without a trailing slash (official clients use both, reference §1.1)."""
    handler = endpoint(operation, auth=auth)
    return [Route(p, handler, methods=[method]) for p in (path, path + "/")]


# --------------------------------------------------------------------------- operations


def _listed(payload: tuple[list[Any], int]) -> Reply:
    items, status = payload
    return Reply(items, status)


def _schedule_list(customer_path_key: str | None) -> Operation:
    """The merchant-wide list uses `schedule_from`/`schedule_to`; per-customer ones `from`/`to`."""

    def run(sb: Sandbox, c: Call) -> Any:
        if customer_path_key is None:
            return schedules.list_schedules(
                sb, c.params, customer_uid=None, from_name="schedule_from",
                to_name="schedule_to", status_names=("schedule_status",),
            )  # fmt: skip
        return schedules.list_schedules(
            sb, c.params, customer_uid=c.path[customer_path_key], from_name="from",
            to_name="to", status_names=("schedule-status", "schedule_status"),
        )  # fmt: skip

    return run


def _get_customers(sb: Sandbox, c: Call) -> Reply:
    return _listed(billing.get_billing_keys(sb, query_list(c.query_items, "customer_uid")))


def _get_payments(sb: Sandbox, c: Call) -> Reply:
    imp_uids = query_list(c.query_items, "imp_uid")
    merchant_uids = query_list(c.query_items, "merchant_uid")
    return _listed(lookups.get_payments(sb, imp_uids, merchant_uids))


def _find(sb: Sandbox, c: Call) -> Any:
    return lookups.find_payment(sb, c.path["merchant_uid"], c.path.get("payment_status"), c.params)


def _find_all(sb: Sandbox, c: Call) -> Any:
    status = c.path.get("payment_status")
    return lookups.find_all_payments(sb, c.path["merchant_uid"], status, c.params)


_CUSTOMER = "/subscribe/customers/{customer_uid}"
_LOGIS = "/escrows/logis/{imp_uid}"

# (path, method, operation); order matters where a template could swallow a literal path.
API_TABLE: list[tuple[str, str, Operation]] = [
    ("/subscribe/payments/onetime", "POST", lambda sb, c: charges.pay_onetime(sb, c.params)),
    ("/subscribe/payments/again", "POST", lambda sb, c: charges.pay_again(sb, c.params)),
    ("/subscribe/payments/schedule", "POST",
     lambda sb, c: schedules.schedule_payments(sb, c.params)),
    ("/subscribe/payments/schedule", "GET", _schedule_list(None)),
    ("/subscribe/payments/unschedule", "POST",
     lambda sb, c: schedules.unschedule_payments(sb, c.params)),
    ("/subscribe/payments/schedule/customers/{customer_uid}", "GET",
     _schedule_list("customer_uid")),
    ("/subscribe/payments/schedule/{merchant_uid}", "GET",
     lambda sb, c: schedules.get_schedule(sb, c.path["merchant_uid"])),
    ("/subscribe/customers", "GET", _get_customers),
    (_CUSTOMER + "/payments", "GET",
     lambda sb, c: lookups.customer_payments(sb, c.path["customer_uid"], c.params)),
    (_CUSTOMER + "/schedules", "GET", _schedule_list("customer_uid")),
    (_CUSTOMER, "POST",
     lambda sb, c: billing.issue_billing_key(sb, c.path["customer_uid"], c.params)),
    (_CUSTOMER, "GET", lambda sb, c: billing.get_billing_key(sb, c.path["customer_uid"])),
    (_CUSTOMER, "DELETE", lambda sb, c: billing.delete_billing_key(sb, c.path["customer_uid"])),
    ("/subscribe/payments/schedule/{merchant_uid}", "PUT",
     lambda sb, c: schedule_edits.move_schedule(sb, c.path["merchant_uid"], c.params)),
    ("/subscribe/payments/schedule/{merchant_uid}/reschedule", "POST",
     lambda sb, c: schedule_edits.book_again(sb, c.path["merchant_uid"], c.params)),
    ("/subscribe/payments/schedule/{merchant_uid}/retry", "POST",
     lambda sb, c: schedule_edits.retry_now(sb, c.path["merchant_uid"])),
    ("/payments", "GET", _get_payments),
    ("/payments/prepare", "POST", lambda sb, c: prepared.prepare(sb, c.params)),
    ("/payments/prepare", "PUT", lambda sb, c: prepared.change_prepared(sb, c.params)),
    ("/payments/prepare/{merchant_uid}", "GET",
     lambda sb, c: prepared.get_prepared(sb, c.path["merchant_uid"])),
    ("/payments/cancel", "POST", lambda sb, c: cancels.cancel_payment(sb, c.params)),
    ("/payments/find/{merchant_uid}", "GET", _find),
    ("/payments/find/{merchant_uid}/{payment_status}", "GET", _find),
    ("/payments/findAll/{merchant_uid}", "GET", _find_all),
    ("/payments/findAll/{merchant_uid}/{payment_status}", "GET", _find_all),
    ("/payments/status/{payment_status}", "GET",
     lambda sb, c: lookups.payments_by_status(sb, c.path["payment_status"], c.params)),
    ("/payments/{imp_uid}", "GET", lambda sb, c: lookups.get_payment(sb, c.path["imp_uid"])),
    (_LOGIS, "POST", lambda sb, c: escrow.register_logis(
        sb, c.path["imp_uid"], c.params, json_body=c.json_body)),
    (_LOGIS, "GET", lambda sb, c: escrow.read_logis(sb, c.path["imp_uid"])),
    (_LOGIS, "PUT", lambda sb, c: escrow.edit_logis(sb, c.path["imp_uid"])),
    ("/cards", "GET", lambda sb, c: _card_codes()),
    ("/cards/{card_standard_code}", "GET", lambda sb, c: _card_code(c.path["card_standard_code"])),
]  # fmt: skip


def _api_routes() -> list[BaseRoute]:
    routes = routes_for(
        "/users/getToken", "POST", lambda sb, c: tokens.issue_token(sb, c.params), auth=False
    )
    for path, method, operation in API_TABLE:
        routes.extend(routes_for(path, method, operation))
    return routes


def _card_codes() -> list[dict[str, str]]:
    return [{"code": issuer.code, "name": issuer.name_ko} for issuer in ISSUERS.values()]


def _card_code(code: str) -> dict[str, str]:
    issuer = ISSUERS.get(code)
    if issuer is None:
        raise ApiFailure("존재하지 않는 카드사 코드입니다.", status=404)
    return {"code": issuer.code, "name": issuer.name_ko}


# --------------------------------------------------------------------------- sandbox admin


async def _health(request: Request) -> Response:
    return success({"status": "ok"})


async def _faults(request: Request) -> Response:
    """Arm (POST), list (GET) or clear (DELETE) fault rules: loopback clients only."""
    if not is_loopback_client(request.scope):
        return failure(-1, "Forbidden", 403)
    book: FaultBook = request.app.state.faults
    if request.method == "DELETE":
        return success({"cleared": book.clear()})
    if request.method == "POST":
        try:
            rule = parse_rule(parse_body(await request.body(), "application/json"))
        except ApiFailure as error:
            return failure(error.code, error.message, error.status)
        book.add(rule)
    return success([rule.public() for rule in book.rules()])


def _admin_routes() -> list[BaseRoute]:
    return [
        Route("/__sandbox__/health", _health, methods=["GET"]),
        Route("/__sandbox__/faults", _faults, methods=["GET", "POST", "DELETE"]),
        Route("/__sandbox__/clock", _clock, methods=["GET", "POST"]),
    ]


async def _clock(request: Request) -> Response:
    """Read (GET) or move ahead (POST `{"advance_seconds": N}`) the sandbox clock: loopback only."""
    if not is_loopback_client(request.scope):
        return failure(-1, "Forbidden", 403)
    sandbox: Sandbox = request.app.state.sandbox
    if request.method == "GET":
        return success(await run_in_threadpool(clock.clock_state, sandbox))
    try:
        body = parse_body(await request.body(), "application/json")
        state = await run_in_threadpool(clock.advance_clock, sandbox, body)
    except ApiFailure as error:
        return failure(error.code, error.message, error.status)
    return success(state)


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    return failure(-1, "Not Found" if status == 404 else "Method Not Allowed", status)


def create_app(sandbox: Sandbox, faults: FaultBook) -> ASGIApp:
    app = Starlette(
        routes=[*_api_routes(), *_admin_routes(), *window_routes()],
        exception_handlers={404: _http_error, 405: _http_error},
    )
    app.router.redirect_slashes = False
    app.state.sandbox = sandbox
    app.state.faults = faults
    return FaultInjection(app, faults)
