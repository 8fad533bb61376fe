"""`merchant_uid`: our id for one payment attempt, unique forever (V1 refuses a reused one after
a payment, reference §11.3) and at most 40 characters (§1.5).

Shape: `{prefix}_{YYYYMMDD}T{HHMMSS}_{10 random lowercase letters}`, e.g.
`kcp_20250301T142530_qhzvmkwrte` (30 characters with the default prefix). Time first, in Korea time
like every time the shop sees, so ids sort and a person can tell when one was made; 10 random
letters (47 bits) so two terminals in the same second never collide. Letters, `T` and `_` break up
the digits so that no digit run is long enough to be taken for a card number by the log redaction
filter.
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import datetime

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.result import Invalid, Ok, Result

MERCHANT_UID_MAX_LENGTH = 40
CUSTOMER_UID_MAX_LENGTH = 80
_SAFE_UID = re.compile(r"[A-Za-z0-9_-]+")
_RANDOM_LETTERS = 10
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9]{0,11}")
_MERCHANT_UID = re.compile(r"[A-Za-z][A-Za-z0-9]{0,11}_[0-9]{8}T[0-9]{6}_[a-z]{10}")


def new_merchant_uid(prefix: str = "kcp", *, now: datetime) -> str:
    """A fresh merchant_uid. `prefix`: a letter then up to 11 letters or digits; `now` is
    written in Korea time (a naive one as it is)."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError("prefix must be a letter followed by up to 11 letters or digits")
    random_part = "".join(secrets.choice(string.ascii_lowercase) for _ in range(_RANDOM_LETTERS))
    moment = now.astimezone(KST) if now.tzinfo is not None else now
    return f"{prefix}_{moment:%Y%m%dT%H%M%S}_{random_part}"


def is_our_merchant_uid(text: str) -> bool:
    """True for an id of the shape `new_merchant_uid` makes."""
    return _MERCHANT_UID.fullmatch(text) is not None


def validate_uid(text: str, *, max_length: int) -> Result[str]:
    """An id the app sends in a request body or a URL path (`merchant_uid`, `customer_uid`):
    letters, digits, `-` and `_` only, 1 to `max_length` characters. The app mints its own in
    this shape; ids from elsewhere (a file, a caller) are checked the same way."""
    if (
        not isinstance(text, str)
        or not 0 < len(text) <= max_length
        or not _SAFE_UID.fullmatch(text)
    ):
        return Invalid(InputError.UID_FORMAT)
    return Ok(text)
