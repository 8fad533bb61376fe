"""An operator's name (issue 11): what the audit trail records for every action, so it is
required, plain text, and short enough for the journal's `actor` column."""

from __future__ import annotations

from typing import Final

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.names import clean_text
from kcp_pos.domain.result import Invalid, Ok, Result

OPERATOR_NAME_MAX: Final = 40


def validate_operator_name(name: str) -> Result[str]:
    cleaned = clean_text(name)
    if cleaned is None:
        return Invalid(InputError.TEXT_CONTROL_CHARACTERS)
    if not cleaned:
        return Invalid(InputError.OPERATOR_NAME_REQUIRED)
    if len(cleaned) > OPERATOR_NAME_MAX:
        return Invalid(InputError.OPERATOR_NAME_TOO_LONG)
    return Ok(cleaned)
