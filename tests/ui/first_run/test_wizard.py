"""The first-run wizard, driven from the keyboard over the real store, keychain and sandbox: the
first start in English and in Korean, a wrong business number, live refused by the connection
test, skipping to the administrator, and the rerun from Settings (an administrator's only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from kcp_pos.services import operators
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.settings_change import SETTINGS_CHANGED
from kcp_pos.settings import Language, Profile, Settings, SettingsStore
from kcp_pos.settings.secrets import ApiCredentials, SecretStore
from kcp_pos.ui.first_run.wizard import FirstRunDone, FirstRunWizard, Step
from kcp_pos.ui.settings.page import SettingsPage
from kcp_pos.ui.shell.i18n import switch_language
from kcp_pos.ui.shell.main_window import MainWindow, Page
from kcp_pos.ui.shell.runner import BackgroundRunner
from tests.settings.memory_keyring import MemoryKeyring
from tests.ui.approval_support import answer_question
from tests.ui.main_window_support import context_of, signed_in_window

ADMIN_PIN = "482913"
WAIT_MS = 10_000
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def english_after(qapp: Any) -> Iterator[None]:
    """The wizard switches the app's language: each test leaves it in English, as it found it."""
    yield
    switch_language(qapp, "en")
    QLocale.setDefault(QLocale(QLocale.Language.English))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def alt(qtbot: QtBot, key: Qt.Key, until: Callable[[], bool]) -> None:
    """A mnemonic (Alt+key): the button clicks a moment later (its click is animated)."""
    press(qtbot, key, ALT)
    qtbot.waitUntil(until, timeout=WAIT_MS)


def type_then_enter(qtbot: QtBot, text: str) -> None:
    """Into the focused field: ASCII as keystrokes, Hangul as an input method commits it."""
    field = focused()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Return)


def first_run_of(qtbot: QtBot, window: MainWindow) -> FirstRunWizard:
    qtbot.waitUntil(lambda: window.first_run is not None, timeout=WAIT_MS)
    wizard = window.first_run
    assert wizard is not None and window.locked
    return wizard


def fill_the_shop(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """From the shop page's first field: a wrong business number is refused, then corrected."""
    shop = wizard.shop_page
    assert focused() is shop.name_edit
    type_then_enter(qtbot, "행복한 꽃집")
    type_then_enter(qtbot, "1248100999")  # the check digit is wrong
    type_then_enter(qtbot, "서울시 마포구 양화로 12")
    type_then_enter(qtbot, "021234567")
    assert wizard.current_step is Step.SHOP  # refused
    assert focused() is shop.business_number_edit
    assert shop.error_of(shop.business_number_edit) == QCoreApplication.translate(
        "SettingsPage", "Enter the 10-digit business registration number; the check digit fails."
    )
    qtbot.keyClicks(focused(), "1248100998")  # the wrong number was selected: typed over
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.current_step is Step.MODE
    assert shop.error_of(shop.business_number_edit) == ""


def make_the_administrator(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """From the operator page's first field: a PIN typed differently is refused, then right."""
    admin = wizard.operator_page
    assert focused() is admin.name_edit
    type_then_enter(qtbot, "김사장")
    type_then_enter(qtbot, ADMIN_PIN)
    type_then_enter(qtbot, "482914")
    assert wizard.current_step is Step.OPERATOR and focused() is admin.pin_edit
    assert admin.error_of(admin.pin_again_edit) != ""
    type_then_enter(qtbot, ADMIN_PIN)
    type_then_enter(qtbot, ADMIN_PIN)
    assert wizard.current_step is Step.SUMMARY and focused() is wizard.next_button


def test_the_first_start_in_english_from_the_keyboard(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: AppServices,
    tmp_path: Path,
) -> None:
    window = open_window()
    wizard = first_run_of(qtbot, window)
    assert not window.nav.isVisible()
    assert focused() is wizard.language_page.korean_radio  # the settings' language: Korean
    press(qtbot, Qt.Key.Key_Down)  # English, at once
    assert wizard.language_page.english_radio.isChecked()
    assert QLocale().language() is QLocale.Language.English
    assert wizard.next_button.text() == "&Next" and wizard.step_label.text() == "Step 1 of 5"
    press(qtbot, Qt.Key.Key_Return)

    fill_the_shop(qtbot, wizard)
    assert focused() is wizard.mode_page.sandbox_radio
    assert "TRAINING MODE (SANDBOX)" in wizard.mode_page.sandbox_note.text()
    press(qtbot, Qt.Key.Key_Return)  # training
    make_the_administrator(qtbot, wizard)

    # Back and forth: nothing typed is lost.
    for step in (Step.OPERATOR, Step.MODE, Step.SHOP):
        alt(qtbot, Qt.Key.Key_B, lambda step=step: wizard.current_step is step)
    assert wizard.shop_page.business_number_edit.text() == "1248100998"
    assert focused() is wizard.shop_page.name_edit
    for step in (Step.MODE, Step.OPERATOR, Step.SUMMARY):
        alt(qtbot, Qt.Key.Key_N, lambda step=step: wizard.current_step is step)
    summary = wizard.summary_page.shown_text()
    for shown in ("English", "행복한 꽃집", "124-81-00998", "02-123-4567", "김사장"):
        assert shown in summary
    assert "Training (sandbox)" in summary
    # Finish, focused. The window was built in Korean (the settings' language): the app starts
    # again in English rather than go on half in each (app.main does it on this signal).
    with qtbot.waitSignal(window.restart_requested, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_Space)
    assert window.first_run is None
    assert [o.name for o in services.operators.listed()] == ["김사장"]
    saved = SettingsStore(tmp_path).load()
    assert saved == Settings(
        language=Language.EN,
        merchant_name="행복한 꽃집",
        merchant_business_number="1248100998",
        merchant_address="서울시 마포구 양화로 12",
        merchant_phone="02-123-4567",
    )
    assert window.settings == saved
    changed = [entry for entry in services.audit.entries() if entry.action == SETTINGS_CHANGED]
    assert [(entry.actor, entry.details["credentials"]) for entry in changed] == [("김사장", False)]


def test_the_first_start_in_korean_from_the_keyboard(
    qtbot: QtBot,
    korean: None,
    open_window: Callable[[], MainWindow],
    services: AppServices,
    tmp_path: Path,
) -> None:
    window = open_window()
    wizard = first_run_of(qtbot, window)
    press(qtbot, Qt.Key.Key_Down)  # English…
    press(qtbot, Qt.Key.Key_Up)  # …and back to Korean, at once
    assert wizard.language_page.korean_radio.isChecked()
    assert QLocale().language() is QLocale.Language.Korean
    press(qtbot, Qt.Key.Key_Return)
    fill_the_shop(qtbot, wizard)
    # The Settings page's words, reused here, come from the Korean catalogue.
    qtbot.waitUntil(lambda: wizard.mode_page.keychain_label.text() != "", timeout=WAIT_MS)
    assert wizard.mode_page.keychain_label.text() == QCoreApplication.translate(
        "SettingsPage", "The key and secret are kept in: %1"
    ).replace("%1", "Test memory keyring")
    assert "Test memory keyring" in wizard.mode_page.keychain_label.text()
    assert any("\uac00" <= ch <= "\ud7a3" for ch in wizard.mode_page.keychain_label.text())
    press(qtbot, Qt.Key.Key_Return)
    make_the_administrator(qtbot, wizard)
    alt(qtbot, Qt.Key.Key_F, lambda: not window.locked)
    assert context_of(window).operator == Operator("김사장", Role.ADMIN)
    saved = SettingsStore(tmp_path).load()
    assert (saved.language, saved.profile, saved.merchant_phone) == (
        Language.KO,
        Profile.SANDBOX,
        "02-123-4567",
    )


@pytest.fixture
def bare_wizard(
    qtbot: QtBot, tmp_path: Path, services: AppServices, sandbox: SandboxServer
) -> Iterator[Callable[..., FirstRunWizard]]:
    """The wizard on its own, its "live" API the sandbox (as the Settings page's tests do: live
    mode's real API is not reached from a test)."""
    runner = BackgroundRunner()

    def make(acting: Operator | None = None) -> FirstRunWizard:
        wizard = FirstRunWizard(
            Settings(),
            SettingsStore(tmp_path / "config"),
            SecretStore(),
            runner,
            services,
            acting=acting,
            language=Language.EN,
            live_api_url=sandbox.url,
        )
        qtbot.addWidget(wizard)
        wizard.resize(800, 700)
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.activateWindow()
        qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)  # the keychain read
        wizard.language_page.first_field().setFocus()
        return wizard

    yield make
    runner.shutdown()


def test_live_is_refused_when_the_connection_test_fails_then_kept_in_the_keychain(
    qtbot: QtBot,
    bare_wizard: Callable[..., FirstRunWizard],
    memory_keyring: MemoryKeyring,
    services: AppServices,
    tmp_path: Path,
) -> None:
    wizard = bare_wizard()
    done: list[FirstRunDone] = []
    wizard.done.connect(done.append)
    alt(qtbot, Qt.Key.Key_N, lambda: wizard.current_step is Step.SHOP)
    fill_the_shop(qtbot, wizard)
    mode = wizard.mode_page
    press(qtbot, Qt.Key.Key_Down)  # live
    assert mode.live_radio.isChecked()
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is mode.key_edit
    type_then_enter(qtbot, DEFAULT_IMP_KEY)
    type_then_enter(qtbot, "not-the-secret")  # Next tests the pair first
    qtbot.waitUntil(lambda: mode.error_of(mode.secret_edit) != "", timeout=WAIT_MS)
    assert wizard.current_step is Step.MODE
    assert "PortOne did not accept this key pair" in mode.error_of(mode.secret_edit)
    assert "Connection failed: [HTTP 401" in mode.error_of(mode.secret_edit)
    assert focused() is mode.secret_edit

    qtbot.keyClicks(focused(), DEFAULT_IMP_SECRET)  # typed over the selected wrong one
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.current_step is Step.OPERATOR, timeout=WAIT_MS)
    assert mode.test_result_label.text().startswith(f"Connected: {sandbox_url(wizard)}")
    make_the_administrator(qtbot, wizard)
    assert "Live (key " in wizard.summary_page.shown_text()
    assert "after a restart" in wizard.summary_page.shown_text()
    press(qtbot, Qt.Key.Key_Return)  # Enter on the focused Finish

    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert done[0].administrator == Operator("김사장", Role.ADMIN) and done[0].problem == ""
    assert done[0].settings.profile is Profile.LIVE
    assert SecretStore().load() == ApiCredentials(DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)
    settings_text = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
    assert DEFAULT_IMP_SECRET not in settings_text
    assert SettingsStore(tmp_path / "config").load().profile is Profile.LIVE
    (changed,) = [e for e in services.audit.entries() if e.action == SETTINGS_CHANGED]
    assert changed.details["credentials"] is True


def sandbox_url(wizard: FirstRunWizard) -> str:
    return wizard._live_api_url


def test_skip_keeps_the_defaults_and_leads_to_the_administrator(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: AppServices,
    tmp_path: Path,
) -> None:
    window = open_window()
    wizard = first_run_of(qtbot, window)
    press(qtbot, Qt.Key.Key_Return)
    wizard.shop_page.name_edit.insert("입력했지만 건너뜀")
    press(qtbot, Qt.Key.Key_Escape)  # back to the first page
    assert wizard.current_step is Step.LANGUAGE
    answer_question(False)
    press(qtbot, Qt.Key.Key_Escape)  # asks whether to skip: no
    assert wizard.current_step is Step.LANGUAGE
    korean_radio = wizard.language_page.korean_radio
    qtbot.waitUntil(lambda: QApplication.focusWidget() is korean_radio, timeout=WAIT_MS)
    answer_question(True)
    press(qtbot, Qt.Key.Key_Escape)  # yes: to the administrator
    assert wizard.current_step is Step.OPERATOR and not wizard.skip_button.isVisible()
    admin_name = wizard.operator_page.name_edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is admin_name, timeout=WAIT_MS)
    make_the_administrator(qtbot, wizard)
    assert "Skipped" in wizard.summary_page.shown_text()
    press(qtbot, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: not window.locked, timeout=WAIT_MS)
    assert context_of(window).operator == Operator("김사장", Role.ADMIN)
    assert SettingsStore(tmp_path).load() == Settings()  # the defaults: training, nothing typed


def test_the_skip_button_on_the_shop_page(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    window = open_window()
    wizard = first_run_of(qtbot, window)
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.skip_button.isVisible()
    alt(qtbot, Qt.Key.Key_S, lambda: wizard.current_step is Step.OPERATOR)
    assert focused() is wizard.operator_page.name_edit


def open_settings_as(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    window.show_page(Page.SETTINGS)
    page = window.page(Page.SETTINGS)
    assert isinstance(page, SettingsPage)
    return page


def test_an_administrator_runs_the_setup_again_from_settings(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: AppServices,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    page = open_settings_as(qtbot, window)
    assert page.first_run_button.isVisible()
    page.first_run_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # Enter presses the focused button, as Space does
    dialog = window.first_run_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    wizard = dialog.findChild(FirstRunWizard)
    assert wizard is not None
    assert Step.OPERATOR not in wizard.steps and wizard.skip_button.text() == "&Close"
    qtbot.waitUntil(lambda: focused() is wizard.language_page.korean_radio, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Return)
    type_then_enter(qtbot, "다시 연 꽃집")
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # training
    assert wizard.current_step is Step.SUMMARY and wizard.step_label.text() == "Step 4 of 4"
    press(qtbot, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: window.first_run_dialog is None, timeout=WAIT_MS)
    assert SettingsStore(tmp_path).load().merchant_name == "다시 연 꽃집"
    assert page.merchant_name_edit.text() == "다시 연 꽃집"  # the page shows what was saved
    assert services.operators.count() == 1
    (changed,) = [e for e in services.audit.entries() if e.action == SETTINGS_CHANGED]
    assert changed.actor == "김사장" and changed.details["changed"] == ["merchant_name"]


def test_closing_the_rerun_saves_nothing_and_keeps_the_language(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: AppServices,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    window.open_first_run_again()
    dialog = window.first_run_dialog
    assert dialog is not None
    wizard = dialog.findChild(FirstRunWizard)
    assert wizard is not None
    qtbot.waitUntil(lambda: focused() is wizard.language_page.korean_radio, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Down)  # English for a moment
    assert QLocale().language() is QLocale.Language.English
    press(qtbot, Qt.Key.Key_Return)
    wizard.shop_page.name_edit.insert("저장 안 할 이름")
    press(qtbot, Qt.Key.Key_Escape)  # back to the first page
    answer_question(True)
    press(qtbot, Qt.Key.Key_Escape)  # close without saving? yes
    qtbot.waitUntil(lambda: window.first_run_dialog is None, timeout=WAIT_MS)
    assert QLocale().language() is QLocale.Language.Korean  # as the window was
    assert not (tmp_path / "settings.json").exists()
    assert [e for e in services.audit.entries() if e.action == SETTINGS_CHANGED] == []


def test_a_clerk_neither_sees_nor_opens_the_setup(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    admin = operators.create_first_admin(services, "김사장", ADMIN_PIN)
    operators.add_operator(services, "이점원", Role.CLERK, "135790", by=admin)
    window = signed_in_window(qtbot, open_window, "이점원", "135790")
    page = open_settings_as(qtbot, window)
    assert not page.first_run_button.isVisible()
    window.open_first_run_again()
    assert window.first_run_dialog is None


def test_the_wizard_is_refused_for_a_clerk_by_the_services(
    qtbot: QtBot,
    bare_wizard: Callable[..., FirstRunWizard],
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    """Even given the wizard, a clerk saves nothing: the settings change is the services' check."""
    wizard = bare_wizard(acting=Operator("이점원", Role.CLERK))
    wizard.shop_page.name_edit.setText("몰래 바꾼 이름")
    for _ in range(3):
        wizard.next()
    assert wizard.current_step is Step.SUMMARY
    wizard.next()
    qtbot.waitUntil(lambda: wizard.summary_page.problem_label.text() != "", timeout=WAIT_MS)
    assert "only an administrator" in wizard.summary_page.problem_label.text()
    assert not (tmp_path / "config" / "settings.json").exists()


def test_without_a_keychain_live_cannot_be_chosen_and_training_goes_on(
    qtbot: QtBot, bare_wizard: Callable[..., FirstRunWizard], no_keyring: None
) -> None:
    wizard = bare_wizard()
    mode = wizard.mode_page
    assert "No keychain on this computer" in mode.keychain_label.text()
    assert not mode.live_radio.isEnabled() and mode.sandbox_radio.isChecked()
    wizard.shop_page.name_edit.setText("꽃집")
    wizard.next()
    wizard.next()
    assert wizard.current_step is Step.MODE and focused() is mode.sandbox_radio
    press(qtbot, Qt.Key.Key_Return)
    assert wizard.current_step is Step.OPERATOR


def test_back_after_a_skip_takes_the_shop_up_again_and_checks_it(
    qtbot: QtBot, bare_wizard: Callable[..., FirstRunWizard]
) -> None:
    """A wrong business number, Skip, then Back: the shop page comes back and its checks stand
    between it and Finish (review: Back landed past the shop, and Finish raised)."""
    wizard = bare_wizard()
    press(qtbot, Qt.Key.Key_Return)  # the language: English
    shop = wizard.shop_page
    shop.name_edit.setText("행복한 꽃집")
    shop.business_number_edit.setText("1248100999")  # the check digit is wrong
    alt(qtbot, Qt.Key.Key_S, lambda: wizard.current_step is Step.OPERATOR)
    alt(qtbot, Qt.Key.Key_B, lambda: wizard.current_step is Step.SHOP)
    wizard.next()
    assert wizard.current_step is Step.SHOP and focused() is shop.business_number_edit
    assert shop.error_of(shop.business_number_edit) != ""


def test_finish_with_a_shop_no_longer_right_goes_back_to_it(
    qtbot: QtBot, bare_wizard: Callable[..., FirstRunWizard], services: AppServices
) -> None:
    wizard = bare_wizard()
    press(qtbot, Qt.Key.Key_Return)
    fill_the_shop(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Return)  # training
    make_the_administrator(qtbot, wizard)
    wizard.shop_page.name_edit.clear()  # changed behind the summary's back
    wizard.finish()
    assert wizard.current_step is Step.SHOP and focused() is wizard.shop_page.name_edit
    assert services.operators.count() == 0  # nothing made


def test_settings_not_written_after_the_administrator_was_made_are_saved_on_the_next_finish(
    qtbot: QtBot, bare_wizard: Callable[..., FirstRunWizard], services: AppServices, tmp_path: Path
) -> None:
    """The administrator is made, then the settings file cannot be written: the wizard says so
    and the next Finish saves the shop as that administrator (review: it said done with the
    defaults and the typed shop was lost)."""
    (tmp_path / "config").write_text("not a folder", encoding="utf-8")
    wizard = bare_wizard()
    done: list[FirstRunDone] = []
    wizard.done.connect(done.append)
    press(qtbot, Qt.Key.Key_Return)
    fill_the_shop(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Return)
    make_the_administrator(qtbot, wizard)
    wizard.finish()
    problem = wizard.summary_page.problem_label
    qtbot.waitUntil(lambda: "김사장" in problem.text(), timeout=WAIT_MS)
    assert done == [] and services.operators.count() == 1
    # The administrator made stands: shown, not asked again (a new name or PIN would be ignored).
    admin = wizard.operator_page
    assert admin.name_edit.text() == "김사장" and not admin.pin_edit.isEnabled()
    for step in (Step.OPERATOR, Step.MODE):
        alt(qtbot, Qt.Key.Key_B, lambda step=step: wizard.current_step is step)
    for step in (Step.OPERATOR, Step.SUMMARY):
        alt(qtbot, Qt.Key.Key_N, lambda step=step: wizard.current_step is step)
    (tmp_path / "config").unlink()
    wizard.finish()
    qtbot.waitUntil(lambda: done != [], timeout=WAIT_MS)
    assert done[0].administrator == Operator("김사장", Role.ADMIN)
    assert done[0].settings.merchant_name == "행복한 꽃집"
    assert SettingsStore(tmp_path / "config").load().merchant_name == "행복한 꽃집"
    assert services.operators.count() == 1


def test_the_rerun_window_stays_while_finish_runs(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: AppServices
) -> None:
    """Esc or the title bar's close while Finish is saving: the window stays until it is done
    (review: the answer came back to a window gone)."""
    operators.create_first_admin(services, "김사장", ADMIN_PIN)
    window = signed_in_window(qtbot, open_window, "김사장", ADMIN_PIN)
    window.open_first_run_again()
    dialog = window.first_run_dialog
    assert dialog is not None
    wizard = dialog.wizard  # type: ignore[attr-defined]
    wizard._set_busy(True)  # as Finish does while the runner saves
    dialog.reject()
    dialog.close()
    assert dialog.isVisible()
    wizard._set_busy(False)
    dialog.reject()
    qtbot.waitUntil(lambda: window.first_run_dialog is None, timeout=WAIT_MS)
