"""Entry point of `kcp-pos`: builds the object graph from settings and starts the window.

Start-up is ordered for speed: only the settings file is read before the window is shown; the
keychain lookup and the embedded sandbox (uvicorn, SQLite) start on the background runner
afterwards, while the window says "Starting the training server…". Heavy modules are imported
inside the functions that need them for the same reason.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kcp_pos import __version__
from kcp_pos.settings.endpoint import (
    LIVE_API_URL,
    ApiEndpoint,
    SandboxReason,
    effective_mode,
    sandbox_reason,
)
from kcp_pos.settings.model import Language, Profile, Settings
from kcp_pos.settings.secrets import ApiCredentials, SecretStore
from kcp_pos.settings.store import APP_NAME, SettingsStore, default_data_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kcp_pos.sandbox.server import SandboxServer
    from kcp_pos.services.terminal_services import TerminalServices
    from kcp_pos.ui.main_window import MainWindow
    from kcp_pos.ui.runner import BackgroundRunner, Progress
    from kcp_pos.ui.terminal_controller import TerminalController

log = logging.getLogger(__name__)

BACKEND_OP_KEY = "backend"
SERVICES_OP_KEY = "services"
STORE_DIR_NAME = "store"


def resolve_data_dir(cli_data_dir: Path | None, settings: Settings) -> Path:
    """`--data-dir` wins over the settings' data_dir, which wins over the user data dir."""
    if cli_data_dir is not None:
        return cli_data_dir
    if settings.data_dir is not None:
        return settings.data_dir
    return default_data_dir()


@dataclass(frozen=True)
class BackendReady:
    """The API endpoint to use and, in sandbox mode, why."""

    endpoint: ApiEndpoint
    reason: SandboxReason | None


class ApiBackend:
    """Decides live or sandbox, starts the embedded sandbox when needed and stops it at exit.

    `start` runs on the background runner (no Qt); `stop` is safe to call at any time.
    """

    def __init__(self, settings: Settings, secret_store: SecretStore, data_dir: Path) -> None:
        self.settings = settings
        self.secret_store = secret_store
        self.data_dir = data_dir
        self._server: SandboxServer | None = None
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def sandbox_dir(self) -> Path:
        return self.data_dir / "sandbox"

    def start(self, progress: Progress) -> BackendReady:
        # The keychain is only asked when live is chosen: no unlock prompt in training mode.
        credentials = self.secret_store.load() if self.settings.profile is Profile.LIVE else None
        reason = sandbox_reason(self.settings, credentials)
        if effective_mode(self.settings, credentials) is Profile.LIVE:
            assert credentials is not None
            return BackendReady(ApiEndpoint(Profile.LIVE, LIVE_API_URL, credentials), None)
        progress.report("starting sandbox")
        url, sandbox_credentials = self._start_sandbox()
        return BackendReady(ApiEndpoint(Profile.SANDBOX, url, sandbox_credentials), reason)

    def _start_sandbox(self) -> tuple[str, ApiCredentials]:
        from kcp_pos.sandbox.server import (
            DEFAULT_IMP_KEY,
            DEFAULT_IMP_SECRET,
            SandboxConfig,
            SandboxServer,
        )

        config = SandboxConfig(
            data_dir=self.sandbox_dir, pwd_2digit_required=self.settings.pwd_2digit_required
        )
        server = SandboxServer(config)
        with self._lock:
            if self._stopped:
                raise RuntimeError("the app is closing")
            self._server = server
        url = server.start()
        log.info("embedded sandbox listening at %s (data in %s)", url, self.sandbox_dir)
        return url, ApiCredentials(imp_key=DEFAULT_IMP_KEY, imp_secret=DEFAULT_IMP_SECRET)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            server, self._server = self._server, None
        if server is not None:
            server.stop()
            log.info("embedded sandbox stopped")


@dataclass(frozen=True)
class OpenedTerminal:
    """The terminal's services, and the attempts a previous run left unresolved (by id)."""

    services: TerminalServices
    leftover_attempt_ids: tuple[int, ...]


def open_terminal_services(endpoint: ApiEndpoint, store_dir: Path, pg: str) -> OpenedTerminal:
    """Build the client and open (and migrate) the store. I/O: run on the background runner.

    The unresolved attempts are listed here, before the clerk can start a new one, so that the
    start-up check never touches an attempt of this session.
    """
    from kcp_pos.iamport.client import IamportClient
    from kcp_pos.services.terminal_services import TerminalServices

    credentials = endpoint.credentials
    client = IamportClient(endpoint.base_url, credentials.imp_key, credentials.imp_secret)
    try:
        services = TerminalServices.open(client, store_dir, pg=pg)
    except Exception:
        client.close()
        raise
    leftover = tuple(attempt.id for attempt in services.journal.unresolved())
    return OpenedTerminal(services, leftover)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kcp-pos", description="Keyed-entry payment terminal")
    parser.add_argument("--version", action="version", version=f"kcp-pos {__version__}")
    parser.add_argument("--data-dir", type=Path, help="folder for the ledger and sandbox data")
    parser.add_argument("--config-dir", type=Path, help="folder of settings.json")
    parser.add_argument("--log-dir", type=Path, help="folder of the log file")
    parser.add_argument(
        "--lang", choices=[language.value for language in Language], help="UI language"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="print when typing is possible, exit once the backend is ready (0) or failed (1)",
    )
    return parser.parse_args(argv)


class AppSession:
    """The running app: window, runner and backend, and the terminal once it is built.

    `start_app` shows the window; after its first paint, one event-loop turn each,
    `build_terminal` completes the terminal screen and `start_backend` starts the API backend
    and the store on the runner. `close()` shuts everything down in order.
    """

    def __init__(
        self,
        window: MainWindow,
        runner: BackgroundRunner,
        backend: ApiBackend,
        settings_store: SettingsStore,
        language: Language,
    ) -> None:
        self.window = window
        self.runner = runner
        self.backend = backend
        self.settings_store = settings_store
        self.language = language
        self.terminal: TerminalController | None = None
        """Built right after the first paint (`build_terminal`)."""
        self.services: TerminalServices | None = None
        self.backend_error: Exception | None = None
        """Why the terminal cannot take payments: it was not built, or the backend or the
        store did not start."""
        self.closed = False

    @property
    def store_dir(self) -> Path:
        return self.backend.data_dir / STORE_DIR_NAME

    def load_terminal_code(self) -> None:
        """Import the terminal's modules: a turn of its own, so that typing in the amount field
        is never held up for the import and the building together."""
        for module in ("kcp_pos.ui.terminal_view", "kcp_pos.ui.terminal_controller"):
            importlib.import_module(module)

    def build_terminal(self) -> None:
        """The rest of the terminal screen around the amount field, and its controller. A
        failure is shown in the window (and the backend is then not started)."""
        if self.closed:
            return
        try:
            self._build_terminal()
        except Exception as error:
            log.exception("the terminal screen could not be built")
            self.backend_error = error
            self.window.set_terminal_failed(f"{type(error).__name__}: {error}")

    def _build_terminal(self) -> None:
        from kcp_pos.ui.merchant_clock import kst_today
        from kcp_pos.ui.terminal_controller import TerminalController
        from kcp_pos.ui.terminal_view import TerminalView

        window = self.window
        settings = window.settings  # the settings page may already have saved new ones
        view = TerminalView(
            lang="ko" if self.language is Language.KO else "en",
            today=kst_today,
            pwd_required=settings.pwd_2digit_required,
            order_box=window.terminal_page.order_box,
        )
        window.terminal_page.set_entry_form(view)
        terminal = TerminalController(view, self.runner, settings, parent=window)
        window.terminal_page.leaving.connect(terminal.leave)
        window.close_guard = terminal.close_warning
        window.settings_changed.connect(terminal.update_settings)
        self.terminal = terminal

    def start_backend(self) -> None:
        """Start the sandbox (or read the live key) on the runner, then open the store."""
        if self.closed or self.terminal is None:
            return
        self.runner.run(
            self.backend.start, self._backend_ready, self._backend_failed, key=BACKEND_OP_KEY
        )

    def _backend_ready(self, result: BackendReady) -> None:
        self.window.set_endpoint(result.endpoint, result.reason)
        endpoint, pg, store_dir = result.endpoint, self.window.settings.pg, self.store_dir
        self.runner.run(
            lambda _progress: open_terminal_services(endpoint, store_dir, pg),
            self._attach,
            self._services_failed,
            key=SERVICES_OP_KEY,
        )

    def _backend_failed(self, error: Exception) -> None:
        self.backend_error = error
        log.error("backend did not start: %s: %s", type(error).__name__, error)
        self.window.set_backend_failed(f"{type(error).__name__}: {error}")

    def _attach(self, opened: OpenedTerminal) -> None:
        if self.closed or self.terminal is None:
            opened.services.close()
            return
        self.services = opened.services
        endpoint = self.window.endpoint()
        training = endpoint is None or endpoint.mode is Profile.SANDBOX
        self.terminal.attach(opened.services, opened.leftover_attempt_ids, training=training)

    def _services_failed(self, error: Exception) -> None:
        self.backend_error = error
        log.error("payment store did not open: %s: %s", type(error).__name__, error)
        self.window.set_store_failed(f"{type(error).__name__}: {error}")

    def close(self) -> None:
        """Clear the screen, stop timers, let running operations finish, then close the store
        and stop the sandbox. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        # The clerk already answered the close question, or the app is quitting: ask nothing.
        self.window.close_guard = None
        self.window.close()
        if self.terminal is not None:
            self.terminal.stop()
        self.runner.shutdown()
        if self.services is not None:
            self.services.close()
        self.backend.stop()


def start_app(
    args: argparse.Namespace,
    *,
    after_paint: Sequence[Callable[[], None]] = (),
    after_build: Sequence[Callable[[], None]] = (),
) -> AppSession:
    """Show the window with the amount field focused (needs a QApplication). Once it is painted,
    each in its own event-loop turn so that typing is taken in between (`kcp_pos.ui.first_paint`):
    the `after_paint` steps, building the rest of the terminal (`session.terminal`, None if that
    failed), the `after_build` steps, and starting the backend."""
    from PySide6.QtWidgets import QApplication

    from kcp_pos.ui.first_paint import after_first_paint
    from kcp_pos.ui.i18n import install_translator
    from kcp_pos.ui.main_window import MainWindow
    from kcp_pos.ui.runner import BackgroundRunner
    from kcp_pos.ui.style import apply_style

    settings_store = SettingsStore(args.config_dir)
    settings = settings_store.load()
    language = Language(args.lang) if args.lang else settings.language
    app = QApplication.instance()
    assert isinstance(app, QApplication), "start_app needs a QApplication"
    install_translator(app, language.value)
    apply_style(app)

    secret_store = SecretStore()
    runner = BackgroundRunner(app)
    window = MainWindow(settings, settings_store, secret_store, runner, language=language.value)
    if settings.profile is Profile.LIVE:
        # Until the keychain answers, show the mode that was asked for: the cautious choice.
        window.set_mode(Profile.LIVE, None)
        window.set_backend_connecting()
    window.show()  # the amount field takes typing at once; the actions wait for the backend

    backend = ApiBackend(settings, secret_store, resolve_data_dir(args.data_dir, settings))
    session = AppSession(window, runner, backend, settings_store, language)
    amount_field = window.terminal_page.order_box.amount_edit
    steps = [
        *after_paint,
        session.load_terminal_code,
        session.build_terminal,
        *after_build,
        session.start_backend,
    ]
    after_first_paint(amount_field, steps)
    return session


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from kcp_pos.logging_setup import hold_early_records, open_log

    hold_early_records()  # the log file is opened after the first paint
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    smoke = SmokeTest(app) if args.smoke_test else None

    def open_log_file() -> None:
        open_log(args.log_dir)

    try:
        session = start_app(
            args,
            after_paint=[smoke.accepting_keystrokes, open_log_file] if smoke else [open_log_file],
            after_build=[smoke.terminal_built] if smoke else [],
        )
        if smoke is not None:
            smoke.session = session
            session.runner.busy_changed.connect(smoke.fail_if_backend_failed)
        exit_code = app.exec()
        session.close()
    finally:
        open_log_file()  # a no-op once open; else what was held is not lost on the way out
    return exit_code


class SmokeTest:
    """`--smoke-test`: prints when typing is possible and when the whole terminal is built, and
    exits once the backend is ready (0) or failed (1). benchmarks/startup.py times the lines."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.session: AppSession | None = None

    def accepting_keystrokes(self) -> None:
        """Runs once the amount field has been painted: typing now lands in it."""
        assert self.session is not None
        amount = self.session.window.terminal_page.order_box.amount_edit
        focused = self.session.window.focusWidget() is amount and not amount.isReadOnly()
        print(f"smoke-test accepting-keystrokes amount-field-focused={focused}", flush=True)

    def terminal_built(self) -> None:
        assert self.session is not None
        if self.session.terminal is None:
            print("smoke-test failed: the terminal was not built", flush=True)
            self.app.exit(1)
            return
        print("smoke-test terminal-built", flush=True)
        # Ready means requests can be sent: backend up, store open, services attached.
        self.session.terminal.ready.connect(self._ready)

    def _ready(self) -> None:
        from PySide6.QtCore import QTimer

        assert self.session is not None
        endpoint = self.session.window.endpoint()
        mode = endpoint.mode.value if endpoint else "none"
        print(f"smoke-test ready mode={mode}", flush=True)
        QTimer.singleShot(0, self.app.quit)

    def fail_if_backend_failed(self, _busy: bool) -> None:
        session = self.session
        if session is not None and not session.runner.busy and session.backend_error is not None:
            print("smoke-test failed: backend did not start", flush=True)
            self.app.exit(1)


if __name__ == "__main__":
    sys.exit(main())
