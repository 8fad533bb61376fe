"""Reading rows for many ids: a few hundred ids per `IN (…)` query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

IDS_PER_QUERY: Final = 500
"""Well under SQLite's 999 bound parameters of old versions."""


def id_chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """`ids` in runs of at most `IDS_PER_QUERY`, in order."""
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield ids[start : start + IDS_PER_QUERY]
