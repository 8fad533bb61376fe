"""The form by keystrokes: inline messages for every field, the installment rule, Enter moving on,
labels and accessible names."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import message
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.settings.model import Settings
from tests.ui.terminal.conftest import (
    TerminalFactory,
    fill_order,
    leave_field,
    type_into,
)

E = InputError


@pytest.mark.parametrize(
    ("field", "text", "error"),
    [
        ("amount_edit", "0", E.AMOUNT_NOT_POSITIVE),
        ("amount_edit", "200000000", E.AMOUNT_TOO_LARGE),
        ("amount_edit", "12a", E.AMOUNT_FORMAT),
        ("order_name_edit", "x" * 41, E.ORDER_NAME_TOO_LONG),
        ("buyer_name_edit", "y" * 17, E.BUYER_NAME_TOO_LONG),
        ("buyer_tel_edit", "0101234", E.PHONE_FORMAT),
        ("card_number_edit", "5570420000051235", E.CARD_NUMBER_CHECKSUM),
        ("card_number_edit", "557042000005", E.CARD_NUMBER_LENGTH),
        ("expiry_edit", "13", E.EXPIRY_MONTH),
        ("expiry_edit", "1", E.EXPIRY_FORMAT),
        ("owner_edit", "881345", E.BIRTH_NOT_A_DATE),
        ("owner_edit", "8803", E.BIRTH_FORMAT),
        ("pin_edit", "1", E.PWD_2DIGIT_FORMAT),
        ("tax_free_edit", "60000", E.TAX_FREE_EXCEEDS_AMOUNT),
    ],
)
def test_invalid_input_shows_the_message_and_disables_charge(
    qtbot: QtBot, make_terminal: TerminalFactory, field: str, text: str, error: InputError
) -> None:
    terminal = make_terminal()
    fill_order(qtbot, terminal)
    form = terminal.form
    assert form.charge_button.isEnabled()
    edit = getattr(form.card if hasattr(form.card, field) else form, field)
    type_into(qtbot, edit, text)
    leave_field(qtbot, edit)
    row = next(row for row in (*form.checks, *form.card.checks) if row.field is edit)
    assert form.row_message(row) == message(error).english
    assert edit.property("invalid") is True
    assert edit.accessibleDescription() == message(error).english
    assert not form.charge_button.isEnabled()
    assert row.plain_label in form.missing_label.text()


def test_errors_wait_until_typing_cannot_fix_them(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    type_into(qtbot, form.card.card_number_edit, "5570 42")
    assert form.row_message(form.card.card_number_row) == ""  # unfinished: quiet while typing
    leave_field(qtbot, form.card.card_number_edit)
    assert form.row_message(form.card.card_number_row) == message(E.CARD_NUMBER_LENGTH).english
    type_into(qtbot, form.card.card_number_edit, "5570420000051234")
    assert form.row_message(form.card.card_number_row) == ""
    # An empty field the clerk never typed in stays quiet when tabbed through.
    leave_field(qtbot, form.card.expiry_edit)
    assert form.row_message(form.card.expiry_row) == ""


def test_corporate_card_takes_a_business_number(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    fill_order(qtbot, terminal)
    form.card.corporate_check.setFocus()
    qtbot.keyClick(form.card.corporate_check, Qt.Key.Key_Space)
    assert form.card.owner_row.plain_label == "Business registration number"
    assert form.card.owner_edit.text() == ""
    assert not form.charge_button.isEnabled()
    type_into(qtbot, form.card.owner_edit, "1248100998")
    assert form.card.owner_edit.text() == "124-81-00998"
    assert form.charge_button.isEnabled()
    type_into(qtbot, form.card.owner_edit, "1248100999")
    leave_field(qtbot, form.card.owner_edit)
    assert form.row_message(form.card.owner_row) == message(E.BRN_CHECK_DIGIT).english


def test_pin_required_by_the_merchant(qtbot: QtBot, make_terminal: TerminalFactory) -> None:
    terminal = make_terminal(settings=Settings(pwd_2digit_required=True))
    form = terminal.form
    fill_order(qtbot, terminal, pin="")
    assert form.card.pin_row.label.text() == "First 2 PIN digits"
    assert not form.charge_button.isEnabled()
    assert form.card.pin_edit.echoMode() == form.card.pin_edit.EchoMode.Password
    type_into(qtbot, form.card.pin_edit, "123")
    assert form.card.pin_edit.text() == "12"  # two digits at most
    assert form.charge_button.isEnabled()


def test_installments_need_50000_won(qtbot: QtBot, make_terminal: TerminalFactory) -> None:
    terminal = make_terminal()
    form = terminal.form
    type_into(qtbot, form.amount_edit, "49999")
    assert form.amount_edit.text() == "49,999"
    assert not form.quota_combo.isEnabled()
    assert form.quota_combo.count() == 1 and form.quota_combo.currentText() == "Full payment"
    assert form.quota_reason.text() == message(E.QUOTA_AMOUNT_TOO_SMALL).english
    assert form.quota_combo.toolTip() == message(E.QUOTA_AMOUNT_TOO_SMALL).english
    qtbot.keyClick(form.amount_edit, Qt.Key.Key_Backspace)
    type_into(qtbot, form.amount_edit, "50000")
    assert form.quota_combo.isEnabled()
    assert [form.quota_combo.itemData(i) for i in range(form.quota_combo.count())] == [
        0,
        *range(2, 13),
    ]
    assert form.quota_combo.itemText(1) == "2 months"
    assert form.quota_reason.isHidden()


def test_enter_moves_to_the_next_field_then_to_charge(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    assert form.amount_edit.hasFocus()
    qtbot.keyClicks(form.amount_edit, "30000")
    qtbot.keyClick(form.amount_edit, Qt.Key.Key_Return)
    assert form.order_name_edit.hasFocus()
    fill_order(qtbot, terminal, amount="30000")
    form.tax_free_edit.setFocus()
    qtbot.keyClick(form.tax_free_edit, Qt.Key.Key_Return)
    assert form.charge_button.hasFocus()
    # Enter on the focused Charge button opens the confirmation.
    qtbot.keyClick(form.charge_button, Qt.Key.Key_Return)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None
    assert dialog.confirm_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels: nothing sent, form unlocked
    assert terminal.controller.confirm_dialog is None
    assert terminal.services.journal.recent() == []
    assert form.charge_button.isEnabled()
    assert form.card.card_number_edit.text() != ""  # cancelled before sending: the card stays


def test_typing_in_the_middle_keeps_the_cursor_and_backspace_skips_separators(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    edit = terminal.form.card.card_number_edit
    type_into(qtbot, edit, "55704200")
    assert edit.text() == "5570 4200"
    edit.setCursorPosition(5)  # just after the space
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "5574 200"
    amount = terminal.form.amount_edit
    type_into(qtbot, amount, "1234567")
    assert amount.text() == "1,234,567"
    amount.setCursorPosition(1)
    qtbot.keyClicks(amount, "9")
    assert amount.text() == "19,234,567"
    assert amount.cursorPosition() == 2


def test_every_input_has_a_visible_label_and_an_accessible_name(
    make_terminal: TerminalFactory,
) -> None:
    terminal = make_terminal()
    form = terminal.form
    for row in (*form.checks, *form.card.checks):
        assert isinstance(row.label, QLabel) and row.label.buddy() is row.field
        assert row.label.isVisibleTo(form)
        assert row.field.accessibleName() == row.plain_label
    assert form.quota_row.label.buddy() is form.quota_combo
    assert form.card.corporate_check.accessibleName() == "Corporate card"
    for button in form.action_buttons.values():
        assert button.text() and "Ctrl" in button.toolTip()
    order = form.tab_order()
    for first, second in itertools.pairwise(order):
        assert first.nextInFocusChain() is second or second in _focus_chain_after(first)


def _focus_chain_after(widget: object) -> list[object]:
    chain = []
    current = widget.nextInFocusChain()  # type: ignore[attr-defined]
    for _ in range(6):  # labels and containers may sit between two inputs
        if current.focusPolicy() != Qt.FocusPolicy.NoFocus:
            chain.append(current)
            break
        current = current.nextInFocusChain()
    return chain


def test_the_order_can_be_typed_before_the_backend_is_ready(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal(attach=False)
    form = terminal.form
    assert form.amount_edit.hasFocus()  # the terminal opens in the amount field

    fill_order(qtbot, terminal)

    assert form.amount_edit.text() == "55,000"
    assert not any(button.isEnabled() for button in form.action_buttons.values())
    qtbot.keyClick(form.card.pin_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert terminal.controller.confirm_dialog is None  # Ctrl+Enter cannot send yet

    terminal.controller.attach(terminal.services, (), training=True, operator=LOCAL_CLERK)

    assert all(button.isEnabled() for button in form.action_buttons.values())


def test_enter_follows_the_text_fields_of_the_call(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    """PIN digits, Enter, birth digits: the birth lands in the birth field (the corporate
    checkbox between them once took the focus and swallowed what was typed next)."""
    terminal = make_terminal()
    form = terminal.form
    fill_order(qtbot, terminal, amount="60000", birth="", pin="")
    form.card.pin_edit.setFocus()
    qtbot.keyClicks(form.card.pin_edit, "12")
    qtbot.keyClick(form.card.pin_edit, Qt.Key.Key_Return)
    assert form.card.owner_edit.hasFocus()
    qtbot.keyClicks(form.card.owner_edit, "880315")
    qtbot.keyClick(form.card.owner_edit, Qt.Key.Key_Return)
    assert form.tax_free_edit.hasFocus()  # past the installments list
    assert form.card.owner_edit.text() == "880315"
    assert not form.card.corporate_check.isChecked()


def test_digits_typed_on_the_checkbox_or_the_installments_list_go_to_a_field(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    fill_order(qtbot, terminal, amount="60000", birth="")
    form.card.corporate_check.setFocus()
    _type_where_the_focus_is(qtbot, "880315")
    assert form.card.owner_edit.hasFocus() and form.card.owner_edit.text() == "880315"

    form.quota_combo.setFocus()
    chosen = form.quota_combo.currentIndex()
    _type_where_the_focus_is(qtbot, "3000")
    assert form.quota_combo.currentIndex() == chosen  # no month picked by the digits
    assert form.tax_free_edit.hasFocus() and form.tax_free_edit.text() == "3,000"


def test_digits_typed_on_a_button_go_to_the_first_gap_or_say_why_not(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    fill_order(qtbot, terminal)
    form.amount_edit.clear()
    form.amount_edit.textEdited.emit("")
    assert form.register_button.isEnabled() and not form.charge_button.isEnabled()
    form.register_button.setFocus()
    _type_where_the_focus_is(qtbot, "9000")
    assert form.amount_edit.hasFocus() and form.amount_edit.text() == "9,000"

    form.charge_button.setFocus()
    qtbot.keyClick(form.charge_button, Qt.Key.Key_7)
    assert form.charge_button.hasFocus()
    assert "field" in form.missing_label.text()


def test_shortcuts_work_wherever_the_focus_is_on_the_screen(
    qtbot: QtBot, make_terminal: TerminalFactory
) -> None:
    terminal = make_terminal()
    form = terminal.form
    fill_order(qtbot, terminal, birth="")
    qtbot.keyClick(form.amount_edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert form.card.corporate_check.isChecked() and form.card.owner_edit.hasFocus()
    qtbot.keyClick(form.card.owner_edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not form.card.corporate_check.isChecked()
    qtbot.keyClicks(form.card.owner_edit, "880315")
    qtbot.keyClick(form.card.owner_edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert form.quota_combo.hasFocus()

    form.charge_button.setFocus()
    qtbot.keyClick(form.charge_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = terminal.controller.confirm_dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert terminal.services.journal.recent() == []


def _type_where_the_focus_is(qtbot: QtBot, text: str) -> None:
    """Each key to the widget that has the focus at that moment, as a keyboard does."""
    for char in text:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, char)
