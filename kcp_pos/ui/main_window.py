"""The main window: mode banner, navigation (Terminal, Customers, Transactions, Settings), status.

Ctrl+1 … Ctrl+4 switch pages (shown next to each entry). The banner is permanent and says whether
payments are real. The window starts before the API backend is ready; `set_endpoint` (called when
the embedded sandbox is up or live credentials are loaded) makes the terminal usable and emits
`endpoint_ready`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.settings.endpoint import LIVE_API_URL, ApiEndpoint, SandboxReason
from kcp_pos.settings.model import Profile, Settings
from kcp_pos.settings.secrets import SecretStore
from kcp_pos.settings.store import SettingsStore
from kcp_pos.ui.capture_protection import apply_capture_protection
from kcp_pos.ui.mode_banner import ModeBanner
from kcp_pos.ui.pages import PlaceholderPage, TerminalPage
from kcp_pos.ui.runner import BackgroundRunner

if TYPE_CHECKING:
    from kcp_pos.ui.settings_page import SettingsPage

APP_TITLE = "kcp-pos"
ACCESSIBLE_TEXT_ROLE = 11
"""`Qt.ItemDataRole.AccessibleTextRole` as the int that `setData` takes: naming `Qt` here would
build its whole enum namespace (about 40 ms) before the first paint (first_paint.py)."""


class Page(enum.IntEnum):
    """The pages in navigation order; the value is the index in the stack and Ctrl+(value+1)."""

    TERMINAL = 0
    CUSTOMERS = 1
    TRANSACTIONS = 2
    SETTINGS = 3


def page_shortcut(page: Page) -> QKeySequence:
    """The shortcut that opens `page`."""
    return QKeySequence(f"Ctrl+{page.value + 1}")


class MainWindow(QMainWindow):
    """The application window. Build on the UI thread; call `set_endpoint` once the API is ready."""

    endpoint_ready = Signal(object)
    """Emitted with the `ApiEndpoint` once requests can be sent."""
    page_changed = Signal(int)
    """Emitted with the new `Page` value after navigation."""
    settings_changed = Signal(object)
    """Emitted with the new `Settings` after the settings page saved them."""

    def __init__(
        self,
        settings: Settings,
        settings_store: SettingsStore,
        secret_store: SecretStore,
        runner: BackgroundRunner,
        *,
        live_api_url: str = LIVE_API_URL,
        language: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self.close_guard: Callable[[], str | None] | None = None
        """Returns a warning while closing would leave a payment in flight (the terminal's)."""
        self._endpoint: ApiEndpoint | None = None
        self._mode = Profile.SANDBOX
        self._current_page = Page.TERMINAL
        self._switching_page = False

        self.banner = ModeBanner(self)
        # Pages are made inside the stack: moving a built page costs a style pass.
        self.stack = QStackedWidget(self)
        self.terminal_page = TerminalPage(self.stack)
        self.customers_page = PlaceholderPage(
            self.tr("Customers"),
            self.tr(
                "Coming next: the customer directory with saved cards (customer_uid), charging a "
                "saved card again and scheduled payments."
            ),
            self.stack,
        )
        self.transactions_page = PlaceholderPage(
            self.tr("Transactions"),
            self.tr(
                "Coming next: the ledger of payments with search, receipts, refunds and "
                "reconciliation with PortOne."
            ),
            self.stack,
        )
        # The settings page is built on first visit: it is the biggest page and reads the
        # keychain, neither of which should delay the first window.
        self._settings_page: SettingsPage | None = None
        self._settings_page_slot = QWidget(self.stack)
        self._settings_store = settings_store
        self._secret_store = secret_store
        self._live_api_url = live_api_url
        self._language = language or settings.language.value

        for page_widget in self._page_widgets():
            self.stack.addWidget(page_widget)
        self.nav = self._build_nav()

        body = QWidget(self)
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.nav)
        body_layout.addWidget(self.stack, 1)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(body, 1)
        self.setCentralWidget(central)

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # indeterminate
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.busy_bar.hide()
        self.backend_status = QLabel(self)
        self.statusBar().addWidget(self.backend_status, 1)
        self.statusBar().addPermanentWidget(self.busy_bar)
        runner.busy_changed.connect(self.busy_bar.setVisible)

        self._shortcuts: list[QShortcut] = []
        for page in Page:
            shortcut = QShortcut(page_shortcut(page), self)  # window-wide, Qt's default
            shortcut.activated.connect(lambda page=page: self.show_page(page))
            self._shortcuts.append(shortcut)

        self.resize(1200, 720)
        self.setMinimumSize(QSize(560, 360))
        self.set_mode(Profile.SANDBOX, SandboxReason.CHOSEN)
        self.set_backend_starting()
        self.show_page(Page.TERMINAL)

    # --- navigation -----------------------------------------------------------------------

    def _page_widgets(self) -> list[QWidget]:
        return [
            self.terminal_page,
            self.customers_page,
            self.transactions_page,
            self._settings_page_slot,
        ]

    @property
    def settings_page(self) -> SettingsPage:
        """The settings page, built the first time it is needed."""
        if self._settings_page is None:
            from kcp_pos.ui.settings_page import SettingsPage  # not needed for the first paint

            page = SettingsPage(
                self.settings,
                self._settings_store,
                self._secret_store,
                self.runner,
                self.endpoint,
                live_api_url=self._live_api_url,
                language=self._language,
                parent=self,
            )
            page.settings_saved.connect(self._apply_saved_settings)
            slot_index = self.stack.indexOf(self._settings_page_slot)
            self.stack.insertWidget(slot_index, page)
            self.stack.removeWidget(self._settings_page_slot)
            self._settings_page_slot.deleteLater()
            self._settings_page = page
        return self._settings_page

    def _page_names(self) -> dict[Page, str]:
        return {
            Page.TERMINAL: self.tr("Terminal"),
            Page.CUSTOMERS: self.tr("Customers"),
            Page.TRANSACTIONS: self.tr("Transactions"),
            Page.SETTINGS: self.tr("Settings"),
        }

    def _build_nav(self) -> QListWidget:
        nav = QListWidget(self)
        nav.setObjectName("navigation")
        nav.setAccessibleName(self.tr("Navigation"))
        for page, name in self._page_names().items():
            shortcut = page_shortcut(page).toString(QKeySequence.SequenceFormat.NativeText)
            item = QListWidgetItem(nav)
            item.setData(ACCESSIBLE_TEXT_ROLE, f"{name} ({shortcut})")
            item.setToolTip(self.tr("%1 (%2)").replace("%1", name).replace("%2", shortcut))
            entry = QWidget(nav)
            entry.setObjectName("navEntry")
            entry_layout = QHBoxLayout(entry)
            entry_layout.setContentsMargins(16, 10, 12, 10)
            name_label = QLabel(name, entry)
            name_label.setObjectName("navName")
            key_label = QLabel(shortcut, entry)
            key_label.setObjectName("navShortcut")
            entry_layout.addWidget(name_label, 1)
            entry_layout.addWidget(key_label)
            item.setSizeHint(entry.sizeHint())
            nav.setItemWidget(item, entry)
        nav.setFixedWidth(max(nav.sizeHintForColumn(0) + 8, 180))
        nav.currentRowChanged.connect(lambda row: self.show_page(Page(row)) if row >= 0 else None)
        return nav

    @property
    def current_page(self) -> Page:
        return self._current_page

    def show_page(self, page: Page) -> None:
        """Switch to `page`, telling the terminal when the clerk leaves or enters it."""
        if self._switching_page or (
            page is self._current_page and self.stack.currentIndex() == page.value
        ):
            return
        # While switching, the nav's own row changes (ours, or its taking the focus from a page
        # that is hidden) must not start a second switch.
        self._switching_page = True
        try:
            if page is Page.SETTINGS:
                self.settings_page  # noqa: B018 -- build it before the stack shows its slot
            if self._current_page is Page.TERMINAL and page is not Page.TERMINAL:
                self.terminal_page.leaving.emit()
            self._current_page = page
            self.stack.setCurrentIndex(page.value)
            if self.nav.currentRow() != page.value:
                self.nav.setCurrentRow(page.value)
        finally:
            self._switching_page = False
        if page is Page.TERMINAL:
            self.terminal_page.entered.emit()
        self.page_changed.emit(page.value)

    # --- mode and backend -----------------------------------------------------------------

    @property
    def mode(self) -> Profile:
        return self._mode

    def endpoint(self) -> ApiEndpoint | None:
        """Where requests go, or None while the backend is starting (or failed)."""
        return self._endpoint

    def set_mode(self, mode: Profile, reason: SandboxReason | None) -> None:
        """Show `mode` in the banner and the window title."""
        self._mode = mode
        self.banner.set_mode(mode, reason)
        mode_text = self.tr("LIVE") if mode is Profile.LIVE else self.tr("TRAINING (SANDBOX)")
        self.setWindowTitle(f"{APP_TITLE} — {mode_text}")

    def set_backend_connecting(self) -> None:
        """Live mode was chosen: the key pair is being read from the keychain."""
        self._show_not_ready(self.tr("Reading the API key from the keychain…"))

    def set_backend_starting(self) -> None:
        """The embedded sandbox is starting (the initial state)."""
        self._show_not_ready(self.tr("Starting the training server…"))

    def set_endpoint(self, endpoint: ApiEndpoint, reason: SandboxReason | None = None) -> None:
        """The API is ready: update the banner for the effective mode and enable the terminal."""
        self._endpoint = endpoint
        self.set_mode(endpoint.mode, reason)
        if endpoint.mode is Profile.LIVE:
            self.banner.set_status(self.tr("Live API ready"))
            status = self.tr("Connected to %1").replace("%1", endpoint.base_url)
        else:
            self.banner.set_status(self.tr("Training server ready"))
            status = self.tr("Training server ready at %1").replace("%1", endpoint.base_url)
        self.backend_status.setText(status)
        self.terminal_page.set_backend_state(True, "")
        self.endpoint_ready.emit(endpoint)

    def set_backend_failed(self, message: str) -> None:
        """The backend could not start; the terminal stays disabled and says why."""
        self._endpoint = None
        self._show_not_ready(
            self.tr("The training server could not start: %1").replace("%1", message)
        )

    def set_terminal_failed(self, message: str) -> None:
        """The terminal screen could not be built (a defect): no payments, and it says why."""
        self._show_not_ready(
            self.tr("The payment screen could not be prepared: %1").replace("%1", message)
        )

    def set_store_failed(self, message: str) -> None:
        """The local payment store could not be opened; the terminal stays disabled."""
        text = self.tr("The payment store could not be opened: %1").replace("%1", message)
        self._show_not_ready(text, in_banner=False)

    def _show_not_ready(self, text: str, *, in_banner: bool = True) -> None:
        """Why payments cannot be taken (yet): in the status bar, on the terminal page and,
        unless the banner keeps its own status, in the banner."""
        if in_banner:
            self.banner.set_status(text)
        self.backend_status.setText(text)
        self.terminal_page.set_backend_state(False, text)

    # --- settings and window events -------------------------------------------------------

    def _apply_saved_settings(self, settings: object) -> None:
        assert isinstance(settings, Settings)
        self.settings = settings
        if self.isVisible():
            apply_capture_protection(self, settings.screen_capture_protection)
        self.settings_changed.emit(settings)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        apply_capture_protection(self, self.settings.screen_capture_protection)

    def closeEvent(self, event: QCloseEvent) -> None:
        warning = self.close_guard() if self.close_guard is not None else None
        if warning is not None and not self._confirm_close(warning):
            event.ignore()
            return
        # The entry form clears card data whenever the clerk leaves, closing included.
        self.terminal_page.leaving.emit()
        super().closeEvent(event)

    def _confirm_close(self, warning: str) -> bool:
        """Ask before closing while a payment is in flight; No is the default answer."""
        from PySide6.QtWidgets import QMessageBox  # not needed for the first paint

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Close kcp-pos?"), warning, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Close anyway"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep open"))
        return box.exec() == QMessageBox.StandardButton.Yes
