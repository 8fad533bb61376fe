"""Operator PINs: checked as typed, kept only as salted scrypt hashes, compared exactly."""

from __future__ import annotations

import pytest

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.pin_hash import hash_pin, pin_matches, validate_pin
from kcp_pos.domain.result import Invalid, Ok


@pytest.mark.parametrize("pin", ["1234", "00000000", "902143"])
def test_four_to_eight_digits_are_a_pin(pin: str) -> None:
    assert validate_pin(pin) == Ok(pin)


@pytest.mark.parametrize(
    ("pin", "error"),
    [
        ("", InputError.PIN_REQUIRED),
        ("123", InputError.PIN_FORMAT),
        ("123456789", InputError.PIN_FORMAT),
        ("12a4", InputError.PIN_FORMAT),
        ("１２３４", InputError.PIN_FORMAT),
    ],
)
def test_anything_else_is_refused(pin: str, error: InputError) -> None:
    assert validate_pin(pin) == Invalid(error)


def test_a_hash_holds_no_pin_and_matches_only_its_pin() -> None:
    stored = hash_pin("4821")
    assert "4821" not in stored and stored.startswith("scrypt$")
    assert pin_matches("4821", stored)
    assert not pin_matches("4822", stored)
    assert hash_pin("4821") != stored  # a fresh salt every time


@pytest.mark.parametrize("stored", ["", "scrypt$1$2", "md5$x$y$z$a$b", "scrypt$a$b$c$!!$!!"])
def test_a_malformed_hash_matches_nothing(stored: str) -> None:
    assert not pin_matches("4821", stored)
