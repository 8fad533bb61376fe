"""The attempt state machine and merchant_uid generation."""

from __future__ import annotations

import re
import string
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcp_pos.domain.attempt import (
    ALLOWED_TRANSITIONS,
    AttemptState,
    InvalidTransition,
    is_final,
    is_success,
    needs_resolution,
    transition,
)
from kcp_pos.domain.merchant_uid import (
    MERCHANT_UID_MAX_LENGTH,
    is_our_merchant_uid,
    new_merchant_uid,
)

S = AttemptState
EXPECTED = {
    (S.DRAFT, S.SENDING),
    (S.SENDING, S.PAID),
    (S.SENDING, S.FAILED),
    (S.SENDING, S.UNKNOWN),
    (S.UNKNOWN, S.RESOLVED_PAID),
    (S.UNKNOWN, S.RESOLVED_FAILED),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_only_the_documented_transitions_are_allowed(current: S, target: S) -> None:
    if (current, target) in EXPECTED:
        assert transition(current, target) is target
    else:
        with pytest.raises(InvalidTransition) as caught:
            transition(current, target)
        assert (caught.value.current, caught.value.target) == (current, target)


def test_the_table_covers_every_state() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(S)
    assert {(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets} == EXPECTED


def test_classifications() -> None:
    assert {s for s in S if is_final(s)} == {S.PAID, S.FAILED, S.RESOLVED_PAID, S.RESOLVED_FAILED}
    assert {s for s in S if needs_resolution(s)} == {S.SENDING, S.UNKNOWN}
    assert {s for s in S if is_success(s)} == {S.PAID, S.RESOLVED_PAID}


@given(st.lists(st.integers(0, 10), max_size=6))
def test_every_walk_from_draft_ends_final_within_three_steps(choices: list[int]) -> None:
    state = S.DRAFT
    steps = 0
    for choice in choices:
        targets = sorted(ALLOWED_TRANSITIONS[state])
        if not targets:
            break
        state = transition(state, targets[choice % len(targets)])
        steps += 1
    assert steps <= 3
    if len(choices) >= 3:
        assert is_final(state)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(9999, 12, 31)),
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,11}", fullmatch=True),
)
def test_merchant_uids_are_short_ascii_and_recognisable(now: datetime, prefix: str) -> None:
    uid = new_merchant_uid(prefix, now=now)
    assert len(uid) <= MERCHANT_UID_MAX_LENGTH
    assert set(uid) <= set(string.ascii_letters + string.digits + "_")
    assert uid.startswith(f"{prefix}_{now:%Y%m%dT%H%M%S}_")
    assert is_our_merchant_uid(uid)
    # no digit run long enough to pass for a card number
    assert all(len(run) < 13 for run in re.findall(r"[0-9]+", uid))


def test_merchant_uids_made_in_the_same_second_differ() -> None:
    now = datetime(2025, 3, 15, 14, 25, 30)
    uids = {new_merchant_uid(now=now) for _ in range(2_000)}
    assert len(uids) == 2_000


@pytest.mark.parametrize("prefix", ["", "1kcp", "kcp-pos", "kcp_pos", "abcdefghijklm", "카드"])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError):
        new_merchant_uid(prefix, now=datetime(2025, 1, 1))
