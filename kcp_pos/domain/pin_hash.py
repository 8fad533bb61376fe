"""Operator PINs (issue 11): 4 to 8 digits, kept only as a salted, memory-hard hash (scrypt from
the standard library: 16 MiB and a fresh 16-byte salt per PIN), compared in constant time.

The stored form says its own parameters (`scrypt$n$r$p$salt$hash`, base64), so that stronger
ones can be chosen later without breaking the PINs already set.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Final

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import Invalid, Ok, Result

PIN_MIN: Final = 4
PIN_MAX: Final = 8
SCRYPT_N: Final = 2**14
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
SALT_BYTES: Final = 16
HASH_BYTES: Final = 32
_SCHEME: Final = "scrypt"
_MAX_MEMORY: Final = 64 * 1024 * 1024


def validate_pin(pin: str) -> Result[str]:
    """A PIN as typed: digits only, 4 to 8 of them (never echoed in the error)."""
    if not pin:
        return Invalid(InputError.PIN_REQUIRED)
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        return Invalid(InputError.PIN_FORMAT)
    return Ok(pin)


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        (_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest))
    )


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the one `stored` was made from; a malformed `stored` matches nothing."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(pin, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=HASH_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
