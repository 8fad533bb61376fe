"""Text cells a spreadsheet must not take for a formula (CSV/formula injection).

Excel (and LibreOffice) run a cell beginning with `=`, `+`, `-` or `@` as a formula, and a
leading tab or carriage return can hide such a start; a name typed by someone (an operator, a
card issuer, a pay method as PortOne reports it) could so become a live `HYPERLINK` or worse
when a report or a batch's results is opened. Such text is written with a leading `'`, which
makes it plain text.
"""

from __future__ import annotations

from typing import Final

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str | None) -> str:
    """`value` as a spreadsheet's plain text cell ("" for None)."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
