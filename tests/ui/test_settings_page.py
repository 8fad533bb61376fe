"""The settings page, driven with keystrokes: saving, validation, keychain, test connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.settings_change import SETTINGS_CHANGED
from kcp_pos.settings import Language, Profile, Settings, SettingsStore
from kcp_pos.settings.endpoint import ApiEndpoint
from kcp_pos.settings.secrets import IMP_SECRET_USERNAME, SERVICE_NAME, ApiCredentials, SecretStore
from kcp_pos.ui.settings.page import SettingsPage
from kcp_pos.ui.shell.operator_seat import OperatorSeat
from kcp_pos.ui.shell.runner import BackgroundRunner
from kcp_pos.ui.shell.screen_page import PageContext
from tests.operators import ADMIN
from tests.settings.memory_keyring import MemoryKeyring
from tests.ui.approval_support import answer_approval
from tests.ui.keyboard import type_into

WAIT_MS = 5000
PageFactory = Callable[..., SettingsPage]


@pytest.fixture
def make_page(qtbot: QtBot, tmp_path: Path) -> Iterator[PageFactory]:
    runners: list[BackgroundRunner] = []

    def make(
        settings: Settings | None = None,
        sandbox_endpoint: ApiEndpoint | None = None,
        live_api_url: str = "https://api.iamport.kr",
    ) -> SettingsPage:
        runner = BackgroundRunner()
        runners.append(runner)
        page = SettingsPage(
            settings or Settings(),
            SettingsStore(tmp_path / "config"),
            SecretStore(),
            runner,
            lambda: sandbox_endpoint,
            live_api_url=live_api_url,
            language="en",
        )
        qtbot.addWidget(page)
        page.resize(900, 700)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)  # keychain state loaded
        return page

    yield make
    for runner in runners:
        runner.shutdown()


def click_save(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_typed_settings_are_saved(
    qtbot: QtBot, make_page: PageFactory, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    page = make_page()
    assert page.keychain_label.text() == "The key and secret are kept in: Test memory keyring"
    type_into(qtbot, page.merchant_name_edit, "행복한 꽃집")
    type_into(qtbot, page.business_number_edit, "124-81-00998")
    type_into(qtbot, page.pg_edit, "kcp.A52CY")
    type_into(qtbot, page.merchant_code_edit, "imp12345678")
    type_into(qtbot, page.gift_site_code_edit, "A7GFT")
    page.pwd_2digit_check.setFocus()
    qtbot.keyClick(page.pwd_2digit_check, Qt.Key.Key_Space)
    page.language_combo.setFocus()
    qtbot.keyClick(page.language_combo, Qt.Key.Key_Down)
    type_into(qtbot, page.imp_key_edit, "2345678901234567")
    type_into(qtbot, page.imp_secret_edit, "typed-secret-value")
    saved: list[object] = []
    page.settings_saved.connect(saved.append)
    click_save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_status_label.text() == "Saved.", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.keychain_state.has_secret, timeout=WAIT_MS)

    stored = SettingsStore(tmp_path / "config").load()
    assert stored.merchant_name == "행복한 꽃집"
    assert stored.merchant_business_number == "1248100998"
    assert stored.pg == "kcp.A52CY"
    assert stored.pwd_2digit_required is True
    assert stored.merchant_code == "imp12345678" and stored.gift_site_code == "A7GFT"
    assert stored.language is Language.EN
    assert saved == [stored]
    assert SecretStore().load() == ApiCredentials("2345678901234567", "typed-secret-value")
    settings_text = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
    assert "typed-secret-value" not in settings_text
    assert page.imp_secret_edit.text() == ""
    assert page.imp_secret_edit.placeholderText() == "Saved — type to replace"


def test_invalid_fields_are_marked_and_nothing_is_written(
    qtbot: QtBot, make_page: PageFactory, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    page = make_page()
    type_into(qtbot, page.business_number_edit, "1248100999")
    type_into(qtbot, page.pg_edit, "kcp.")
    type_into(qtbot, page.merchant_code_edit, "imp123")
    type_into(qtbot, page.gift_site_code_edit, "A7-GFT")
    click_save(qtbot, page)
    assert "imp followed by 8 digits" in page.field_error("merchant_code")
    assert "letters and digits" in page.field_error("gift_site_code")
    assert "check digit" in page.field_error("merchant_business_number")
    assert "kcp.{site_cd}" in page.field_error("pg")
    assert page.save_status_label.text() == "Not saved: correct the marked fields."
    assert not (tmp_path / "config" / "settings.json").exists()

    type_into(qtbot, page.business_number_edit, "1248100998")
    type_into(qtbot, page.pg_edit, "kcp")
    type_into(qtbot, page.merchant_code_edit, "")
    type_into(qtbot, page.gift_site_code_edit, "")
    click_save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_status_label.text() == "Saved.", timeout=WAIT_MS)
    assert page.field_error("pg") == ""
    assert (tmp_path / "config" / "settings.json").exists()


def test_secret_without_key_and_changed_key_without_secret_are_refused(
    qtbot: QtBot, make_page: PageFactory, memory_keyring: MemoryKeyring
) -> None:
    page = make_page()
    type_into(qtbot, page.imp_secret_edit, "only-a-secret")
    click_save(qtbot, page)
    assert page.field_error("imp_key") != ""
    page.imp_secret_edit.clear()
    type_into(qtbot, page.imp_key_edit, "a-new-key")
    click_save(qtbot, page)
    assert page.field_error("imp_secret") != ""
    assert memory_keyring.passwords == {}


def test_no_keychain_is_explained_and_settings_still_save(
    qtbot: QtBot, make_page: PageFactory, tmp_path: Path, no_keyring: None
) -> None:
    page = make_page()
    assert "No keychain on this computer" in page.keychain_label.text()
    type_into(qtbot, page.merchant_name_edit, "꽃집")
    type_into(qtbot, page.imp_key_edit, "2345678901234567")
    type_into(qtbot, page.imp_secret_edit, "typed-secret-value")
    click_save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=WAIT_MS)
    status = page.save_status_label.text()
    assert status.startswith("Settings saved, but the API key was not:")
    assert "No usable OS keychain" in status
    assert SettingsStore(tmp_path / "config").load().merchant_name == "꽃집"


def test_remove_saved_key(
    qtbot: QtBot, make_page: PageFactory, memory_keyring: MemoryKeyring
) -> None:
    SecretStore().store(ApiCredentials("stored-key", "stored-secret"))
    page = make_page()
    assert page.imp_key_edit.text() == "stored-key"
    assert page.remove_credentials_button.isEnabled()
    qtbot.mouseClick(page.remove_credentials_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.save_status_label.text() == "The saved API key was removed.", timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: not page.keychain_state.has_secret, timeout=WAIT_MS)
    assert (SERVICE_NAME, IMP_SECRET_USERNAME) not in memory_keyring.passwords


def choose_profile(qtbot: QtBot, page: SettingsPage, profile: Profile) -> None:
    page.profile_combo.setFocus()
    key = Qt.Key.Key_Down if profile is Profile.LIVE else Qt.Key.Key_Up
    qtbot.keyClick(page.profile_combo, key)
    assert page.profile_combo.currentData() == profile.value


def test_connection_with_typed_keys(
    qtbot: QtBot, make_page: PageFactory, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    page = make_page(live_api_url=sandbox.url)
    choose_profile(qtbot, page, Profile.LIVE)
    type_into(qtbot, page.imp_key_edit, DEFAULT_IMP_KEY)
    type_into(qtbot, page.imp_secret_edit, DEFAULT_IMP_SECRET)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT_MS)
    assert page.test_result_label.text().startswith(f"Connected: {sandbox.url} issued")
    assert page.test_result_label.property("outcome") == "ok"


def test_connection_with_a_wrong_secret_fails_inline(
    qtbot: QtBot, make_page: PageFactory, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    page = make_page(live_api_url=sandbox.url)
    choose_profile(qtbot, page, Profile.LIVE)
    type_into(qtbot, page.imp_key_edit, DEFAULT_IMP_KEY)
    type_into(qtbot, page.imp_secret_edit, "not-the-secret")
    page.test_button.setFocus()
    qtbot.keyClick(page.test_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT_MS)
    assert page.test_result_label.text().startswith("Connection failed: [HTTP 401")
    assert page.test_result_label.property("outcome") == "failed"


def test_connection_with_the_stored_secret(
    qtbot: QtBot, make_page: PageFactory, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    SecretStore().store(ApiCredentials(DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET))
    page = make_page(settings=Settings(profile=Profile.LIVE), live_api_url=sandbox.url)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT_MS)
    assert page.test_result_label.text().startswith("Connected:")


def test_connection_to_the_embedded_sandbox(
    qtbot: QtBot, make_page: PageFactory, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    endpoint = ApiEndpoint(
        Profile.SANDBOX, sandbox.url, ApiCredentials(DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)
    )
    page = make_page(sandbox_endpoint=endpoint)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT_MS)
    assert page.test_result_label.text().startswith(f"Connected: {sandbox.url}")


def test_sandbox_not_running_is_explained(
    qtbot: QtBot, make_page: PageFactory, memory_keyring: MemoryKeyring
) -> None:
    page = make_page(sandbox_endpoint=None)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "training server is not running" in page.test_result_label.text()


def test_every_input_has_a_label_buddy_and_accessible_name(
    make_page: PageFactory, memory_keyring: MemoryKeyring
) -> None:
    page = make_page()
    inputs: list[QWidget] = [
        page.profile_combo,
        page.imp_key_edit,
        page.imp_secret_edit,
        page.pg_edit,
        page.merchant_code_edit,
        page.gift_site_code_edit,
        page.merchant_name_edit,
        page.business_number_edit,
        page.language_combo,
    ]
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for widget in inputs:
        assert widget in buddies, widget.objectName()
        assert widget.accessibleName()
    for check in (page.pwd_2digit_check, page.capture_check):
        assert check.text() and check.accessibleName() == check.text()
    assert page.imp_secret_edit.echoMode() is QLineEdit.EchoMode.Password


def test_tab_order_follows_the_form(
    qtbot: QtBot, make_page: PageFactory, memory_keyring: MemoryKeyring
) -> None:
    page = make_page()
    page.profile_combo.setFocus()
    expected = [
        page.imp_key_edit,
        page.imp_secret_edit,
        page.test_button,
        # the remove button is disabled without a saved key, so Tab skips it
        page.pg_edit,
        page.pwd_2digit_check,
        page.merchant_code_edit,
        page.gift_site_code_edit,
        page.merchant_name_edit,
        page.business_number_edit,
        page.merchant_address_edit,
        page.merchant_phone_edit,
        page.language_combo,
        page.capture_check,
        page.idle_lock_spin,
        page.save_button,
    ]
    reached = []
    for _ in expected:
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        reached.append(page.focusWidget())
    assert reached == expected


def test_once_the_store_is_open_only_an_administrator_saves_and_each_change_is_audited(
    qtbot: QtBot,
    make_page: PageFactory,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    services: AppServices,
) -> None:
    page = make_page()
    runner = BackgroundRunner()
    seat = OperatorSeat(Operator("이점원", Role.CLERK))
    page.attach(PageContext(services, runner, seat, training=True, leftover_attempt_ids=()))
    page.entered.emit()  # the clerk comes to the page: told before editing
    assert "needs an administrator" in page.save_status_label.text()
    type_into(qtbot, page.merchant_name_edit, "행복한 꽃집")
    page.idle_lock_spin.setValue(3)
    answer_approval(None)  # an administrator's PIN is asked for in place; cancelled
    click_save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_status_label.text().startswith("Not saved"), timeout=WAIT_MS)
    assert "only an administrator" in page.save_status_label.text()
    assert SettingsStore(tmp_path / "config").load() == Settings()  # nothing written
    assert services.audit.entries() == []

    seat.sit(ADMIN)
    click_save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_status_label.text() == "Saved.", timeout=WAIT_MS)
    saved = SettingsStore(tmp_path / "config").load()
    assert (saved.merchant_name, saved.idle_lock_minutes) == ("행복한 꽃집", 3)
    (entry,) = services.audit.entries()
    assert entry.action == SETTINGS_CHANGED and entry.actor == ADMIN.name
    assert entry.details == {
        "changed": ["merchant_name", "idle_lock_minutes"],
        "credentials": False,
    }
    runner.shutdown()


def test_the_shops_address_and_phone_are_checked_and_saved(
    qtbot: QtBot, make_page: PageFactory, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    page = make_page()
    type_into(qtbot, page.merchant_address_edit, "서울시 마포구 양화로 12")
    type_into(qtbot, page.merchant_phone_edit, "02-12")
    click_save(qtbot, page)
    assert "02-123-4567" in page.field_error("merchant_phone")
    assert not (tmp_path / "config" / "settings.json").exists()

    type_into(qtbot, page.merchant_phone_edit, "021234567")  # a Seoul landline, no dashes
    click_save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_status_label.text() == "Saved.", timeout=WAIT_MS)
    stored = SettingsStore(tmp_path / "config").load()
    assert (stored.merchant_address, stored.merchant_phone) == (
        "서울시 마포구 양화로 12",
        "02-123-4567",
    )


def test_only_an_administrator_sees_the_first_time_setup_button(
    qtbot: QtBot, make_page: PageFactory, memory_keyring: MemoryKeyring, services: AppServices
) -> None:
    page = make_page()
    assert not page.first_run_button.isVisible()  # nobody signed in yet
    runner = BackgroundRunner()
    seat = OperatorSeat(Operator("이점원", Role.CLERK))
    page.attach(PageContext(services, runner, seat, training=True, leftover_attempt_ids=()))
    asked: list[None] = []
    page.first_run_requested.connect(lambda: asked.append(None))
    page.entered.emit()
    assert not page.first_run_button.isVisible()
    page.first_run_button.click()  # even if reached somehow, a clerk is refused
    assert asked == []

    seat.sit(ADMIN)
    page.entered.emit()
    assert page.first_run_button.isVisible()
    page.first_run_button.setFocus()
    qtbot.keyClick(page.first_run_button, Qt.Key.Key_Space)
    assert asked == [None]
    runner.shutdown()
