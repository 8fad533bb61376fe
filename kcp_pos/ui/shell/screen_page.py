"""What every page behind the navigation is to the main window (`ScreenPage`), and what it is
given once the backend is ready (`PageContext`).

The main window builds its pages from one list (`main_window.MainWindow._page_entries`) and talks
to each only through this class: it says when the clerk enters or leaves the page, hands every
built page the same `PageContext` when the backend is ready (a page built later gets it at once),
passes on saved settings and the store's change notices, and asks each page whether closing now
would leave something unfinished. A page overrides what it needs; the defaults do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the service layer loads on the runner, after the first paint
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operator import Operator
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import StoreTopic
    from kcp_pos.ui.shell.operator_seat import OperatorSeat
    from kcp_pos.ui.shell.runner import BackgroundRunner


@dataclass(frozen=True)
class PageContext:
    """The one path by which pages get the services."""

    services: AppServices
    runner: BackgroundRunner
    seat: OperatorSeat
    """Who is signed in: read `operator` when acting, never keep it (it changes on a switch)."""
    training: bool
    """The sandbox is in use: nothing is really charged (receipts say so)."""
    leftover_attempt_ids: tuple[int, ...]
    """Attempts a previous run left unresolved, listed before this session made any."""

    @property
    def operator(self) -> Operator:
        """Who the pages act for now (every money-moving call names its operator);
        `NotSignedIn` while nobody is."""
        return self.seat.operator


class ScreenPage(QWidget):
    """A page of the main window."""

    entered = Signal()
    """The clerk arrived on this page."""
    leaving = Signal()
    """The clerk is leaving this page or closing the window (clear sensitive input)."""

    def attach(self, context: PageContext) -> None:
        """The backend is ready: services, runner and operator are in `context`."""

    def set_backend_state(self, ready: bool, message: str) -> None:
        """Whether requests can be sent yet, and if not why (`message`, empty when ready)."""

    def apply_settings(self, settings: Settings) -> None:
        """The settings page saved new settings."""

    def data_changed(self, topics: frozenset[StoreTopic]) -> None:
        """The store changed what this page may show: refresh it (no polling)."""

    def close_warning(self) -> str | None:
        """Why closing the window now needs a second thought, or None."""
        return None
