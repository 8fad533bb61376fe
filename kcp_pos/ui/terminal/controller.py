"""The terminal screen's behaviour: from a clerk's action to the outcome on screen.

Flow: the form asks for an action → a possible-duplicate check (memory only) → a confirmation
dialog → the card is read from the widgets once, handed to an operation on the background
runner (key `order:{merchant_uid}`), and the card fields are cleared at once → the outcome.

The payment policy is the services': `new_keyed_order` / `new_card_registration` mint the ids and
link a retry to the declined attempt, `charge_keyed` / `register_card` run the money-call
skeleton, `check_outcome` follows an unknown outcome up on `FOLLOW_UP`'s schedule and
`check_leftovers` settles what a previous run left, on `RECOVERY`'s. What stays here is the
screen's side of it (DESIGN 4, 5):
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

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.messages import message
from kcp_pos.services.check_schedule import FOLLOW_UP, LATE_APPROVALS, RECOVERY, CheckSchedule
from kcp_pos.services.duplicate_guard import DuplicateGuard, minutes_ago
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.progress import SENDING, Stopped
from kcp_pos.settings.model import Settings
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress, ProgressUpdate
from kcp_pos.ui.shell.scheduled_checks import ScheduledChecks
from kcp_pos.ui.terminal.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.terminal.entry_form import FormAction, OrderInput
from kcp_pos.ui.terminal.outcome_panel import PanelState
from kcp_pos.ui.terminal.view import TerminalView
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.money_text import installments_text, krw

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

    @property
    def key(self) -> str:
        return f"order:{self.merchant_uid}"


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
        self.operator: Operator | None = None
        self.training = True
        self.receipt_dialog: QWidget | None = None
        self.state = TerminalState.NOT_READY
        self.confirm_dialog: ConfirmDialog | None = None
        self._pending: _Pending | None = None
        self._cancel: Callable[[], None] | None = None
        self._declined: Attempt | None = None
        """The declined attempt of this order: the next charge retries it."""
        self._unknown_attempt: Attempt | None = None
        self.follow_ups = ScheduledChecks(follow_up, self)
        self.recovery_checks = ScheduledChecks(recovery, self)
        self.late_approval_checks = ScheduledChecks(late_approvals, self)
        self._recovery_ids: tuple[int, ...] = ()
        self._recovery_running = False
        self.stopped = False
        """Set at exit: results that report back later change nothing on screen."""

        self.form.action_requested.connect(self._on_action)
        self.panel.cancel_requested.connect(self._cancel_request)
        self.panel.retry_requested.connect(self._retry)
        self.panel.new_order_requested.connect(self.new_order)
        self.panel.open_pg_receipt_requested.connect(self._open_pg_receipt)
        self.panel.print_receipt_requested.connect(self._print_receipt)
        view.late_approval_notice.acknowledged.connect(self._acknowledge)
        self._new_order_shortcut = QShortcut(QKeySequence("Ctrl+N"), view)
        self._new_order_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._new_order_shortcut.activated.connect(self._new_order_if_allowed)
        self.form.set_backend_ready(False)

    # --- lifecycle ---------------------------------------------------------------------------

    def attach(
        self,
        services: AppServices,
        leftover_attempt_ids: tuple[int, ...] = (),
        *,
        training: bool,
        operator: Operator,
    ) -> None:
        """Start taking orders for `operator`; check what a previous run left unresolved.

        `training`: the sandbox is in use (receipts say so).
        """
        self.services = services
        self.operator = operator
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
        self.follow_ups.stop()
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

        self._pending = pending
        self._set_state(TerminalState.SENDING)
        handle = self.runner.run(
            op, self._on_outcome, self._on_failure, key=pending.key, on_progress=self._on_progress
        )
        # From here only the operation's closure holds the card, until the request is done.
        self.form.clear_card_fields()
        self._cancel = handle.cancel
        self.panel.show_sending(self._action_text(action), pending.amount)
        self.view.reveal_outcome()

    def _action_text(self, action: FormAction) -> str:
        if action is FormAction.REGISTER:
            return self.tr("Registering the card…")
        return self.tr("Charging…")

    def _on_progress(self, update: ProgressUpdate) -> None:
        if update.message == SENDING and self.state is TerminalState.SENDING:
            self._cancel = None
            self.panel.mark_sent()

    def _cancel_request(self) -> None:
        if self._cancel is not None:
            self._cancel()
            self.panel.cancel_button.setEnabled(False)

    # --- outcomes ----------------------------------------------------------------------------

    def _on_outcome(self, outcome: Outcome) -> None:
        self._cancel = None
        self._pending = None
        self._show(outcome)

    def _show(self, outcome: Outcome) -> None:
        attempt = outcome.attempt
        if outcome.kind is not OutcomeKind.DECLINED and attempt.kind is not AttemptKind.REGISTER:
            self._remember(attempt)
        if outcome.kind is OutcomeKind.UNKNOWN:
            self._enter_unknown(attempt)
            return
        self.follow_ups.reset()
        self._unknown_attempt = None
        self.panel.show_outcome(outcome)
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

    def _on_failure(self, error: Exception) -> None:
        pending, self._pending = self._pending, None
        self._cancel = None
        if isinstance(error, Stopped):
            self._set_state(TerminalState.EDITING)
            self.form.set_locked(False)
            self.panel.show_stopped(
                self.tr("Request cancelled"),
                self.tr("Nothing was sent. Key in the card again to continue."),
            )
            self.form.focus_card_number()
            return
        log.error("terminal operation failed: %s", type(error).__name__)
        if pending is None or self.services is None:
            return
        self._look_for_the_attempt(pending.merchant_uid, self._failure_text(error))

    def _failure_text(self, error: Exception) -> str:
        from kcp_pos.services.late_approvals import EarlierAttemptPending
        from kcp_pos.services.money_call import InvalidOrder, RequestNotBuilt

        if isinstance(error, InvalidOrder):  # the services' own check (the form checks first)
            return " ".join(translated(message(problem)) for problem in error.problems)
        if isinstance(error, RequestNotBuilt):  # names the fields, never their values
            return f"{type(error).__name__}: {error}"
        if isinstance(error, EarlierAttemptPending):
            return self.tr(
                "The earlier attempt of this order (%1) is still being processed by the card "
                "company and may yet be approved. Wait a minute, then try again; do not charge "
                "the card elsewhere."
            ).replace("%1", error.merchant_uid)
        # Anything else (a store error quotes its SQL and parameters): its kind only; the log
        # has the rest.
        return type(error).__name__

    def _look_for_the_attempt(self, merchant_uid: str, reason: str) -> None:
        """An operation failed unexpectedly: what the journal recorded decides what to show."""
        services = self.services
        assert services is not None

        def find(_: Progress) -> Attempt | None:
            from kcp_pos.services.followup import find_attempt

            return find_attempt(services, merchant_uid)

        def found(attempt: Attempt | None) -> None:
            if attempt is None:  # not journalled, so never sent (the journal comes first)
                self._set_state(TerminalState.EDITING)
                self.form.set_locked(False)
                self.panel.show_stopped(
                    self.tr("The request could not be sent"),
                    self.tr("Nothing was charged. %1").replace("%1", reason),
                )
                return
            # Unresolved: follow it up. Settled after all (paid, then a local write failed):
            # the first check shows what it was.
            self._enter_unknown(attempt, check_now=not attempt.is_unresolved)

        def not_found(lookup_error: Exception) -> None:
            # The journal cannot be read either: stay locked; the start-up check will settle it.
            self._set_state(TerminalState.UNKNOWN)
            self.panel.show_stopped(
                self.tr("The result is not known"),
                self.tr("Do not charge again. Restart the app to check this payment. (%1)").replace(
                    "%1", reason
                ),
            )

        self.runner.run(find, found, not_found, key=f"order:{merchant_uid}")

    def _enter_unknown(self, attempt: Attempt, *, check_now: bool = False) -> None:
        if self._unknown_attempt is None or self._unknown_attempt.id != attempt.id:
            self.follow_ups.reset()
        self._unknown_attempt = attempt
        self._set_state(TerminalState.UNKNOWN)
        self.form.set_locked(True)
        self.form.clear_card_fields()
        if check_now:
            self._follow_up_now()
            return
        delay = self.follow_ups.check_later(self._follow_up_now)
        self.panel.show_unknown(attempt, self.follow_ups.checks, delay)
        self.view.reveal_outcome()

    def _follow_up_now(self) -> None:
        attempt, services = self._unknown_attempt, self.services
        if attempt is None or services is None:
            return

        settle_after = self.follow_ups.schedule.settle_after

        def check(_: Progress) -> Outcome:
            from kcp_pos.services.followup import check_outcome

            return check_outcome(services, attempt.id, settle_after=settle_after)

        def failed(error: Exception) -> None:
            log.warning("follow-up of attempt %d failed: %s", attempt.id, type(error).__name__)
            self._enter_unknown(attempt)

        key = f"order:{attempt.merchant_uid}" if attempt.merchant_uid else f"attempt:{attempt.id}"
        self.runner.run(check, self._show, failed, key=key)

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

    def _open_pg_receipt(self) -> None:
        outcome = self.panel.outcome
        if outcome is not None and outcome.payment is not None and outcome.payment.receipt_url:
            QDesktopServices.openUrl(QUrl(outcome.payment.receipt_url))

    def _print_receipt(self) -> None:
        outcome = self.panel.outcome
        if outcome is None or outcome.payment is None:
            return
        # Loaded only when asked for: the receipt modules are not needed to take payments.
        from kcp_pos.services.receipt import Receipt
        from kcp_pos.ui.widgets.receipt_view import receipt_labels, show_receipt_dialog

        receipt = Receipt.from_payment(
            outcome.payment,
            merchant_name=self.settings.merchant_name,
            merchant_business_number=self.settings.merchant_business_number,
            lang=self.form.lang,
            labels=receipt_labels(self.form.lang),
            sandbox=self.training or outcome.payment.sandbox,
            tax_free=min(outcome.attempt.tax_free, outcome.payment.amount),
        )
        self.receipt_dialog = show_receipt_dialog(self.view, receipt, lang=self.form.lang)

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


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _declined(attempt: Attempt) -> bool:
    return attempt.state in (AttemptState.FAILED, AttemptState.RESOLVED_FAILED)
