"""How a long or money-moving use case talks to whoever runs it, without knowing who that is.

A use case receives a `ProgressSink`: it reports what it is doing (`report`), and it asks whether
to stop (`stop_requested`) at the points where stopping is safe: before a request is journalled
and sent, or between the items of a batch. Once a money-moving request may be on the wire the use
case finishes and reports what happened; stopping never hides a request that was sent.

The UI's background runner implements the protocol with Qt signals; a command line, a batch
script or a test passes `NO_PROGRESS`, or anything else with the two methods.
"""

from __future__ import annotations

from typing import Final, Protocol

SENDING: Final = "sending"
"""Reported by a money-moving call once it is journalled and about to send: from here on it can
no longer be stopped, and the caller should say so."""


class Stopped(Exception):
    """The caller asked to stop, and the use case stopped before doing anything irreversible."""

    def __init__(self) -> None:
        super().__init__("stopped before anything was sent")


class ProgressSink(Protocol):
    def report(self, message: str, fraction: float | None = None) -> None:
        """What is happening (`fraction` done, 0..1, when known). Never pass card data."""
        ...

    @property
    def stop_requested(self) -> bool:
        """True once the caller asked to stop; look only where stopping is safe."""
        ...


class _NoProgress:
    """Hears nothing and never asks to stop."""

    def report(self, message: str, fraction: float | None = None) -> None:
        pass

    @property
    def stop_requested(self) -> bool:
        return False


NO_PROGRESS: Final[ProgressSink] = _NoProgress()


def stop_if_requested(progress: ProgressSink) -> None:
    """Raise `Stopped` if the caller asked to stop (call only before anything irreversible)."""
    if progress.stop_requested:
        raise Stopped()
