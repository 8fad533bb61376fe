"""What repositories need from a database: a way to open a session in one transaction."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy.orm import Session


class SessionSource(Protocol):
    def session(self, *, before_send: bool = False) -> AbstractContextManager[Session]:
        """A session inside one transaction, committed when the block ends without error
        (`before_send`: a request waits on it, so it goes before other writers)."""
        ...

    def reading(self) -> AbstractContextManager[Session]:
        """A read-only session (a consistent snapshot; it may not write)."""
        ...
