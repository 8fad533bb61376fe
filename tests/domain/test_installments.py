"""card_quota rules: 일시불 or 2-12 months, only from 50,000 won."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import (
    INSTALLMENT_MINIMUM_KRW,
    available_quotas,
    installments_allowed,
    validate_card_quota,
)
from kcp_pos.domain.result import Invalid, Ok


@given(st.integers(-5, 40), st.integers(1, 10**8))
def test_a_quota_is_valid_exactly_when_offered(quota: int, amount: int) -> None:
    result = validate_card_quota(quota, amount)
    assert isinstance(result, Ok) == (quota in available_quotas(amount))
    if isinstance(result, Ok):
        assert result.value == quota


@given(st.integers(1, 10**8))
def test_offered_quotas(amount: int) -> None:
    quotas = available_quotas(amount)
    if amount < INSTALLMENT_MINIMUM_KRW:
        assert quotas == [0]
        assert not installments_allowed(amount)
    else:
        assert quotas == [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        assert installments_allowed(amount)


@pytest.mark.parametrize(
    ("quota", "amount", "error"),
    [
        (3, 49_999, InputError.QUOTA_AMOUNT_TOO_SMALL),
        (1, 100_000, InputError.QUOTA_INVALID),
        (13, 100_000, InputError.QUOTA_INVALID),
        (-1, 100_000, InputError.QUOTA_INVALID),
    ],
)
def test_refused_quotas(quota: int, amount: int, error: InputError) -> None:
    assert validate_card_quota(quota, amount) == Invalid(error)


def test_boundary() -> None:
    assert validate_card_quota(2, 50_000) == Ok(2)
    assert validate_card_quota(12, 50_000) == Ok(12)
    assert validate_card_quota(0, 1) == Ok(0)
