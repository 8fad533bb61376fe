"""The terminal screen's behaviour: from a clerk's action to the outcome on screen.

Flow: the form asks for an action → a possible-duplicate check (memory only) → a confirmation
dialog → the card is read from the widgets once, handed to an operation on the background
runner (key `order:{merchant_uid}`), and the card fields are cleared at once → the outcome.

The payment policy is the services': `new_keyed_order` / `new_card_registration` mint the ids and
link a retry to the declined attempt, `charge_keyed` / `register_card` run the money-call
skeleton, and `check_leftovers` settles what a previous run left, on `RECOVERY`'s schedule. The
request itself, from "send" to a known outcome (unknown ones followed up by lookup), is the
shared `ui/widgets/outcome_flow.OutcomeFlow`. What stays here is the form's side of it
(DESIGN 4, 5):
- the form is locked from the moment an action is confirmed until the outcome is known; while
  the outcome is UNKNOWN it stays locked and the attempt is followed up by lookup; there is never
  a retry button for an unknown outcome;
- a decline unlocks the form with the order kept and the card cleared; the next charge retries
  the declined attempt;
- after a payment the form stays read-only until "New order" (Ctrl+N), so the same order cannot
  be charged again by accident;
- the card (`KeyedCard`) lives only in local variables and in the one operation's closure;
- cancelling works only before the request is journalled and sent: the services report `SENDING`
  from then on, and the cancel button goes grey.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.services.check_schedule import FOLLOW_UP, LATE_APPROVALS, RECOVERY, CheckSchedule
from kcp_pos.services.duplicate_guard import DuplicateGuard, minutes_ago
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.settings.model import Settings
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress
from kcp_pos.ui.shell.scheduled_checks import ScheduledChecks
from kcp_pos.ui.terminal.entry_form import FormAction, OrderInput
from kcp_pos.ui.terminal.view import TerminalView
from kcp_pos.ui.widgets.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.widgets.money_text import installments_text, krw
from kcp_pos.ui.widgets.outcome_flow import OutcomeFlow
from kcp_pos.ui.widgets.outcome_panel import PanelState

if TYPE_CHECKING:
    # The service layer (SQLAlchemy, httpx, pydantic) is imported when the backend is opened on
    # the runner, not on the UI thread before the first paint (startup time, issue 3).
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.late_approvals import LateApproval
    from kcp_pos.services.operator import Operator
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.services.recovery import RecoveryRound
    from kcp_pos.store import Attempt

log = logging.getLogger(__name__)


class TerminalState(enum.Enum):
    NOT_READY = "not_ready"  # no services yet
    EDITING = "editing"
    CONFIRMING = "confirming"
    SENDING = "sending"
    UNKNOWN = "unknown"
    PAID = "paid"  # read-only until "New order"


@dataclass(frozen=True)
class _Pending:
    """What the controller remembers about the request in flight: no card data."""

    action: FormAction
    merchant_uid: str
    amount: int | None


class TerminalController(QObject):
    """Drives a `TerminalView`. Call `attach(...)` once the services are ready."""

    ready = Signal()
    """Services attached: requests can be sent (typing is possible from the first paint)."""
    state_changed = Signal(object)

    def __init__(
        self,
        view: TerminalView,
        runner: BackgroundRunner,
        settings: Settings,
        *,
        guard: DuplicateGuard | None = None,
        follow_up: CheckSchedule = FOLLOW_UP,
        recovery: CheckSchedule = RECOVERY,
        late_approvals: CheckSchedule = LATE_APPROVALS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.form = view.form
        self.panel = view.outcome_panel
        self.runner = runner
        self.settings = settings
        self.guard = guard or DuplicateGuard()
        self.services: AppServices | None = None
        self._operator: Callable[[], Operator] | None = None
        self.training = True
        self.state = TerminalState.NOT_READY
        self.confirm_dialog: ConfirmDialog | None = None
        self._declined: Attempt | None = None
        """The declined attempt of this order: the next charge retries it."""
        self.flow = OutcomeFlow(
            self.panel,
            runner,
            follow_up=follow_up,
            stopped_text=self.tr("Nothing was sent. Key in the card again to continue."),
            parent=self,
        )
        self.follow_ups = self.flow.follow_ups
        self.recovery_checks = ScheduledChecks(recovery, self)
        self.late_approval_checks = ScheduledChecks(late_approvals, self)
        self._recovery_ids: tuple[int, ...] = ()
        self._recovery_running = False
        self.stopped = False
        """Set at exit: results that report back later change nothing on screen."""

        self.form.action_requested.connect(self._on_action)
        self.flow.settled.connect(self._settled)
        self.flow.unknown.connect(self._unknown)
        self.flow.not_sent.connect(self._not_sent)
        self.flow.stuck.connect(lambda: self._set_state(TerminalState.UNKNOWN))
        self.panel.retry_requested.connect(self._retry)
        self.panel.new_order_requested.connect(self.new_order)
        self.panel.print_receipt_requested.connect(
            lambda: self.flow.print_receipt(self.view, self.settings, training=self.training)
        )
        view.late_approval_notice.acknowledged.connect(self._acknowledge)
        self._new_order_shortcut = QShortcut(QKeySequence("Ctrl+N"), view)
        self._new_order_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._new_order_shortcut.activated.connect(self._new_order_if_allowed)
        self.form.set_backend_ready(False)

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def operator(self) -> Operator | None:
        """Who acts now (None before `attach`)."""
        return None if self._operator is None else self._operator()

    def attach(
        self,
        services: AppServices,
        leftover_attempt_ids: tuple[int, ...] = (),
        *,
        training: bool,
        operator: Operator | Callable[[], Operator],
    ) -> None:
        """Start taking orders for `operator` (or whoever it names when asked: the one signed
        in); check what a previous run left unresolved.

        `training`: the sandbox is in use (receipts say so).
        """
        self.services = services
        self.flow.services = services
        self._operator = operator if callable(operator) else (lambda: operator)
        self.training = training
        self._set_state(TerminalState.EDITING)
        self.form.set_backend_ready(True)
        self._recovery_ids = tuple(leftover_attempt_ids)
        if self._recovery_ids:
            self.recovery_checks.check_later(self._check_recovery)
        self.late_approval_checks.check_later(self._check_late_approvals)
        self.ready.emit()

    def close_warning(self) -> str | None:
        """Why closing now needs a second thought, or None when nothing is in flight."""
        if self.state is TerminalState.SENDING:
            return self.tr(
                "A payment request is being sent. If you close now, its result is checked "
                "when kcp-pos starts again. Do not charge the card again elsewhere."
            )
        if self.state is TerminalState.UNKNOWN:
            return self.tr(
                "A payment's result is still being checked. If you close now, it is checked "
                "again when kcp-pos starts. Do not charge the card again elsewhere."
            )
        return None

    def stop(self) -> None:
        """Stop the timers (at exit). Operations in flight are left to the runner's shutdown."""
        self.stopped = True
        self.flow.stop()
        self.recovery_checks.stop()
        self.late_approval_checks.stop()

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.form.set_pwd_required(settings.pwd_2digit_required)

    def leave(self) -> None:
        """The clerk leaves the terminal or closes the window: no card data stays on screen."""
        if self.confirm_dialog is not None:
            self.confirm_dialog.reject()
        self.form.clear_card_fields()

    # --- actions -----------------------------------------------------------------------------

    def _on_action(self, action: object) -> None:
        assert isinstance(action, FormAction)
        if self.state is not TerminalState.EDITING or self.services is None:
            return
        summary = self._summary(action)
        if summary is None:
            return
        self._set_state(TerminalState.CONFIRMING)
        self.form.set_locked(True)
        dialog = ConfirmDialog(summary, self.view)
        dialog.finished.connect(lambda result: self._confirmed(action, dialog, result))
        self.confirm_dialog = dialog
        dialog.open()

    def _summary(self, action: FormAction) -> ConfirmSummary | None:
        card = self.form.take_card()
        if card is None:
            return None
        issuer = card.issuer
        issuer_text = issuer.name_in(self.form.lang) if issuer is not None else (card.brand or "—")
        masked, last4 = card.masked_display, card.last4
        del card  # only the masked form and last four digits go further
        buyer, _tel = self.form.buyer_for_registration()
        if action is FormAction.REGISTER:
            return ConfirmSummary(
                action=self.tr("Register this card for repeat charges (nothing is charged)"),
                card=masked,
                issuer=issuer_text,
                amount=None,
                installments=None,
                tax=None,
                buyer=buyer or "—",
                order_name="—",
            )
        order = self.form.order_input()
        if order is None:
            return None
        return ConfirmSummary(
            action=self.tr("Charge this card and save it for repeat charges")
            if action is FormAction.CHARGE_AND_SAVE
            else self.tr("Charge this card"),
            card=masked,
            issuer=issuer_text,
            amount=krw(order.amount, self.form.lang),
            installments=installments_text(order.card_quota),
            tax=self._tax_text(order),
            buyer=order.buyer_name or "—",
            order_name=order.order_name or "—",
            duplicate_warning=self._duplicate_warning(order, last4),
        )

    def _tax_text(self, order: OrderInput) -> str:
        lang = self.form.lang
        tax = krw(order.vat.vat, lang)
        if order.tax_free:
            tax += " · " + self.tr("tax-free %1").replace("%1", krw(order.tax_free, lang))
        return tax

    def _duplicate_warning(self, order: OrderInput, last4: str) -> str | None:
        match = self.guard.recent_match(order.amount, last4, order.buyer_name, now=_utc_now())
        if match is None:
            return None
        return self.tr(
            "The same amount, card and buyer were charged %1 minute(s) ago. Charge again anyway?"
        ).replace("%1", str(minutes_ago(match, _utc_now())))

    def _confirmed(self, action: FormAction, dialog: ConfirmDialog, result: int) -> None:
        if self.confirm_dialog is dialog:
            self.confirm_dialog = None
        dialog.deleteLater()
        if self.state is not TerminalState.CONFIRMING:
            return
        if result != ConfirmDialog.DialogCode.Accepted.value:
            self._set_state(TerminalState.EDITING)
            self.form.set_locked(False)
            return
        self._submit(action)

    def _submit(self, action: FormAction) -> None:
        card = self.form.take_card()
        order = self.form.order_input() if action is not FormAction.REGISTER else None
        if card is None or (action is not FormAction.REGISTER and order is None):
            self._set_state(TerminalState.EDITING)
            self.form.set_locked(False)
            return
        services, operator = self.services, self.operator
        assert services is not None and operator is not None
        from kcp_pos.services.card_registration import new_card_registration, register_card
        from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order

        if action is FormAction.REGISTER:
            name, tel = self.form.buyer_for_registration()
            registration = new_card_registration(name=name, tel=tel)
            pending = _Pending(action, registration.merchant_uid, None)

            def op(progress: Progress) -> Outcome:
                return register_card(
                    services, card, registration, operator=operator, progress=progress
                )

        else:
            assert order is not None
            keyed = new_keyed_order(
                amount=order.amount,
                order_name=order.order_name,
                buyer_name=order.buyer_name,
                buyer_tel=order.buyer_tel,
                tax_free=order.tax_free,
                card_quota=order.card_quota,
                save_card=action is FormAction.CHARGE_AND_SAVE,
                retry_of=self._declined,
            )
            pending = _Pending(action, keyed.merchant_uid, keyed.amount)

            def op(progress: Progress) -> Outcome:
                return charge_keyed(services, card, keyed, operator=operator, progress=progress)

        self._set_state(TerminalState.SENDING)
        self.flow.send(
            op,
            merchant_uid=pending.merchant_uid,
            amount=pending.amount,
            action_text=self._action_text(action),
        )
        # From here only the operation's closure holds the card, until the request is done.
        self.form.clear_card_fields()
        self.view.reveal_outcome()

    def _action_text(self, action: FormAction) -> str:
        if action is FormAction.REGISTER:
            return self.tr("Registering the card…")
        return self.tr("Charging…")

    # --- outcomes (the flow follows the request; this says what it means for the form) -----

    def _settled(self, outcome: Outcome) -> None:
        attempt = outcome.attempt
        if outcome.kind is not OutcomeKind.DECLINED and attempt.kind is not AttemptKind.REGISTER:
            self._remember(attempt)
        self.view.reveal_outcome()
        if outcome.kind is OutcomeKind.PAID:
            self._declined = None
            self._set_state(TerminalState.PAID)
            self.form.set_locked(True)
            self.panel.new_order_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            if attempt.kind is not AttemptKind.REGISTER:
                self._declined = attempt
            self._set_state(TerminalState.EDITING)
            self.form.set_locked(False)
            self.form.clear_card_fields()
            self.form.focus_card_number()

    def _unknown(self, attempt: Attempt) -> None:
        if attempt.kind is not AttemptKind.REGISTER:
            self._remember(attempt)
        self._set_state(TerminalState.UNKNOWN)
        self.form.set_locked(True)
        self.form.clear_card_fields()
        self.view.reveal_outcome()

    def _not_sent(self) -> None:
        self._set_state(TerminalState.EDITING)
        self.form.set_locked(False)
        self.form.focus_card_number()

    # --- after the outcome -------------------------------------------------------------------

    def _retry(self) -> None:
        if self.state is TerminalState.EDITING:
            self.form.focus_card_number()

    def _new_order_if_allowed(self) -> None:
        if self.state in (TerminalState.EDITING, TerminalState.PAID):
            self.new_order()

    def new_order(self) -> None:
        """Clear the form for the next order (not while a request is in flight or unknown)."""
        if self.state not in (TerminalState.EDITING, TerminalState.PAID):
            return
        self._declined = None
        self.form.clear_all()
        self.form.set_locked(False)
        self._set_state(TerminalState.EDITING)
        self.panel.show_ready()
        self.form.focus_first_field()

    # --- attempts left by a previous run ------------------------------------------------------

    def _check_recovery(self) -> None:
        services = self.services
        if services is None or self._recovery_running or not self._recovery_ids:
            return
        ids = self._recovery_ids
        self._recovery_running = True

        settle_after = self.recovery_checks.schedule.settle_after

        def check(_: Progress) -> RecoveryRound:
            from kcp_pos.services.recovery import check_leftovers

            return check_leftovers(services, ids, settle_after=settle_after)

        self.runner.run(check, self._recovered, self._recovery_failed, key="recovery")

    def _recovered(self, round_: RecoveryRound) -> None:
        self._recovery_running = False
        if self.recovery_checks.checks <= 1:
            # A charge the last run left paid or unknown counts as recent: keying the same card
            # and amount again now gets the duplicate warning, as it would have before a restart.
            for attempt in round_.attempts:
                if attempt.kind is not AttemptKind.REGISTER and not _declined(attempt):
                    self._remember(attempt)
        still = len(round_.still_unknown)
        self.view.recovery_notice.show_attempts(round_.attempts, still)
        if still:
            self.recovery_checks.check_later(self._check_recovery)

    def _recovery_failed(self, error: Exception) -> None:
        self._recovery_running = False
        log.warning("recovery check failed: %s", type(error).__name__)
        self.recovery_checks.check_later(self._check_recovery)

    # --- late approvals ------------------------------------------------------------------------

    def _check_late_approvals(self) -> None:
        """Look again at the charges settled as "not found" (at start, then steadily while the
        terminal runs), and show every late approval that nobody has acknowledged yet."""
        services = self.services
        assert services is not None

        def check(_: Progress) -> tuple[LateApproval, ...]:
            from kcp_pos.services.late_approvals import recheck_not_found, unacknowledged

            recheck_not_found(services)  # a lookup that failed is tried again next round
            return unacknowledged(services)

        def checked(late: tuple[LateApproval, ...]) -> None:
            if not self.stopped:
                self.view.late_approval_notice.show_late_approvals(late)
                self.late_approval_checks.check_later(self._check_late_approvals)

        def failed(error: Exception) -> None:
            log.warning("late approvals not checked: %s", type(error).__name__)
            self.late_approval_checks.check_later(self._check_late_approvals)

        self.runner.run(check, checked, failed, key="late-approvals")

    def _acknowledge(self, shown: object) -> None:
        """Record the acknowledgement of what was shown; anything found meanwhile is shown next."""
        services, operator = self.services, self.operator
        assert services is not None and operator is not None and isinstance(shown, tuple)

        def acknowledge(_: Progress) -> tuple[LateApproval, ...]:
            from kcp_pos.services.late_approvals import acknowledge, unacknowledged

            for late in shown:
                acknowledge(services, late, operator)
            return unacknowledged(services)

        def failed(error: Exception) -> None:  # still unacknowledged: shown again next round
            log.warning("late approvals not acknowledged: %s", type(error).__name__)

        def acknowledged(late: tuple[LateApproval, ...]) -> None:
            if not self.stopped:
                self.view.late_approval_notice.show_late_approvals(late)

        self.runner.run(acknowledge, acknowledged, failed, key="late-approvals")

    # --- helpers -----------------------------------------------------------------------------

    def _remember(self, attempt: Attempt) -> None:
        last4 = (attempt.card_number or "")[-4:]
        self.guard.remember(attempt.amount, last4, attempt.buyer_name, now=_utc_now())

    def _set_state(self, state: TerminalState) -> None:
        self.state = state
        self.state_changed.emit(state)

    @property
    def panel_state(self) -> PanelState:
        return self.panel.state

    @property
    def receipt_dialog(self) -> QWidget | None:
        return self.flow.receipt_dialog


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _declined(attempt: Attempt) -> bool:
    return attempt.state in (AttemptState.FAILED, AttemptState.RESOLVED_FAILED)
