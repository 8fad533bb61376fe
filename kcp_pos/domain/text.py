"""Text a person reads that is written below the UI: an English source string marked for Qt's
catalogue, and the values for its `%1`, `%2` … placeholders.

There is one catalogue path for every user-visible string: Qt's (`resources/translations/*.ts`,
checked by `tests/ui/test_translations.py` for completeness and placeholders). The domain and
the services cannot import Qt, so they hand out `Text` values; the UI writes them in the clerk's
language (`ui/widgets/catalogue.py`). `QT_TRANSLATE_NOOP` marks a source for `lupdate`, which
finds it by that name; it returns the source unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"%(\d)")


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark `source` (in `context`) for the catalogue; returns it as it is."""
    return source


def fill(template: str, args: tuple[str, ...]) -> str:
    """`template` with `%1` … `%9` replaced by `args` (in one pass: an argument is never read)."""
    return _PLACEHOLDER.sub(lambda match: args[int(match.group(1)) - 1], template)


@dataclass(frozen=True, slots=True)
class Text:
    context: str
    source: str
    args: tuple[str, ...] = ()

    @property
    def english(self) -> str:
        """The source with its placeholders filled (English is the source language)."""
        return fill(self.source, self.args)

    def __str__(self) -> str:
        return self.english
