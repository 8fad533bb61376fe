"""The first-run wizard's pages: the fields of each step and their words, nothing else.

Each page sets all its words in `retranslate()` (the wizard calls it again when the language is
switched on its first page), says which field takes the focus (`first_field`), and shows a
field's problem in the label under it (`show_error`). What a step checks and what Next does is
the wizard's (`wizard.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.language import Language
from kcp_pos.ui.widgets.pin_field import operator_pin_field

PAGE_WIDTH = 536
"""The width a page is laid out at (the wizard's card is this plus its margins)."""


def _note(parent: QWidget, name: str = "note") -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class WizardPage(QWidget):
    """A step: its title, what it is for, a form, and a problem label under each field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setWordWrap(True)
        self.intro_label = _note(self, "wizardIntro")
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setVerticalSpacing(6)
        self._labels: dict[QWidget, QLabel] = {}
        self._errors: dict[QWidget, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def minimumSizeHint(self) -> QSize:
        """As tall as the wrapped words need at the card's width: the wizard's stack does not
        ask its pages' height for a width, so a page says it here."""
        layout = self.layout()
        assert layout is not None
        return QSize(PAGE_WIDTH, layout.totalHeightForWidth(PAGE_WIDTH))

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def add_field(self, field: QWidget) -> None:
        """A labelled field (its label set by `label_field`) with its problem row under it."""
        label = QLabel(self)
        label.setBuddy(field)
        # As tall as the field and centred, so label and field text share a line (as Settings).
        label.setMinimumHeight(field.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form.addRow(label, field)
        error = QLabel(self)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.form.addRow("", error)
        self.form.setRowVisible(error, False)
        self._labels[field] = label
        self._errors[field] = error

    def label_field(self, field: QWidget, text: str) -> None:
        self._labels[field].setText(text)
        field.setAccessibleName(text.replace("&", ""))

    def show_error(self, field: QWidget, text: str) -> None:
        """`text` under `field` ("" hides the row)."""
        error = self._errors[field]
        error.setText(text)
        self.form.setRowVisible(error, bool(text))

    def error_of(self, field: QWidget) -> str:
        return self._errors[field].text()

    def clear_errors(self) -> None:
        for field in self._errors:
            self.show_error(field, "")

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError


class LanguagePage(WizardPage):
    """한국어 or English: each name in its own language, so either reader finds theirs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.korean_radio = QRadioButton("한국어", self)
        self.english_radio = QRadioButton("English", self)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.korean_radio)
        self.choice.addButton(self.english_radio)
        self.form.addRow(self.korean_radio)
        self.form.addRow(self.english_radio)

    @property
    def chosen(self) -> Language:
        return Language.EN if self.english_radio.isChecked() else Language.KO

    def choose(self, language: Language) -> None:
        (self.english_radio if language is Language.EN else self.korean_radio).setChecked(True)

    def first_field(self) -> QWidget:
        return self.english_radio if self.english_radio.isChecked() else self.korean_radio

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Welcome to kcp-pos"))
        self.intro_label.setText(
            self.tr(
                "A few questions set up this terminal. Choose the language first; it changes "
                "at once. Use the arrow keys to choose and Enter to go on."
            )
        )


class ShopPage(WizardPage):
    """The shop as its receipts print it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("shopName")
        self.business_number_edit = QLineEdit(self)
        self.business_number_edit.setObjectName("shopBusinessNumber")
        self.business_number_edit.setPlaceholderText("000-00-00000")
        self.business_number_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.address_edit = QLineEdit(self)
        self.address_edit.setObjectName("shopAddress")
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setObjectName("shopPhone")
        self.phone_edit.setPlaceholderText("02-123-4567")
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        for field in self.fields():
            self.add_field(field)

    def fields(self) -> tuple[QLineEdit, ...]:
        return (self.name_edit, self.business_number_edit, self.address_edit, self.phone_edit)

    def first_field(self) -> QWidget:
        return self.name_edit

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Your shop"))
        self.intro_label.setText(
            self.tr("Printed on every receipt. You can change these later in Settings.")
        )
        self.label_field(self.name_edit, self.tr("Shop name"))
        self.label_field(self.business_number_edit, self.tr("Business registration number"))
        self.label_field(self.address_edit, self.tr("Address"))
        self.label_field(self.phone_edit, self.tr("Phone"))


class ModePage(WizardPage):
    """Training (the embedded sandbox) or live payments with the shop's PortOne key pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sandbox_radio = QRadioButton(self)
        self.sandbox_radio.setObjectName("stayInSandbox")
        self.sandbox_note = _note(self)
        self.live_radio = QRadioButton(self)
        self.live_radio.setObjectName("goLive")
        self.live_note = _note(self)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.sandbox_radio)
        self.choice.addButton(self.live_radio)
        self.sandbox_radio.setChecked(True)
        for note in (self.sandbox_note, self.live_note):
            note.setIndent(22)  # under its radio button's words
        self.keychain_label = _note(self, "keychainState")
        self.keychain_label.setContentsMargins(0, 8, 0, 0)
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("impKey")
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setObjectName("impSecret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self)
        self.test_result_label = _note(self, "testResult")
        self.test_result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(self.sandbox_radio)
        self.form.addRow(self.sandbox_note)
        self.form.addRow(self.live_radio)
        self.form.addRow(self.live_note)
        self.form.addRow(self.keychain_label)
        self.add_field(self.key_edit)
        self.add_field(self.secret_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result_label, 1)
        self.form.addRow(test_row)
        self.sandbox_radio.toggled.connect(self._show_live_fields)
        self._show_live_fields()

    @property
    def live(self) -> bool:
        return self.live_radio.isChecked()

    def _show_live_fields(self) -> None:
        for widget in (self.key_edit, self.secret_edit, self.test_button):
            widget.setEnabled(self.live)

    def show_test_result(self, ok: bool | None, text: str) -> None:
        self.test_result_label.setText(text)
        self.test_result_label.setProperty(
            "outcome", "" if ok is None else ("ok" if ok else "failed")
        )
        self.test_result_label.style().unpolish(self.test_result_label)
        self.test_result_label.style().polish(self.test_result_label)

    def first_field(self) -> QWidget:
        return self.live_radio if self.live else self.sandbox_radio

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Training or live payments"))
        self.intro_label.setText(
            self.tr("Start in training to learn the terminal; go live when the shop is ready.")
        )
        self.sandbox_radio.setText(self.tr("Stay in training (sandbox)"))
        self.sandbox_note.setText(
            self.tr(
                "No money moves: payments go to the training server built into the app, and the "
                "banner at the top says TRAINING MODE (SANDBOX)."
            )
        )
        self.live_radio.setText(self.tr("Go live with the shop's PortOne REST API key"))
        self.live_note.setText(
            self.tr(
                "Cards are really charged. The key and secret are tested with PortOne first and "
                "kept only in this computer's keychain. Live payments start after a restart."
            )
        )
        self.label_field(self.key_edit, self.tr("REST API key (imp_key)"))
        self.label_field(self.secret_edit, self.tr("REST API secret (imp_secret)"))
        self.test_button.setText(self.tr("&Test connection"))


class OperatorPage(WizardPage):
    """The terminal's first administrator: a name and a PIN typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("operatorName")
        self.pin_edit = operator_pin_field(self, "operatorPin")
        self.pin_again_edit = operator_pin_field(self, "operatorPinAgain")
        for field in (self.name_edit, self.pin_edit, self.pin_again_edit):
            self.add_field(field)

    def clear_pins(self) -> None:
        self.pin_edit.clear()
        self.pin_again_edit.clear()

    def first_field(self) -> QWidget:
        return self.name_edit

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("The administrator"))
        self.intro_label.setText(
            self.tr(
                "Choose the administrator's name and a PIN of 4 to 8 digits. The administrator "
                "adds the other operators later."
            )
        )
        self.label_field(self.name_edit, self.tr("Name"))
        self.label_field(self.pin_edit, self.tr("PIN"))
        self.label_field(self.pin_again_edit, self.tr("PIN again"))


class SummaryPage(WizardPage):
    """What Finish will save, row by row (filled by the wizard when the page is shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = QFormLayout()
        self.rows.setVerticalSpacing(6)
        self.rows.setHorizontalSpacing(16)
        self.form.addRow(self.rows)
        self.after_label = _note(self)
        self.form.addRow(self.after_label)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("lockMessage")
        self.problem_label.setWordWrap(True)
        self.form.addRow(self.problem_label)
        self._row_values: list[QLabel] = []

    def show_rows(self, rows: list[tuple[str, str]], after: str) -> None:
        while self.rows.rowCount():
            self.rows.removeRow(0)
        self._row_values = []
        for name, value in rows:
            shown = QLabel(value, self)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows.addRow(QLabel(name, self), shown)
            self._row_values.append(shown)
        self.after_label.setText(after)

    def shown_text(self) -> str:
        """Every row's value and the note after them, as shown (for the tests and a reader)."""
        return "\n".join([*(label.text() for label in self._row_values), self.after_label.text()])

    def first_field(self) -> QWidget:
        return self

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Ready"))
        self.intro_label.setText(self.tr("Check what will be saved, then press Finish."))
