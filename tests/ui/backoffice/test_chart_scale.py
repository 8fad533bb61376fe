"""The reports charts' scales: round amount steps, never fewer than the amount, and the hours
labelled every third hour."""

from __future__ import annotations

from itertools import pairwise

import pytest

from kcp_pos.ui.backoffice.chart_scale import (
    AMOUNT_STEPS,
    amount_label,
    amount_ticks,
    labelled_hours,
    round_step,
)


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, (0, 1)),
        (1, (0, 1)),
        (77_000, (0, 20_000, 40_000, 60_000, 80_000)),
        (85_000, (0, 20_000, 40_000, 60_000, 80_000, 100_000)),
        (100_000, (0, 20_000, 40_000, 60_000, 80_000, 100_000)),
        (1_234_567, (0, 500_000, 1_000_000, 1_500_000)),
    ],
)
def test_amount_ticks_are_round_and_reach_the_largest(largest: int, ticks: tuple[int, ...]) -> None:
    assert amount_ticks(largest) == ticks


@pytest.mark.parametrize("largest", [3, 999, 55_000, 7_654_321, 98_765_432_100])
def test_the_top_tick_covers_the_largest_in_a_few_equal_steps(largest: int) -> None:
    ticks = amount_ticks(largest)
    steps = {after - before for before, after in pairwise(ticks)}
    assert ticks[0] == 0 and ticks[-2] < largest <= ticks[-1]
    assert len(steps) == 1 and len(ticks) - 1 <= AMOUNT_STEPS


def test_round_steps_and_labels() -> None:
    assert [round_step(n) for n in (1, 3, 7, 15_400, 20_001)] == [1, 5, 10, 20_000, 50_000]
    assert amount_label(1_500_000) == "1,500,000"
    assert labelled_hours() == (0, 3, 6, 9, 12, 15, 18, 21)
