"""The app entry point (in-process and as `python -m kcp_pos`), data dirs, and log redaction."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.app import AppSession, parse_args, resolve_data_dir, start_app
from kcp_pos.logging_setup import configure_logging, hold_early_records, open_log
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.settings import Profile, Settings, SettingsStore
from kcp_pos.settings.secrets import ApiCredentials, SecretStore
from tests.settings.memory_keyring import MemoryKeyring, keyring_backend

CARD = "4111111111111111"
CARD_GROUPED = "4111 1111 1111 1111"


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """This interpreter with `args`, offscreen, plus `env`; output captured as text."""
    return subprocess.run(
        [sys.executable, *args],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def smoke_test_args(tmp_path: Path, log_dir: Path) -> list[str]:
    return [
        "-m",
        "kcp_pos",
        "--data-dir",
        str(tmp_path / "data"),
        "--config-dir",
        str(tmp_path / "cfg"),
        "--log-dir",
        str(log_dir),
        "--smoke-test",
    ]


class StartSession(Protocol):
    def __call__(self, lang: str, *options: str, built: bool = True) -> AppSession: ...


@pytest.fixture
def start_session(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> Iterator[StartSession]:
    """Starts sessions in-process on tmp_path's data and config folders in the given language,
    by default once the terminal is built (right after the first paint; `built=False`: at once,
    before any event-loop turn); closes them and restores the app's look and translators
    afterwards."""
    sessions: list[AppSession] = []
    style, font = qapp.styleSheet(), qapp.font()

    def start(lang: str, *options: str, built: bool = True) -> AppSession:
        folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
        session = start_app(parse_args([*folders, "--lang", lang, *options]))
        sessions.append(session)
        if built:
            qtbot.waitUntil(lambda: session.terminal is not None, timeout=15_000)
        return session

    with keyring_backend(MemoryKeyring()):
        yield start
        for session in sessions:
            session.close()
    for translator in qapp.findChildren(__import__("PySide6.QtCore").QtCore.QTranslator):
        qapp.removeTranslator(translator)
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def test_main_window_with_embedded_sandbox(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    session = start_session("ko")
    window = session.window
    qtbot.waitUntil(lambda: window.endpoint() is not None, timeout=15_000)
    endpoint = window.endpoint()
    assert endpoint is not None and endpoint.mode is Profile.SANDBOX
    assert endpoint.base_url.startswith("http://127.0.0.1:")
    assert window.banner.mode_label.text() == "연습 모드 (SANDBOX) — 실제 결제가 일어나지 않습니다"
    assert (tmp_path / "data" / "sandbox").is_dir()
    session.close()
    assert session.backend.sandbox_dir == tmp_path / "data" / "sandbox"


def sign_in(qtbot: QtBot, session: AppSession) -> None:
    """The first start makes the administrator (the first-run wizard, skipped to its operator
    page); a later start signs them in on the lock screen. From the keyboard."""
    from PySide6.QtCore import Qt

    from tests.ui.main_window_support import make_first_admin

    window = session.window
    qtbot.waitUntil(lambda: window.lock_screen is not None, timeout=15_000)
    lock = window.lock_screen
    assert lock is not None
    qtbot.waitUntil(
        lambda: window.first_run is not None or bool(lock.title_label.text()), timeout=15_000
    )
    if window.first_run is not None:
        make_first_admin(qtbot, window, "Admin", "482913")
        return
    for field, text in ((lock.name_edit, "Admin"), (lock.pin_edit, "482913")):
        field.setFocus()
        field.clear()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=15_000)


def test_terminal_is_wired_to_the_sandbox_and_accepts_keystrokes(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    from PySide6.QtCore import Qt

    from kcp_pos.ui.terminal.controller import TerminalState

    session = start_session("en")
    ready: list[bool] = []
    session.terminal.ready.connect(lambda: ready.append(True))
    qtbot.waitUntil(lambda: ready == [True], timeout=15_000)
    assert session.services is not None
    assert session.terminal.state is TerminalState.EDITING
    assert session.window.terminal_page.entry_form is session.terminal.view
    form = session.terminal.form
    assert not form.locked
    session.window.activateWindow()
    qtbot.waitUntil(session.window.isActiveWindow, timeout=5_000)
    sign_in(qtbot, session)
    assert form.amount_edit.hasFocus()
    qtbot.keyClicks(form.amount_edit, "12000")
    qtbot.keyClick(form.amount_edit, Qt.Key.Key_Return)
    assert form.amount_edit.text() == "12,000"
    assert form.order_name_edit.hasFocus()
    assert (tmp_path / "data" / "sandbox" / "store").is_dir()  # training data stays apart
    assert not (tmp_path / "data" / "store").exists()
    assert session.services.journal.recent() == []
    session.close()
    session.close()  # closing twice is harmless


def test_amount_typed_before_the_terminal_is_built_is_kept(
    qtbot: QtBot, start_session: StartSession
) -> None:
    """The window's first paint has only the amount field; the clerk may already type, and the
    form built right after adopts that same field with what was typed."""
    from PySide6.QtCore import Qt

    session = start_session("en", built=False)
    early_amount = session.window.terminal_page.order_box.amount_edit
    assert session.terminal is None, "the terminal is built after the first paint"
    assert session.window.focusWidget() is early_amount
    qtbot.keyClicks(early_amount, "65000")  # no event loop turn yet: nothing else built
    assert early_amount.text() == "65,000"  # grouped as typed, before the form exists
    qtbot.waitUntil(lambda: session.terminal is not None, timeout=15_000)
    assert session.terminal is not None
    form = session.terminal.form
    assert form.amount_edit is early_amount
    assert form.amount_edit.text() == "65,000"
    session.window.activateWindow()
    qtbot.waitUntil(session.window.isActiveWindow, timeout=5_000)
    assert form.amount_edit.hasFocus()
    assert form.quota_combo.isEnabled()  # 65,000 KRW allows installments
    assert "VAT" in form.vat_label.text()
    qtbot.keyClick(form.amount_edit, Qt.Key.Key_Return)
    assert form.order_name_edit.hasFocus()


FIRST_PAINT_PROBE = """
import sys
from PySide6.QtWidgets import QApplication
from kcp_pos.app import parse_args, start_app

app = QApplication(sys.argv[:1])

def report():
    import PySide6.QtCore as core

    heavy = [name for name in HEAVY if name in sys.modules]
    print("imported", heavy, "qt-namespace", "Qt" in vars(core), flush=True)
    app.quit()

HEAVY = sys.argv[1].split(",")
STEP = sys.argv[2]
args = parse_args(sys.argv[3:])
steps = {"after_paint" if STEP == "paint" else "after_build": [report]}
session = start_app(args, **steps)
app.exec()
session.close()
"""


def test_first_paint_does_without_the_heavy_modules(tmp_path: Path) -> None:
    """What keeps the first paint fast (benchmarks/README.md): no service layer or its
    libraries, not even the entry form, and not PySide's `Qt` enum namespace (about 40 ms)."""
    heavy = [
        "sqlalchemy",
        "httpx",
        "pydantic",
        "uvicorn",
        "keyring",
        "logging.handlers",
        "kcp_pos.services",
        "kcp_pos.store",
        "kcp_pos.sandbox",
        "kcp_pos.ui.terminal.entry_form",
        "kcp_pos.ui.terminal.controller",
        "kcp_pos.ui.settings.page",
        "kcp_pos.ui.backoffice.page",
    ]
    folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
    completed = run_python("-c", FIRST_PAINT_PROBE, ",".join(heavy), "paint", *folders)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "imported [] qt-namespace False"


def test_building_the_terminal_leaves_the_service_layer_to_the_runner(tmp_path: Path) -> None:
    """The terminal is built on the UI thread in turns of at most ~70 ms; the service layer and
    its libraries (hundreds of ms) are imported afterwards, on the runner."""
    heavy = ["sqlalchemy", "httpx", "pydantic", "uvicorn", "kcp_pos.store.database"]
    heavy += ["kcp_pos.store.attempt_journal", "kcp_pos.sandbox", "kcp_pos.services.app_services"]
    heavy += ["PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtCharts"]
    folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
    completed = run_python("-c", FIRST_PAINT_PROBE, ",".join(heavy), "built", *folders)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().startswith("imported [] ")


def test_live_profile_with_stored_keys_runs_live_without_a_sandbox(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    SettingsStore(tmp_path / "cfg").save(Settings(profile=Profile.LIVE))
    SecretStore().store(ApiCredentials("live-key", "live-secret"))
    session = start_session("en")
    qtbot.waitUntil(lambda: session.window.endpoint() is not None, timeout=15_000)
    endpoint = session.window.endpoint()
    assert endpoint is not None
    assert endpoint.mode is Profile.LIVE
    assert endpoint.base_url == "https://api.iamport.kr"
    assert session.window.banner.mode_label.text() == "LIVE PAYMENTS — cards are really charged"
    assert not (tmp_path / "data" / "sandbox").exists()


def test_live_profile_without_keys_falls_back_to_the_sandbox(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    SettingsStore(tmp_path / "cfg").save(Settings(profile=Profile.LIVE))
    session = start_session("en")
    qtbot.waitUntil(lambda: session.window.endpoint() is not None, timeout=15_000)
    endpoint = session.window.endpoint()
    assert endpoint is not None and endpoint.mode is Profile.SANDBOX
    assert "no API key is saved" in session.window.banner.reason_label.text()


def test_a_sandbox_url_runs_in_sandbox_mode_even_when_live_is_set_up(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession, sandbox: SandboxServer
) -> None:
    """`--sandbox-url` (two terminals on one training server, tests that kill the app) never
    moves real money: live settings and a stored key are ignored, no sandbox is started."""
    SettingsStore(tmp_path / "cfg").save(Settings(profile=Profile.LIVE))
    SecretStore().store(ApiCredentials("live-key", "live-secret"))
    session = start_session("en", "--sandbox-url", sandbox.url + "/")
    qtbot.waitUntil(lambda: session.services is not None, timeout=15_000)
    endpoint = session.window.endpoint()
    assert endpoint is not None and endpoint.mode is Profile.SANDBOX
    assert endpoint.base_url == sandbox.url
    assert session.window.banner.mode_label.text().startswith("TRAINING MODE (SANDBOX)")
    assert not (tmp_path / "data" / "sandbox" / "sandbox.sqlite3").exists()  # none started
    assert (tmp_path / "data" / "sandbox" / "store").is_dir()  # the training store
    assert not (tmp_path / "data" / "store").exists()  # the live store is not touched


@pytest.mark.parametrize(
    "url", ["http://192.0.2.1:8000", "https://api.iamport.kr", "127.0.0.1:8000", "http://[::1]:x"]
)
def test_a_sandbox_url_must_be_on_this_computer(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--sandbox-url", url, "--data-dir", "d"])
    assert "not a URL on this computer" in capsys.readouterr().err


def test_a_sandbox_url_needs_its_own_data_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--sandbox-url", "http://127.0.0.1:8787"])
    assert "--sandbox-url needs --data-dir" in capsys.readouterr().err


def test_smoke_test_subprocess(tmp_path: Path) -> None:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "settings.json").write_text("{not json", encoding="utf-8")
    completed = run_python(
        *smoke_test_args(tmp_path, tmp_path / "log"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "smoke-test accepting-keystrokes amount-field-focused=True",
        "smoke-test terminal-built",
        "smoke-test ready mode=sandbox",
    ]
    log_text = (tmp_path / "log" / "kcp-pos.log").read_text(encoding="utf-8")
    # Logged while reading the settings, before the log file is opened after the first paint.
    assert "settings.json is not JSON" in log_text
    assert "embedded sandbox listening at http://127.0.0.1:" in log_text
    assert "embedded sandbox stopped" in log_text


def test_version_flag() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kcp_pos", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("kcp-pos ")


def test_data_dir_precedence(tmp_path: Path) -> None:
    from_settings = Settings(data_dir=tmp_path / "settings-dir")
    assert resolve_data_dir(tmp_path / "cli", from_settings) == tmp_path / "cli"
    assert resolve_data_dir(None, from_settings) == tmp_path / "settings-dir"
    assert resolve_data_dir(None, Settings()).name == "kcp-pos"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = configure_logging(tmp_path / "log", level=logging.DEBUG)
    yield path
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_log_redacts_card_numbers_in_message_args_and_tracebacks(log_file: Path) -> None:
    log = logging.getLogger("kcp_pos.test")
    log.info("card in the message %s", "4111111111111111 inline")
    log.info("card as an argument: %s", CARD_GROUPED)
    log.info("card in a dict: %r", {"card_number": CARD})
    try:
        raise ValueError(f"bad card {CARD}")
    except ValueError:
        log.exception("failure")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "card as an argument" in text and "failure" in text
    assert CARD not in text
    assert CARD_GROUPED not in text
    assert "1111 1111" not in text
    assert "*" * 16 in text


def test_records_held_before_the_log_opens_are_written_once_redacted(
    tmp_path: Path, root_logger_restored: logging.Logger
) -> None:
    hold_early_records()
    logging.getLogger("kcp_pos.test").warning("early, with a card %s", CARD_GROUPED)

    open_log(tmp_path / "log")
    open_log(tmp_path / "log")  # the second call (main's way out) changes nothing

    text = (tmp_path / "log" / "kcp-pos.log").read_text(encoding="utf-8")
    assert text.count("early, with a card") == 1
    assert "1111" not in text
    ours = [h for h in root_logger_restored.handlers if isinstance(h, RotatingFileHandler)]
    assert len(ours) == 1


def test_an_unusable_log_folder_falls_back_to_standard_error(tmp_path: Path) -> None:
    """The log folder is under a file: the terminal still starts, and says so on stderr."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    completed = run_python(*smoke_test_args(tmp_path, blocker / "log"))
    assert completed.returncode == 0, completed.stderr
    assert "smoke-test ready mode=sandbox" in completed.stdout
    assert "log file not opened" in completed.stderr
    assert "embedded sandbox listening" in completed.stderr


def test_a_terminal_that_cannot_be_built_says_so_and_starts_no_backend(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_session: StartSession
) -> None:
    from kcp_pos.ui.terminal import view as terminal_view

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken build")

    monkeypatch.setattr(terminal_view.TerminalView, "__init__", broken)
    session = start_session("en", built=False)
    qtbot.waitUntil(lambda: session.backend_error is not None, timeout=15_000)
    qtbot.wait(200)  # the backend step's turn has passed
    assert session.terminal is None
    message = session.window.terminal_page.backend_label.text()
    assert message == "The payment screen could not be prepared: RuntimeError: broken build"
    assert not session.window.terminal_page.backend_ready
    assert not session.runner.busy and session.services is None
    assert not (tmp_path / "data" / "sandbox").exists()


def test_every_page_gets_the_services_and_hears_what_changed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, start_session: StartSession
) -> None:
    """One path to the services for every page (built at start or on its first visit later),
    and a change notice on the UI thread after an operation wrote to the store: no polling."""
    from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
    from kcp_pos.services.operator import LOCAL_CLERK
    from kcp_pos.store import StoreTopic
    from kcp_pos.ui.settings.page import SettingsPage
    from kcp_pos.ui.shell.main_window import Page
    from kcp_pos.ui.shell.screen_page import PageContext
    from tests.services.conftest import keyed_card

    attached: list[PageContext] = []
    heard: list[frozenset[StoreTopic]] = []
    monkeypatch.setattr(SettingsPage, "attach", lambda page, context: attached.append(context))
    monkeypatch.setattr(SettingsPage, "data_changed", lambda page, topics: heard.append(topics))
    session = start_session("en")
    qtbot.waitUntil(lambda: session.services is not None, timeout=15_000)
    services = session.services
    assert services is not None and session.terminal is not None
    assert session.terminal.services is services  # the terminal page, built at start

    session.window.show_page(Page.SETTINGS)  # built on its first visit, after the services
    assert [context.services for context in attached] == [services]
    assert not attached[0].seat.occupied and attached[0].training  # the lock screen is up
    order = new_keyed_order(amount=15_000, buyer_name="홍길동")
    with qtbot.waitSignal(session.window.data_changed, timeout=15_000):
        session.runner.run(
            lambda _progress: charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK),
            lambda outcome: None,
            lambda error: None,
        )
    qtbot.waitUntil(lambda: not session.runner.busy, timeout=15_000)
    qtbot.waitUntil(lambda: StoreTopic.LEDGER in frozenset().union(*heard), timeout=5_000)

    assert {StoreTopic.JOURNAL, StoreTopic.LEDGER, StoreTopic.AUDIT} <= frozenset().union(*heard)


def test_a_late_commit_after_the_window_is_shown_at_the_next_start(
    qtbot: QtBot, start_session: StartSession
) -> None:
    """The PG answers 504 and commits a second later; the terminal, told nothing was found,
    says "no payment found"; after a restart the late approval is shown loudly until it is
    acknowledged."""
    from datetime import timedelta

    from PySide6.QtCore import Qt

    from kcp_pos.services.check_schedule import CheckSchedule
    from kcp_pos.services.late_approvals import unacknowledged
    from tests.conftest import arm_fault
    from tests.ui.keyboard import type_into

    first = start_session("en")
    terminal = first.terminal
    assert terminal is not None
    qtbot.waitUntil(lambda: first.services is not None, timeout=15_000)
    terminal.follow_ups.schedule = CheckSchedule((0.1,), 0.2, settle_after=timedelta(0))
    endpoint = first.window.endpoint()
    assert endpoint is not None
    first.window.activateWindow()
    qtbot.waitUntil(first.window.isActiveWindow, timeout=5_000)
    sign_in(qtbot, first)
    form = terminal.form
    for field, text in [
        (form.amount_edit, "33000"),
        (form.buyer_name_edit, "Late"),
        (form.card.card_number_edit, "5570420000051234"),
        (form.card.expiry_edit, "1230"),
        (form.card.owner_edit, "880315"),
    ]:
        type_into(qtbot, field, text)
    fault = {"endpoint": "/subscribe/payments/onetime", "mode": "commit_later", "seconds": 1.0}
    arm_fault(endpoint.base_url, **fault)
    qtbot.keyClick(form.card.owner_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: terminal.confirm_dialog is not None, timeout=5_000)
    dialog = terminal.confirm_dialog
    assert dialog is not None
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: terminal.panel.title_label.text() == "No payment found", timeout=10_000)
    merchant_uid = terminal.panel.order_number()
    services = first.services
    assert services is not None
    qtbot.waitUntil(lambda: bool(services.client.find_every_payment(merchant_uid)), timeout=10_000)
    first.close()

    second = start_session("en")
    qtbot.waitUntil(lambda: second.services is not None, timeout=15_000)
    assert second.terminal is not None
    second.window.activateWindow()
    sign_in(qtbot, second)
    notice = second.terminal.view.late_approval_notice
    qtbot.waitUntil(lambda: notice.isVisibleTo(second.terminal.view), timeout=10_000)
    assert notice.title_label.text().startswith("1 payment(s) reported as not charged")
    assert notice.lines[0].startswith("₩33,000 · 5570-42**-****-1234 · " + merchant_uid)
    notice.acknowledge_button.click()
    assert not notice.isVisibleTo(second.terminal.view)
    assert second.services is not None
    qtbot.waitUntil(lambda: unacknowledged(second.services) == (), timeout=5_000)


def test_a_live_attempt_left_unknown_is_never_looked_up_in_the_sandbox(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    """Live chosen but no key: the terminal falls back to training with the training store. The
    live store's unknown charge stays unknown, for the live API to settle at the next live
    start; a sandbox that never saw it must not call it "not charged"."""
    from kcp_pos.domain.attempt import AttemptKind
    from kcp_pos.store import AttemptJournal, NewAttempt, open_database

    live = open_database(tmp_path / "data" / "store")
    new = NewAttempt(AttemptKind.ONETIME, "kcp_20261202T101010_abcdefghij", 50_000)
    sent = AttemptJournal(live).begin(new)  # journalled as sending, then the app died
    live.dispose()
    SettingsStore(tmp_path / "cfg").save(Settings(profile=Profile.LIVE))
    session = start_session("en")
    qtbot.waitUntil(lambda: session.services is not None, timeout=15_000)
    assert session.services is not None
    assert session.services.journal.unresolved() == []
    assert session.terminal is not None
    assert not session.terminal.view.recovery_notice.isVisibleTo(session.terminal.view)
    session.close()
    live = open_database(tmp_path / "data" / "store")
    (still_unknown,) = AttemptJournal(live).unresolved()
    assert still_unknown.id == sent.id
    live.dispose()


def test_live_profile_with_a_locked_keychain_says_so(
    qtbot: QtBot, tmp_path: Path, start_session: StartSession
) -> None:
    from tests.settings.test_secrets import BrokenKeyring

    SettingsStore(tmp_path / "cfg").save(Settings(profile=Profile.LIVE))
    with keyring_backend(BrokenKeyring()):
        session = start_session("en")
        qtbot.waitUntil(lambda: session.window.endpoint() is not None, timeout=15_000)
    endpoint = session.window.endpoint()
    assert endpoint is not None and endpoint.mode is Profile.SANDBOX
    reason = session.window.banner.reason_label.text()
    assert "keychain could not be read" in reason and "no API key is saved" not in reason


def test_an_import_race_at_start_up_is_tried_once_more() -> None:
    """Two start-up threads importing at once can meet a half-initialised module; that import
    is tried again, anything else fails as before."""
    from kcp_pos.app import retry_import_race
    from kcp_pos.services.progress import NO_PROGRESS

    tries: list[int] = []

    def racing(_progress: object) -> str:
        tries.append(1)
        if len(tries) == 1:
            raise ImportError(
                "cannot import name 'import_string' from partially initialized module "
                "'pydantic._internal._validators' (most likely due to a circular import)"
            )
        return "started"

    assert retry_import_race(racing)(NO_PROGRESS) == "started"  # type: ignore[arg-type]
    assert len(tries) == 2

    def missing(_progress: object) -> str:
        tries.append(1)
        raise ImportError("No module named 'uvicorn'")

    with pytest.raises(ImportError, match="uvicorn"):
        retry_import_race(missing)(NO_PROGRESS)  # type: ignore[arg-type]
    assert len(tries) == 3  # not tried again


def test_the_help_points_to_the_batch_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    assert "kcp-pos batch --help" in capsys.readouterr().out


def test_smoke_test_window_opens_the_payment_window_on_the_sandbox(tmp_path: Path) -> None:
    """What the installers' builds run inside each bundle: QtWebEngine loads the sandbox's
    payment page, and the window is closed unanswered (nothing journalled, nothing paid)."""
    args = [arg for arg in smoke_test_args(tmp_path, tmp_path / "log") if arg != "--smoke-test"]
    completed = run_python(*args, "--smoke-test-window")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-2:] == [
        "smoke-test ready mode=sandbox",
        "smoke-test payment-window-ready",
    ]


def test_a_windowed_start_without_standard_streams_gets_ready(tmp_path: Path) -> None:
    """The installed app on Windows is a windowed program: no standard output or error (None).
    The training server (uvicorn), faulthandler and the rest must start all the same."""
    start = (
        "import sys; sys.stdout = sys.stderr = None; from kcp_pos.app import main; "
        "code = main(sys.argv[1:]); sys.stdout = sys.__stdout__; print('exit', code)"
    )
    args = smoke_test_args(tmp_path, tmp_path / "log")[2:]  # without "-m kcp_pos"
    completed = run_python("-c", start, *args)
    assert completed.stdout.strip().splitlines()[-1] == "exit 0", completed.stderr
    log_text = (tmp_path / "log" / "kcp-pos.log").read_text(encoding="utf-8")
    assert "embedded sandbox listening at http://127.0.0.1:" in log_text


def test_starting_again_for_another_language_drops_the_language_option() -> None:
    """The first-run setup chose a language: the next start follows the settings, not --lang."""
    from kcp_pos.app import arguments_without_language

    given = ["--lang", "ko", "--data-dir", "D", "--lang=en", "--log-dir", "L"]
    assert arguments_without_language(given) == ["--data-dir", "D", "--log-dir", "L"]
