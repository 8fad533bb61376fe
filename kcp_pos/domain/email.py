"""The buyer's e-mail address, as the API takes it (`buyer_email`, `customer_email`): optional,
one line, `local@domain.tld`. Only the shape is checked: whether it reaches anyone is the
buyer's business, but a value no real address could be is refused before it is sent or stored.
"""

from __future__ import annotations

import re

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import Invalid, Ok, Result

EMAIL_MAX_LENGTH = 254  # RFC 5321's path limit
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def validate_buyer_email(text: str) -> Result[str | None]:
    """Trimmed; empty is `Ok(None)`; no spaces or control characters, one `@`, a dotted domain."""
    cleaned = text.strip()
    if not cleaned:
        return Ok(None)
    printable = all(ch.isprintable() for ch in cleaned)
    if len(cleaned) > EMAIL_MAX_LENGTH or not printable or not _EMAIL.fullmatch(cleaned):
        return Invalid(InputError.EMAIL_FORMAT)
    return Ok(cleaned)
