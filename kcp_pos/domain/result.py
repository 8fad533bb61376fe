"""What a validator returns: the normalized value (`Ok`) or the kind of error (`Invalid`).

Use `isinstance(result, Ok)` or `match result: case Ok(value): … case Invalid(error): …`.
For as-you-type checks, `FieldCheck` adds whether the text is merely unfinished, so the UI can
stay quiet while the clerk is still typing and speak up only when the input can no longer become
valid (or when the clerk leaves the field).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeAlias, TypeVar

from kcp_pos.domain.errors import InputError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Ok(Generic[T_co]):
    value: T_co


@dataclass(frozen=True, slots=True)
class Invalid:
    error: InputError


Result: TypeAlias = Ok[T] | Invalid


class InputStatus(StrEnum):
    EMPTY = "empty"  # nothing typed yet (and the field is required)
    INCOMPLETE = "incomplete"  # could still become valid by typing more
    VALID = "valid"
    INVALID = "invalid"  # wrong already: more typing cannot fix it


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """The state of a field as typed so far.

    `error` is set for every status except VALID: for EMPTY and INCOMPLETE it is the error the
    full validator would report, to show when the clerk leaves the field or presses Charge.
    """

    status: InputStatus
    error: InputError | None = None

    @property
    def show_error_now(self) -> bool:
        """True when the error should be shown while the clerk is still typing."""
        return self.status is InputStatus.INVALID


VALID_CHECK = FieldCheck(InputStatus.VALID)
