"""NHN KCP rules the sandbox applies: card input checks, the test-card decline table, installments.

Declines use KCP's own response codes (reference §10.5) in the `"[CC03] 카드사 거절(기타사유)"`
format the reference suggests. The table is documented for users in docs/sandbox.md.
Only derived facts about a card (masked number, issuer, "expired", "wrong PIN") leave this
module; the raw number, expiry, birth and PIN digits are never returned or stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kcp_pos.domain.card_issuers import ISSUERS, CardIssuer, issuer_for_digits
from kcp_pos.domain.card_number import digits_only, luhn_valid, mask_kcp
from kcp_pos.domain.card_owner import infer_birth_date
from kcp_pos.domain.installments import INSTALLMENT_MINIMUM_KRW
from kcp_pos.domain.money import AMOUNT_CEILING_KRW
from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.errors import (
    INVALID_CARD_NUMBER,
    ApiFailure,
    invalid_parameter,
    missing_parameter,
)

DEFAULT_ISSUER_CODE = (
    "361"  # an unknown BIN is reported as BC카드, the most common domestic acquirer
)

_CARD_NUMBER_FORMS = (
    re.compile(r"^\d{4}-\d{4}-\d{4}-\d{4}$"),  # the documented form
    re.compile(r"^\d{4}-\d{6}-\d{4,5}$"),  # AMEX (15) and Diners (14) as printed on the card
    re.compile(r"^\d{14,16}$"),  # undashed: UNCONFIRMED on the live API, tolerated here
)
_EXPIRY = re.compile(r"^(\d{4})-?(\d{2})$")  # YYYY-MM documented; YYYYMM tolerated


@dataclass(frozen=True)
class Decline:
    """A KCP credit-card response code that refuses the payment."""

    code: str
    text: str

    @property
    def fail_reason(self) -> str:
        return f"[{self.code}] {self.text}"


CARD_COMPANY_REFUSAL = Decline("CC03", "카드사 거절(기타사유)")
SINGLE_LIMIT_EXCEEDED = Decline("CC07", "1회 한도초과")
INSUFFICIENT_BALANCE = Decline("CC10", "통장 잔액부족")
INSTALLMENT_NOT_ALLOWED = Decline("CC16", "할부개월수 오류")
KEY_IN_NOT_ALLOWED = Decline("CC35", "KEY-IN불가가맹점")
STOLEN_CARD = Decline("CC43", "도난카드")
EXPIRED_CARD = Decline("CC54", "카드유효기간만료 또는 불일치")
WRONG_PIN = Decline("CC63", "비밀번호 오류")
WRONG_BIRTH = Decline("CC66", "주민번호 오류")

DECLINES_BY_LAST_FOUR: dict[str, Decline] = {
    "0002": CARD_COMPANY_REFUSAL,
    "0069": SINGLE_LIMIT_EXCEEDED,
    "9995": INSUFFICIENT_BALANCE,
    "0036": KEY_IN_NOT_ALLOWED,
    "0043": STOLEN_CARD,
}
# Balance and limit refusals only happen when money moves: KCP issues a billing key without
# charging the card (reference §4.1), so these cards get a key and fail later on `again`.
CHARGE_ONLY_DECLINES = frozenset({INSUFFICIENT_BALANCE, SINGLE_LIMIT_EXCEEDED})
WRONG_PIN_DIGITS = "99"
WRONG_BIRTH_DIGITS = "000000"


@dataclass(frozen=True)
class KeyedCard:
    """What the sandbox may know about a keyed card after reading it once."""

    masked_number: str
    issuer: CardIssuer
    expired: bool
    wrong_pin: bool
    wrong_birth: bool

    @property
    def last_four(self) -> str:
        return self.masked_number[-4:]


def read_keyed_card(params: Params, today: date, *, pwd_2digit_required: bool) -> KeyedCard:
    """Check `card_number`, `expiry`, `birth`, `pwd_2digit` and keep only derived facts."""
    number_text = params.required_text("card_number").strip()
    if not any(form.match(number_text) for form in _CARD_NUMBER_FORMS):
        raise ApiFailure(INVALID_CARD_NUMBER)
    digits = digits_only(number_text)
    if not luhn_valid(digits):
        raise ApiFailure(INVALID_CARD_NUMBER)
    expired = _expiry_is_past(params.required_text("expiry").strip(), today)
    birth = _read_birth(params, today)
    pwd = params.text("pwd_2digit")
    if pwd is None or pwd == "":
        if pwd_2digit_required:
            raise ApiFailure(missing_parameter("pwd_2digit"))
    elif not re.fullmatch(r"\d{2}", pwd):
        raise ApiFailure(invalid_parameter("pwd_2digit"))
    return KeyedCard(
        masked_number=mask_kcp(digits),
        issuer=issuer_for_digits(digits) or ISSUERS[DEFAULT_ISSUER_CODE],
        expired=expired,
        wrong_pin=pwd == WRONG_PIN_DIGITS,
        wrong_birth=birth == WRONG_BIRTH_DIGITS,
    )


def _read_birth(params: Params, today: date) -> str | None:
    """`birth`: optional; a date `YYMMDD` that exists (or `000000`), or a 10-digit business
    registration number (reference §10.2). An impossible date (month 13, the 32nd, the 29th of
    February in a common year) is refused like a wrong format: the sandbox's own check, by the
    app's own rule for the century (`infer_birth_date`)."""
    birth = params.text("birth")
    if birth is None or birth == "":
        return None
    if re.fullmatch(r"[0-9]{10}", birth) or birth == WRONG_BIRTH_DIGITS:
        return birth
    if not re.fullmatch(r"[0-9]{6}", birth) or infer_birth_date(birth, today=today) is None:
        raise ApiFailure(invalid_parameter("birth"))
    return birth


def _expiry_is_past(expiry: str, today: date) -> bool:
    match = _EXPIRY.match(expiry)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ApiFailure(invalid_parameter("expiry"))
    return (int(match.group(1)), int(match.group(2))) < (today.year, today.month)


def card_decline(card: KeyedCard) -> Decline | None:
    """The decline a freshly keyed card earns, if any (checked in this order)."""
    if card.expired:
        return EXPIRED_CARD
    if card.wrong_pin:
        return WRONG_PIN
    if card.wrong_birth:
        return WRONG_BIRTH
    return DECLINES_BY_LAST_FOUR.get(card.last_four)


def issuance_decline(card: KeyedCard) -> Decline | None:
    """The decline a billing-key issuance earns: a card check, not a charge."""
    decline = card_decline(card)
    return None if decline in CHARGE_ONLY_DECLINES else decline


def stored_card_decline(masked_number: str | None) -> Decline | None:
    """A billing-key payment can only be declined by what the masked number still shows."""
    return DECLINES_BY_LAST_FOUR.get((masked_number or "")[-4:])


def installment_decline(card_quota: int, amount: int) -> Decline | None:
    """Installments (2+ months) need at least 50,000 KRW (reference §10.3)."""
    if card_quota >= 2 and amount < INSTALLMENT_MINIMUM_KRW:
        return INSTALLMENT_NOT_ALLOWED
    return None


def read_card_quota(params: Params) -> int:
    quota = params.integer("card_quota") or 0
    if quota < 0 or quota > 60:
        raise ApiFailure(invalid_parameter("card_quota"))
    return quota


def read_amount(params: Params, name: str = "amount") -> int:
    """A positive whole-won amount up to the ceiling any real integration could mean."""
    amount = params.required_integer(name)
    if not 0 < amount <= AMOUNT_CEILING_KRW:
        raise ApiFailure(invalid_parameter(name))
    return amount


def read_tax_free(params: Params, amount: int) -> int:
    """`tax_free`: optional, from 0 to the amount it is part of."""
    tax_free = params.integer("tax_free") or 0
    if not 0 <= tax_free <= amount:
        raise ApiFailure(invalid_parameter("tax_free"))
    return tax_free


@dataclass(frozen=True)
class PgChoice:
    """`pg_provider` and `pg_id` for a request's `pg`: `kcp[.<site>]` or `kcp_billing[.<site>]`."""

    provider: str
    pg_id: str


KCP_PROVIDERS = ("kcp", "kcp_billing")


def resolve_pg(pg: str | None, site_code: str) -> PgChoice:
    """An unknown `pg` falls back to the default PG (KCP); V1 does not treat it as an error."""
    if pg:
        provider, _, site = pg.strip().partition(".")
        if provider in KCP_PROVIDERS:
            return PgChoice(provider, site or site_code)
    return PgChoice("kcp", site_code)
