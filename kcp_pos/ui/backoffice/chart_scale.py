"""The scales of the reports' bar charts, as plain numbers and words (no QtCharts here).

Amounts run from 0 to a round top in a few round steps, each written with thousands separators
(QValueAxis's printf-style label format cannot group digits). The hours of a day are labelled
every few hours, `00` … `21`, so that the labels fit under the bars and are never elided.
"""

from __future__ import annotations

from typing import Final

from kcp_pos.domain.money import group_thousands

AMOUNT_STEPS: Final = 5
"""About how many steps the amount axis has (never more)."""
HOURS: Final = 24
HOUR_LABEL_EVERY: Final = 3
_ROUND_MULTIPLES: Final = (1, 2, 5)


def amount_ticks(largest: int, steps: int = AMOUNT_STEPS) -> tuple[int, ...]:
    """0, then equal round steps (1, 2 or 5 × a power of ten won) up to the first at or above
    `largest`: `(0, 20000, 40000, 60000, 80000)` for 77,000; `(0, 1)` for nothing."""
    step = round_step(-(-max(largest, 1) // steps))
    count = max(-(-largest // step), 1)
    return tuple(step * index for index in range(count + 1))


def round_step(rough: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 … at or above `rough`."""
    magnitude = 1
    while True:
        for multiple in _ROUND_MULTIPLES:
            if multiple * magnitude >= rough:
                return multiple * magnitude
        magnitude *= 10


def amount_label(amount: int) -> str:
    """`20,000`: the unit is in the axis title."""
    return group_thousands(amount)


def hour_label(hour: int) -> str:
    """`09` for 9 o'clock (Korea time)."""
    return f"{hour:02d}"


def labelled_hours() -> tuple[int, ...]:
    """The hours written under the hour chart: every third, from midnight."""
    return tuple(range(0, HOURS, HOUR_LABEL_EVERY))
