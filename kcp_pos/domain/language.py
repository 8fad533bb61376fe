"""The languages the app speaks: Korean (the default) and English.

`Language` is the choice (settings, `--lang`); `Lang` is its value as the functions that write
text take it (`"ko"` or `"en"`), so that a plain literal can be passed where no enum is at hand.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, TypeAlias

Lang: TypeAlias = Literal["ko", "en"]


class Language(StrEnum):
    """Language of the user interface (and of receipts)."""

    KO = "ko"
    EN = "en"

    @property
    def lang(self) -> Lang:
        return "ko" if self is Language.KO else "en"
