"""The first-run wizard: language, the shop, training or live, the first administrator, a summary.

The main window shows it in place of the lock screen's first-administrator form when the store
has no operators (`MainWindow._ask_who`), and an administrator opens it again from Settings
(without the operator step). Nothing is written until Finish: then, on the runner, the
administrator is made (`operators.create_first_admin`; on a rerun the administrator signed in
acts), the change is checked and audited as that administrator (`settings_change.
record_settings_change`, as the Settings page does) and the settings and the key pair are
written (`settings_change.write_settings`). Writing at the end keeps one audited change and no
half-set-up terminal; going back and forth keeps what was typed (the pages stay built). The key
pair is tested with PortOne (`ui/settings/api_key.run_connection_check`) before the live
choice is accepted, and lives only in the keychain.

Keyboard: Enter goes to the next field and, from the last, to the next page; Alt+N / Alt+B are
Next and Back; Esc goes back, and on the first page asks whether to skip. Skip keeps the
default settings (training) and goes to the administrator, who is needed in any case.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.language import Language
from kcp_pos.iamport.live_api import LIVE_API_URL
from kcp_pos.settings.model import Profile, Settings, SettingsError, parse_field
from kcp_pos.settings.secrets import ApiCredentials, SecretStore
from kcp_pos.settings.store import SettingsStore
from kcp_pos.ui.first_run.pages import (
    PAGE_WIDTH,
    LanguagePage,
    ModePage,
    OperatorPage,
    ShopPage,
    SummaryPage,
    WizardPage,
)
from kcp_pos.ui.settings.api_key import (
    UNKNOWN_KEYCHAIN,
    KeychainState,
    connected_text,
    failed_text,
    keychain_text,
    read_keychain_state,
    run_connection_check,
)
from kcp_pos.ui.settings.page import setting_error_text
from kcp_pos.ui.shell.i18n import switch_language
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress
from kcp_pos.ui.widgets.enter_key import on_enter

if TYPE_CHECKING:
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operator import Operator
    from kcp_pos.settings.connection_check import ConnectionCheckResult

FIRST_RUN_OP_KEY = "first-run"


class Step(enum.Enum):
    LANGUAGE = "language"
    SHOP = "shop"
    MODE = "mode"
    OPERATOR = "operator"
    SUMMARY = "summary"


@dataclass(frozen=True)
class FirstRunDone:
    """What Finish saved: the settings, the administrator made (None on a rerun), and what went
    wrong after the settings were written ("" when nothing: a key pair the keychain refused)."""

    settings: Settings
    administrator: Operator | None
    problem: str = ""
    already_set_up: bool = False
    """Another terminal made the store's administrator first: nothing typed here was saved."""


class HalfSaved(Exception):
    """The administrator was made, then the settings could not be saved (`cause`)."""

    def __init__(self, administrator: Operator, cause: Exception) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.administrator = administrator
        self.cause = cause


class FirstRunWizard(QWidget):
    """The wizard as a widget: the main window covers its pages with it (first run) or shows it
    in a dialog (rerun). Emits `done(FirstRunDone)` once saved, `closed` when left unsaved."""

    done = Signal(object)
    closed = Signal()

    def __init__(
        self,
        settings: Settings,
        settings_store: SettingsStore,
        secret_store: SecretStore,
        runner: BackgroundRunner,
        services: AppServices,
        *,
        acting: Operator | None = None,
        language: Language | None = None,
        live_api_url: str = LIVE_API_URL,
        parent: QWidget | None = None,
    ) -> None:
        """`acting` None: the first run (the administrator is made at the end); otherwise the
        administrator who reruns it from Settings. `language` is the UI's now (`--lang` may
        differ from the settings'); the language page starts on it."""
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self._before = settings
        self._store = settings_store
        self._secrets = secret_store
        self._runner = runner
        self._services = services
        self._acting = acting
        self._made: Operator | None = None
        """The administrator this wizard made when a Finish went wrong after making them."""
        self._live_api_url = live_api_url
        self._keychain = UNKNOWN_KEYCHAIN
        self._tested: tuple[str, str] | None = None
        """The key and secret PortOne last accepted (a live choice needs exactly these)."""
        self._skipped = False
        self._busy = False
        self._ready = False  # the language radios are set up: no switch yet
        self.steps = [Step.LANGUAGE, Step.SHOP, Step.MODE]
        if acting is None:
            self.steps.append(Step.OPERATOR)
        self.steps.append(Step.SUMMARY)
        self._build()
        self._show_settings(settings)
        self._language_at_start = language or settings.language
        self.language_page.choose(self._language_at_start)
        self._ready = True
        self.retranslate()
        self._go_to(Step.LANGUAGE)
        read_keychain_state(runner, secret_store, self._show_keychain)

    @property
    def first_run(self) -> bool:
        return self._acting is None

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.stack = QStackedWidget(self)
        self.language_page = LanguagePage(self.stack)
        self.shop_page = ShopPage(self.stack)
        self.mode_page = ModePage(self.stack)
        self.operator_page = OperatorPage(self.stack)
        self.summary_page = SummaryPage(self.stack)
        self.pages: dict[Step, WizardPage] = {
            Step.LANGUAGE: self.language_page,
            Step.SHOP: self.shop_page,
            Step.MODE: self.mode_page,
            Step.OPERATOR: self.operator_page,
            Step.SUMMARY: self.summary_page,
        }
        for step in self.steps:
            self.stack.addWidget(self.pages[step])
        if Step.OPERATOR not in self.steps:
            self.operator_page.hide()

        self.step_label = QLabel(self)
        self.step_label.setObjectName("note")
        self.skip_button = QPushButton(self)
        self.skip_button.setObjectName("wizardSkip")
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("wizardBack")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("wizardNext")
        self.skip_button.clicked.connect(self.skip)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)

        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        card = QFrame(self)
        card.setObjectName("lockCard")  # the lock screen's card: the same look
        card.setFixedWidth(PAGE_WIDTH + 64)
        column = QVBoxLayout(card)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(12)
        column.addWidget(self.step_label)
        column.addWidget(self.stack, 1)
        column.addLayout(buttons)

        holder = QWidget(self)
        holder_layout = QVBoxLayout(holder)
        holder_layout.addStretch(1)
        holder_layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        holder_layout.addStretch(2)
        scroll = QScrollArea(self)  # a small window still reaches every field
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._wire_keys()

    def _wire_keys(self) -> None:
        language, shop, mode, admin = (
            self.language_page,
            self.shop_page,
            self.mode_page,
            self.operator_page,
        )
        for radio in (language.korean_radio, language.english_radio):
            on_enter(radio, self.next)
            radio.toggled.connect(self._language_toggled)
        fields = shop.fields()
        for field, following in itertools.pairwise(fields):
            on_enter(field, following.setFocus)
        on_enter(fields[-1], self.next)
        for radio in (mode.sandbox_radio, mode.live_radio):
            on_enter(radio, self._after_mode_radio)
        mode.live_radio.toggled.connect(self._mode_toggled)
        on_enter(mode.key_edit, mode.secret_edit.setFocus)
        on_enter(mode.secret_edit, self.next)
        mode.test_button.clicked.connect(self.test_connection)
        on_enter(admin.name_edit, admin.pin_edit.setFocus)
        on_enter(admin.pin_edit, admin.pin_again_edit.setFocus)
        on_enter(admin.pin_again_edit, self.next)
        # Outside a dialog a button takes Space only: Enter presses the focused one too.
        for button in (self.next_button, self.back_button, self.skip_button, mode.test_button):
            on_enter(button, button.click)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.escape)

    def _show_settings(self, settings: Settings) -> None:
        self.language_page.choose(settings.language)
        self.shop_page.name_edit.setText(settings.merchant_name)
        self.shop_page.business_number_edit.setText(settings.merchant_business_number)
        self.shop_page.address_edit.setText(settings.merchant_address)
        self.shop_page.phone_edit.setText(settings.merchant_phone)
        live = settings.profile is Profile.LIVE
        (self.mode_page.live_radio if live else self.mode_page.sandbox_radio).setChecked(True)

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every word again, in the language installed now (the language page switches it)."""
        for page in self.pages.values():
            page.retranslate()
        self.back_button.setText(self.tr("&Back"))
        self._show_step_words()
        self._show_keychain(self._keychain)

    def _show_step_words(self) -> None:
        step = self.current_step
        position = self.steps.index(step) + 1
        self.step_label.setText(
            self.tr("Step %1 of %2")
            .replace("%1", str(position))
            .replace("%2", str(len(self.steps)))
        )
        last = step is Step.SUMMARY
        self.next_button.setText(self.tr("&Finish") if last else self.tr("&Next"))
        self.skip_button.setText(self.tr("&Skip") if self.first_run else self.tr("&Close"))
        self.skip_button.setToolTip(
            self.tr("Keep the default settings (training) and go to the administrator.")
            if self.first_run
            else self.tr("Close without saving.")
        )
        # The first run cannot skip the administrator: Skip leads there.
        self.skip_button.setVisible(not (self.first_run and step in (Step.OPERATOR, Step.SUMMARY)))
        self.back_button.setEnabled(position > 1)
        if last:
            self._fill_summary()

    def _show_keychain(self, state: KeychainState) -> None:
        self._keychain = state
        mode = self.mode_page
        if state.backend:
            mode.keychain_label.setText(keychain_text(state))
            mode.keychain_label.setProperty("problem", not state.usable)
            mode.keychain_label.style().unpolish(mode.keychain_label)
            mode.keychain_label.style().polish(mode.keychain_label)
        if not state.usable and state.backend:
            mode.sandbox_radio.setChecked(True)
        mode.live_radio.setEnabled(state.usable)
        if state.imp_key and not mode.key_edit.text():
            mode.key_edit.setText(state.imp_key)
        mode.secret_edit.setPlaceholderText(
            QCoreApplication.translate("SettingsPage", "Saved — type to replace")
            if state.has_secret
            else ""
        )

    # --- moving ---------------------------------------------------------------------------

    @property
    def current_step(self) -> Step:
        page = self.stack.currentWidget()
        return next(step for step, shown in self.pages.items() if shown is page)

    def _go_to(self, step: Step) -> None:
        self.stack.setCurrentWidget(self.pages[step])
        self._show_step_words()
        focus = self.next_button if step is Step.SUMMARY else self.pages[step].first_field()
        focus.setFocus()

    def next(self) -> None:
        """Check this step and go on (Finish on the last)."""
        if self._busy or not self.next_button.isEnabled():
            return
        step = self.current_step
        if step is Step.SUMMARY:
            self.finish()
            return
        if step is Step.SHOP and not self._shop_is_valid():
            return
        if step is Step.MODE and not self._mode_is_accepted():
            return
        if step is Step.OPERATOR and not self._operator_is_valid():
            return
        self._go_to(self.steps[self.steps.index(step) + 1])

    def back(self) -> None:
        if self._busy:
            return
        position = self.steps.index(self.current_step)
        if position == 0:
            return
        previous = self.steps[position - 1]
        if self._skipped and previous is not Step.OPERATOR:
            # Back into the skipped pages takes them up again, from the first, so that each is
            # checked on its way forward.
            self._skipped = False
            previous = Step.SHOP
        self._go_to(previous)

    def skip(self) -> None:
        """First run: keep the default settings and go to the administrator. Rerun: close."""
        if self._busy:
            return
        if not self.first_run:
            self.closed.emit()
            return
        self._skipped = True
        self._go_to(Step.OPERATOR)

    def escape(self) -> None:
        """Back, or on the first page the question whether to skip (or close)."""
        if self.steps.index(self.current_step) > 0:
            self.back()
            return
        question = (
            self.tr(
                "Skip the setup? The terminal stays in training mode with the default settings, "
                "and the administrator is set up next. Settings can be changed later."
            )
            if self.first_run
            else self.tr("Close the setup without saving?")
        )
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("First-time setup"), question, parent=self
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(
            self.tr("Skip") if self.first_run else self.tr("Close")
        )
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Go on with the setup"))
        answer = box.exec()
        self.window().activateWindow()  # the keyboard back where it was before the question
        if answer == QMessageBox.StandardButton.Yes:
            self.skip()
        else:
            self.pages[self.current_step].first_field().setFocus()

    # --- the language ---------------------------------------------------------------------

    def _language_toggled(self, checked: bool) -> None:
        if not checked or not self._ready:
            return  # the other button's toggle carries the choice
        app = QApplication.instance()
        if app is not None:
            switch_language(app, self.language_page.chosen.value)
        self.retranslate()
        for page in self.pages.values():
            page.clear_errors()  # said in the old language; checked again on Next

    def undo_language_switch(self) -> None:
        """Left without saving (a rerun closed): the app's language as it was before."""
        if self.language_page.chosen is not self._language_at_start:
            self.language_page.choose(self._language_at_start)  # switches back

    # --- the shop -------------------------------------------------------------------------

    def _shop_values(self) -> dict[str, object]:
        shop = self.shop_page
        return {
            "merchant_name": shop.name_edit.text(),
            "merchant_business_number": shop.business_number_edit.text(),
            "merchant_address": shop.address_edit.text(),
            "merchant_phone": shop.phone_edit.text(),
        }

    def _shop_is_valid(self) -> bool:
        shop = self.shop_page
        shop.clear_errors()
        fields: dict[str, QLineEdit] = {
            "merchant_name": shop.name_edit,
            "merchant_business_number": shop.business_number_edit,
            "merchant_address": shop.address_edit,
            "merchant_phone": shop.phone_edit,
        }
        wrong: list[QLineEdit] = []
        if not shop.name_edit.text().strip():
            shop.show_error(shop.name_edit, self.tr("Enter the shop's name; receipts print it."))
            wrong.append(shop.name_edit)
        for name, value in self._shop_values().items():
            try:
                parse_field(name, value)
            except SettingsError:
                shop.show_error(fields[name], setting_error_text(name))
                wrong.append(fields[name])
        if wrong:
            wrong[0].setFocus()
            wrong[0].selectAll()
        return not wrong

    # --- training or live -----------------------------------------------------------------

    def _after_mode_radio(self) -> None:
        if self.mode_page.live:
            self.mode_page.key_edit.setFocus()
        else:
            self.next()

    def _mode_toggled(self) -> None:
        self.mode_page.show_error(self.mode_page.key_edit, "")
        self.mode_page.show_error(self.mode_page.secret_edit, "")

    def _typed_pair(self) -> tuple[str, str]:
        return self.mode_page.key_edit.text().strip(), self.mode_page.secret_edit.text().strip()

    def _mode_is_accepted(self) -> bool:
        """Training always; live only with a pair PortOne accepted (tested now if not yet)."""
        if not self.mode_page.live:
            return True
        if self._tested is not None and self._tested == self._typed_pair():
            return True
        self.test_connection(then_next=True)
        return False

    def _credentials_to_test(self) -> tuple[ApiCredentials | None, str] | None:
        """The typed pair (or None: the keychain's, for the key shown), or None when there is
        nothing to test (the problem shown under the field)."""
        mode = self.mode_page
        key, secret = self._typed_pair()
        mode.show_error(mode.key_edit, "")
        mode.show_error(mode.secret_edit, "")
        if not key:
            mode.show_error(
                mode.key_edit, self.tr("Enter the REST API key from PortOne's console.")
            )
            mode.key_edit.setFocus()
            return None
        if secret:
            return ApiCredentials(imp_key=key, imp_secret=secret), key
        if self._keychain.has_secret and key == self._keychain.imp_key:
            return None, key
        mode.show_error(
            mode.secret_edit,
            QCoreApplication.translate("SettingsPage", "Enter the secret of this REST API key."),
        )
        mode.secret_edit.setFocus()
        return None

    def test_connection(self, *, then_next: bool = False) -> None:
        """Ask PortOne for a token with the key pair; with `then_next`, go on once accepted."""
        if self._busy:
            return
        target = self._credentials_to_test()
        if target is None:
            return
        credentials, key = target
        pair = self._typed_pair()
        self._set_busy(True)
        self.mode_page.show_test_result(
            None, QCoreApplication.translate("SettingsPage", "Connecting…")
        )

        def accepted(result: ConnectionCheckResult) -> None:
            self._set_busy(False)
            self._tested = pair
            self.mode_page.show_test_result(True, connected_text(result))
            if then_next and self.current_step is Step.MODE:
                self.next()

        def refused(error: Exception) -> None:
            self._set_busy(False)
            self._tested = None
            self.mode_page.show_test_result(False, "")
            self.mode_page.show_error(
                self.mode_page.secret_edit,
                self.tr(
                    "PortOne did not accept this key pair, so live payments cannot start: %1"
                ).replace("%1", failed_text(error)),
            )
            self.mode_page.secret_edit.setFocus()
            self.mode_page.secret_edit.selectAll()

        run_connection_check(
            self._runner,
            self._secrets,
            self._live_api_url,
            credentials,
            typed_key=key,
            succeeded=accepted,
            failed=refused,
        )

    # --- the administrator ----------------------------------------------------------------

    def _operator_is_valid(self) -> bool:
        """Checked as the services will (name, PIN rules), and the two PINs the same."""
        from kcp_pos.domain.messages import message
        from kcp_pos.domain.operator_name import validate_operator_name
        from kcp_pos.domain.pin_hash import validate_pin
        from kcp_pos.domain.result import Invalid
        from kcp_pos.ui.widgets.catalogue import translated

        admin = self.operator_page
        admin.clear_errors()
        if self._made is not None:
            return True  # made already: their name and PIN stand, shown and locked on the page
        name_check = validate_operator_name(admin.name_edit.text())
        pin_check = validate_pin(admin.pin_edit.text())
        wrong: QLineEdit | None = None
        if isinstance(name_check, Invalid):
            admin.show_error(admin.name_edit, translated(message(name_check.error)))
            wrong = admin.name_edit
        if isinstance(pin_check, Invalid):
            admin.show_error(admin.pin_edit, translated(message(pin_check.error)))
            admin.clear_pins()
            wrong = wrong or admin.pin_edit
        elif admin.pin_edit.text() != admin.pin_again_edit.text():
            admin.show_error(
                admin.pin_again_edit,
                QCoreApplication.translate(
                    "LockScreen", "The two PINs differ. Enter the PIN twice."
                ),
            )
            admin.clear_pins()
            wrong = wrong or admin.pin_edit
        if wrong is not None:
            wrong.setFocus()
        return wrong is None

    # --- the summary and Finish -----------------------------------------------------------

    def chosen_settings(self) -> Settings:
        """The settings Finish saves: the pages' (or, skipped, only the language)."""
        language = self.language_page.chosen
        if self._skipped:
            return self._before.replace(language=language)
        profile = Profile.LIVE if self.mode_page.live else Profile.SANDBOX
        return self._before.replace(language=language, profile=profile, **self._shop_values())

    def _credentials_to_save(self) -> ApiCredentials | None:
        key, secret = self._typed_pair()
        if self._skipped or not self.mode_page.live or not secret:
            return None  # training, or the keychain's pair kept as it is
        return ApiCredentials(imp_key=key, imp_secret=secret)

    def _fill_summary(self) -> None:
        try:
            settings = self.chosen_settings()
        except SettingsError:
            return  # not reachable: each page was checked on Next
        none = self.tr("(not set)")
        rows = [(self.tr("Language"), "한국어" if settings.language is Language.KO else "English")]
        if self._skipped:
            rows.append((self.tr("Shop"), self.tr("Skipped: set it later in Settings")))
        else:
            rows += [
                (self.tr("Shop name"), settings.merchant_name or none),
                (
                    self.tr("Business registration number"),
                    self._business_number_text(settings) or none,
                ),
                (self.tr("Address"), settings.merchant_address or none),
                (self.tr("Phone"), settings.merchant_phone or none),
            ]
        live = settings.profile is Profile.LIVE
        rows.append(
            (
                self.tr("Payments"),
                self.tr("Live (key %1)").replace("%1", self._typed_pair()[0])
                if live
                else self.tr("Training (sandbox): no money moves"),
            )
        )
        if self.first_run:
            rows.append((self.tr("Administrator"), self.operator_page.name_edit.text().strip()))
        self.summary_page.show_rows(rows, self._after_text(settings))

    @staticmethod
    def _business_number_text(settings: Settings) -> str:
        from kcp_pos.domain.card_owner import format_business_number

        return format_business_number(settings.merchant_business_number)

    def _after_text(self, settings: Settings) -> str:
        notes = []
        if settings.profile is not self._before.profile:
            notes.append(
                QCoreApplication.translate(
                    "SettingsPage", "Profile and language changes apply after a restart."
                )
            )
        elif settings.language is not self._before.language:
            notes.append(self.tr("The rest of the window changes language at the next start."))
        notes.append(self.tr("Everything here can be changed later in Settings."))
        return " ".join(notes)

    def _pages_still_hold(self) -> bool:
        """The shop and the key pair as checked on their pages' Next; a page that no longer
        holds is shown with its problem (a way round the checks must not reach Finish)."""
        if self._skipped:
            return True
        try:
            self.chosen_settings()
            shop_holds = self._shop_is_valid()
        except SettingsError:
            shop_holds = False
        if not shop_holds:
            self._go_to(Step.SHOP)
            self._shop_is_valid()  # its problems shown again, the first wrong field focused
            return False
        if self.mode_page.live and self._tested != self._typed_pair():
            self._go_to(Step.MODE)
            self.test_connection(then_next=False)
            return False
        return True

    def finish(self) -> None:
        """Make the administrator (first run), then audit and write the settings and the key
        pair, on the runner."""
        if self._busy or not self._pages_still_hold():
            return
        settings = self.chosen_settings()
        credentials = self._credentials_to_save()
        before, store, secrets, services = self._before, self._store, self._secrets, self._services
        acting = self._made or self._acting
        admin_name = self.operator_page.name_edit.text()
        pin = self.operator_page.pin_edit.text()
        made_before = self._made
        self.operator_page.clear_pins()  # the PIN is not kept in the widget beyond this

        def save(_: Progress) -> FirstRunDone:
            from kcp_pos.services import operators
            from kcp_pos.services.settings_change import record_settings_change, write_settings

            made = (
                operators.create_first_admin(services, admin_name, pin) if acting is None else None
            )
            operator = made or acting
            assert operator is not None
            try:
                record_settings_change(
                    services,
                    before,
                    settings,
                    credentials_changed=credentials is not None,
                    operator=operator,
                )
                outcome = write_settings(store, secrets, settings, credentials)
            except Exception as error:
                if made is None:
                    raise
                raise HalfSaved(made, error) from error
            problem = ""
            if outcome.keychain_error is not None:
                from kcp_pos.ui.widgets.catalogue import translated

                problem = translated(outcome.keychain_error.text)
            return FirstRunDone(outcome.settings, made or made_before, problem)

        self._set_busy(True)
        self.summary_page.problem_label.clear()
        self._runner.run(save, self._saved, self._not_saved, key=FIRST_RUN_OP_KEY)

    def _saved(self, outcome: FirstRunDone) -> None:
        self._set_busy(False)
        self.done.emit(outcome)

    def _not_saved(self, error: Exception) -> None:
        from kcp_pos.domain.messages import message
        from kcp_pos.services.money_call import InvalidOrder
        from kcp_pos.services.operators import AlreadySetUp, NotPermitted
        from kcp_pos.ui.widgets.catalogue import translated

        self._set_busy(False)
        if isinstance(error, HalfSaved):  # Finish again saves the rest as that administrator
            self._made = error.administrator
            self._keep_the_administrator_made(error.administrator)
            text = self.tr(
                "The administrator %1 was made, but the settings were not saved: %2. "
                "Press Finish to try again."
            )
            self.summary_page.problem_label.setText(
                text.replace("%1", error.administrator.name).replace(
                    "%2", f"{type(error.cause).__name__}: {error.cause}"
                )
            )
            return
        if isinstance(error, InvalidOrder):  # e.g. a reserved name: said on its page
            self._go_to(Step.OPERATOR)
            text = " ".join(translated(message(problem)) for problem in error.problems)
            self.operator_page.show_error(self.operator_page.name_edit, text)
            return
        if isinstance(error, AlreadySetUp):  # made meanwhile (another terminal): sign in
            self.done.emit(FirstRunDone(self._before, None, already_set_up=True))
            return
        if isinstance(error, NotPermitted):
            text = QCoreApplication.translate(
                "SettingsPage", "only an administrator may change the settings or the API key."
            )
        else:
            text = f"{type(error).__name__}: {error}"
        self.summary_page.problem_label.setText(
            QCoreApplication.translate("SettingsPage", "Not saved: %1").replace("%1", text)
        )

    @property
    def busy(self) -> bool:
        """A connection test or Finish is running."""
        return self._busy

    def _keep_the_administrator_made(self, administrator: Operator) -> None:
        """The administrator exists now: the operator page shows them and takes no other."""
        admin = self.operator_page
        admin.name_edit.setText(administrator.name)
        for field in (admin.name_edit, admin.pin_edit, admin.pin_again_edit):
            field.setEnabled(False)
        admin.show_error(
            admin.name_edit, self.tr("Made already: sign in later with the PIN given then.")
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.next_button, self.back_button, self.mode_page.test_button):
            button.setEnabled(not busy)
        if not busy:
            self._show_step_words()  # Back's state again
            self.mode_page.test_button.setEnabled(self.mode_page.live)


class FirstRunDialog(QDialog):
    """The rerun's window: not closed while Finish or a connection test runs (their answer
    would come back to a window gone, the settings written and the language put back)."""

    def __init__(self, wizard_of: Callable[[QWidget], FirstRunWizard], parent: QWidget) -> None:
        super().__init__(parent)
        self.wizard = wizard_of(self)
        QVBoxLayout(self).addWidget(self.wizard)

    def reject(self) -> None:
        if not self.wizard.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.wizard.busy:
            event.ignore()
            return
        super().closeEvent(event)
