"""DuplicateGuard: same amount, last four digits and buyer within the window, memory only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.services.duplicate_guard import DuplicateGuard, minutes_ago, normalise_buyer

T0 = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)


def test_match_within_the_window() -> None:
    guard = DuplicateGuard(timedelta(minutes=10))
    guard.remember(55_000, "1234", "홍길동", now=T0)
    match = guard.recent_match(55_000, "1234", "홍 길동", now=T0 + timedelta(minutes=3))
    assert match is not None and match.at == T0
    assert minutes_ago(match, T0 + timedelta(minutes=3, seconds=40)) == 3
    assert minutes_ago(match, T0 + timedelta(seconds=5)) == 1


@pytest.mark.parametrize(
    ("amount", "last4", "buyer"),
    [(55_001, "1234", "홍길동"), (55_000, "1235", "홍길동"), (55_000, "1234", "김철수")],
)
def test_any_difference_is_not_a_duplicate(amount: int, last4: str, buyer: str) -> None:
    guard = DuplicateGuard()
    guard.remember(55_000, "1234", "홍길동", now=T0)
    assert guard.recent_match(amount, last4, buyer, now=T0) is None


def test_forgets_after_the_window() -> None:
    guard = DuplicateGuard(timedelta(minutes=10))
    guard.remember(10_000, "0002", None, now=T0)
    assert guard.recent_match(10_000, "0002", "", now=T0 + timedelta(minutes=10)) is not None
    assert guard.recent_match(10_000, "0002", "", now=T0 + timedelta(minutes=11)) is None
    assert len(guard) == 0


def test_latest_match_wins_and_clear_empties() -> None:
    guard = DuplicateGuard()
    guard.remember(1_000, "1111", "A", now=T0)
    guard.remember(1_000, "1111", "a", now=T0 + timedelta(minutes=2))
    match = guard.recent_match(1_000, "1111", "A", now=T0 + timedelta(minutes=3))
    assert match is not None and match.at == T0 + timedelta(minutes=2)
    guard.clear()
    assert guard.recent_match(1_000, "1111", "A", now=T0) is None


def test_names_are_normalised_and_the_window_must_be_positive() -> None:
    assert normalise_buyer(" ＫＩＭ  Min ") == normalise_buyer("kimmin")
    assert normalise_buyer(None) == ""
    with pytest.raises(ValueError):
        DuplicateGuard(timedelta(0))
