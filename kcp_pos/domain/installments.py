"""Installments (`card_quota`): 0 is 일시불 (paid in full), 2..12 months otherwise, and only
from 50,000 won (reference §10.3: "결제금액 50,000원 이상 한정").

We offer at most 12 months. Korean card companies allow more for some cards and merchants, but
12 is what KCP merchants get without a special agreement, and anything above it is refused by
the PG with "8125 최대할부개월수 초과"; a merchant with a longer agreement can raise
`MAX_INSTALLMENT_MONTHS`. 1 is not a valid value: one month is 일시불, sent as 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import Invalid, Ok, Result

LUMP_SUM = 0  # 일시불
INSTALLMENT_MINIMUM_KRW = 50_000
MIN_INSTALLMENT_MONTHS = 2
MAX_INSTALLMENT_MONTHS = 12


def installments_allowed(amount: int) -> bool:
    return amount >= INSTALLMENT_MINIMUM_KRW


def validate_card_quota(quota: int, amount: int) -> Result[int]:
    """`card_quota` for this amount: 0, or 2..12 when the amount is at least 50,000 won."""
    if quota == LUMP_SUM:
        return Ok(LUMP_SUM)
    if not MIN_INSTALLMENT_MONTHS <= quota <= MAX_INSTALLMENT_MONTHS:
        return Invalid(InputError.QUOTA_INVALID)
    if not installments_allowed(amount):
        return Invalid(InputError.QUOTA_AMOUNT_TOO_SMALL)
    return Ok(quota)


def offered_months_error(months: Sequence[int], amount: int) -> InputError | None:
    """What is wrong with the installment months a payment window offers, if anything: each
    is 2..12, and any at all only from 50,000 won."""
    if any(not MIN_INSTALLMENT_MONTHS <= month <= MAX_INSTALLMENT_MONTHS for month in months):
        return InputError.QUOTA_INVALID
    if months and not installments_allowed(amount):
        return InputError.QUOTA_AMOUNT_TOO_SMALL
    return None


def available_quotas(amount: int) -> list[int]:
    """The choices to offer: `[0]` below 50,000 won, else `[0, 2, 3, …, 12]`."""
    if not installments_allowed(amount):
        return [LUMP_SUM]
    return [LUMP_SUM, *range(MIN_INSTALLMENT_MONTHS, MAX_INSTALLMENT_MONTHS + 1)]
