"""The settings page: mode, API key pair in the keychain, PG, receipt details, language, privacy.

Everything that touches the disk, the keychain or the network (saving, loading the stored key,
"test connection") runs on the background runner. The secret is never shown again once saved:
its field stays empty with a "saved" placeholder, and typing into it replaces it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.language import Language
from kcp_pos.iamport.live_api import LIVE_API_URL
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.settings_change import SaveOutcome, write_settings
from kcp_pos.settings.connection_check import ConnectionCheckResult
from kcp_pos.settings.endpoint import ApiEndpoint
from kcp_pos.settings.model import (
    IDLE_LOCK_LIMIT_MINUTES,
    Profile,
    Settings,
    SettingsError,
    parse_field,
)
from kcp_pos.settings.secrets import ApiCredentials, KeychainError, SecretStore
from kcp_pos.settings.store import SettingsStore
from kcp_pos.ui.settings.api_key import (
    KEYCHAIN_OP_KEY,
    UNKNOWN_KEYCHAIN,
    KeychainState,
    connected_text,
    failed_text,
    keychain_text,
    read_keychain_state,
    run_connection_check,
)
from kcp_pos.ui.shell.capture_protection import capture_protection_supported
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.enter_key import on_enter

if TYPE_CHECKING:
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operators import Approval

SETTINGS_OP_KEY = KEYCHAIN_OP_KEY
__all__ = ["KeychainState", "SaveOutcome", "SettingsPage", "setting_error_text"]


def setting_error_text(name: str) -> str:
    """What to tell about a value of setting `name` that does not parse (the settings page's
    and the first-run wizard's words)."""
    # Each string written out in its call: lupdate sees only literal arguments.
    if name == "pg":
        return QCoreApplication.translate(
            "SettingsPage", "Enter kcp or kcp.{site_cd} (letters and digits only)."
        )
    if name == "merchant_code":
        return QCoreApplication.translate(
            "SettingsPage", "Enter imp followed by 8 digits, as PortOne's console shows it."
        )
    if name == "gift_site_code":
        return QCoreApplication.translate(
            "SettingsPage", "Enter the KCP site code (letters and digits only)."
        )
    if name == "merchant_business_number":
        return QCoreApplication.translate(
            "SettingsPage",
            "Enter the 10-digit business registration number; the check digit fails.",
        )
    if name == "merchant_phone":
        return QCoreApplication.translate(
            "SettingsPage", "Enter the shop's phone number, e.g. 02-123-4567 or 010-1234-5678."
        )
    return QCoreApplication.translate("SettingsPage", "This value is not valid.")


class SettingsPage(ScreenPage):
    """Edit and save the settings; test the API connection with the typed or stored key pair."""

    settings_saved = Signal(object)
    """Emitted with the new `Settings` after they were written to disk."""
    first_run_requested = Signal()
    """An administrator asked for the first-time setup again (the main window opens it)."""

    def __init__(
        self,
        settings: Settings,
        settings_store: SettingsStore,
        secret_store: SecretStore,
        runner: BackgroundRunner,
        sandbox_endpoint: Callable[[], ApiEndpoint | None],
        *,
        live_api_url: str = LIVE_API_URL,
        language: str = "ko",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._store = settings_store
        self._secrets = secret_store
        self._runner = runner
        self._sandbox_endpoint = sandbox_endpoint
        self._live_api_url = live_api_url
        self._language = language
        self._keychain = UNKNOWN_KEYCHAIN
        self._context: PageContext | None = None
        self._field_errors: dict[str, tuple[QFormLayout, QLabel]] = {}
        self._shown_errors: dict[str, str] = {}
        self._build()
        self._show_settings(settings)
        self.refresh_keychain_state()
        self.entered.connect(self._say_who_may_save)

    def _say_who_may_save(self) -> None:
        """Told before editing, not after: saving as a clerk or a manager asks for an
        administrator's PIN."""
        self.first_run_button.setVisible(self._is_admin())
        if self._context is None or self._context.operator.role is Role.ADMIN:
            return
        self.save_status_label.setText(
            self.tr("Saving changes here needs an administrator, who enters their PIN.")
        )

    def _is_admin(self) -> bool:
        """An administrator is signed in (the first-time setup is theirs to run again)."""
        if self._context is None or not self._context.seat.occupied:
            return False
        return self._context.operator.role is Role.ADMIN

    def apply_settings(self, settings: Settings) -> None:
        """Settings saved elsewhere (the first-time setup run again) are shown here."""
        self._settings = settings
        self._show_settings(settings)

    def attach(self, context: PageContext) -> None:
        """The store is open: from now on saving needs an administrator and is audited (before,
        e.g. when the store cannot open, the settings are the way out and stay editable)."""
        self._context = context

    @property
    def settings(self) -> Settings:
        """The settings as last loaded or saved."""
        return self._settings

    @property
    def keychain_state(self) -> KeychainState:
        return self._keychain

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("Settings"), self)
        title.setObjectName("pageTitle")

        self.profile_combo = QComboBox(self)
        self.profile_combo.addItem(self.tr("Training (sandbox)"), Profile.SANDBOX.value)
        self.profile_combo.addItem(self.tr("Live payments"), Profile.LIVE.value)
        restart_note = self._note(self.tr("Profile and language changes apply after a restart."))

        self.keychain_label = QLabel(self.tr("Checking the keychain…"), self)
        self.keychain_label.setObjectName("keychainState")
        self.keychain_label.setWordWrap(True)
        self.imp_key_edit = QLineEdit(self)
        self.imp_key_edit.setObjectName("impKey")
        self.imp_secret_edit = QLineEdit(self)
        self.imp_secret_edit.setObjectName("impSecret")
        self.imp_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.remove_credentials_button = QPushButton(self.tr("Remove saved key"), self)
        self.remove_credentials_button.clicked.connect(self.remove_credentials)
        self.test_result_label = QLabel(self)
        self.test_result_label.setObjectName("testResult")
        self.test_result_label.setWordWrap(True)
        self.test_result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pg_edit = QLineEdit(self)
        self.pg_edit.setPlaceholderText("kcp  /  kcp.A52CY")
        self.pwd_2digit_check = QCheckBox(
            self.tr("The first two digits of the card PIN are required (pwd_2digit)"), self
        )
        self.merchant_code_edit = QLineEdit(self)
        self.merchant_code_edit.setPlaceholderText("imp12345678")
        self.gift_site_code_edit = QLineEdit(self)
        self.merchant_name_edit = QLineEdit(self)
        self.business_number_edit = QLineEdit(self)
        self.business_number_edit.setPlaceholderText("000-00-00000")
        self.business_number_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.merchant_address_edit = QLineEdit(self)
        self.merchant_phone_edit = QLineEdit(self)
        self.merchant_phone_edit.setPlaceholderText("02-123-4567")
        self.merchant_phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)

        self.language_combo = QComboBox(self)
        self.language_combo.addItem("한국어", Language.KO.value)
        self.language_combo.addItem("English", Language.EN.value)
        self.capture_check = QCheckBox(
            self.tr("Hide the window from screenshots and screen sharing"), self
        )
        self.idle_lock_spin = QSpinBox(self)
        self.idle_lock_spin.setRange(0, IDLE_LOCK_LIMIT_MINUTES)
        self.idle_lock_spin.setSuffix(self.tr(" min"))
        self.idle_lock_spin.setSpecialValueText(self.tr("Never"))
        capture_note = self._note(
            self.tr("Works on Windows 10 (2004) and later.")
            if capture_protection_supported()
            else self.tr("Works on Windows only; it has no effect on this computer.")
        )

        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.save_status_label = QLabel(self)
        self.save_status_label.setObjectName("saveStatus")
        self.save_status_label.setWordWrap(True)
        self.first_run_button = QPushButton(self.tr("Run first-time setup again…"), self)
        self.first_run_button.setObjectName("firstRunAgain")
        self.first_run_button.clicked.connect(self._ask_for_first_run)
        self.first_run_button.setVisible(False)  # an administrator's, once signed in
        # Outside a dialog a button takes Space only: Enter presses the focused one too.
        for button in (
            self.test_button,
            self.remove_credentials_button,
            self.save_button,
            self.first_run_button,
        ):
            on_enter(button, button.click)

        mode_group = self._group(self.tr("Mode"))
        mode_form = self._form(mode_group)
        self._add_row(mode_form, self.tr("Profile"), self.profile_combo, "profile")
        mode_form.addRow(restart_note)

        key_group = self._group(self.tr("PortOne API key (live payments)"))
        key_form = self._form(key_group)
        key_form.addRow(self.keychain_label)
        self._add_row(key_form, self.tr("REST API key (imp_key)"), self.imp_key_edit, "imp_key")
        self._add_row(
            key_form, self.tr("REST API secret (imp_secret)"), self.imp_secret_edit, "imp_secret"
        )
        key_buttons = QHBoxLayout()
        key_buttons.setSpacing(8)
        key_buttons.addWidget(self.test_button)
        key_buttons.addWidget(self.remove_credentials_button)
        key_buttons.addStretch(1)
        key_form.addRow(key_buttons)
        key_form.addRow(self.test_result_label)
        key_form.setRowVisible(self.test_result_label, False)
        self._key_form = key_form

        payment_group = self._group(self.tr("Payment gateway"))
        payment_form = self._form(payment_group)
        self._add_row(payment_form, self.tr("PG value"), self.pg_edit, "pg")
        payment_form.addRow(self._note(self.tr("kcp, or kcp.{site_cd} for a specific KCP site.")))
        payment_form.addRow(self.pwd_2digit_check)
        self._add_row(
            payment_form,
            self.tr("Merchant code (payment window)"),
            self.merchant_code_edit,
            "merchant_code",
        )
        payment_form.addRow(
            self._note(
                self.tr(
                    "The merchant code (가맹점 식별코드) in PortOne's console; "
                    "the live window needs it."
                )
            )
        )
        self._add_row(
            payment_form,
            self.tr("KCP site code for gift certificates"),
            self.gift_site_code_edit,
            "gift_site_code",
        )
        payment_form.addRow(
            self._note(self.tr("Leave empty if the shop does not take gift certificates."))
        )

        merchant_group = self._group(self.tr("Merchant (printed on receipts)"))
        merchant_form = self._form(merchant_group)
        self._add_row(
            merchant_form, self.tr("Merchant name"), self.merchant_name_edit, "merchant_name"
        )
        self._add_row(
            merchant_form,
            self.tr("Business registration number"),
            self.business_number_edit,
            "merchant_business_number",
        )
        self._add_row(
            merchant_form, self.tr("Address"), self.merchant_address_edit, "merchant_address"
        )
        self._add_row(merchant_form, self.tr("Phone"), self.merchant_phone_edit, "merchant_phone")

        display_group = self._group(self.tr("Display and privacy"))
        display_form = self._form(display_group)
        self._add_row(display_form, self.tr("Language"), self.language_combo, "language")
        display_form.addRow(self.capture_check)
        display_form.addRow(capture_note)
        self._add_row(
            display_form,
            self.tr("Lock after idle minutes"),
            self.idle_lock_spin,
            "idle_lock_minutes",
        )

        self.pwd_2digit_check.setAccessibleName(self.pwd_2digit_check.text())
        self.capture_check.setAccessibleName(self.capture_check.text())
        self.test_button.setAccessibleName(self.test_button.text())
        self.save_button.setAccessibleName(self.save_button.text())

        content = QWidget(self)
        content.setObjectName("settingsContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(16)
        column.addWidget(title)
        for group in (mode_group, key_group, payment_group, merchant_group, display_group):
            column.addWidget(group)
        save_row = QHBoxLayout()
        save_row.setSpacing(12)
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.save_status_label, 1)
        save_row.addWidget(self.first_run_button)
        column.addLayout(save_row)
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        chain: list[QWidget] = [
            self.profile_combo,
            self.imp_key_edit,
            self.imp_secret_edit,
            self.test_button,
            self.remove_credentials_button,
            self.pg_edit,
            self.pwd_2digit_check,
            self.merchant_code_edit,
            self.gift_site_code_edit,
            self.merchant_name_edit,
            self.business_number_edit,
            self.merchant_address_edit,
            self.merchant_phone_edit,
            self.language_combo,
            self.capture_check,
            self.idle_lock_spin,
            self.save_button,
            self.first_run_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _group(self, title: str) -> QGroupBox:
        group = QGroupBox(title, self)
        group.setAccessibleName(title)
        return group

    def _form(self, group: QGroupBox) -> QFormLayout:
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        return form

    def _note(self, text: str) -> QLabel:
        note = QLabel(text, self)
        note.setObjectName("note")
        note.setWordWrap(True)
        return note

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, name: str) -> None:
        """A labelled row (the label is the field's buddy and accessible name) and, under it, a
        row for the field's error that is hidden until there is one."""
        label = QLabel(text, self)
        label.setBuddy(field)
        # As tall as the field and centred, so label and field text share a line.
        label.setMinimumHeight(field.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        field.setAccessibleName(text)
        form.addRow(label, field)
        error = QLabel(self)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", error)
        form.setRowVisible(error, False)
        self._field_errors[name] = (form, error)

    # --- showing state --------------------------------------------------------------------

    def _show_settings(self, settings: Settings) -> None:
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(settings.profile.value))
        self.pg_edit.setText(settings.pg)
        self.pwd_2digit_check.setChecked(settings.pwd_2digit_required)
        self.merchant_code_edit.setText(settings.merchant_code)
        self.gift_site_code_edit.setText(settings.gift_site_code)
        self.merchant_name_edit.setText(settings.merchant_name)
        self.business_number_edit.setText(settings.merchant_business_number)
        self.merchant_address_edit.setText(settings.merchant_address)
        self.merchant_phone_edit.setText(settings.merchant_phone)
        self.language_combo.setCurrentIndex(self.language_combo.findData(settings.language.value))
        self.capture_check.setChecked(settings.screen_capture_protection)
        self.idle_lock_spin.setValue(settings.idle_lock_minutes)

    def field_error(self, name: str) -> str:
        """The error shown under field `name` ("" when none)."""
        return self._shown_errors.get(name, "")

    def _set_field_error(self, name: str, message: str) -> None:
        form, label = self._field_errors[name]
        label.setText(message)
        form.setRowVisible(label, bool(message))
        if message:
            self._shown_errors[name] = message
        else:
            self._shown_errors.pop(name, None)

    def _clear_field_errors(self) -> None:
        for name in self._field_errors:
            self._set_field_error(name, "")

    def _show_keychain_state(self, state: KeychainState) -> None:
        self._keychain = state
        self.keychain_label.setText(keychain_text(state))
        self.keychain_label.setProperty("problem", not state.usable)
        if state.imp_key and not self.imp_key_edit.text():
            self.imp_key_edit.setText(state.imp_key)
        self.imp_secret_edit.setPlaceholderText(
            self.tr("Saved — type to replace") if state.has_secret else ""
        )
        self.remove_credentials_button.setEnabled(state.has_secret)

    # --- keychain -------------------------------------------------------------------------

    def refresh_keychain_state(self) -> None:
        """Look up the keychain backend and the stored key (not the secret) in the background."""
        read_keychain_state(self._runner, self._secrets, self._show_keychain_state)

    def remove_credentials(self) -> None:
        """Delete the stored key pair from the keychain."""
        from kcp_pos.services.settings_change import record_credentials_removal

        secrets = self._secrets
        go, approval = self._admin_approval()
        if not go:
            self._show_save_failure(self._not_permitted())
            return
        audit = self._audit_step()

        def delete(progress: Progress) -> None:
            audit(lambda services, who: record_credentials_removal(
                services, operator=who, approval=approval
            ))  # fmt: skip
            secrets.delete()

        self.imp_key_edit.clear()
        self.imp_secret_edit.clear()
        self._runner.run(
            delete,
            lambda _: self._after_remove(),
            self._show_save_failure,
            SETTINGS_OP_KEY,
        )

    def _admin_approval(self) -> tuple[bool, Approval | None]:
        """Whether the operator may change settings now: an administrator, or another operator
        with an administrator's PIN in place; anyone before the store is open."""
        if self._context is None:
            return True, None
        from kcp_pos.services.settings_change import CHANGE_SETTINGS
        from kcp_pos.ui.widgets.manager_approval import approval_if_needed

        return approval_if_needed(
            self._context,
            action=CHANGE_SETTINGS,
            action_text=self.tr("Changing the settings"),
            needed=Role.ADMIN,
            parent=self,
        )

    def _not_permitted(self) -> Exception:
        from kcp_pos.services.operators import NotPermitted

        assert self._context is not None
        return NotPermitted(self._context.operator, Role.ADMIN)

    def _audit_step(self) -> Callable[[Callable[[AppServices, Operator], None]], None]:
        """What a save runs first: the services' role check and audit entry for the operator
        signed in now, once the store is open (nothing before)."""
        context = self._context
        if context is None:
            return lambda _step: None
        services, operator = context.services, context.operator

        def audit(step: Callable[[AppServices, Operator], None]) -> None:
            step(services, operator)

        return audit

    def _ask_for_first_run(self) -> None:
        if self._is_admin():
            self.first_run_requested.emit()

    def _after_remove(self) -> None:
        self.save_status_label.setText(self.tr("The saved API key was removed."))
        self.refresh_keychain_state()

    # --- saving ---------------------------------------------------------------------------

    def _read_form(self) -> tuple[dict[str, object], dict[str, str]]:
        """Parsed values per setting name and the error messages of those that do not parse."""
        raw: dict[str, object] = {
            "profile": self.profile_combo.currentData(),
            "pg": self.pg_edit.text(),
            "pwd_2digit_required": self.pwd_2digit_check.isChecked(),
            "merchant_code": self.merchant_code_edit.text(),
            "gift_site_code": self.gift_site_code_edit.text(),
            "merchant_name": self.merchant_name_edit.text(),
            "merchant_business_number": self.business_number_edit.text(),
            "merchant_address": self.merchant_address_edit.text(),
            "merchant_phone": self.merchant_phone_edit.text(),
            "language": self.language_combo.currentData(),
            "screen_capture_protection": self.capture_check.isChecked(),
            "idle_lock_minutes": self.idle_lock_spin.value(),
        }
        values: dict[str, object] = {}
        errors: dict[str, str] = {}
        for name, value in raw.items():
            try:
                values[name] = parse_field(name, value)
            except SettingsError:
                errors[name] = setting_error_text(name)
        return values, errors

    def _read_credentials(self) -> tuple[ApiCredentials | None, dict[str, str]]:
        key = self.imp_key_edit.text().strip()
        secret = self.imp_secret_edit.text().strip()
        if secret and not key:
            return None, {"imp_key": self.tr("Enter the REST API key that goes with the secret.")}
        if secret:
            return ApiCredentials(imp_key=key, imp_secret=secret), {}
        if key and key != (self._keychain.imp_key or ""):
            return None, {"imp_secret": self.tr("Enter the secret of this REST API key.")}
        return None, {}

    def save(self) -> None:
        """Validate the form; write the settings file and the key pair in the background."""
        self._clear_field_errors()
        values, errors = self._read_form()
        credentials, credential_errors = self._read_credentials()
        errors.update(credential_errors)
        if errors:
            for name, message in errors.items():
                self._set_field_error(name, message)
            self.save_status_label.setText(self.tr("Not saved: correct the marked fields."))
            return
        from kcp_pos.services.settings_change import record_settings_change

        new_settings = self._settings.replace(**values)
        store, secrets, before = self._store, self._secrets, self._settings
        go, approval = self._admin_approval()
        if not go:
            self._show_save_failure(self._not_permitted())
            return
        audit = self._audit_step()

        def write(progress: Progress) -> SaveOutcome:
            audit(lambda services, operator: record_settings_change(
                services, before, new_settings, credentials_changed=credentials is not None,
                operator=operator, approval=approval,
            ))  # fmt: skip
            return write_settings(store, secrets, new_settings, credentials)

        self.save_button.setEnabled(False)
        self.save_status_label.setText(self.tr("Saving…"))
        self._runner.run(write, self._show_saved, self._show_save_failure, SETTINGS_OP_KEY)

    def _show_saved(self, outcome: SaveOutcome) -> None:
        self.save_button.setEnabled(True)
        self._settings = outcome.settings
        if outcome.keychain_error is not None:
            self.save_status_label.setText(
                self.tr("Settings saved, but the API key was not: %1").replace(
                    "%1", translated(outcome.keychain_error.text)
                )
            )
        else:
            self.save_status_label.setText(self.tr("Saved."))
        if outcome.credentials_saved:
            self.imp_secret_edit.clear()
            self.refresh_keychain_state()
        self.settings_saved.emit(outcome.settings)

    def _show_save_failure(self, error: Exception) -> None:
        from kcp_pos.services.operators import NotPermitted

        self.save_button.setEnabled(True)
        if isinstance(error, NotPermitted):
            message = self.tr("only an administrator may change the settings or the API key.")
        elif isinstance(error, KeychainError):
            message = translated(error.text)
        else:
            message = f"{type(error).__name__}: {error}"
        self.save_status_label.setText(self.tr("Not saved: %1").replace("%1", message))

    # --- test connection ------------------------------------------------------------------

    def test_connection(self) -> None:
        """Get an access token from the API of the profile chosen in the form."""
        target = self._connection_target()
        if isinstance(target, str):
            self._show_test_result(False, target)
            return
        base_url, typed_credentials = target
        self.test_button.setEnabled(False)
        self._show_test_result(None, self.tr("Connecting…"))
        run_connection_check(
            self._runner,
            self._secrets,
            base_url,
            typed_credentials,
            typed_key=self.imp_key_edit.text().strip(),
            succeeded=self._show_test_success,
            failed=self._show_test_failure,
        )

    def _connection_target(self) -> tuple[str, ApiCredentials | None] | str:
        """(URL, key pair or None for "the stored one") for the chosen profile, or why not."""
        if self.profile_combo.currentData() == Profile.SANDBOX.value:
            endpoint = self._sandbox_endpoint()
            if endpoint is None or endpoint.mode is not Profile.SANDBOX:
                return self.tr(
                    "The training server is not running; it starts when the app starts in "
                    "training mode."
                )
            return endpoint.base_url, endpoint.credentials
        key = self.imp_key_edit.text().strip()
        secret = self.imp_secret_edit.text().strip()
        if key and secret:
            return self._live_api_url, ApiCredentials(imp_key=key, imp_secret=secret)
        if self._keychain.has_secret:
            return self._live_api_url, None
        return self.tr("Enter the REST API key and secret first.")

    def _show_test_success(self, result: ConnectionCheckResult) -> None:
        self.test_button.setEnabled(True)
        self._show_test_result(True, connected_text(result))

    def _show_test_failure(self, error: Exception) -> None:
        self.test_button.setEnabled(True)
        self._show_test_result(False, failed_text(error))

    def _show_test_result(self, ok: bool | None, text: str) -> None:
        self.test_result_label.setText(text)
        self._key_form.setRowVisible(self.test_result_label, bool(text))
        outcome = "" if ok is None else ("ok" if ok else "failed")
        self.test_result_label.setProperty("outcome", outcome)
        self.test_result_label.style().unpolish(self.test_result_label)
        self.test_result_label.style().polish(self.test_result_label)
