"""Decoding V1 response bodies: the `{code, message, response}` envelope and its payload.

Kept apart from HTTP so it can be tested on raw bytes. It accepts everything legal that the live
API is known to send (reference §1.2, §1.5): sorted keys, `\\uXXXX`-escaped text and `\\/`,
timestamps of `0` or `null`, amounts like `1000.0`, `null` where strings are expected, unknown
extra keys. Anything it cannot read becomes `MalformedResponse`; the client decides what that
means for the call (an unknown outcome for money-moving calls, an error for lookups).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from kcp_pos.iamport.models import Envelope

T = TypeVar("T")


class MalformedResponse(ValueError):
    """The body is not a readable V1 envelope, or its payload does not fit the expected model."""


@dataclass(frozen=True)
class RawEnvelope:
    """The envelope with `response` still as decoded JSON (any shape)."""

    code: int
    message: str | None
    response: Any


def decode_envelope(raw: bytes) -> RawEnvelope:
    """Read the envelope from a response body (UTF-8/16/32, with or without BOM)."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(f"response body is not JSON ({len(raw)} bytes)") from exc
    if not isinstance(document, dict) or "code" not in document:
        raise MalformedResponse("response body is not a V1 envelope (no 'code')")
    code = _as_int(document["code"])
    if code is None:
        raise MalformedResponse(f"envelope 'code' is not an integer: {document['code']!r}")
    message = document.get("message")
    return RawEnvelope(
        code=code,
        message=None if message is None else str(message),
        response=document.get("response"),
    )


def parse_payload(value: Any, adapter: TypeAdapter[T]) -> T:
    """Validate the envelope's `response` against a wire model (or list/union of them)."""
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '<root>'}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)[:5]
        )
        raise MalformedResponse(f"unexpected response shape ({problems})") from None


def parse_envelope(raw: bytes, adapter: TypeAdapter[T]) -> Envelope[T]:
    """Decode a body and, when the call succeeded (`code` 0) with a payload, validate it."""
    envelope = decode_envelope(raw)
    payload = None
    if envelope.code == 0 and envelope.response is not None:
        payload = parse_payload(envelope.response, adapter)
    parsed: Envelope[T] = Envelope[Any](
        code=envelope.code, message=envelope.message, response=payload
    )
    return parsed


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
