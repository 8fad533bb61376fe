"""A value written into an inline `<script>` as a JavaScript literal, safely: JSON with `<`, `>`
and `&` (and the two line separators JavaScript once refused) escaped, so that no text inside
it (`</script>`, `<!--<script>`) can end the script or change how the HTML parser reads it."""

from __future__ import annotations

import json
from typing import Any

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return "".join(_ESCAPES.get(char, char) for char in text)
