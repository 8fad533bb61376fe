"""Request parameters as V1 accepts them: JSON or form bodies, and PHP-style `name[]` lists.

Form bodies are parsed with `urllib.parse` (no multipart support is needed for V1). Bracketed
form keys such as `schedules[0][merchant_uid]` or `merchant_uid[]` become nested dicts and lists,
so a form request and a JSON request reach the handlers in the same shape.

No V1 body nests deeper than a list of objects holding an object (`schedules[].extra`), so a body
nested deeper than `MAX_NESTING` containers, or larger than `MAX_BODY_BYTES`, is refused with
HTTP 400 before any handler sees it (a hostile body must never reach Python's recursion limit).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from kcp_pos.sandbox.errors import (
    BODY_TOO_LARGE,
    UNREADABLE_BODY,
    UNREADABLE_URL,
    ApiFailure,
    invalid_parameter,
    missing_parameter,
)

_KEY_PART = re.compile(r"\[([^\]]*)\]")
MAX_BODY_BYTES = 1_048_576
MAX_NESTING = 4
"""Containers from the body object down: body → `schedules` → one item → its `extra`."""
MAX_INDEX = 999
"""The highest `a[n]` index a form body may use (V1 takes at most 1,000 items in any list)."""


def is_json_body(raw: bytes, content_type: str) -> bool:
    """JSON when the client says so, or when an unlabelled body starts like a JSON object."""
    if "json" in content_type.lower():
        return True
    return "form" not in content_type.lower() and raw.lstrip().startswith(b"{")


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """The request body as a dict; an empty body is an empty dict."""
    if len(raw) > MAX_BODY_BYTES:
        raise ApiFailure(BODY_TOO_LARGE, status=413)
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError as error:  # never guessed at: a replaced byte would be stored
        raise ApiFailure(UNREADABLE_BODY, status=400) from error
    if not text:
        return {}
    if is_json_body(raw, content_type):
        values = _json_object(text)
    else:
        values = nest_form_pairs(_form_pairs(text, UNREADABLE_BODY))
    if nesting_of(values) > MAX_NESTING:
        raise ApiFailure(UNREADABLE_BODY, status=400)
    return values


def _form_pairs(text: str, message: str) -> list[tuple[str, str]]:
    """`a=1&b=%EC%9D%B4` decoded as UTF-8; a `%XX` escape that is not UTF-8 fails with HTTP 400
    (`parse_qsl` would otherwise put U+FFFD in its place)."""
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise ApiFailure(message, status=400) from error


def query_pairs(query_string: bytes) -> list[tuple[str, str]]:
    """The query string's pairs, in order; bytes or escapes that are not UTF-8 are HTTP 400."""
    try:
        text = query_string.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiFailure(UNREADABLE_URL, status=400) from error
    return _form_pairs(text, UNREADABLE_URL)


def check_path(raw_path: bytes) -> None:
    """A path whose `%XX` escapes are not UTF-8 is HTTP 400 (the server put U+FFFD in them)."""
    try:
        unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiFailure(UNREADABLE_URL, status=400) from error


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: nested past the C stack
        raise ApiFailure(UNREADABLE_BODY, status=400) from error
    if not isinstance(value, dict) or not _is_unicode(value):
        raise ApiFailure(UNREADABLE_BODY, status=400)
    return {str(key): item for key, item in value.items()}


def _is_unicode(value: dict[str, Any]) -> bool:
    """False when a `\\ud800`-style escape left a lone surrogate, which is no character at all
    (it could not be stored, logged or sent back)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):
        return False
    return True


def nesting_of(value: Any) -> int:
    """How many containers deep `value` goes (a scalar is 0), without recursion."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        pending.extend((child, depth + 1) for child in children)
    return deepest


def nest_form_pairs(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`a[0][b]=x` -> {"a": [{"b": "x"}]}; `a[]=x&a[]=y` -> {"a": ["x", "y"]}."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        base, _, rest = key.partition("[")
        parts = [base, *_KEY_PART.findall("[" + rest)] if rest else [base]
        if len(parts) > MAX_NESTING or any(_index_too_large(part) for part in parts[1:]):
            raise ApiFailure(UNREADABLE_BODY, status=400)
        _assign(root, parts, value)
    return {key: _lists_from_index_dicts(item) for key, item in root.items()}


def _index_too_large(part: str) -> bool:
    return part.isdigit() and (len(part) > 3 or int(part) > MAX_INDEX)


def _assign(node: dict[str, Any], parts: list[str], value: str) -> None:
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        next_is_append = not last and parts[index + 1] == ""
        if last:
            node[part] = value
            return
        if next_is_append:
            existing = node.setdefault(part, [])
            if not isinstance(existing, list):
                existing = node[part] = [existing]
            existing.append(value)
            return
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child


def _lists_from_index_dicts(value: Any) -> Any:
    """A dict whose keys are all digits came from `a[0]`, `a[1]`…: make it a list in index order."""
    if isinstance(value, list):
        return [_lists_from_index_dicts(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {key: _lists_from_index_dicts(item) for key, item in value.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def query_list(multi_items: list[tuple[str, str]], name: str) -> list[str]:
    """Values of `name[]` (and plain repeated `name`) in a query string, in order."""
    return [value for key, value in multi_items if key in (f"{name}[]", name) and value != ""]


def distinct(values: list[str]) -> list[str]:
    """Each value once, in the order first given (a multi-lookup answers each id once)."""
    return list(dict.fromkeys(values))


class Params:
    """Typed access to one request's parameters, failing the V1 way (`code -1`, HTTP 200)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str, *, max_length: int | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise ApiFailure(invalid_parameter(name))
        text = str(value)
        if max_length is not None and len(text) > max_length:
            raise ApiFailure(invalid_parameter(name))
        return text

    def required_text(self, name: str, *, max_length: int | None = None) -> str:
        text = self.text(name, max_length=max_length)
        if text is None or text.strip() == "":
            raise ApiFailure(missing_parameter(name))
        return text

    def identifier(self, name: str, *, max_length: int) -> str | None:
        """An optional merchant-chosen id (`customer_uid`…): absent or empty is None."""
        text = self.text(name, max_length=max_length)
        if text is None or text == "":
            return None
        return checked_identifier(name, text, max_length=max_length)

    def required_identifier(self, name: str, *, max_length: int) -> str:
        return checked_identifier(
            name, self.required_text(name, max_length=max_length), max_length=max_length
        )

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        return to_integer(value, name)

    def required_integer(self, name: str) -> int:
        number = self.integer(name)
        if number is None:
            raise ApiFailure(missing_parameter(name))
        return number

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("true", "1", "y", "yes")


_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 controls, DEL and the C1 controls (`\\u0085` NEL…): no id could mean one."""


def checked_identifier(name: str, value: str, *, max_length: int, status: int = 200) -> str:
    """`merchant_uid` and `customer_uid` as no real integration could mean them are refused with
    HTTP `status`: blank or whitespace only, control characters (NUL…), a `/` (such an id could
    never be named in a path like `/payments/find/{merchant_uid}`), longer than the field. The
    reference is silent here; docs/sandbox.md lists this as the sandbox's own choice. The message
    names the field, never the value, so nothing unprintable is echoed back."""
    if (
        value.strip() == ""
        or len(value) > max_length
        or "/" in value
        or _CONTROL_CHARACTER.search(value)
    ):
        raise ApiFailure(invalid_parameter(name), status=status)
    return value


_WHOLE_NUMBER = re.compile(r"(-?[0-9]{1,30})(?:\.0*)?")  # 30 digits: far past any amount


def to_integer(value: Any, name: str) -> int:
    """Amounts arrive as JSON numbers (`1000`, `1000.0`) or strings (`"1000"`, `"1000.0"`): all
    are accepted; `"1e3"`, a fraction or a flag are not."""
    if isinstance(value, bool):
        raise ApiFailure(invalid_parameter(name))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        whole = _WHOLE_NUMBER.fullmatch(value.strip())
        if whole is not None:
            return int(whole.group(1))  # exactly, at any size: never through a float
    raise ApiFailure(invalid_parameter(name))


LATEST_TIMESTAMP = 253_402_300_799  # 9999-12-31T23:59:59Z: the last second a calendar can name


def to_timestamp(value: Any, name: str, *, status: int = 200) -> int:
    """UNIX seconds from 0 to `LATEST_TIMESTAMP`; anything else fails with HTTP `status`."""
    try:
        seconds = to_integer(value, name)
    except ApiFailure as error:
        raise ApiFailure(error.message, status=status) from error
    if not 0 <= seconds <= LATEST_TIMESTAMP:
        raise ApiFailure(invalid_parameter(name), status=status)
    return seconds
