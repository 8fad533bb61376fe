"""Entry point of `kcp-pos`: builds the object graph from settings and starts the window.

Start-up is ordered for speed: only the settings file is read before the window is shown; the
keychain lookup and the embedded sandbox (uvicorn, SQLite) start on the background runner
afterwards, while the window says "Starting the training server…". Heavy modules are imported
inside the functions that need them for the same reason.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
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
from kcp_pos.settings.store import APP_NAME, SettingsStore

if TYPE_CHECKING:
    from kcp_pos.sandbox.server import SandboxServer
    from kcp_pos.services.terminal_services import TerminalServices
    from kcp_pos.ui.main_window import MainWindow
    from kcp_pos.ui.runner import BackgroundRunner, Progress
    from kcp_pos.ui.terminal_controller import TerminalController

log = logging.getLogger(__name__)

BACKEND_OP_KEY = "backend"
SERVICES_OP_KEY = "services"
STORE_DIR_NAME = "store"


def default_data_dir() -> Path:
    """The per-user data folder for kcp-pos (ledger, sandbox data)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
    """The running app: window, runner and backend. `close()` shuts everything down in order."""

    def __init__(
        self,
        window: MainWindow,
        runner: BackgroundRunner,
        backend: ApiBackend,
        settings_store: SettingsStore,
        terminal: TerminalController,
    ) -> None:
        self.window = window
        self.runner = runner
        self.backend = backend
        self.settings_store = settings_store
        self.terminal = terminal
        self.services: TerminalServices | None = None
        self.backend_error: Exception | None = None
        self.closed = False

    def close(self) -> None:
        """Clear the screen, stop timers, let running operations finish, then close the store
        and stop the sandbox. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        # The clerk already answered the close question, or the app is quitting: ask nothing.
        self.window.close_guard = None
        self.window.close()
        self.terminal.stop()
        self.runner.shutdown()
        if self.services is not None:
            self.services.close()
        self.backend.stop()


def start_app(args: argparse.Namespace) -> AppSession:
    """Create and show the window (needs a QApplication); start the backend in the background."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kcp_pos.ui.main_window import MainWindow
    from kcp_pos.ui.merchant_clock import kst_today
    from kcp_pos.ui.runner import BackgroundRunner
    from kcp_pos.ui.terminal_controller import TerminalController
    from kcp_pos.ui.terminal_view import TerminalView

    settings_store = SettingsStore(args.config_dir)
    settings = settings_store.load()
    language = args.lang or settings.language.value
    app = QApplication.instance()
    assert isinstance(app, QApplication), "start_app needs a QApplication"
    from kcp_pos.ui.i18n import install_translator
    from kcp_pos.ui.style import apply_style

    install_translator(app, language)
    apply_style(app)

    secret_store = SecretStore()
    runner = BackgroundRunner(app)
    window = MainWindow(settings, settings_store, secret_store, runner, language=language)
    view = TerminalView(
        lang="ko" if language == "ko" else "en",
        today=kst_today,
        pwd_required=settings.pwd_2digit_required,
    )
    window.terminal_page.set_entry_form(view)
    terminal = TerminalController(view, runner, settings, parent=window)
    window.terminal_page.leaving.connect(terminal.leave)
    window.close_guard = terminal.close_warning
    window.settings_changed.connect(terminal.update_settings)
    if settings.profile is Profile.LIVE:
        # Until the keychain answers, show the mode that was asked for: the cautious choice.
        window.set_mode(Profile.LIVE, None)
        window.set_backend_connecting()
    window.show()  # the terminal takes typing at once; its actions wait for the backend (below)

    backend = ApiBackend(settings, secret_store, resolve_data_dir(args.data_dir, settings))
    session = AppSession(window, runner, backend, settings_store, terminal)
    store_dir = backend.data_dir / STORE_DIR_NAME

    def attach(opened: OpenedTerminal) -> None:
        if session.closed:
            opened.services.close()
            return
        session.services = opened.services
        endpoint = window.endpoint()
        training = endpoint is None or endpoint.mode is Profile.SANDBOX
        terminal.attach(opened.services, opened.leftover_attempt_ids, training=training)

    def services_failed(error: Exception) -> None:
        session.backend_error = error
        log.error("payment store did not open: %s: %s", type(error).__name__, error)
        window.set_store_failed(f"{type(error).__name__}: {error}")

    def ready(result: BackendReady) -> None:
        window.set_endpoint(result.endpoint, result.reason)
        endpoint, pg = result.endpoint, settings.pg
        runner.run(
            lambda _progress: open_terminal_services(endpoint, store_dir, pg),
            attach,
            services_failed,
            key=SERVICES_OP_KEY,
        )

    def failed(error: Exception) -> None:
        session.backend_error = error
        log.error("backend did not start: %s: %s", type(error).__name__, error)
        window.set_backend_failed(f"{type(error).__name__}: {error}")

    # Queued behind the first paint: the sandbox's imports would otherwise compete with it.
    QTimer.singleShot(0, lambda: runner.run(backend.start, ready, failed, key=BACKEND_OP_KEY))
    return session


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from kcp_pos.logging_setup import configure_logging

    configure_logging(args.log_dir)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    session = start_app(args)
    if args.smoke_test:

        def accepting_keystrokes() -> None:
            # Runs once the event loop has painted the window: typing now lands in a field.
            amount = session.terminal.form.amount_edit
            focused = session.window.focusWidget() is amount and not amount.isReadOnly()
            print(f"smoke-test accepting-keystrokes amount-field-focused={focused}", flush=True)

        QTimer.singleShot(0, accepting_keystrokes)

        def finish_when_ready() -> None:
            endpoint = session.window.endpoint()
            mode = endpoint.mode.value if endpoint else "none"
            print(f"smoke-test ready mode={mode}", flush=True)
            QTimer.singleShot(0, app.quit)

        # Ready means requests can be sent: backend up, store open, services attached.
        session.terminal.ready.connect(finish_when_ready)

        def fail_smoke(_: bool) -> None:
            if not session.runner.busy and session.services is None:
                print("smoke-test failed: backend did not start", flush=True)
                app.exit(1)

        session.runner.busy_changed.connect(fail_smoke)
    exit_code = app.exec()
    session.close()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
