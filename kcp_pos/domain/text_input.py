"""Small helpers shared by the validators for turning typed text into plain ASCII."""

from __future__ import annotations

import unicodedata


def normalize_typed(text: str) -> str:
    """NFKC-normalized and stripped: full-width digits, `／`, `－` and `￦` from a Korean IME
    become their ASCII (or `₩`) forms, so the validators only need to know ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of 0-9 only (`str.isdigit` also accepts `²` and `١`)."""
    return bool(text) and text.isascii() and text.isdigit()
