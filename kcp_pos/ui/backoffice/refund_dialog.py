"""The refund dialog (issue 11), opened from a payment's detail pane: full or partial refund of one
payment, from the balance read fresh to a known outcome.

Steps: the payment is read on the runner (paid, already refunded, refundable balance, and the tax-
free part left when it had one); the clerk chooses full or partial, the amount (the balance for a
full refund, typed for a partial one; more than the balance is refused here), the tax-free part
when relevant and a reason (required); a confirmation repeats the amount and the balance; a clerk
then needs a manager's approval (`widgets/manager_approval`); the refund is sent
(`services/refunds.refund_payment`) and its outcome shown: refunded (with the receipt to show and
print), refused (PortOne's words in plain language) or being checked (followed up by lookup on
`FOLLOW_UP`, never sent again; a refund still being checked when the dialog opens is followed up at
once).

Keyboard: Enter moves through the fields and asks for the confirmation from the reason; Enter
confirms; Esc goes back from the confirmation and otherwise closes (never while the request is
on its way).
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.language import Lang
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.domain.messages import message
from kcp_pos.domain.money import (
    group_thousands,
    parse_amount,
    parse_tax_free,
    regroup_amount_as_typed,
)
from kcp_pos.domain.names import validate_refund_reason
from kcp_pos.domain.result import Invalid
from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.ui.backoffice.refund_text import (
    checking_text,
    confirm_text,
    refunded_text,
    refusal_text,
)
from kcp_pos.ui.shell.scheduled_checks import ScheduledChecks
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.enter_key import on_enter
from kcp_pos.ui.widgets.entry_fields import FormattedLineEdit
from kcp_pos.ui.widgets.money_text import krw
from kcp_pos.ui.widgets.status_look import ICONS, Tone, tone_rules

if TYPE_CHECKING:
    from kcp_pos.services.operators import Approval
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.services.refunds import Refundable
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Attempt
    from kcp_pos.ui.shell.runner import Progress
    from kcp_pos.ui.shell.screen_page import PageContext
    from kcp_pos.ui.widgets.receipt_view import ReceiptDialog

log = logging.getLogger(__name__)

DIALOG_STYLE = f"""
QLabel#refundHeading {{ font-size: 13pt; font-weight: 700; color: #1F2933; }}
QLabel#refundBalance {{ font-size: 14pt; font-weight: 700; color: #1F2933; }}
QLabel#refundMessage {{ color: #B3001B; font-weight: 600; }}
QLabel#refundConfirm {{ font-size: 12pt; color: #1F2933; }}
QFrame#refundOutcome {{ border-radius: 8px; }}
{tone_rules("QFrame#refundOutcome", title="QLabel#refundOutcomeTitle")}
QLabel#refundOutcomeTitle {{ font-size: 15pt; font-weight: 700; }}
"""


class Step(StrEnum):
    LOADING = "loading"
    FORM = "form"
    CONFIRM = "confirm"
    APPROVAL = "approval"
    SENDING = "sending"
    REFUNDED = "refunded"
    REFUSED = "refused"
    CHECKING = "checking"


class RefundDialog(QDialog):
    """Refund one payment (`imp_uid`); see the module docstring."""

    outcome_shown = Signal(object)
    """A known or unknown outcome is on screen (`Outcome`)."""

    def __init__(
        self,
        context: PageContext,
        imp_uid: str,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        lang: Lang = "ko",
        follow_up: CheckSchedule = FOLLOW_UP,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(self.tr("Refund"))
        self._context = context
        self.imp_uid = imp_uid
        self._settings = settings
        # The language the UI speaks (`--lang` or the settings at start-up), which is not the
        # settings' language when `--lang` chose another or the setting changed since.
        self.lang: Lang = lang
        self.refundable: Refundable | None = None
        self.outcome: Outcome | None = None
        self.approval_dialog: QDialog | None = None
        self.receipt_dialog: ReceiptDialog | None = None
        self._checked: tuple[int, int, str] | None = None  # amount, tax-free, reason
        self._checking_attempt: Attempt | None = None
        self.follow_ups = ScheduledChecks(follow_up, self)
        self.step = Step.LOADING
        self.closed = False
        """Closed by the clerk: answers arriving later change nothing on it."""
        self.stack = QStackedWidget(self)
        self.form_page = self._form_page()
        self.confirm_page = self._confirm_page()
        self.outcome_page = self._outcome_page()
        for page in (self.form_page, self.confirm_page, self.outcome_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        layout.addWidget(self.stack)
        self.setMinimumWidth(460)
        self.setStyleSheet(DIALOG_STYLE)
        self.reload()

    # ------------------------------------------------------------------ pages

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        self._form_figures(page)
        self._form_fields(page)
        self.refund_button = QPushButton(self.tr("&Refund…"), page)
        self.refund_button.clicked.connect(self.review)
        self.refund_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("Close"), page)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        self._lay_out_form(page)
        self._show_tax_free(False)
        return page

    def _form_figures(self, page: QWidget) -> None:
        """What the payment's figures are shown in."""
        self.heading = QLabel(page)
        self.heading.setObjectName("refundHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # PortOne's order name
        self.paid_value = QLabel(page)
        self.refunded_value = QLabel(page)
        self.balance_value = QLabel(page)
        self.balance_value.setObjectName("refundBalance")
        self.tax_free_left_value = QLabel(page)
        self.tax_free_left_label = QLabel(self.tr("Tax-free part left"), page)

    def _form_fields(self, page: QWidget) -> None:
        """What the clerk chooses and types, Enter moving on from each field."""
        self.full_radio = QRadioButton(self.tr("&Full refund of the balance"), page)
        self.partial_radio = QRadioButton(self.tr("&Partial refund"), page)
        self.kind_group = QButtonGroup(page)
        self.kind_group.addButton(self.full_radio)
        self.kind_group.addButton(self.partial_radio)
        self.full_radio.setChecked(True)
        self.full_radio.toggled.connect(self._kind_changed)
        # Alt+F / Alt+P click a radio only after a 100 ms animation: chosen on the press, the
        # amount field has the keyboard before the clerk types.
        for radio in (self.full_radio, self.partial_radio):
            radio.pressed.connect(lambda chosen=radio: chosen.setChecked(True))
        self.amount_edit = FormattedLineEdit(regroup_amount_as_typed, page)
        self.amount_edit.setObjectName("refundAmount")
        self.amount_edit.setAccessibleName(self.tr("Amount to refund"))
        self.amount_edit.textEdited.connect(self._amount_edited)
        self.tax_free_edit = FormattedLineEdit(regroup_amount_as_typed, page)
        self.tax_free_edit.setAccessibleName(self.tr("Tax-free part of the refund"))
        self._tax_free_typed = False
        self.tax_free_edit.textEdited.connect(self._tax_free_edited)
        self.reason_edit = QLineEdit(page)
        self.reason_edit.setObjectName("refundReason")
        self.reason_edit.setAccessibleName(self.tr("Reason for the refund"))
        self.reason_edit.setPlaceholderText(self.tr("Required, e.g. the customer cancelled"))
        self.form_message = QLabel(page)
        self.form_message.setObjectName("refundMessage")
        self.form_message.setWordWrap(True)
        self.form_message.setTextFormat(Qt.TextFormat.PlainText)
        self.tax_free_label = QLabel(self.tr("Tax-free part"), page)
        on_enter(self.amount_edit, self.focusNextChild)
        on_enter(self.tax_free_edit, self.focusNextChild)
        on_enter(self.reason_edit, self.review)

    def _lay_out_form(self, page: QWidget) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Amount paid"), self.paid_value)
        form.addRow(self.tr("Already refunded"), self.refunded_value)
        form.addRow(self.tr("Refundable balance"), self.balance_value)
        form.addRow(self.tax_free_left_label, self.tax_free_left_value)
        kinds = QHBoxLayout()
        kinds.addWidget(self.full_radio)
        kinds.addWidget(self.partial_radio)
        form.addRow(kinds)
        form.addRow(self.tr("Amount"), self.amount_edit)
        form.addRow(self.tax_free_label, self.tax_free_edit)
        form.addRow(self.tr("Reason"), self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.refund_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.form_message)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _confirm_page(self) -> QWidget:
        page = QWidget(self)
        self.confirm_label = QLabel(page)
        self.confirm_label.setObjectName("refundConfirm")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_button = QPushButton(page)
        self.confirm_button.setObjectName("confirmRefund")
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button = QPushButton(self.tr("&Back"), page)
        self.back_button.clicked.connect(self.back_to_form)
        self.back_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.confirm_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _outcome_page(self) -> QWidget:
        page = QWidget(self)
        self.outcome_frame = QFrame(page)
        self.outcome_frame.setObjectName("refundOutcome")
        self.outcome_icon = QLabel(self.outcome_frame)
        self.outcome_title = QLabel(self.outcome_frame)
        self.outcome_title.setObjectName("refundOutcomeTitle")
        self.outcome_title.setWordWrap(True)
        self.outcome_text = QLabel(self.outcome_frame)
        self.outcome_text.setWordWrap(True)
        self.outcome_text.setTextFormat(Qt.TextFormat.PlainText)  # PortOne's words
        self.outcome_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.outcome_icon)
        top.addWidget(self.outcome_title, 1)
        frame_layout = QVBoxLayout(self.outcome_frame)
        frame_layout.addLayout(top)
        frame_layout.addWidget(self.outcome_text)
        self.receipt_button = QPushButton(self.tr("Show and print the &receipt…"), page)
        self.receipt_button.clicked.connect(self.show_receipt)
        self.receipt_button.setAutoDefault(False)
        self.again_button = QPushButton(self.tr("&Back to the form"), page)
        self.again_button.clicked.connect(self.reload)
        self.again_button.setAutoDefault(False)
        self.again_button.setVisible(False)
        self.done_button = QPushButton(self.tr("Close"), page)
        self.done_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outcome_frame)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    # ------------------------------------------------------------------ reading the payment

    def reload(self) -> None:
        """Read the payment fresh (on the runner) and show what can be refunded."""
        self.step = Step.LOADING
        self.stack.setCurrentWidget(self.form_page)
        self.heading.setText(self.tr("Reading the payment…"))
        self.form_message.clear()
        self._set_form_enabled(False)
        services, imp_uid = self._context.services, self.imp_uid

        def load(_: Progress) -> Refundable:
            from kcp_pos.services.refunds import look_up_refundable

            return look_up_refundable(services, imp_uid)

        self._context.runner.run(load, self._loaded, self._not_loaded, key=f"refund:{imp_uid}")

    def _loaded(self, refundable: Refundable) -> None:
        if self.closed:
            return
        self.refundable = refundable
        payment = refundable.payment
        self.heading.setText(self._heading_text(refundable))
        self.paid_value.setText(krw(payment.amount, self.lang))
        self.refunded_value.setText(krw(refundable.refunded, self.lang))
        self.balance_value.setText(krw(refundable.balance, self.lang))
        self.tax_free_left_value.setText(krw(refundable.tax_free_left, self.lang))
        self._show_tax_free(refundable.paid_tax_free > 0)
        if refundable.pending is not None:  # an earlier refund still being checked
            self._enter_checking(refundable.pending, check_now=True)
            return
        self.step = Step.FORM
        self.full_radio.setChecked(True)
        self.amount_edit.setText(group_thousands(refundable.balance))
        self._tax_free_typed = False
        self._fill_tax_free()
        if not refundable.refundable:
            self._set_form_enabled(False)
            self.close_button.setEnabled(True)
            self.form_message.setText(self._not_refundable_text(refundable))
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._set_form_enabled(True)
        self._kind_changed()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _heading_text(self, refundable: Refundable) -> str:
        payment = refundable.payment
        parts = [payment.name or payment.merchant_uid]
        card = mask_reported_card(payment.card_number)
        if card:
            parts.append(f"{payment.card_name or ''} {card}".strip())
        parts.append(payment.imp_uid)
        return " · ".join(parts)

    def _not_refundable_text(self, refundable: Refundable) -> str:
        from kcp_pos.services.refund_refusals import Refusal, refusal_text

        if refundable.payment.status.value in ("paid", "cancelled"):
            return translated(refusal_text(Refusal.FULLY_REFUNDED))
        return translated(refusal_text(Refusal.NOT_REFUNDABLE))

    def _not_loaded(self, error: Exception) -> None:
        from kcp_pos.services.refunds import RefundRefused

        if self.closed:
            return
        self.step = Step.FORM
        self._set_form_enabled(False)
        self.close_button.setEnabled(True)
        self.heading.setText(self.imp_uid)
        if isinstance(error, RefundRefused):
            self.form_message.setText(translated(error.text))
        else:
            log.warning("refund dialog: payment not read: %s", type(error).__name__)
            self.form_message.setText(
                self.tr(
                    "The payment could not be read from PortOne (%1). Close and try again."
                ).replace("%1", type(error).__name__)
            )
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ the form

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in (
            self.full_radio,
            self.partial_radio,
            self.amount_edit,
            self.tax_free_edit,
            self.reason_edit,
            self.refund_button,
        ):
            widget.setEnabled(enabled)

    def _show_tax_free(self, shown: bool) -> None:
        for widget in (
            self.tax_free_edit,
            self.tax_free_label,
            self.tax_free_left_label,
            self.tax_free_left_value,
        ):
            widget.setVisible(shown)

    def _kind_changed(self) -> None:
        """Full: the balance, not editable. Partial: the clerk types the amount."""
        full = self.full_radio.isChecked()
        self.amount_edit.setReadOnly(full)
        if full and self.refundable is not None:
            self.amount_edit.setText(group_thousands(self.refundable.balance))
            self._amount_edited()
        elif not full and self.step is Step.FORM:
            self.amount_edit.clear()  # typed, never the whole balance by default
            self._amount_edited()
            self.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _amount_edited(self) -> None:
        self.form_message.clear()
        if not self._tax_free_typed:
            self._fill_tax_free()

    def _tax_free_edited(self) -> None:
        self._tax_free_typed = True

    def _fill_tax_free(self) -> None:
        """The tax-free share of the amount as typed (until the clerk types one)."""
        from kcp_pos.services.refunds import tax_free_share

        refundable = self.refundable
        amount = parse_amount(self.amount_edit.text())
        if refundable is None or refundable.paid_tax_free <= 0 or isinstance(amount, Invalid):
            self.tax_free_edit.setText("0")
            return
        self.tax_free_edit.setText(group_thousands(tax_free_share(amount.value, refundable)))

    def review(self) -> None:
        """Check the form; when it holds, ask for the confirmation."""
        refundable = self.refundable
        if self.step is not Step.FORM or refundable is None or not refundable.refundable:
            return
        checked = self._checked_form(refundable)
        if checked is None:
            return
        self._checked = checked
        amount = checked[0]
        self.step = Step.CONFIRM
        self.confirm_label.setText(self._confirm_text(refundable, *checked))
        self.confirm_button.setText(self.tr("Refund %1").replace("%1", krw(amount, self.lang)))
        self.confirm_button.setDefault(True)
        self.stack.setCurrentWidget(self.confirm_page)
        self.confirm_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _checked_form(self, refundable: Refundable) -> tuple[int, int, str] | None:
        from kcp_pos.services.refunds import tax_free_share

        amount = parse_amount(self.amount_edit.text())
        if isinstance(amount, Invalid):
            text = self.tr("Type the amount to refund in won (at least 1), in digits.")
            self._refuse(text, self.amount_edit)
            return None
        if amount.value > refundable.balance:
            text = self.tr("The refund cannot be more than the refundable balance (%1).")
            self._refuse(text.replace("%1", krw(refundable.balance, self.lang)), self.amount_edit)
            return None
        tax_free = 0
        if refundable.paid_tax_free > 0:
            typed = parse_tax_free(self.tax_free_edit.text(), amount=amount.value)
            if isinstance(typed, Invalid):
                self._refuse(translated(message(typed.error)), self.tax_free_edit)
                return None
            tax_free = tax_free_share(amount.value, refundable, typed.value)
        reason = validate_refund_reason(self.reason_edit.text())
        if isinstance(reason, Invalid) or reason.value is None:
            error = (
                reason.error if isinstance(reason, Invalid) else InputError.REFUND_REASON_REQUIRED
            )
            self._refuse(translated(message(error)), self.reason_edit)
            return None
        return amount.value, tax_free, reason.value

    def _refuse(self, text: str, field: QLineEdit) -> None:
        """Say what is wrong and put the keyboard in the field."""
        self.form_message.setText(text)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _confirm_text(self, refundable: Refundable, amount: int, tax_free: int, reason: str) -> str:
        needs_approval = not self._may_refund_alone()
        return confirm_text(
            refundable, amount, tax_free, reason, needs_approval=needs_approval, lang=self.lang
        )

    def back_to_form(self) -> None:
        self.step = Step.FORM
        self.confirm_button.setDefault(False)
        self.stack.setCurrentWidget(self.form_page)
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ sending

    def _may_refund_alone(self) -> bool:
        from kcp_pos.services.refunds import may_refund

        return may_refund(self._context.operator, None)

    def confirm(self) -> None:
        """The clerk confirmed: a manager approves first when needed, then the refund leaves."""
        if self.step is not Step.CONFIRM or self._checked is None:
            return
        if self._may_refund_alone():
            self.send(None)
            return
        self._ask_approval()

    def _ask_approval(self) -> None:
        from kcp_pos.services.refunds import REFUND_ACTION
        from kcp_pos.ui.widgets.manager_approval import ManagerApprovalDialog

        assert self._checked is not None
        self.step = Step.APPROVAL
        text = self.tr("Approve a refund of %1").replace("%1", krw(self._checked[0], self.lang))
        dialog = ManagerApprovalDialog(
            self._context, action=REFUND_ACTION, action_text=text, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._approval_closed(dialog))
        self.approval_dialog = dialog
        dialog.open()

    def _approval_closed(self, dialog: QDialog) -> None:
        from kcp_pos.ui.widgets.manager_approval import ManagerApprovalDialog

        self.approval_dialog = None
        approval = dialog.approval if isinstance(dialog, ManagerApprovalDialog) else None
        if approval is None:
            self.step = Step.CONFIRM
            refundable, checked = self.refundable, self._checked
            assert refundable is not None and checked is not None
            self.confirm_label.setText(
                self._confirm_text(refundable, *checked)
                + "\n\n"
                + self.tr("Not approved: nothing was refunded.")
            )
            self.confirm_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.send(approval)

    def send(self, approval: Approval | None) -> None:
        """Refund what was confirmed (on the runner, keyed by the order)."""
        refundable, checked = self.refundable, self._checked
        assert refundable is not None and checked is not None
        amount, tax_free, reason = checked
        services, operator, imp_uid = self._context.services, self._context.operator, self.imp_uid

        def refund(progress: Progress) -> Outcome:
            from kcp_pos.services.refunds import RefundOrder, refund_payment

            order = RefundOrder(imp_uid, amount, reason, refundable.balance, tax_free)
            return refund_payment(
                services, order, operator=operator, approval=approval, progress=progress
            )

        self.step = Step.SENDING
        self._show_state(
            Tone.WORKING,
            self.tr("Refunding…"),
            self.tr("The refund of %1 is on its way to PortOne.").replace(
                "%1", krw(amount, self.lang)
            ),
        )
        key = f"order:{refundable.payment.merchant_uid}"
        self._context.runner.run(refund, self.show_outcome, self._not_sent, key=key)

    def _not_sent(self, error: Exception) -> None:
        """Refused before anything was journalled (or the check failed): back to the form."""
        from kcp_pos.services.money_call import InvalidOrder
        from kcp_pos.services.operators import NotPermitted
        from kcp_pos.services.refunds import RefundRefused

        if isinstance(error, RefundRefused):
            text = translated(error.text)
        elif isinstance(error, InvalidOrder):
            text = " ".join(translated(message(problem)) for problem in error.problems)
        elif isinstance(error, NotPermitted):
            text = self.tr("Only a manager may refund. Nothing was refunded.")
        else:
            log.error("refund not sent: %s", type(error).__name__)
            text = self.tr("Nothing was refunded: %1").replace("%1", type(error).__name__)
        self._show_state(Tone.BAD, self.tr("Not refunded"), text)
        self.step = Step.REFUSED
        self.receipt_button.setVisible(False)

    # ------------------------------------------------------------------ outcomes

    def show_outcome(self, outcome: Outcome) -> None:
        """Show a refund's outcome: refunded, refused or (followed up) being checked."""
        if self.closed:
            return
        self.outcome = outcome
        if outcome.kind is OutcomeKind.UNKNOWN:
            self._enter_checking(outcome.attempt)
            self.outcome_shown.emit(outcome)
            return
        self.follow_ups.reset()
        self._checking_attempt = None
        if outcome.kind is OutcomeKind.PAID:
            self.step = Step.REFUNDED
            self._show_state(Tone.GOOD, self.tr("Refunded"), refunded_text(outcome, self.lang))
            self.receipt_button.setVisible(outcome.payment is not None)
        else:
            self.step = Step.REFUSED
            reason = refusal_text(outcome)
            self._show_state(Tone.BAD, self.tr("Refund refused"), reason)
            self.receipt_button.setVisible(False)
        self.outcome_shown.emit(outcome)

    def _enter_checking(self, attempt: Attempt, *, check_now: bool = False) -> None:
        entering = self._checking_attempt is None or self._checking_attempt.id != attempt.id
        if entering:
            self.follow_ups.reset()
        self._checking_attempt = attempt
        self.step = Step.CHECKING
        self.receipt_button.setVisible(False)
        self._show_state(
            Tone.UNSURE,
            self.tr("Being checked"),
            checking_text(attempt.amount, self.lang),
        )
        if check_now:
            self._follow_up_now()
        else:
            self.follow_ups.check_later(self._follow_up_now)

    def _follow_up_now(self) -> None:
        attempt = self._checking_attempt
        if attempt is None:
            return
        services = self._context.services
        settle_after = self.follow_ups.schedule.settle_after

        def check(_: Progress) -> Outcome:
            from kcp_pos.services.followup import check_outcome

            return check_outcome(services, attempt.id, settle_after=settle_after)

        def failed(error: Exception) -> None:
            log.warning("follow-up of refund %d failed: %s", attempt.id, type(error).__name__)
            self.follow_ups.check_later(self._follow_up_now)

        key = f"order:{attempt.merchant_uid}"
        self._context.runner.run(check, self.show_outcome, failed, key=key)

    def _show_state(self, tone: Tone, title: str, text: str) -> None:
        self.stack.setCurrentWidget(self.outcome_page)
        self.again_button.setVisible(tone is Tone.BAD)
        self.outcome_frame.setProperty("tone", tone.value)
        self.outcome_frame.style().unpolish(self.outcome_frame)
        self.outcome_frame.style().polish(self.outcome_frame)
        self.outcome_icon.setText(ICONS[tone])
        self.outcome_title.setText(title)
        self.outcome_text.setText(text)
        sending = tone is Tone.WORKING
        self.done_button.setEnabled(not sending)
        self.done_button.setDefault(not sending)
        if not sending:
            self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ the receipt

    def show_receipt(self) -> None:
        """The shop's receipt of the refunded payment, with its refund lines."""
        outcome, refundable = self.outcome, self.refundable
        if outcome is None or outcome.payment is None:
            return
        from kcp_pos.ui.widgets.receipt_view import show_payment_receipt

        self.receipt_dialog = show_payment_receipt(
            self,
            outcome.payment,
            self._settings,
            lang=self.lang,
            training=self._context.training,
            tax_free=refundable.paid_tax_free if refundable is not None else 0,
        )

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        """Esc: back from the confirmation; never while the refund is on its way."""
        if self.step is Step.CONFIRM:
            self.back_to_form()
            return
        if self.step in (Step.SENDING, Step.APPROVAL):
            return
        self.closed = True
        self.follow_ups.stop()
        super().reject()
