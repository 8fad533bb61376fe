"""JSON exactly as the live V1 API writes it: sorted keys, `\\uXXXX` escapes, `/` as `\\/`.

Clients must parse this shape (reference §1.2), so the sandbox produces it rather than the
friendlier plain UTF-8 a JSON library would emit by default.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

CONTENT_TYPE = "application/json; charset=UTF-8"


def render_iamport_json(payload: Any) -> bytes:
    """`/` only ever occurs inside JSON strings, where `\\/` is a legal escape for it."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/").encode("ascii")


def envelope(code: int, message: str | None, response: Any) -> dict[str, Any]:
    return {"code": code, "message": message, "response": response}


class IamportJSONResponse(Response):
    """A Starlette response whose body is the V1-style JSON rendering of `content`."""

    media_type = CONTENT_TYPE

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(content, status_code=status_code, headers=headers)

    def render(self, content: Any) -> bytes:
        return render_iamport_json(content)


def success(response: Any, status_code: int = 200) -> IamportJSONResponse:
    return IamportJSONResponse(envelope(0, None, response), status_code=status_code)


def failure(
    code: int, message: str, status_code: int = 200, headers: dict[str, str] | None = None
) -> IamportJSONResponse:
    return IamportJSONResponse(envelope(code, message, None), status_code, headers)
