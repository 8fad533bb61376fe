"""The browser side of the sandbox: `/v1/iamport.js` (the CDN's path), the window's pages, and
two loopback-only admin actions for tests and training: a virtual account's deposit and the
parameters a window payment was made with (its `kcpProducts`)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from kcp_pos.sandbox import pay_window
from kcp_pos.sandbox.body import MAX_BODY_BYTES, Params, nesting_of, parse_body
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import ApiFailure
from kcp_pos.sandbox.faults import is_loopback_client
from kcp_pos.sandbox.json_response import failure, success
from kcp_pos.sandbox.window_page import done_page, window_page
from kcp_pos.sandbox.window_request import WindowRefused

MAX_REQUEST_NESTING = 6
"""The request object → params → kcpProducts/card → an item → (card.detail's item)."""


def _sdk_script() -> bytes:
    return resources.files("kcp_pos.sandbox").joinpath("static/iamport.js").read_bytes()


async def _script(request: Request) -> Response:
    return Response(
        _sdk_script(),
        media_type="application/javascript; charset=utf-8",
        headers={"Cache-Control": "max-age=600"},  # as a CDN's script is cached
    )


async def _form(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiFailure("too large", status=413)
    return parse_body(raw, request.headers.get("content-type", ""))


def _payload(fields: dict[str, Any]) -> tuple[Any, Any]:
    try:
        payload = json.loads(str(fields.get("request", "")))
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(payload, dict) or nesting_of(payload) > MAX_REQUEST_NESTING:
        return None, None
    return payload.get("imp"), payload.get("params")


async def _open(request: Request) -> Response:
    sandbox: Sandbox = request.app.state.sandbox
    try:
        imp_code, params = _payload(await _form(request))
    except ApiFailure:
        imp_code = params = None
    try:
        opened = await run_in_threadpool(pay_window.open_window, sandbox, imp_code, params)
    except WindowRefused as refused:
        return HTMLResponse(done_page(pay_window.failure_rsp(params, refused.message)))
    return HTMLResponse(window_page(opened))


async def _act(request: Request) -> Response:
    """`…/pay` or `…/cancel`: the callback's `rsp`, or the window again with what was wrong."""
    sandbox: Sandbox = request.app.state.sandbox
    token, action = request.path_params["token"], request.path_params["action"]
    if action not in ("pay", "cancel"):
        return failure(-1, "Not Found", 404)
    try:
        form = Params(await _form(request))
    except ApiFailure:
        form = Params({})
    try:
        if action == "cancel":
            rsp = await run_in_threadpool(pay_window.cancel, sandbox, token)
        else:
            rsp = await run_in_threadpool(pay_window.pay, sandbox, token, form)
    except WindowRefused as refused:
        try:
            opened = await run_in_threadpool(pay_window.opened, sandbox, token)
        except WindowRefused:
            return HTMLResponse(done_page(pay_window.failure_rsp(None, refused.message)))
        return HTMLResponse(window_page(opened, refused.message))
    return HTMLResponse(done_page(rsp))


async def _deposit(request: Request) -> Response:
    """`POST /__sandbox__/vbank/{imp_uid}/deposit`: the buyer deposits (loopback only)."""
    if not is_loopback_client(request.scope):
        return failure(-1, "Forbidden", 403)
    sandbox: Sandbox = request.app.state.sandbox
    try:
        payment = await run_in_threadpool(
            pay_window.deposit, sandbox, request.path_params["imp_uid"]
        )
    except ApiFailure as error:
        return failure(error.code, error.message, error.status)
    return success(payment.model_dump(mode="json"))


async def _window_params(request: Request) -> Response:
    """`GET /__sandbox__/window/payments/{imp_uid}`: what the page handed `request_pay`."""
    if not is_loopback_client(request.scope):
        return failure(-1, "Forbidden", 403)
    sandbox: Sandbox = request.app.state.sandbox
    try:
        params = await run_in_threadpool(
            pay_window.window_params, sandbox, request.path_params["imp_uid"]
        )
    except ApiFailure as error:
        return failure(error.code, error.message, error.status)
    return success(params)


def window_routes() -> list[BaseRoute]:
    return [
        Route("/v1/iamport.js", _script, methods=["GET"]),
        Route("/__sandbox__/window", _open, methods=["POST"]),
        Route("/__sandbox__/window/payments/{imp_uid}", _window_params, methods=["GET"]),
        Route("/__sandbox__/window/{token}/{action:str}", _act, methods=["POST"]),
        Route("/__sandbox__/vbank/{imp_uid}/deposit", _deposit, methods=["POST"]),
    ]
