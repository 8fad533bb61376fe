"""Card numbers: digits only, the Luhn check, lengths by brand, the API's grouped form, masking,
and `CardNumber`, the validated value that never shows its digits unless asked by name.

Lengths: Korean domestic cards (and VISA, Mastercard, JCB, UnionPay as issued in Korea) have 16
digits, AMEX 15 and Diners Club 14 (some Diners ranges 16). The brand-specific length matters:
a clerk who drops one digit of a 16-digit card has a 10% chance of still passing Luhn, and the
"15 digits are only AMEX" rule catches that before the PG does.

API form: the V1 reference documents `dddd-dddd-dddd-dddd` (§3, §10.2). For 15- and 14-digit cards
we send the groups printed on the card, `dddd-dddddd-ddddd` (AMEX) and `dddd-dddddd-dddd`
(Diners): the documented pattern cannot hold them, so the card's own layout is the least
surprising choice for a server that strips the dashes. The sandbox accepts both.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcp_pos.domain.card_issuers import CardIssuer, brand_for_digits, issuer_for_digits
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import (
    VALID_CHECK,
    FieldCheck,
    InputStatus,
    Invalid,
    Ok,
    Result,
)
from kcp_pos.domain.sensitive import SensitiveValue
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed

MIN_CARD_DIGITS = 14
MAX_CARD_DIGITS = 16
AMEX_PREFIXES = ("34", "37")
DINERS_PREFIXES = ("300", "301", "302", "303", "304", "305", "3095", "36", "38", "39")


def digits_only(text: str) -> str:
    """The digits of `text`, dropping the spaces and dashes a clerk or the API puts between groups.

    Full-width digits become ASCII; other characters are dropped (use `validate_card_number` to
    reject them instead).
    """
    return "".join(ch for ch in normalize_typed(text) if "0" <= ch <= "9")


def luhn_valid(digits: str) -> bool:
    """True when `digits` (ASCII digits only) passes the Luhn (mod 10) check."""
    if not is_ascii_digits(digits):
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def luhn_check_digit(digits: str) -> str:
    """The digit that, appended to `digits`, makes a Luhn-valid number (tests, sandbox)."""
    for candidate in "0123456789":
        if luhn_valid(digits + candidate):
            return candidate
    raise ValueError("digits must be ASCII digits")


def mask_kcp(digits: str) -> str:
    """KCP's masking as PortOne reports it: first six digits, zeros, last four.

    `5570421234567221` -> `5570420000007221`.
    """
    if len(digits) < 10:
        return "0" * len(digits)
    return digits[:6] + "0" * (len(digits) - 10) + digits[-4:]


DISCOVER_PREFIXES = ("6011", "644", "645", "646", "647", "648", "649", "65")
_CARD_PREFIXES: tuple[str, ...] = ("4", "51", "52", "53", "54", "55", "35", "62", "9")
_CARD_PREFIXES += AMEX_PREFIXES + DINERS_PREFIXES + DISCOVER_PREFIXES


def is_card_number(text: str) -> bool:
    """True when `text` is a card number and nothing else: ASCII digits only, a card's length
    for its prefix, a card scheme's prefix (VISA, Mastercard with its 2-series from 2221 to
    2720, AMEX, Diners, JCB, UnionPay, Discover, Korean domestic 9), and Luhn. An id made of
    digits by another system (a web shop's order number) is not one unless it is all of these,
    which is how a column of such ids tells them from card data."""
    if not is_ascii_digits(text) or len(text) not in issued_lengths(text):
        return False
    mastercard_two = text.startswith("2") and 2221 <= int(text[:4]) <= 2720
    return (text.startswith(_CARD_PREFIXES) or mastercard_two) and luhn_valid(text)


def issued_lengths(digits: str) -> tuple[int, ...]:
    """Every length a scheme issues for numbers starting with `digits` (VISA 13-19, UnionPay,
    JCB and Discover 16-19): wider than what the terminal takes (`allowed_lengths`), so that no
    card number is taken for an id."""
    if digits.startswith(("4", "62", "35", *DISCOVER_PREFIXES)):
        return (13, 16, 19) if digits.startswith("4") else (16, 17, 18, 19)
    return allowed_lengths(digits)


def allowed_lengths(digits: str) -> tuple[int, ...]:
    """The lengths a card number starting with `digits` may have."""
    if digits.startswith(AMEX_PREFIXES):
        return (15,)
    if digits.startswith(DINERS_PREFIXES):
        return (14, 16)
    return (16,)


def _group_sizes(length: int) -> tuple[int, ...]:
    if length == 15:
        return (4, 6, 5)
    if length == 14:
        return (4, 6, 4)
    return (4,) * (length // 4) + ((length % 4,) if length % 4 else ())


def _split(text: str, sizes: tuple[int, ...]) -> list[str]:
    parts, start = [], 0
    for size in sizes:
        parts.append(text[start : start + size])
        start += size
    return parts


def group_card_number(digits: str, separator: str = "-") -> str:
    """`digits` in the card's printed groups: 4-4-4-4, AMEX 4-6-5, Diners 4-6-4."""
    return separator.join(_split(digits, _group_sizes(len(digits))))


def mask_card_display(digits: str) -> str:
    """A masked number for people: `5570-42**-****-7221` (first six and last four shown)."""
    if len(digits) < 10:
        return "*" * len(digits)
    masked = digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    return group_card_number(masked)


def group_card_number_as_typed(text: str) -> str:
    """What the card field shows while typing: the digits in groups of four, space-separated.

    Extra digits are kept (not cut off) so the clerk sees them and the validator reports them.
    """
    digits = digits_only(text)
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _scan(text: str) -> tuple[str, InputError | None]:
    """The digits of clerk input, or the error if it holds anything but digits, spaces, dashes."""
    normalized = normalize_typed(text)
    if not normalized:
        return "", InputError.CARD_NUMBER_REQUIRED
    digits = []
    for ch in normalized:
        if "0" <= ch <= "9":
            digits.append(ch)
        elif not (ch == "-" or ch.isspace()):
            return "", InputError.CARD_NUMBER_INVALID_CHARACTERS
    if not digits:
        return "", InputError.CARD_NUMBER_INVALID_CHARACTERS
    return "".join(digits), None


def _number_error(digits: str) -> InputError | None:
    if not is_ascii_digits(digits) or len(digits) not in allowed_lengths(digits):
        return InputError.CARD_NUMBER_LENGTH
    if not luhn_valid(digits):
        return InputError.CARD_NUMBER_CHECKSUM
    return None


class CardNumber(SensitiveValue):
    """A validated card number. Shows itself masked; `reveal_digits()` gives the digits."""

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        error = _number_error(digits)
        if error is not None:
            raise ValueError(f"not a valid card number ({error.value})")
        self._digits = digits

    def reveal_digits(self) -> str:
        """The plain digits. Only for building the request; never log or store them."""
        return self._digits

    def for_api(self) -> str:
        """The `card_number` request field: `dddd-dddd-dddd-dddd` (AMEX/Diners: printed groups)."""
        return group_card_number(self._digits)

    @property
    def masked(self) -> str:
        """`5570-42**-****-7221`."""
        return mask_card_display(self._digits)

    @property
    def masked_kcp(self) -> str:
        """`5570420000007221`, the form PortOne returns and the only form we may store."""
        return mask_kcp(self._digits)

    @property
    def last4(self) -> str:
        return self._digits[-4:]

    @property
    def length(self) -> int:
        return len(self._digits)

    @property
    def issuer(self) -> CardIssuer | None:
        return issuer_for_digits(self._digits)

    @property
    def brand(self) -> str | None:
        return brand_for_digits(self._digits)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CardNumber) and other._digits == self._digits

    def __hash__(self) -> int:
        return hash((CardNumber, self._digits))


def validate_card_number(text: str) -> Result[CardNumber]:
    """Clerk input (spaces and dashes allowed) -> a `CardNumber`, or why not."""
    digits, error = _scan(text)
    if error is None:
        error = _number_error(digits)
    if error is not None:
        return Invalid(error)
    return Ok(CardNumber(digits))


@dataclass(frozen=True, slots=True)
class CardHint:
    """What the card field can say while the clerk types. Holds no digits."""

    issuer: CardIssuer | None  # from the BIN table, once six digits are in
    brand: str | None  # VISA, Mastercard, AMEX, 국내전용, … from the first digits
    expected_length: int  # 16, AMEX 15; Diners 16 (14 also accepted)
    digit_count: int


def card_hint(text: str) -> CardHint:
    digits = digits_only(text)
    return CardHint(
        issuer=issuer_for_digits(digits),
        brand=brand_for_digits(digits),
        expected_length=max(allowed_lengths(digits)),
        digit_count=len(digits),
    )


def check_card_number_as_typed(text: str) -> FieldCheck:
    """EMPTY, INCOMPLETE (fewer digits than the brand has), VALID, or INVALID (bad characters,
    too many digits, or a full-length number failing Luhn)."""
    digits, error = _scan(text)
    if error is InputError.CARD_NUMBER_REQUIRED:
        return FieldCheck(InputStatus.EMPTY, error)
    if error is not None:
        return FieldCheck(InputStatus.INVALID, error)
    error = _number_error(digits)
    if error is None:
        return VALID_CHECK
    if len(digits) < max(allowed_lengths(digits)):
        return FieldCheck(InputStatus.INCOMPLETE, error)
    return FieldCheck(InputStatus.INVALID, error)
