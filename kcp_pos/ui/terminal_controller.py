"""The terminal's behaviour: from a clerk's action to the outcome on screen, without ever
charging twice and without keeping card data.

Flow: the form asks for an action → a possible-duplicate check (memory only) → a confirmation
dialog → the card is read from the widgets once, handed to an operation on the background
runner (key `order:{merchant_uid}`), and the card fields are cleared at once → the outcome.

Safety rules (DESIGN 1, 2, 4, 5):
- the form is locked from the moment an action is confirmed until the outcome is known; while
  the outcome is UNKNOWN it stays locked and the attempt is followed up by lookup (2 s, 5 s,
  10 s, then every 15 s); there is never a retry button for an unknown outcome;
- a decline unlocks the form with the order kept and the card cleared; the next charge gets a
  new merchant_uid linked to the declined one;
- after a payment the form stays read-only until "New order" (Ctrl+N), so the same order cannot
  be charged again by accident;
- the card (`KeyedCard`) lives only in local variables and in the one operation's closure;
- cancelling works only before the request is sent (`Progress.raise_if_cancelled`).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.domain.money import format_krw_for, split_vat
from kcp_pos.services.duplicate_guard import DuplicateGuard, minutes_ago
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.settings.model import Settings
from kcp_pos.ui.confirm_dialog import ConfirmDialog, ConfirmSummary
from kcp_pos.ui.entry_form import FormAction, OrderInput
from kcp_pos.ui.outcome_panel import PanelState
from kcp_pos.ui.runner import BackgroundRunner, OpCancelled, Progress, ProgressUpdate
from kcp_pos.ui.terminal_view import TerminalView

if TYPE_CHECKING:
    # The service layer (SQLAlchemy, httpx, pydantic) is imported when the backend is opened on
    # the runner, not on the UI thread before the first paint (startup time, issue 3).
    from kcp_pos.services.keyed_charge import KeyedOrder
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.services.terminal_services import TerminalServices
    from kcp_pos.store import Attempt

log = logging.getLogger(__name__)

FOLLOW_UP_DELAYS: tuple[float, ...] = (2.0, 5.0, 10.0)
"""Seconds before the first lookups of an unknown outcome; then every `FOLLOW_UP_EVERY`."""
FOLLOW_UP_EVERY = 15.0
RECOVERY_EVERY = 15.0
"""Seconds between lookups of attempts a previous run left unresolved."""
SENT = "sent"
"""The progress message an operation reports just before it sends the request."""


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
    key: str
    merchant_uid: str | None
    customer_uid: str | None
    amount: int | None


class TerminalController(QObject):
    """Drives a `TerminalView`. Call `attach(services)` once the backend is ready."""

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
        follow_up_delays: Sequence[float] = FOLLOW_UP_DELAYS,
        follow_up_every: float = FOLLOW_UP_EVERY,
        recovery_every: float = RECOVERY_EVERY,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.form = view.form
        self.panel = view.outcome_panel
        self.runner = runner
        self.settings = settings
        self.guard = guard or DuplicateGuard()
        self.services: TerminalServices | None = None
        self.training = True
        self.receipt_dialog: QWidget | None = None
        self.state = TerminalState.NOT_READY
        self.confirm_dialog: ConfirmDialog | None = None
        self._pending: _Pending | None = None
        self._cancel: Callable[[], None] | None = None
        self._previous_merchant_uid: str | None = None
        self._unknown_attempt: Attempt | None = None
        self._follow_up_delays = tuple(follow_up_delays)
        self._follow_up_every = follow_up_every
        self._follow_up_checks = 0
        self._follow_up_timer = QTimer(self)
        self._follow_up_timer.setSingleShot(True)
        self._follow_up_timer.timeout.connect(self._follow_up_now)
        self._recovery_ids: tuple[int, ...] = ()
        self._recovery_timer = QTimer(self)
        self._recovery_timer.setInterval(int(recovery_every * 1000))
        self._recovery_timer.timeout.connect(self._check_recovery)
        self._recovery_running = False

        self.form.action_requested.connect(self._on_action)
        self.panel.cancel_requested.connect(self._cancel_request)
        self.panel.retry_requested.connect(self._retry)
        self.panel.new_order_requested.connect(self.new_order)
        self.panel.open_pg_receipt_requested.connect(self._open_pg_receipt)
        self.panel.print_receipt_requested.connect(self._print_receipt)
        self._new_order_shortcut = QShortcut(QKeySequence("Ctrl+N"), view)
        self._new_order_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._new_order_shortcut.activated.connect(self._new_order_if_allowed)
        self.form.set_backend_ready(False)

    # --- lifecycle ---------------------------------------------------------------------------

    def attach(
        self,
        services: TerminalServices,
        leftover_attempt_ids: Sequence[int] = (),
        *,
        training: bool,
    ) -> None:
        """Start taking orders; check the attempts a previous run left unresolved.

        `training`: the sandbox is in use (receipts say so).
        """
        self.services = services
        self.training = training
        self._set_state(TerminalState.EDITING)
        self.form.set_backend_ready(True)
        self._recovery_ids = tuple(leftover_attempt_ids)
        if self._recovery_ids:
            self._check_recovery()
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
        self._follow_up_timer.stop()
        self._recovery_timer.stop()

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
        issuer_text = (
            (issuer.name_ko if self.form.lang == "ko" else issuer.name_en)
            if issuer is not None
            else (card.brand or "—")
        )
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
        split = split_vat(order.amount, order.tax_free)
        tax = format_krw_for(split.vat, self.form.lang)
        if order.tax_free:
            tax += " · " + self.tr("tax-free %1").replace(
                "%1", format_krw_for(order.tax_free, self.form.lang)
            )
        warning = None
        match = self.guard.recent_match(order.amount, last4, order.buyer_name, now=_utc_now())
        if match is not None:
            warning = self.tr(
                "The same amount, card and buyer were charged %1 minute(s) ago. "
                "Charge again anyway?"
            ).replace("%1", str(minutes_ago(match, _utc_now())))
        return ConfirmSummary(
            action=self.tr("Charge this card and save it for repeat charges")
            if action is FormAction.CHARGE_AND_SAVE
            else self.tr("Charge this card"),
            card=masked,
            issuer=issuer_text,
            amount=format_krw_for(order.amount, self.form.lang),
            installments=self.panel.installments_text(order.card_quota),
            tax=tax,
            buyer=order.buyer_name or "—",
            order_name=order.order_name or "—",
            duplicate_warning=warning,
        )

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
        services = self.services
        assert services is not None
        card = self.form.take_card()
        order = self.form.order_input() if action is not FormAction.REGISTER else None
        if card is None or (action is not FormAction.REGISTER and order is None):
            self._set_state(TerminalState.EDITING)
            self.form.set_locked(False)
            return
        now = _utc_now()
        from kcp_pos.services.card_registration import CardHolder, register_card
        from kcp_pos.services.keyed_charge import charge_keyed

        if action is FormAction.REGISTER:
            name, tel = self.form.buyer_for_registration()
            holder = CardHolder(new_merchant_uid("cust", now=now), name=name, tel=tel)
            pending = _Pending(
                action, f"customer:{holder.customer_uid}", None, holder.customer_uid, None
            )

            def op(progress: Progress) -> Outcome:
                progress.raise_if_cancelled()
                progress.report(SENT)
                return register_card(services, card, holder)

        else:
            assert order is not None
            keyed = self._keyed_order(action, order, now)
            pending = _Pending(
                action,
                f"order:{keyed.merchant_uid}",
                keyed.merchant_uid,
                keyed.save_as_customer_uid,
                keyed.amount,
            )

            def op(progress: Progress) -> Outcome:
                progress.raise_if_cancelled()
                progress.report(SENT)
                return charge_keyed(services, card, keyed)

        self._pending = pending
        self._set_state(TerminalState.SENDING)
        handle = self.runner.run(
            op,
            self._on_outcome,
            self._on_failure,
            key=pending.key,
            on_progress=self._on_progress,
        )
        # From here only the operation's closure holds the card, until the request is done.
        self.form.clear_card_fields()
        self._cancel = handle.cancel
        self.panel.show_sending(self._action_text(action), pending.amount)
        self.view.reveal_outcome()

    def _keyed_order(self, action: FormAction, order: OrderInput, now: datetime) -> KeyedOrder:
        from kcp_pos.services.keyed_charge import KeyedOrder

        return KeyedOrder(
            merchant_uid=new_merchant_uid(now=now),
            amount=order.amount,
            order_name=order.order_name,
            buyer_name=order.buyer_name,
            buyer_tel=order.buyer_tel,
            tax_free=order.tax_free,
            card_quota=order.card_quota,
            save_as_customer_uid=new_merchant_uid("cust", now=now)
            if action is FormAction.CHARGE_AND_SAVE
            else None,
            previous_merchant_uid=self._previous_merchant_uid,
        )

    def _action_text(self, action: FormAction) -> str:
        if action is FormAction.REGISTER:
            return self.tr("Registering the card…")
        return self.tr("Charging…")

    def _on_progress(self, update: ProgressUpdate) -> None:
        if update.message == SENT and self.state is TerminalState.SENDING:
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
            self.guard.remember(
                attempt.amount, (attempt.card_number or "")[-4:], attempt.buyer_name, now=_utc_now()
            )
        if outcome.kind is OutcomeKind.UNKNOWN:
            self._enter_unknown(attempt)
            return
        self._follow_up_timer.stop()
        self._unknown_attempt = None
        self.panel.show_outcome(outcome)
        self.view.reveal_outcome()
        if outcome.kind is OutcomeKind.PAID:
            self._previous_merchant_uid = None
            self._set_state(TerminalState.PAID)
            self.form.set_locked(True)
            self.panel.new_order_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            if attempt.kind is not AttemptKind.REGISTER:
                self._previous_merchant_uid = attempt.merchant_uid
            self._set_state(TerminalState.EDITING)
            self.form.set_locked(False)
            self.form.clear_card_fields()
            self.form.focus_card_number()

    def _on_failure(self, error: Exception) -> None:
        pending, self._pending = self._pending, None
        self._cancel = None
        if isinstance(error, OpCancelled):
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
        services = self.services
        reason = redact_card_numbers(f"{type(error).__name__}: {error}")

        def find(_: Progress) -> Attempt | None:
            from kcp_pos.services.unknown_followup import find_attempt

            return find_attempt(
                services, merchant_uid=pending.merchant_uid, customer_uid=pending.customer_uid
            )

        def found(attempt: Attempt | None) -> None:
            if attempt is not None and not attempt.is_unresolved:
                # Settled after all (e.g. paid, then a local write failed): show what it was.
                self._unknown_attempt = attempt
                self._follow_up_now()
                return
            if attempt is None:  # not journalled, so never sent (the journal comes first)
                self._set_state(TerminalState.EDITING)
                self.form.set_locked(False)
                self.panel.show_stopped(
                    self.tr("The request could not be sent"),
                    self.tr("Nothing was charged. %1").replace("%1", reason),
                )
                return
            self._enter_unknown(attempt)

        def not_found(lookup_error: Exception) -> None:
            # The journal cannot be read either: stay locked; the start-up check will settle it.
            self._set_state(TerminalState.UNKNOWN)
            self.panel.show_stopped(
                self.tr("The result is not known"),
                self.tr("Do not charge again. Restart the app to check this payment. (%1)").replace(
                    "%1", reason
                ),
            )

        self.runner.run(find, found, not_found, key=pending.key)

    def _enter_unknown(self, attempt: Attempt) -> None:
        first_time = self._unknown_attempt is None or self._unknown_attempt.id != attempt.id
        self._unknown_attempt = attempt
        if first_time:
            self._follow_up_checks = 0
        self._set_state(TerminalState.UNKNOWN)
        self.form.set_locked(True)
        self.form.clear_card_fields()
        delay = self._next_follow_up_delay()
        self.panel.show_unknown(attempt, self._follow_up_checks, delay)
        self.view.reveal_outcome()
        self._follow_up_timer.start(int(delay * 1000))

    def _next_follow_up_delay(self) -> float:
        if self._follow_up_checks < len(self._follow_up_delays):
            return self._follow_up_delays[self._follow_up_checks]
        return self._follow_up_every

    def _follow_up_now(self) -> None:
        attempt, services = self._unknown_attempt, self.services
        if attempt is None or services is None:
            return
        self._follow_up_checks += 1
        key = f"order:{attempt.merchant_uid}" if attempt.merchant_uid else f"attempt:{attempt.id}"

        def check(_: Progress) -> Outcome:
            from kcp_pos.services.unknown_followup import follow_up

            return follow_up(services, attempt.id)

        def failed(error: Exception) -> None:
            log.warning("follow-up of attempt %d failed: %s", attempt.id, type(error).__name__)
            self._enter_unknown(attempt)

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
        self._previous_merchant_uid = None
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
        try:
            # The receipt modules are built separately and loaded only when asked for.
            from kcp_pos.services.receipt import Receipt
            from kcp_pos.ui.receipt_view import show_receipt_dialog
        except ImportError:
            QMessageBox.information(
                self.view,
                self.tr("Receipt"),
                self.tr("Printing receipts is not available in this version."),
            )
            return
        receipt = Receipt.from_payment(
            outcome.payment,
            merchant_name=self.settings.merchant_name,
            merchant_business_number=self.settings.merchant_business_number,
            lang=self.form.lang,
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

        def check(_: Progress) -> list[Attempt]:
            from kcp_pos.services.unknown_followup import follow_up

            results = []
            for attempt_id in ids:
                try:
                    results.append(follow_up(services, attempt_id).attempt)
                except Exception as error:  # a lookup failed: show it as still unknown
                    log.warning("recovery of attempt %d: %s", attempt_id, type(error).__name__)
                    results.append(services.journal.get(attempt_id))
            return results

        self.runner.run(check, self._recovered, self._recovery_failed, key="recovery")

    def _recovered(self, attempts: list[Attempt]) -> None:
        self._recovery_running = False
        still = sum(1 for attempt in attempts if attempt.is_unresolved)
        self.view.recovery_notice.show_attempts(attempts, still)
        if still:
            self._recovery_timer.start()
        else:
            self._recovery_timer.stop()

    def _recovery_failed(self, error: Exception) -> None:
        self._recovery_running = False
        log.warning("recovery check failed: %s", type(error).__name__)
        self._recovery_timer.start()

    # --- helpers -----------------------------------------------------------------------------

    def _set_state(self, state: TerminalState) -> None:
        self.state = state
        self.state_changed.emit(state)

    @property
    def panel_state(self) -> PanelState:
        return self.panel.state


def _utc_now() -> datetime:
    return datetime.now(UTC)
