"""Who performs a use case: every money-moving call names its operator, and the journal's audit
entries record it.

Roles grow with the back office (refunds and billing-key deletion need a manager, credentials an
admin); the services check them, not only the screens. Until operators sign in, the app runs as
`LOCAL_CLERK`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Role(StrEnum):
    CLERK = "clerk"  # charges and views
    MANAGER = "manager"  # also refunds, deletes billing keys, revokes schedules, batches, exports
    ADMIN = "admin"  # also credentials, settings and operators


@dataclass(frozen=True)
class Operator:
    """A person (or the app itself) acting through the services; `name` goes into the audit."""

    name: str
    role: Role

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an operator needs a name")


LOCAL_CLERK: Final = Operator("clerk", Role.CLERK)
"""The operator of an app without sign-in (every terminal today)."""
RESOLVER: Final = Operator("resolver", Role.CLERK)
"""The app settling an unknown outcome by lookup: no person decided anything."""
