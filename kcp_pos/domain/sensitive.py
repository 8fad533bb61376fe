"""A base for value objects that hold card data (number, expiry, birth, BRN, PIN digits).

DESIGN.md rule 4: card data exists only in memory for one request. These objects make the safe
thing the default: `repr`, `str` and f-strings show only a masked form, and pickling is refused
so the value cannot be written to disk or sent to another process by accident. The real value
is reachable only through an explicitly named method (`reveal_…()` or `for_api()`).
"""

from __future__ import annotations

from typing import Any, NoReturn, Self, SupportsIndex


class SensitiveValue:
    __slots__ = ()

    @property
    def masked(self) -> str:
        """A form that is safe to show, log or store."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked!r})"

    def __str__(self) -> str:
        return self.masked

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        raise TypeError(f"{type(self).__name__} holds card data and cannot be pickled")

    # Immutable, so copies can share the instance; this also keeps `copy` away from __reduce_ex__.
    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self
