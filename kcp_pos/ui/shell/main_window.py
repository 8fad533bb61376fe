"""The main window: mode banner, navigation (Terminal, Customers, Transactions, Settings), status.

The pages come from one list (`_page_entries`): each entry names the page, its title and how to
build it; the navigation, the stack and the Ctrl+1 … Ctrl+5 shortcuts are made from it. Pages are
`ScreenPage`s, and the window talks to them only through that class (entering and leaving, the
backend's state, `attach` once the services are ready, saved settings, change notices, and the
question whether closing now would leave something unfinished).

The banner is permanent and says whether payments are real. The window starts before the API
backend is ready; `set_endpoint` (called when the embedded sandbox is up or live credentials are
loaded) says so, and `attach` hands the pages their `PageContext` once the store is open too.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
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

from kcp_pos.domain.language import Language
from kcp_pos.iamport.live_api import LIVE_API_URL
from kcp_pos.settings.endpoint import ApiEndpoint, SandboxReason
from kcp_pos.settings.model import Profile, Settings
from kcp_pos.settings.secrets import SecretStore
from kcp_pos.settings.store import SettingsStore
from kcp_pos.ui.shell.capture_protection import apply_capture_protection
from kcp_pos.ui.shell.mode_banner import ModeBanner
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from kcp_pos.ui.terminal.page import TerminalPage

if TYPE_CHECKING:
    from kcp_pos.services.operator import Operator
    from kcp_pos.settings.run_folders import RunFolders
    from kcp_pos.store import StoreTopic
    from kcp_pos.ui.first_run.wizard import FirstRunDone, FirstRunWizard
    from kcp_pos.ui.shell.about_dialog import AboutDialog
    from kcp_pos.ui.shell.change_notices import ChangeNotices
    from kcp_pos.ui.shell.idle_watch import IdleWatch
    from kcp_pos.ui.shell.lock_screen import LockScreen
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.schedule_poll import SchedulePoll

log = logging.getLogger(__name__)

APP_TITLE = "kcp-pos"
STAYS_OVER_THE_LOCK = "kcpStaysOverTheLock"
"""A window with this property set is left on screen by the lock: it is about the program, not
an operator's work (the crash dialog, the last crash's notice)."""
ABOUT_KEYS = "F1"
"""Opens the About dialog, locked or not (`MainWindow.open_about`)."""
ACCESSIBLE_TEXT_ROLE = 11
"""`Qt.ItemDataRole.AccessibleTextRole` as the int that `setData` takes: naming `Qt` here would
build its whole enum namespace (about 40 ms) before the first paint (first_paint.py)."""


class Page(enum.IntEnum):
    """The pages in navigation order; the value is the index in the stack and Ctrl+(value+1)."""

    TERMINAL = 0
    CUSTOMERS = 1
    TRANSACTIONS = 2
    CART = 3
    SETTINGS = 4


def page_shortcut(page: Page) -> QKeySequence:
    """The shortcut that opens `page`."""
    return QKeySequence(f"Ctrl+{page.value + 1}")


@dataclass(frozen=True)
class PageEntry:
    """One page of the navigation: its title and how to build it (with the stack as parent)."""

    page: Page
    title: str
    build: Callable[[QWidget], ScreenPage]
    on_first_visit: bool = False
    """Built the first time it is shown (a big page the first window need not wait for)."""


def _waits_for_an_answer(dialog: QDialog) -> bool:
    """A question waiting in an event loop of its own: a yes/no, a manager's approval, a file
    to choose, or any dialog run with `exec()` (application-modal)."""
    from PySide6.QtCore import Qt  # not at import: PySide's Qt namespace costs the first paint
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from kcp_pos.ui.widgets.manager_approval import ManagerApprovalDialog

    if isinstance(dialog, QMessageBox | QFileDialog | ManagerApprovalDialog):
        return True
    return dialog.windowModality() is Qt.WindowModality.ApplicationModal


class MainWindow(QMainWindow):
    """The application window. Build on the UI thread; call `set_endpoint` once the API is ready
    and `attach` once the services are."""

    endpoint_ready = Signal(object)
    """Emitted with the `ApiEndpoint` once requests can be sent."""
    page_changed = Signal(int)
    """Emitted with the new `Page` value after navigation."""
    settings_changed = Signal(object)
    """Emitted with the new `Settings` after the settings page saved them."""
    data_changed = Signal(object)
    """Emitted with the `StoreTopic`s of each change notice, after the pages had it."""
    restart_requested = Signal()
    """The first-run setup chose another language than the window was built in: the app starts
    again in it (`app.main`), rather than showing a window half in each."""

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
        self._settings_store = settings_store
        self._secret_store = secret_store
        self._live_api_url = live_api_url
        self._language = language or settings.language.value
        self.close_guard: Callable[[], str | None] | None = self.close_warning
        """Asked before the window closes; None closes without asking (the app is quitting)."""
        self._endpoint: ApiEndpoint | None = None
        self.run_folders: RunFolders | None = None
        """The data, log and settings folders of this run (set by `app.start_app`), for About."""
        self._context: PageContext | None = None
        self.schedule_poll: SchedulePoll | None = None
        """Looks up the scheduled charges from `attach` until the window closes."""
        self._backend_state = (False, "")
        self._mode = Profile.SANDBOX
        self._current_page = Page.TERMINAL
        self._switching_page = False

        self.banner = ModeBanner(self)
        # Pages are made inside the stack: moving a built page costs a style pass.
        self.stack = QStackedWidget(self)
        self._entries = self._page_entries()
        if [entry.page for entry in self._entries] != list(Page):
            raise RuntimeError("the page list must hold every Page once, in the enum's order")
        self._pages: dict[Page, ScreenPage] = {}
        self._slots: dict[Page, QWidget] = {}
        for entry in self._entries:
            if entry.on_first_visit:
                self._slots[entry.page] = QWidget(self.stack)
                self.stack.addWidget(self._slots[entry.page])
            else:
                self.stack.addWidget(self._build_page(entry))
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
        # The pages, or the lock screen in their place (built once the services are ready).
        self.front = QStackedWidget(central)
        self.front.addWidget(body)
        central_layout.addWidget(self.front, 1)
        self.setCentralWidget(central)
        self.lock_screen: LockScreen | None = None
        self.first_run: FirstRunWizard | None = None
        """The first-run wizard while it covers the pages (no operator yet)."""
        self.first_run_dialog: QDialog | None = None
        """The first-time setup opened again from Settings (deleted when closed)."""
        self._idle_watch: IdleWatch | None = None
        self._hidden_windows: list[QWidget] = []
        """The app's other windows (dialogs) put away while locked, shown again after."""

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # indeterminate
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.busy_bar.hide()
        self.backend_status = QLabel(self)
        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operatorLabel")
        self.statusBar().addWidget(self.backend_status, 1)
        self.statusBar().addPermanentWidget(self.operator_label)
        self.statusBar().addPermanentWidget(self.busy_bar)
        runner.busy_changed.connect(self.busy_bar.setVisible)
        # A link, not a button: out of the pages' Tab order (F1 is the keyboard's way), and
        # setting a button's focus policy would need PySide's Qt namespace before the first paint.
        about_text = self.tr("About (%1)").replace("%1", ABOUT_KEYS)
        self.about_link = QLabel(
            f'<a href="about" style="color: #2459C4; text-decoration: none;">{about_text}</a>', self
        )
        self.about_link.setObjectName("aboutLink")
        self.about_link.setAccessibleName(about_text)
        self.about_link.linkActivated.connect(lambda _link: self.open_about())
        self.statusBar().addPermanentWidget(self.about_link)
        # Not among `_shortcuts`: About shows no shop data, so it works while locked too.
        self._about_shortcut = QShortcut(QKeySequence(ABOUT_KEYS), self)
        self._about_shortcut.activated.connect(self.open_about)

        self._shortcuts: list[QShortcut] = []
        for entry in self._entries:
            shortcut = QShortcut(page_shortcut(entry.page), self)  # window-wide, Qt's default
            shortcut.activated.connect(lambda page=entry.page: self.show_page(page))
            self._shortcuts.append(shortcut)

        self.resize(1200, 720)
        self.setMinimumSize(QSize(560, 360))
        self.set_mode(Profile.SANDBOX, SandboxReason.CHOSEN)
        self.set_backend_starting()
        self.show_page(Page.TERMINAL)

    # --- pages ----------------------------------------------------------------------------

    def _page_entries(self) -> list[PageEntry]:
        """Every page, in navigation order (a new screen is one more entry here)."""
        return [
            PageEntry(Page.TERMINAL, self.tr("Terminal"), TerminalPage),
            PageEntry(
                Page.CUSTOMERS, self.tr("Customers"), self._build_customers, on_first_visit=True
            ),
            PageEntry(
                Page.TRANSACTIONS,
                self.tr("Transactions"),
                self._build_transactions,
                on_first_visit=True,
            ),
            PageEntry(Page.CART, self.tr("Cart"), self._build_cart, on_first_visit=True),
            # The biggest page, and it reads the keychain: neither should delay the first window.
            PageEntry(
                Page.SETTINGS, self.tr("Settings"), self._build_settings, on_first_visit=True
            ),
        ]

    def _build_customers(self, parent: QWidget) -> ScreenPage:
        from kcp_pos.ui.customers.page import CustomersPage  # not needed for the first paint

        return CustomersPage(Language(self._language).lang, self.settings, parent)

    def _build_transactions(self, parent: QWidget) -> ScreenPage:
        from kcp_pos.ui.backoffice.page import TransactionsPage  # not needed for the first paint

        page = TransactionsPage(Language(self._language).lang, parent)
        page.apply_settings(self.settings)  # its receipts need the shop's name at once
        return page

    def _build_cart(self, parent: QWidget) -> ScreenPage:
        from kcp_pos.ui.cart.page import CartPage  # not needed for the first paint

        return CartPage(Language(self._language).lang, self.settings, parent)

    def _build_settings(self, parent: QWidget) -> ScreenPage:
        from kcp_pos.ui.settings.page import SettingsPage  # not needed for the first paint

        page = SettingsPage(
            self.settings,
            self._settings_store,
            self._secret_store,
            self.runner,
            self.endpoint,
            live_api_url=self._live_api_url,
            language=self._language,
            parent=parent,
        )
        page.settings_saved.connect(self._apply_saved_settings)
        page.first_run_requested.connect(self.open_first_run_again)
        return page

    def _build_page(self, entry: PageEntry) -> ScreenPage:
        page = entry.build(self.stack)
        self._pages[entry.page] = page
        page.set_backend_state(*self._backend_state)
        if self._context is not None:
            page.attach(self._context)
        return page

    def page(self, page: Page) -> ScreenPage:
        """The page widget, built now if it waits for its first visit."""
        built = self._pages.get(page)
        if built is not None:
            return built
        entry = next(entry for entry in self._entries if entry.page is page)
        slot = self._slots.pop(page)
        index = self.stack.indexOf(slot)
        built = self._build_page(entry)
        self.stack.insertWidget(index, built)
        self.stack.removeWidget(slot)
        slot.deleteLater()
        return built

    @property
    def terminal_page(self) -> TerminalPage:
        page = self._pages[Page.TERMINAL]
        assert isinstance(page, TerminalPage)
        return page

    def built_pages(self) -> list[ScreenPage]:
        return list(self._pages.values())

    def _build_nav(self) -> QListWidget:
        nav = QListWidget(self)
        nav.setObjectName("navigation")
        nav.setAccessibleName(self.tr("Navigation"))
        for entry in self._entries:
            name = entry.title
            shortcut = page_shortcut(entry.page).toString(QKeySequence.SequenceFormat.NativeText)
            item = QListWidgetItem(nav)
            item.setData(ACCESSIBLE_TEXT_ROLE, f"{name} ({shortcut})")
            item.setToolTip(self.tr("%1 (%2)").replace("%1", name).replace("%2", shortcut))
            row = QWidget(nav)
            row.setObjectName("navEntry")
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(16, 10, 12, 10)
            name_label = QLabel(name, row)
            name_label.setObjectName("navName")
            key_label = QLabel(shortcut, row)
            key_label.setObjectName("navShortcut")
            row_layout.addWidget(name_label, 1)
            row_layout.addWidget(key_label)
            item.setSizeHint(row.sizeHint())
            nav.setItemWidget(item, row)
        nav.setFixedWidth(max(nav.sizeHintForColumn(0) + 8, 180))
        nav.currentRowChanged.connect(lambda row: self.show_page(Page(row)) if row >= 0 else None)
        return nav

    @property
    def current_page(self) -> Page:
        return self._current_page

    def show_page(self, page: Page) -> None:
        """Switch to `page`, telling the page the clerk leaves and the one they enter."""
        if self._switching_page or (
            page is self._current_page and self.stack.currentIndex() == page.value
        ):
            return
        # While switching, the nav's own row changes (ours, or its taking the focus from a page
        # that is hidden) must not start a second switch.
        self._switching_page = True
        try:
            shown = self.page(page)  # built before the stack shows its slot
            previous = self._pages.get(self._current_page)
            if previous is not None and previous is not shown:
                previous.leaving.emit()
            self._current_page = page
            self.stack.setCurrentIndex(page.value)
            if self.nav.currentRow() != page.value:
                self.nav.setCurrentRow(page.value)
        finally:
            self._switching_page = False
        shown.entered.emit()
        self.page_changed.emit(page.value)

    # --- services -------------------------------------------------------------------------

    def attach(self, context: PageContext, notices: ChangeNotices) -> None:
        """The services are ready: every page gets `context` (pages built later, when built),
        and the store's change notices from now on."""
        self._context = context
        for page in self.built_pages():
            page.attach(context)
        notices.changed.connect(self._notify_pages)
        from kcp_pos.ui.shell.schedule_poll import SchedulePoll  # not needed for the first paint

        self.schedule_poll = SchedulePoll(context.runner, context.services, parent=self)
        self.schedule_poll.start()
        self._finish_card_replacements(context)
        self._set_up_sign_in(context)

    @staticmethod
    def _finish_card_replacements(context: PageContext) -> None:
        """A card replacement cut short last time (new card saved, old key not yet deleted) is
        finished once the services are ready; a failure is logged and retried next start."""
        services = context.services

        def finish(_: Progress) -> int:
            from kcp_pos.services.card_replacement import finish_replacements
            from kcp_pos.services.operator import RESOLVER

            return finish_replacements(services, operator=RESOLVER)

        context.runner.run(
            finish,
            lambda retired: log.info("%d replaced card(s) deleted at start", retired),
            lambda error: log.warning("card replacements not finished: %s", type(error).__name__),
            key="card-replacements",
        )

    # --- who is at the terminal -----------------------------------------------------------

    def _set_up_sign_in(self, context: PageContext) -> None:
        """Cover the pages with the lock screen until someone signs in (the first start makes
        the administrator); lock again on Ctrl+L and after the idle minutes of the settings."""
        from kcp_pos.ui.shell.idle_watch import IdleWatch
        from kcp_pos.ui.shell.lock_screen import LockScreen

        self.lock_screen = LockScreen(context, self.front)
        self.lock_screen.signed_in.connect(self._signed_in)
        self.front.addWidget(self.lock_screen)
        lock_keys = QKeySequence("Ctrl+L")
        # The window is shown: it has its native window.
        self._idle_watch = IdleWatch(0, self, lock_keys)
        self._idle_watch.idle.connect(self.lock)
        self._idle_watch.lock_keys.connect(self.lock)  # pressed in a dialog
        lock_shortcut = QShortcut(lock_keys, self)
        lock_shortcut.activated.connect(self.lock)
        for keys, opens in (
            ("Ctrl+Shift+A", self.open_audit_trail),
            ("Ctrl+Shift+O", self.open_operators),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(opens)
            self._shortcuts.append(shortcut)  # like the pages', off while locked
        self._cover_pages()
        operators = context.services.operators
        context.runner.run(
            lambda _progress: operators.count(),
            self._ask_who,
            lambda error: log.error("operators not read: %s", type(error).__name__),
            key="operators:count",
        )

    def _ask_who(self, count: int) -> None:
        if self.lock_screen is None:
            return
        if count:
            self.lock_screen.ask_sign_in()
        else:
            self._show_first_run()

    # --- the first-time setup -------------------------------------------------------------

    def _first_run_wizard(self, acting: Operator | None, parent: QWidget) -> FirstRunWizard:
        from kcp_pos.ui.first_run.wizard import FirstRunWizard  # only on a first start

        assert self._context is not None
        return FirstRunWizard(
            self.settings,
            self._settings_store,
            self._secret_store,
            self.runner,
            self._context.services,
            acting=acting,
            language=Language(self._language),
            live_api_url=self._live_api_url,
            parent=parent,
        )

    def _show_first_run(self) -> None:
        """No operator yet: the first-run wizard covers the pages, in the lock screen's place
        (it ends by making the administrator, who is then signed in)."""
        self.first_run = self._first_run_wizard(None, self.front)
        self.first_run.done.connect(self._first_run_done)
        self.front.addWidget(self.first_run)
        self.front.setCurrentWidget(self.first_run)
        self.first_run.language_page.first_field().setFocus()

    def _first_run_done(self, outcome: FirstRunDone) -> None:
        wizard, self.first_run = self.first_run, None
        assert wizard is not None and self.lock_screen is not None
        self.front.setCurrentWidget(self.lock_screen)
        self.front.removeWidget(wizard)
        wizard.deleteLater()
        self._apply_saved_settings(outcome.settings)
        if outcome.problem:
            self.backend_status.setText(
                self.tr("Settings saved, but the API key was not: %1").replace(
                    "%1", outcome.problem
                )
            )
        settled = outcome.administrator is not None and not outcome.problem
        if settled and outcome.settings.language.value != self._language:
            self.backend_status.setText(self.tr("Starting again in the language chosen…"))
            self.restart_requested.emit()
            return
        if outcome.administrator is not None:
            self._signed_in(outcome.administrator)
            return
        self.lock_screen.ask_sign_in()
        if outcome.already_set_up:
            self.lock_screen.message_label.setText(
                self.tr(
                    "Another terminal set up this store's administrator first, so nothing of "
                    "the setup typed here was saved. Sign in, then set the shop in Settings."
                )
            )

    def _first_run_dialog_closed(self) -> None:
        self.first_run_dialog = None

    def open_first_run_again(self) -> None:
        """The first-time setup again, for the administrator signed in (no operator step),
        in a window over the pages; saving applies the settings as the Settings page does."""
        from PySide6.QtCore import Qt  # not at import: PySide's Qt namespace costs the first paint

        from kcp_pos.services.operator import Role

        context = self._context
        if context is None or self.locked or not context.seat.occupied:
            return
        if context.operator.role is not Role.ADMIN:
            return  # the Settings page shows its button to administrators only
        from kcp_pos.ui.first_run.wizard import FirstRunDialog

        acting = context.operator
        dialog = FirstRunDialog(lambda parent: self._first_run_wizard(acting, parent), self)
        dialog.setWindowTitle(self.tr("First-time setup"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        wizard = dialog.wizard
        dialog.resize(680, 640)

        def saved(outcome: FirstRunDone) -> None:
            self._apply_saved_settings(outcome.settings)
            dialog.accept()

        wizard.done.connect(saved)
        wizard.closed.connect(dialog.reject)
        dialog.rejected.connect(wizard.undo_language_switch)
        dialog.finished.connect(self._first_run_dialog_closed)
        self.first_run_dialog = dialog
        dialog.open()

    @property
    def context(self) -> PageContext | None:
        """What the pages were given (None until the services are ready)."""
        return self._context

    @property
    def locked(self) -> bool:
        """The lock screen covers the pages (nobody signed in, or locked)."""
        shown = self.front.currentWidget()
        return shown is not None and shown in (self.lock_screen, self.first_run)

    def lock(self) -> None:
        """Cover the pages until someone signs in: the same operator with their PIN, or another
        (a switch). The page in view is left, so it clears what the clerk typed."""
        if self.lock_screen is None or self.locked or self._context is None:
            return
        seat = self._context.seat
        self._cover_pages()
        self.lock_screen.ask_sign_in(seat.operator.name if seat.occupied else "")
        self.operator_label.setText(self.tr("Locked"))

    def _cover_pages(self) -> None:
        assert self.lock_screen is not None and self._idle_watch is not None
        shown = self._pages.get(self._current_page)
        if shown is not None:
            shown.leaving.emit()
        # An open dialog (a refund, the reports) is put away too: whoever signs in next finds
        # it again, acting as themselves (dialogs read the operator when they act). A question
        # waiting in its own event loop (a yes/no, an approval, a file to save, the audit
        # trail and the operators, run with exec()) is closed as "no" instead: hidden, its
        # loop would end anyway and it would come back dead.
        open_windows = [
            window
            for window in QApplication.topLevelWidgets()
            if window is not self
            and window.isVisible()
            and not window.property(STAYS_OVER_THE_LOCK)
        ]
        for window in open_windows:
            if isinstance(window, QDialog) and _waits_for_an_answer(window):
                window.reject()  # the question's caller sees "no"
        self._hidden_windows = [window for window in open_windows if window.isVisible()]
        for window in self._hidden_windows:
            window.hide()
        self._idle_watch.set_minutes(0)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self.front.setCurrentWidget(self.lock_screen)

    def _signed_in(self, operator: Operator) -> None:
        assert self._context is not None and self._idle_watch is not None
        seat = self._context.seat
        same = seat.occupied and seat.operator == operator
        seat.sit(operator)
        self.operator_label.setText(
            self.tr("%1 (%2)").replace("%1", operator.name).replace("%2", self._role_text(operator))
        )
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        self.front.setCurrentIndex(0)
        self._idle_watch.set_minutes(self.settings.idle_lock_minutes)
        for window in self._hidden_windows:
            self._bring_back(window, same)
        self._hidden_windows = []
        shown = self._pages.get(self._current_page)
        if shown is not None:
            shown.entered.emit()

    def open_audit_trail(self) -> None:
        """The audit trail viewer (a manager's; the services check it)."""
        from kcp_pos.ui.backoffice.audit_dialog import AuditDialog

        if self._context is not None and not self.locked:
            AuditDialog(self._context, self, lang=Language(self._language).lang).exec()

    def open_operators(self) -> None:
        """The operators (an administrator's; the services check it)."""
        from kcp_pos.ui.backoffice.operators_dialog import OperatorsDialog

        if self._context is not None and not self.locked:
            OperatorsDialog(self._context, self).exec()

    def open_about(self) -> None:
        """The About dialog: version, mode, this run's folders, licences (F1, the status bar's
        link; locked or not)."""
        dialog = self.about_dialog()
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def about_dialog(self) -> AboutDialog:
        """A new About dialog over this window, for this run's folders and mode."""
        from kcp_pos.settings.run_folders import RunFolders
        from kcp_pos.settings.store import default_data_dir
        from kcp_pos.ui.shell.about_dialog import AboutDialog

        folders = self.run_folders
        if folders is None:  # a window made without start_app (tests): the defaults
            from kcp_pos.logging_setup import default_log_dir

            folders = RunFolders(
                default_data_dir(), default_log_dir(), self._settings_store.config_dir
            )
        return AboutDialog(folders, self.mode, self.banner.mode_label.text(), self.runner, self)

    @staticmethod
    def _bring_back(window: QWidget, same_operator: bool) -> None:
        """A window put away by the lock: shown again to the operator who left it; closed
        (as Esc would) when another signs in, who must not find a half-typed refund."""
        try:
            if same_operator:
                window.show()
            elif isinstance(window, QDialog):
                window.reject()
            else:
                window.close()
        except RuntimeError:  # closed meanwhile (deleted by Qt)
            return

    def _role_text(self, operator: Operator) -> str:
        from kcp_pos.services.operator import Role

        return {
            Role.CLERK: self.tr("clerk"),
            Role.MANAGER: self.tr("manager"),
            Role.ADMIN: self.tr("administrator"),
        }[operator.role]

    def _notify_pages(self, topics: frozenset[StoreTopic]) -> None:
        for page in self.built_pages():
            page.data_changed(topics)
        self.data_changed.emit(topics)

    def close_warning(self) -> str | None:
        """The first page's reason not to close now (a payment in flight), or None."""
        return next(filter(None, (page.close_warning() for page in self.built_pages())), None)

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
        """The API is ready: update the banner for the effective mode and tell the pages."""
        self._endpoint = endpoint
        self.set_mode(endpoint.mode, reason)
        if endpoint.mode is Profile.LIVE:
            self.banner.set_status(self.tr("Live API ready"))
            status = self.tr("Connected to %1").replace("%1", endpoint.base_url)
        else:
            self.banner.set_status(self.tr("Training server ready"))
            status = self.tr("Training server ready at %1").replace("%1", endpoint.base_url)
        self.backend_status.setText(status)
        self._set_pages_backend_state(True, "")
        self.endpoint_ready.emit(endpoint)

    def set_backend_failed(self, message: str) -> None:
        """The backend could not start; the pages stay disabled and say why."""
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
        """The local payment store could not be opened; the pages stay disabled."""
        text = self.tr("The payment store could not be opened: %1").replace("%1", message)
        self._show_not_ready(text, in_banner=False)

    def _show_not_ready(self, text: str, *, in_banner: bool = True) -> None:
        """Why payments cannot be taken (yet): in the status bar, on the pages and, unless the
        banner keeps its own status, in the banner."""
        if in_banner:
            self.banner.set_status(text)
        self.backend_status.setText(text)
        self._set_pages_backend_state(False, text)

    def _set_pages_backend_state(self, ready: bool, message: str) -> None:
        self._backend_state = (ready, message)
        for page in self.built_pages():
            page.set_backend_state(ready, message)

    # --- settings and window events -------------------------------------------------------

    def _apply_saved_settings(self, settings: object) -> None:
        assert isinstance(settings, Settings)
        self.settings = settings
        if self.isVisible():
            apply_capture_protection(self, settings.screen_capture_protection)
        if self._idle_watch is not None and not self.locked:
            self._idle_watch.set_minutes(settings.idle_lock_minutes)
        for page in self.built_pages():
            page.apply_settings(settings)
        self.settings_changed.emit(settings)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        apply_capture_protection(self, self.settings.screen_capture_protection)

    def closeEvent(self, event: QCloseEvent) -> None:
        warning = self.close_guard() if self.close_guard is not None else None
        if warning is not None and not self._confirm_close(warning):
            event.ignore()
            return
        self._stop_and_clear()
        super().closeEvent(event)

    def put_away(self) -> None:
        """What closing does, and hide, without Qt's close: for the app's shutdown once its
        event loop has ended, where Qt's close crashed the process now and then on a loaded
        machine (after every store write was done)."""
        self._stop_and_clear()
        self.hide()

    def _stop_and_clear(self) -> None:
        if self.schedule_poll is not None:
            self.schedule_poll.stop()
        if self._idle_watch is not None:
            self._idle_watch.stop()
        # Pages clear sensitive input whenever the clerk leaves, closing included.
        for page in self.built_pages():
            page.leaving.emit()

    def _confirm_close(self, warning: str) -> bool:
        """Ask before closing while a payment is in flight; No is the default answer."""
        from PySide6.QtWidgets import QMessageBox  # not needed for the first paint

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Close kcp-pos?"), warning, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Close anyway"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep open"))
        return box.exec() == QMessageBox.StandardButton.Yes
