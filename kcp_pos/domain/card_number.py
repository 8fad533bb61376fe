"""Card numbers: digits only, the Luhn check, the API's grouped form and masking."""

from __future__ import annotations


def digits_only(text: str) -> str:
    """The digits of `text`, dropping the spaces and dashes a clerk or the API puts between groups."""
    return "".join(ch for ch in text if ch.isdigit())


def luhn_valid(digits: str) -> bool:
    """True when `digits` (digits only) passes the Luhn (mod 10) check."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask_kcp(digits: str) -> str:
    """KCP's masking as PortOne reports it: first six digits, zeros, last four (`5570420000007221`)."""
    if len(digits) < 10:
        return "0" * len(digits)
    return digits[:6] + "0" * (len(digits) - 10) + digits[-4:]
