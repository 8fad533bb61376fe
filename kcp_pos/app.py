"""Entry point of `kcp-pos`: builds the object graph from settings and starts the window.

Start-up is ordered for speed: only the settings file is read before the window is shown; the
rest of the terminal is built right after the first paint, then the keychain lookup and the
embedded sandbox (uvicorn, SQLite) start on the background runner while the store opens beside
them, and the window says "Starting the training server…" until both are there. Heavy modules
are imported inside the functions that need them for the same reason.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kcp_pos import __version__
from kcp_pos.domain.language import Language
from kcp_pos.iamport.live_api import LIVE_API_URL
from kcp_pos.iamport.loopback import is_loopback_url
from kcp_pos.settings.endpoint import (
    ApiEndpoint,
    SandboxReason,
    effective_mode,
    sandbox_reason,
)
from kcp_pos.settings.model import Profile, Settings
from kcp_pos.settings.run_folders import RunFolders
from kcp_pos.settings.secrets import ApiCredentials, KeychainRead, SecretStore
from kcp_pos.settings.store import APP_NAME, SettingsStore, default_data_dir
from kcp_pos.ui.shell.responsiveness import favour_the_ui_thread, freeze_long_lived_objects

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kcp_pos.crash_report import CrashFile
    from kcp_pos.sandbox.server import SandboxServer
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.progress import ProgressSink
    from kcp_pos.store import Database
    from kcp_pos.ui.shell.change_notices import ChangeNotices
    from kcp_pos.ui.shell.crash_notice import LastCrashNotice
    from kcp_pos.ui.shell.main_window import MainWindow
    from kcp_pos.ui.shell.runner import BackgroundRunner
    from kcp_pos.ui.terminal.controller import TerminalController

log = logging.getLogger(__name__)

BACKEND_OP_KEY = "backend"
STORE_OP_KEY = "store"
CRASH_OP_KEY = "crash-notice"
T = TypeVar("T")
STORE_DIR_NAME = "store"
SANDBOX_DIR_NAME = "sandbox"
BATCH_COMMAND = "batch"
"""`kcp-pos batch FILE.csv ...`: charge a batch file without the window (`batch_cli.py`)."""


def store_dir_for(data_dir: Path, mode: Profile) -> Path:
    """Live payments and training payments never share a store: a live attempt left unknown
    must only ever be looked up at the live API (never settled as "not found" by a sandbox),
    and training payments must never show up in the real ledger. Everything of training mode
    (the embedded sandbox's data and the terminal's training store) lives under `sandbox/`."""
    if mode is Profile.LIVE:
        return data_dir / STORE_DIR_NAME
    return data_dir / SANDBOX_DIR_NAME / STORE_DIR_NAME


def resolve_data_dir(cli_data_dir: Path | None, settings: Settings) -> Path:
    """`--data-dir` wins over the settings' data_dir, which wins over the user data dir."""
    if cli_data_dir is not None:
        return cli_data_dir
    if settings.data_dir is not None:
        return settings.data_dir
    return default_data_dir()


def run_folders(
    args: argparse.Namespace, data_dir: Path, settings_store: SettingsStore
) -> RunFolders:
    """The data, log and settings folders this run uses (shown in the About dialog)."""
    from kcp_pos.logging_setup import default_log_dir

    log_dir = args.log_dir if args.log_dir is not None else default_log_dir()
    return RunFolders(data=data_dir, logs=log_dir, settings=settings_store.config_dir)


def sandbox_credentials() -> ApiCredentials:
    """The sandbox's key pair: PortOne's public demo key (not a secret)."""
    from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET

    return ApiCredentials(imp_key=DEFAULT_IMP_KEY, imp_secret=DEFAULT_IMP_SECRET)


@dataclass(frozen=True)
class BackendReady:
    """The API endpoint to use and, in sandbox mode, why."""

    endpoint: ApiEndpoint
    reason: SandboxReason | None


class ApiBackend:
    """Decides live or sandbox, starts the embedded sandbox when needed and stops it at exit.

    With `sandbox_url` (a `kcp-pos-sandbox` already running on this computer) the terminal runs
    in sandbox mode against it, whatever the settings say, and starts no sandbox of its own.
    `start` runs on the background runner (no Qt); `stop` is safe to call at any time.
    """

    def __init__(
        self,
        settings: Settings,
        secret_store: SecretStore,
        data_dir: Path,
        sandbox_url: str | None = None,
    ) -> None:
        self.settings = settings
        self.secret_store = secret_store
        self.data_dir = data_dir
        self.sandbox_url = sandbox_url
        self._server: SandboxServer | None = None
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def sandbox_dir(self) -> Path:
        return self.data_dir / SANDBOX_DIR_NAME

    def known_mode(self) -> Profile | None:
        """The mode when it is known without asking the keychain (training chosen, or a
        sandbox URL given); None when live is chosen and the keychain decides."""
        if self.sandbox_url is not None or self.settings.profile is not Profile.LIVE:
            return Profile.SANDBOX
        return None

    def start(self, progress: ProgressSink) -> BackendReady:
        if self.sandbox_url is not None:
            log.info("using the sandbox at %s", self.sandbox_url)
            return BackendReady(
                ApiEndpoint(Profile.SANDBOX, self.sandbox_url, sandbox_credentials()),
                SandboxReason.CHOSEN,
            )
        # The keychain is only asked when live is chosen: no unlock prompt in training mode.
        live = self.settings.profile is Profile.LIVE
        read = self.secret_store.read() if live else KeychainRead(None, False)
        credentials = read.credentials
        reason = sandbox_reason(
            self.settings, credentials, keychain_unreadable=read.keychain_unreadable
        )
        if effective_mode(self.settings, credentials) is Profile.LIVE:
            assert credentials is not None
            return BackendReady(ApiEndpoint(Profile.LIVE, LIVE_API_URL, credentials), None)
        progress.report("starting sandbox")
        url = self._start_sandbox()
        return BackendReady(ApiEndpoint(Profile.SANDBOX, url, sandbox_credentials()), reason)

    def _start_sandbox(self) -> str:
        from kcp_pos.sandbox.server import SandboxConfig, SandboxServer

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
        return url

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            server, self._server = self._server, None
        if server is not None:
            server.stop()
            log.info("embedded sandbox stopped")


def retry_import_race(op: Callable[[ProgressSink], T]) -> Callable[[ProgressSink], T]:
    """`op`, tried a second time when its first import met another thread's half-done one.

    At start-up the backend (pydantic, Starlette, uvicorn) and the store (SQLAlchemy, Alembic)
    load their modules on two threads at once. Python 3.11's per-module import locks can then
    hand one thread a module the other is still initialising ("partially initialized module"),
    seen about once in 25 starts on a loaded machine. The other thread finishes that module, so
    the same import succeeds when tried again; both operations import before they do anything.
    """

    def run(progress: ProgressSink) -> T:
        try:
            return op(progress)
        except ImportError as error:
            if "partially initialized module" not in str(error):
                raise
            log.warning("import race at start-up, trying again: %s", error)
            return op(progress)

    return run


@dataclass(frozen=True)
class OpenedStore:
    """The store, and the attempts a previous run left unresolved (by id)."""

    database: Database
    leftover_attempt_ids: tuple[int, ...]


def open_store(store_dir: Path) -> OpenedStore:
    """Open (and migrate) the store. I/O: run on the background runner.

    The unresolved attempts are listed here, before the clerk can start a new one, so that the
    start-up check never touches an attempt of this session.
    """
    # The store only, nothing of the client: the sandbox is starting on another thread, and two
    # threads importing pydantic at once can meet its import cycles half-initialised.
    from kcp_pos.store import AttemptJournal, open_database

    database = open_database(store_dir)
    try:
        leftover = tuple(attempt.id for attempt in AttemptJournal(database).unresolved())
    except Exception:
        database.dispose()
        raise
    return OpenedStore(database, leftover)


def assemble_services(endpoint: ApiEndpoint, database: Database, pg: str) -> AppServices:
    """The services over the open store, talking to `endpoint`."""
    from kcp_pos.iamport.client import IamportClient
    from kcp_pos.services.app_services import AppServices

    credentials = endpoint.credentials
    client = IamportClient(endpoint.base_url, credentials.imp_key, credentials.imp_secret)
    return AppServices.on(client, database, pg=pg)


def loopback_url(text: str) -> str:
    """`--sandbox-url`: an http URL on this computer; a sandbox elsewhere is refused."""
    if not is_loopback_url(text):
        raise argparse.ArgumentTypeError(f"not a URL on this computer (loopback): {text}")
    return text.rstrip("/")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kcp-pos",
        allow_abbrev=False,  # `--la en` is not `--lang en` (a restart drops the language option)
        description="Keyed-entry payment terminal",
        epilog="Charge saved cards from a CSV file without the window: kcp-pos batch --help",
    )
    parser.add_argument("--version", action="version", version=f"kcp-pos {__version__}")
    parser.add_argument("--data-dir", type=Path, help="folder for the ledger and sandbox data")
    parser.add_argument("--config-dir", type=Path, help="folder of settings.json")
    parser.add_argument("--log-dir", type=Path, help="folder of the log file")
    parser.add_argument(
        "--lang", choices=[language.value for language in Language], help="UI language"
    )
    parser.add_argument(
        "--sandbox-url",
        type=loopback_url,
        help="run in sandbox mode against a kcp-pos-sandbox already running on this computer "
        "(e.g. two terminals sharing one training server) instead of starting one; needs "
        "--data-dir, since the training store belongs with the sandbox it was used with",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="print when typing is possible, exit once the backend is ready (0) or failed (1)",
    )
    parser.add_argument(
        "--smoke-test-window",
        action="store_true",
        help="as --smoke-test, and once ready open the payment window on the sandbox and exit "
        "when its page has loaded (0) or not within a minute (1); nothing is paid",
    )
    args = parser.parse_args(argv)
    args.smoke_test = args.smoke_test or args.smoke_test_window
    if args.sandbox_url is not None and args.data_dir is None:
        parser.error("--sandbox-url needs --data-dir: a folder for this sandbox's training data")
    return args


class AppSession:
    """The running app: window, runner and backend, and the terminal once it is built.

    `start_app` shows the window; after its first paint, one event-loop turn each,
    `build_terminal` completes the terminal screen and `start_backend` starts the API backend
    and opens the store, side by side on the runner; once both are there the services are
    assembled and every page gets them (`MainWindow.attach`). `close()` shuts everything down
    in order.
    """

    def __init__(
        self,
        window: MainWindow,
        runner: BackgroundRunner,
        backend: ApiBackend,
        settings_store: SettingsStore,
        language: Language,
        crash_reports: Path | None = None,
    ) -> None:
        self.window = window
        self.runner = runner
        self.backend = backend
        self.settings_store = settings_store
        self.language = language
        self.services: AppServices | None = None
        self.notices: ChangeNotices | None = None
        self.backend_error: Exception | None = None
        """Why the terminal cannot take payments: it was not built, or the backend or the
        store did not start."""
        self.closed = False
        self.crash_reports = crash_reports
        """The log folder whose crash reports of earlier runs are offered (None: not looked at)."""
        self.started_at = datetime.now().astimezone()
        self.crash_notice: LastCrashNotice | None = None
        self._ready_backend: BackendReady | None = None
        self._opened_store: OpenedStore | None = None
        self._store_failure: str | None = None

    @property
    def terminal(self) -> TerminalController | None:
        """The terminal's controller, built right after the first paint (`build_terminal`)."""
        return self.window.terminal_page.controller

    def store_dir(self, mode: Profile) -> Path:
        return store_dir_for(self.backend.data_dir, mode)

    def load_terminal_code(self) -> None:
        """Import the terminal's modules: a turn of its own, so that typing in the amount field
        is never held up for the import and the building together."""
        from kcp_pos.ui.terminal.page import TERMINAL_MODULES

        for module in TERMINAL_MODULES:
            importlib.import_module(module)

    def build_terminal(self) -> None:
        """The rest of the terminal screen around the amount field, and its controller. A
        failure is shown in the window (and the backend is then not started)."""
        if self.closed:
            return
        try:
            # The settings page may already have saved new settings.
            self.window.terminal_page.complete(
                self.runner, self.window.settings, self.language.lang
            )
        except Exception as error:
            log.exception("the terminal screen could not be built")
            self.backend_error = error
            self.window.set_terminal_failed(f"{type(error).__name__}: {error}")

    def start_backend(self) -> None:
        """Start the sandbox (or read the live key) and open the store of that mode: side by
        side when the mode is known at once (training), after the keychain when live is chosen."""
        if self.closed or self.terminal is None:
            return
        self.runner.run(
            retry_import_race(self.backend.start),
            self._backend_ready,
            self._backend_failed,
            key=BACKEND_OP_KEY,
        )
        mode = self.backend.known_mode()
        if mode is not None:
            self._open_store(mode)

    def _open_store(self, mode: Profile) -> None:
        store_dir = self.store_dir(mode)
        self.runner.run(
            retry_import_race(lambda _progress: open_store(store_dir)),
            self._store_opened,
            self._store_failed,
            key=STORE_OP_KEY,
        )

    def _backend_ready(self, result: BackendReady) -> None:
        self._ready_backend = result
        self.window.set_endpoint(result.endpoint, result.reason)
        if self.backend.known_mode() is None:
            self._open_store(result.endpoint.mode)
        if self._store_failure is not None:  # the pages stay disabled, and say why
            self.window.set_store_failed(self._store_failure)
        self._assemble_when_both_are_there()

    def _backend_failed(self, error: Exception) -> None:
        self.backend_error = error
        log.error("backend did not start: %s: %s", type(error).__name__, error)
        self.window.set_backend_failed(f"{type(error).__name__}: {error}")

    def _store_opened(self, opened: OpenedStore) -> None:
        self._opened_store = opened
        if self.closed:
            self._close_store()
            return
        self._assemble_when_both_are_there()

    def _store_failed(self, error: Exception) -> None:
        self.backend_error = error
        log.error("payment store did not open: %s: %s", type(error).__name__, error)
        self._store_failure = f"{type(error).__name__}: {error}"
        self.window.set_store_failed(self._store_failure)

    def _assemble_when_both_are_there(self) -> None:
        ready, opened = self._ready_backend, self._opened_store
        if self.closed or ready is None or opened is None:
            return
        endpoint, database, pg = ready.endpoint, opened.database, self.window.settings.pg
        self.runner.run(  # the client's modules are not loaded yet: not on the UI thread
            lambda _progress: assemble_services(endpoint, database, pg),
            self._attach,
            self._store_failed,
            key=STORE_OP_KEY,
        )

    def _attach(self, services: AppServices) -> None:
        if self.closed:
            services.close()
            return
        from kcp_pos.ui.shell.change_notices import ChangeNotices
        from kcp_pos.ui.shell.operator_seat import OperatorSeat
        from kcp_pos.ui.shell.screen_page import PageContext

        self.services = services
        self.notices = ChangeNotices(services.database.changes, self.window)
        endpoint = self.window.endpoint()
        opened = self._opened_store
        assert opened is not None
        context = PageContext(
            services=services,
            runner=self.runner,
            seat=OperatorSeat(),  # filled by the lock screen's sign-in
            training=endpoint is None or endpoint.mode is Profile.SANDBOX,
            leftover_attempt_ids=opened.leftover_attempt_ids,
        )
        self.window.attach(context, self.notices)
        freeze_long_lived_objects()  # the app is built: later collections skip all of it

    def offer_last_crash(self) -> None:
        """The last start-up step: offer the report of an earlier run that ended in a crash, if
        one was not offered yet (looked for on the runner)."""
        log_dir = self.crash_reports
        if self.closed or log_dir is None:
            return
        from kcp_pos.crash_report import unoffered_crash

        started_at = self.started_at
        self.runner.run(
            lambda _progress: unoffered_crash(log_dir, before=started_at),
            self._offer_crash,
            lambda error: log.warning("earlier crash reports not looked at: %s", error),
            key=CRASH_OP_KEY,
        )

    def _offer_crash(self, crash: CrashFile | None) -> None:
        if crash is None or self.closed:
            return
        from kcp_pos.crash_report import mark_offered
        from kcp_pos.ui.shell.crash_notice import LastCrashNotice

        log.info("offering the crash report %s", crash.path.name)
        notice = LastCrashNotice(crash, self.window)
        notice.finished.connect(self._crash_notice_closed)
        self.crash_notice = notice
        notice.show()
        self.runner.run(
            lambda _progress: mark_offered(crash),
            lambda _none: None,
            lambda error: log.warning("crash report not noted as offered: %s", error),
            key=CRASH_OP_KEY,
        )

    def _crash_notice_closed(self) -> None:
        self.crash_notice = None

    def close(self) -> None:
        """Let running operations finish, clear the screen, stop timers, then close the store
        and stop the sandbox. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        # The clerk already answered the close question, or the app is quitting: ask nothing.
        self.window.close_guard = None
        # Running operations finish first, then the window is put away (closing it here, after
        # the event loop, crashed the process about one shutdown in three on a loaded machine).
        self.runner.shutdown()
        if self.crash_notice is not None:
            self.crash_notice.close()
        self.window.put_away()
        if self.terminal is not None:
            self.terminal.stop()
        if self.notices is not None:
            self.notices.close()
        if self.services is not None:
            self.services.close()
        else:
            self._close_store()
        self.backend.stop()

    def _close_store(self) -> None:
        """The store opened but no services were built on it (closing, or no backend)."""
        if self._opened_store is not None and self.services is None:
            self._opened_store.database.dispose()


def start_app(
    args: argparse.Namespace,
    *,
    after_paint: Sequence[Callable[[], None]] = (),
    after_build: Sequence[Callable[[], None]] = (),
    crash_reports: Path | None = None,
) -> AppSession:
    """Show the window with the amount field focused (needs a QApplication). Once it is painted,
    each in its own event-loop turn so that typing is taken in between (`ui/shell/first_paint.py`):
    the `after_paint` steps, building the rest of the terminal (`session.terminal`, None if that
    failed), the `after_build` steps, starting the backend, and, with `crash_reports` (a log
    folder), offering the report of an earlier run's crash."""
    from PySide6.QtWidgets import QApplication

    from kcp_pos.ui.shell.first_paint import after_first_paint
    from kcp_pos.ui.shell.i18n import install_translator
    from kcp_pos.ui.shell.main_window import MainWindow
    from kcp_pos.ui.shell.runner import BackgroundRunner
    from kcp_pos.ui.shell.style import apply_style

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

    data_dir = resolve_data_dir(args.data_dir, settings)
    window.run_folders = run_folders(args, data_dir, settings_store)
    backend = ApiBackend(settings, secret_store, data_dir, args.sandbox_url)
    session = AppSession(window, runner, backend, settings_store, language, crash_reports)
    amount_field = window.terminal_page.order_box.amount_edit
    steps = [
        *after_paint,
        session.load_terminal_code,
        session.build_terminal,
        *after_build,
        session.start_backend,
        session.offer_last_crash,
    ]
    after_first_paint(amount_field, steps)
    return session


def give_missing_streams() -> None:
    """A windowed program on Windows (the installed app, or pythonw) starts without standard
    output and error (None): what writes to them (a library's logging set-up, faulthandler, a
    progress line) would fail. They then go nowhere instead."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process's life)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


RUNNING_MARK = "kcp-pos-running"
"""The named mutex the Windows installer waits on (`AppMutex` in packaging/windows/kcp-pos.iss)."""
_running_mark: object = None


def hold_the_running_mark() -> None:
    """Windows: hold a named mutex for the life of the process, so that the installer and the
    uninstaller do not replace or delete the program's files under a running terminal."""
    global _running_mark
    if sys.platform != "win32" or _running_mark is not None:
        return
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    _running_mark = kernel32.CreateMutexW(None, False, RUNNING_MARK)  # released at exit


def main(argv: Sequence[str] | None = None) -> int:
    give_missing_streams()
    hold_the_running_mark()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == [BATCH_COMMAND]:  # the window is not started, nor Qt loaded
        from kcp_pos.batch_cli import main as batch_main

        return batch_main(arguments[1:])
    args = parse_args(arguments)
    from kcp_pos.crash_report import log_dir_of, record_native_crashes
    from kcp_pos.logging_setup import hold_early_records, open_log

    hold_early_records()  # the log file is opened after the first paint
    log_dir = log_dir_of(args.log_dir)
    record_native_crashes(log_dir)  # faulthandler: a crash in Qt or SQLite leaves its traces
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    favour_the_ui_thread()
    # The payment window's QtWebEngine needs this before the application exists; the engine
    # itself is loaded only when a window is first opened.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    smoke = SmokeTest(app, open_window=args.smoke_test_window) if args.smoke_test else None
    from kcp_pos.ui.shell.crash_hooks import install_crash_hooks

    crash_hooks = install_crash_hooks(log_dir)  # an exception escaping start-up is reported too
    app.aboutToQuit.connect(crash_hooks.shutting_down)

    def open_log_file() -> None:
        open_log(args.log_dir)

    def show_app_icon() -> None:  # after the first paint: it loads Qt's SVG icon engine
        from kcp_pos.ui.shell.app_icon import app_icon

        app.setWindowIcon(app_icon())

    first_steps = [open_log_file, show_app_icon]
    try:
        session = start_app(
            args,
            after_paint=[smoke.accepting_keystrokes, *first_steps] if smoke else first_steps,
            after_build=[smoke.terminal_built] if smoke else [],
            crash_reports=None if smoke else log_dir,
        )
        if smoke is not None:
            smoke.session = session
            session.runner.busy_changed.connect(smoke.fail_if_backend_failed)
        restart: list[bool] = []

        def restart_later() -> None:
            restart.append(True)
            app.quit()

        session.window.restart_requested.connect(restart_later)
        exit_code = app.exec()
        crash_hooks.shutting_down()
        session.close()
        if restart:
            start_again(arguments)
    finally:
        open_log_file()  # a no-op once open; else what was held is not lost on the way out
    return exit_code


def arguments_without_language(arguments: Sequence[str]) -> list[str]:
    """`arguments` less `--lang X` / `--lang=X`: a start that follows the settings' language."""
    kept: list[str] = []
    skip_next = False
    for argument in arguments:
        if skip_next:
            skip_next = False
        elif argument == "--lang":
            skip_next = True
        elif not argument.startswith("--lang="):
            kept.append(argument)
    return kept


def start_again(arguments: Sequence[str]) -> None:
    """Start the app anew with the same options, in the settings' language (a bundle runs its
    executable; from source, this interpreter with `-m kcp_pos`)."""
    from PySide6.QtCore import QProcess

    frozen = bool(getattr(sys, "frozen", False))
    prefix = [] if frozen else ["-m", "kcp_pos"]
    again = [*prefix, *arguments_without_language(arguments)]
    started, pid = QProcess.startDetached(sys.executable, again)
    if started:
        log.info("started again (process %s) for the language chosen", pid)
    else:
        log.error("kcp-pos could not start itself again: %s %s", sys.executable, again)


SMOKE_WINDOW_TIMEOUT_MS = 60_000
SMOKE_WINDOW_ORDER: dict[str, object] = {
    "pg": "kcp",
    "pay_method": "card",
    "merchant_uid": "smoke-test-window",
    "name": "smoke test",
    "amount": 1000,
}
"""What `--smoke-test-window` opens: an order journalled nowhere, never paid (closed unanswered)."""


class SmokeTest:
    """`--smoke-test`: prints when typing is possible and when the whole terminal is built, and
    exits once the backend is ready (0) or failed (1). benchmarks/startup.py times the lines.
    With `open_window` (`--smoke-test-window`, for the installers' builds) it then opens the
    payment window on the sandbox and exits once QtWebEngine has loaded its page."""

    def __init__(self, app: QApplication, *, open_window: bool = False) -> None:
        self.app = app
        self.open_window = open_window
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
        if not self.open_window:
            QTimer.singleShot(0, self.app.quit)
        elif endpoint is None or endpoint.mode is not Profile.SANDBOX:
            print("smoke-test failed: the payment window is tried on the sandbox only", flush=True)
            self.app.exit(1)
        else:
            self._open_payment_window(endpoint.base_url)

    def _open_payment_window(self, base_url: str) -> None:
        from PySide6.QtCore import QTimer

        from kcp_pos.ui.cart.window_dialog import payment_window

        window = payment_window(
            training=True, api_base_url=base_url, merchant_code="", params=SMOKE_WINDOW_ORDER
        )

        def loaded() -> None:
            print("smoke-test payment-window-ready", flush=True)
            window.close_without_answer()
            self.app.quit()

        def timed_out() -> None:
            print("smoke-test failed: the payment window did not load", flush=True)
            self.app.exit(1)

        window.window_ready.connect(loaded)
        QTimer.singleShot(SMOKE_WINDOW_TIMEOUT_MS, timed_out)
        window.show()

    def fail_if_backend_failed(self, _busy: bool) -> None:
        session = self.session
        if session is not None and not session.runner.busy and session.backend_error is not None:
            print("smoke-test failed: backend did not start", flush=True)
            self.app.exit(1)


if __name__ == "__main__":
    sys.exit(main())
