"""One money-moving request on screen, from "send" to a known outcome, shown on an `OutcomePanel`:
the terminal's keyed charges and the customers page's charges again go through the same flow.

`send(op, …)` runs the operation on the runner (key `order:{merchant_uid}`); the panel shows it
sending, and the cancel button works only until the services report `SENDING`. Then:
- a known outcome (paid, declined, registered) is shown and `settled(outcome)` is emitted;
- an UNKNOWN outcome is followed up by lookup on the `FOLLOW_UP` schedule (never by sending
  again) and `unknown(attempt)` is emitted each time it is still unknown; it ends in `settled`;
- an operation that failed unexpectedly is looked up in the journal: not journalled means never
  sent (`not_sent(text)`), journalled means it is followed up like an unknown outcome;
- a request stopped before it was sent is `not_sent` too; if even the journal cannot be read,
  `stuck()`: the screen must stay locked (the next start settles it).
The screen that owns the flow decides what each of these means for its form.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from kcp_pos.domain.messages import message
from kcp_pos.services.check_schedule import FOLLOW_UP, CheckSchedule
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.progress import SENDING, Stopped
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress, ProgressUpdate
from kcp_pos.ui.shell.scheduled_checks import ScheduledChecks
from kcp_pos.ui.widgets.catalogue import translated
from kcp_pos.ui.widgets.outcome_panel import OutcomePanel

if TYPE_CHECKING:
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.outcomes import Outcome
    from kcp_pos.settings.model import Settings
    from kcp_pos.store import Attempt

log = logging.getLogger(__name__)


class OutcomeFlow(QObject):
    """Sends one request at a time and follows it to a known outcome on `panel`."""

    settled = Signal(object)
    """The outcome is known (`Outcome`: paid, declined or registered)."""
    unknown = Signal(object)
    """The outcome is not known yet (`Attempt`, once per attempt); it is being looked up."""
    not_sent = Signal()
    """Nothing was sent (stopped in time, or failed before it was journalled)."""
    stuck = Signal()
    """Neither the answer nor the journal can be read: keep the screen locked."""

    def __init__(
        self,
        panel: OutcomePanel,
        runner: BackgroundRunner,
        *,
        follow_up: CheckSchedule = FOLLOW_UP,
        stopped_text: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self._stopped_text = stopped_text or self.tr(
            "Nothing was sent and nothing was charged. You can send it again."
        )
        """What the panel says under "Request cancelled" (the screen knows what comes next)."""
        self.runner = runner
        self.services: AppServices | None = None
        self.follow_ups = ScheduledChecks(follow_up, self)
        self.receipt_dialog: QWidget | None = None
        self._merchant_uid: str | None = None
        self._cancel: Callable[[], None] | None = None
        self._unknown_attempt: Attempt | None = None
        self._sending = False
        self.failure: Exception | None = None
        """Why the last request raised instead of ending with an outcome (None when it did
        not): a screen can tell a refusal (`not_sent` after it) from a stop."""
        panel.cancel_requested.connect(self._cancel_request)
        panel.open_pg_receipt_requested.connect(self._open_pg_receipt)

    @property
    def sending(self) -> bool:
        """A request is in flight (its outcome not known yet)."""
        return self._sending

    def stop(self) -> None:
        """At exit: no more follow-ups."""
        self.follow_ups.stop()

    def send(
        self,
        op: Callable[[Progress], Outcome],
        *,
        merchant_uid: str,
        amount: int | None,
        action_text: str,
    ) -> bool:
        """Run `op` (a use case that journals before it sends) and show it until it is known.
        Refused (False) while an earlier request is in flight or unknown: one at a time."""
        if self._sending:
            log.error("a second request while %s is not settled was refused", self._merchant_uid)
            return False
        self._merchant_uid = merchant_uid
        self._sending = True
        self.failure = None
        handle = self.runner.run(
            op,
            self._on_outcome,
            self._on_failure,
            key=f"order:{merchant_uid}",
            on_progress=self._on_progress,
        )
        self._cancel = handle.cancel
        self.panel.show_sending(action_text, amount)
        return True

    def _on_progress(self, update: ProgressUpdate) -> None:
        if update.message == SENDING and self._sending:
            self._cancel = None
            self.panel.mark_sent()

    def _cancel_request(self) -> None:
        if self._cancel is not None:
            self._cancel()
            self.panel.cancel_button.setEnabled(False)

    # --- outcomes ----------------------------------------------------------------------------

    def _on_outcome(self, outcome: Outcome) -> None:
        self._cancel = None
        self.show(outcome)

    def show(self, outcome: Outcome) -> None:
        """Show `outcome` (from a send or a follow-up): known, or followed up."""
        if outcome.kind is OutcomeKind.UNKNOWN:
            self._enter_unknown(outcome.attempt)
            return
        self._sending = False
        self.follow_ups.reset()
        self._unknown_attempt = None
        self.panel.show_outcome(outcome)
        self.settled.emit(outcome)

    def _on_failure(self, error: Exception) -> None:
        merchant_uid, self._merchant_uid = self._merchant_uid, None
        self._cancel = None
        self.failure = error
        if isinstance(error, Stopped):
            self._sending = False
            self.panel.show_stopped(self.tr("Request cancelled"), self._stopped_text)
            self.not_sent.emit()
            return
        log.error("money-moving operation failed: %s", type(error).__name__)
        if merchant_uid is None or self.services is None:
            return
        self._look_for_the_attempt(merchant_uid, self._failure_text(error))

    def _failure_text(self, error: Exception) -> str:
        from kcp_pos.services.billing_key_removal import SchedulesPending
        from kcp_pos.services.late_approvals import EarlierAttemptPending
        from kcp_pos.services.money_call import InvalidOrder, RequestNotBuilt
        from kcp_pos.services.schedules import AlreadyRetried, NotRetryable

        if isinstance(error, InvalidOrder):  # the services' own check (the form checks first)
            return " ".join(translated(message(problem)) for problem in error.problems)
        if isinstance(error, RequestNotBuilt):  # names the fields, never their values
            return f"{type(error).__name__}: {error}"
        if isinstance(error, SchedulesPending):
            return self.tr(
                "Nothing was sent: the saved card has %1 booked schedule(s). Revoke them first."
            ).replace("%1", str(error.count))
        if isinstance(error, EarlierAttemptPending):
            return self.tr(
                "The earlier attempt of this order (%1) is still being processed by the card "
                "company and may yet be approved. Wait a minute, then try again; do not charge "
                "the card elsewhere."
            ).replace("%1", error.merchant_uid)
        if isinstance(error, AlreadyRetried):
            return self.tr(
                "This failed scheduled charge was already retried (charge %1), so it was not "
                "charged again. Close this window; the customer's list shows that charge."
            ).replace("%1", error.retried_by)
        if isinstance(error, NotRetryable):
            return self.tr(
                "This scheduled charge is no longer a failed one that can be retried (it may "
                "have been booked again), so it was not charged. Close this window and check "
                "the customer's list."
            )
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
                self._sending = False
                self.panel.show_stopped(
                    self.tr("The request could not be sent"),
                    self.tr("Nothing was charged. %1").replace("%1", reason),
                )
                self.not_sent.emit()
                return
            # Unresolved: follow it up. Settled after all (paid, then a local write failed):
            # the first check shows what it was.
            self._enter_unknown(attempt, check_now=not attempt.is_unresolved)

        def not_found(lookup_error: Exception) -> None:
            # The journal cannot be read either: stay locked; the start-up check will settle it.
            self.panel.show_stopped(
                self.tr("The result is not known"),
                self.tr("Do not charge again. Restart the app to check this payment. (%1)").replace(
                    "%1", reason
                ),
            )
            self.stuck.emit()

        self.runner.run(find, found, not_found, key=f"order:{merchant_uid}")

    def _enter_unknown(self, attempt: Attempt, *, check_now: bool = False) -> None:
        entering = self._unknown_attempt is None or self._unknown_attempt.id != attempt.id
        if entering:
            self.follow_ups.reset()
        self._unknown_attempt = attempt
        self._sending = True
        if entering:
            self.unknown.emit(attempt)
        if check_now:
            self._follow_up_now()
            return
        delay = self.follow_ups.check_later(self._follow_up_now)
        self.panel.show_unknown(attempt, self.follow_ups.checks, delay)

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
        self.runner.run(check, self.show, failed, key=key)

    # --- receipts ----------------------------------------------------------------------------

    def _open_pg_receipt(self) -> None:
        outcome = self.panel.outcome
        if outcome is not None and outcome.payment is not None and outcome.payment.receipt_url:
            QDesktopServices.openUrl(QUrl(outcome.payment.receipt_url))

    def print_receipt(self, parent: QWidget, settings: Settings, *, training: bool) -> None:
        """The shop's receipt of the payment on the panel."""
        outcome = self.panel.outcome
        if outcome is None or outcome.payment is None:
            return
        # Loaded only when asked for: the receipt modules are not needed to take payments.
        from kcp_pos.ui.widgets.receipt_view import show_payment_receipt

        self.receipt_dialog = show_payment_receipt(
            parent,
            outcome.payment,
            settings,
            lang=self.panel.lang,
            training=training,
            tax_free=outcome.attempt.tax_free,
        )
