"""Refunding a payment in full or in part (`POST /payments/cancel`, DESIGN rules 1-3).

`look_up_refundable` reads the payment fresh and says what can still be refunded: the balance
(`amount - cancel_amount`, the `checksum` of the next cancel) and what is left of its tax-free
part. `refund_payment` refunds an explicit amount of it through the money-call skeleton: the
clerk's order is checked, the operator's role (a manager, or a clerk with a manager's
`Approval`), the payment is read again and the refund refused before anything is written when
it is above the balance, the payment is fully refunded or the balance changed since the clerk
saw it; then the cancel is journalled (`AttemptKind.CANCEL`, with its checksum and reason, and
the approval in the audit trail in the same commit) and only then sent, always with `amount`,
`checksum` and `tax_free`.

A lost answer is settled only by looking the payment up (`cancel_verdict`, in
`resolution.LOOKUPS`), never by sending again. What tells our refund from another one of the
same payment is the reason we sent: the clerk's words with a random tag of the attempt
(`domain.refund_tag`), journalled exactly as sent; the one `cancel_history` entry with that
reason is ours. An amount and a time never make an entry ours (another terminal may refund the
same amount at the same moment). The checksum still proves a refund was not made: PortOne
executes a cancel only while the balance equals its checksum, so when no entry carries our
reason and the entry after those that made up the balance we journalled has another amount,
another refund came first and ours was refused. Anything else is undecidable; see
`cancel_verdict` for how such a refund is settled once it is old enough.

The tax-free part of a payment is known only for payments this terminal made (V1's Payment does
not report it; the ledger takes it from the charge's attempt); what is left of it is that part
minus the tax-free parts of this terminal's earlier refunds of the payment.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from enum import Enum
from typing import Final

from kcp_pos.domain.attempt import AttemptKind, is_success, needs_resolution
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.money import validate_amount
from kcp_pos.domain.names import validate_refund_reason
from kcp_pos.domain.refund_tag import is_tagged, new_tag, tagged_reason
from kcp_pos.domain.text import Text
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import IamportError, NotFoundError
from kcp_pos.iamport.messages import is_uncertain_charge_message
from kcp_pos.iamport.models import CancelRequest, Payment, PaymentCancel
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import CHARGED, keep_records
from kcp_pos.services.ledger_sync import record_payment_if_changed
from kcp_pos.services.money_call import InvalidOrder, Problems, run_money_call, unknown
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import Approval, NotPermitted, permit
from kcp_pos.services.outcomes import NOT_YET, Outcome, OutcomeKind, Verdict, nothing_found
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink
from kcp_pos.services.refund_refusals import Refusal, refusal_text
from kcp_pos.store import Attempt, DuplicateAttempt, NewAttempt

log = logging.getLogger(__name__)

REFUND_ACTION: Final = "refund"
"""The action a manager approves for a clerk (`operators.approve(action=REFUND_ACTION)`)."""
REFUND_REQUESTED: Final = "refund.requested"
"""The audit entry written with the journalled cancel: who refunded, who approved."""
ANOTHER_REFUND_FIRST: Final = "another refund of this payment came first; this one was not made"
ANSWER_WITHOUT_REFUND: Final = "the answer does not show this refund"
UNDECIDED: Final = (
    "PortOne's refund history cannot tell whether this refund was made: "
    "a person must check the payment's refund history on PortOne"
)
"""The fail_reason of a refund settled as not made because nothing could decide it."""
REFUND_UNDECIDED: Final = "refund.undecided"
"""The audit entry written when a refund is settled as not made without proof (`UNDECIDED`)."""


class RefundRefused(Exception):
    """Nothing was journalled or sent: `refusal` says why (`text` in the clerk's words)."""

    def __init__(self, refusal: Refusal, *, balance: int | None = None) -> None:
        super().__init__(f"refund refused: {refusal.value}")
        self.refusal = refusal
        self.balance = balance
        """The refundable balance PortOne reported, when it was read."""

    @property
    def text(self) -> Text:
        return refusal_text(self.refusal)


@dataclass(frozen=True)
class Refundable:
    """A payment as just read from PortOne, and what of it can still be refunded."""

    payment: Payment
    paid_tax_free: int
    """The payment's tax-free part (0 when it had none or was not made here)."""
    tax_free_left: int
    """What is left of it after this terminal's earlier refunds."""
    pending: Attempt | None = None
    """A refund of it whose outcome is not known yet (settled by lookup; until then no other
    refund of the payment may be sent)."""

    @property
    def balance(self) -> int:
        """What can still be refunded: the `checksum` of the next cancel."""
        return self.payment.cancellable_balance

    @property
    def refunded(self) -> int:
        return self.payment.cancel_amount

    @property
    def refundable(self) -> bool:
        return self.payment.status in CHARGED and self.balance > 0


@dataclass(frozen=True)
class RefundOrder:
    """A refund as the clerk asked for it."""

    imp_uid: str
    amount: int
    reason: str
    balance: int
    """The refundable balance the clerk was shown (and confirmed): sent as the `checksum`."""
    tax_free: int | None = None
    """The tax-free part of this refund; None: the share `tax_free_share` gives."""


def look_up_refundable(services: AppServices, imp_uid: str) -> Refundable:
    """The payment `imp_uid` read fresh from PortOne (and kept in the ledger), with its
    refundable balance and tax-free part left; `RefundRefused` when PortOne has no such
    payment."""
    try:
        payment = services.client.get_payment(imp_uid)
    except NotFoundError:
        raise RefundRefused(Refusal.NO_SUCH_PAYMENT) from None
    try:
        record_payment_if_changed(services.ledger, payment)
    except Exception as error:  # a read: the ledger can be synced again later
        log.warning("ledger not updated for %s: %s", imp_uid, type(error).__name__)
    paid = _paid_tax_free(services, payment)
    cancels = _cancels_of(services, payment.merchant_uid, payment.imp_uid)
    refunded = sum(cancel.tax_free for cancel in cancels if is_success(cancel.state))
    left = min(max(paid - refunded, 0), payment.cancellable_balance)
    pending = next((c for c in cancels if needs_resolution(c.state)), None)
    return Refundable(payment, paid, left, pending)


def _paid_tax_free(services: AppServices, payment: Payment) -> int:
    """The tax-free part of a payment this terminal made (the ledger's, from its attempt)."""
    kept = services.ledger.get(payment.imp_uid)
    if kept is not None and kept.tax_free is not None:
        return min(kept.tax_free, payment.amount)
    for attempt in services.journal.find_by_merchant_uid(payment.merchant_uid):
        charged = attempt.kind is not AttemptKind.CANCEL and is_success(attempt.state)
        if charged and attempt.imp_uid in (None, payment.imp_uid):
            return min(attempt.tax_free, payment.amount)
    return 0


def _cancels_of(services: AppServices, merchant_uid: str, imp_uid: str) -> list[Attempt]:
    """This terminal's refunds of the payment, oldest first."""
    return [
        attempt
        for attempt in services.journal.find_by_merchant_uid(merchant_uid)
        if attempt.kind is AttemptKind.CANCEL and attempt.imp_uid == imp_uid
    ]


def tax_free_share(amount: int, refundable: Refundable, requested: int | None = None) -> int:
    """The tax-free part to send with a refund of `amount`: `requested` (or, when None, the
    payment's share: all that is left for a refund of the whole balance, else in proportion),
    capped at what is left of the tax-free part and raised to what the taxable part left
    cannot cover."""
    left, balance = refundable.tax_free_left, refundable.balance
    if left <= 0 or balance <= 0:
        return 0
    if requested is None:
        requested = left if amount >= balance else round(amount * left / balance)
    lowest = max(0, amount - (balance - left))
    highest = min(amount, left)
    return min(max(requested, lowest), highest)


def may_refund(operator: Operator, approval: Approval | None) -> bool:
    """A manager (or admin) may refund; a clerk only with a manager's approval of a refund
    given for that clerk (`operators.permit`)."""
    try:
        permit(operator, Role.MANAGER, action=REFUND_ACTION, approval=approval)
    except NotPermitted:
        return False
    return True


def checked_refund(order: RefundOrder) -> tuple[RefundOrder, tuple[InputError, ...]]:
    """`order` with its reason cleaned, and every rule it breaks."""
    problems = Problems()
    if problems.need(type(order.amount) is int, InputError.AMOUNT_FORMAT):
        problems.take(validate_amount(order.amount))
    tax_free = order.tax_free
    if tax_free is not None and problems.need(type(tax_free) is int, InputError.TAX_FREE_FORMAT):
        problems.need(tax_free >= 0, InputError.TAX_FREE_NEGATIVE)
    reason = problems.take(validate_refund_reason(order.reason))
    return replace(order, reason=reason or ""), problems.found


def refund_payment(
    services: AppServices,
    order: RefundOrder,
    *,
    operator: Operator,
    approval: Approval | None = None,
    progress: ProgressSink = NO_PROGRESS,
) -> Outcome:
    """Refund `order.amount` of the payment `order.imp_uid` (see the module docstring).

    Raises `NotPermitted` (a clerk without a manager's approval), `InvalidOrder` (the amount
    or the reason) and `RefundRefused` (above the balance, fully refunded, the balance changed,
    a refund of it still unknown) with nothing journalled or sent. The outcome is PAID
    (refunded), DECLINED (PortOne refused: `fail_reason` holds its words) or UNKNOWN (settled
    later by lookup)."""
    if not may_refund(operator, approval):
        raise NotPermitted(operator, Role.MANAGER)
    clean, problems = checked_refund(order)
    if problems:
        raise InvalidOrder(problems)
    refundable = look_up_refundable(services, clean.imp_uid)
    _refuse_unless_refundable(refundable, clean)
    tax_free = tax_free_share(clean.amount, refundable, clean.tax_free)
    call = _Refund(clean, refundable.payment, tax_free, tagged_reason(clean.reason, new_tag()))
    turn = _RefundTurn(services, call, operator, approval)
    try:
        return run_money_call(services, call, operator=operator, progress=progress, send_turn=turn)
    except DuplicateAttempt:  # the journal's own guard: one cancel of a payment in flight
        raise RefundRefused(Refusal.REFUND_IN_FLIGHT, balance=refundable.balance) from None


def _refuse_unless_refundable(refundable: Refundable, order: RefundOrder) -> None:
    balance = refundable.balance
    if refundable.pending is not None:
        raise RefundRefused(Refusal.REFUND_IN_FLIGHT, balance=balance)
    if refundable.payment.status not in CHARGED:
        raise RefundRefused(Refusal.NOT_REFUNDABLE, balance=balance)
    if balance <= 0:
        raise RefundRefused(Refusal.FULLY_REFUNDED, balance=balance)
    if order.amount > balance:
        raise RefundRefused(Refusal.ABOVE_BALANCE, balance=balance)
    if order.balance != balance:
        raise RefundRefused(Refusal.BALANCE_CHANGED, balance=balance)


@dataclass(frozen=True)
class _Refund:
    order: RefundOrder
    """As checked: its balance is the fresh one (the refusals above made sure)."""
    payment: Payment
    tax_free: int
    sent_reason: str
    """The clerk's reason with the attempt's tag: sent and journalled exactly so."""

    def problems(self) -> tuple[InputError, ...]:
        return ()

    def new_attempt(self) -> NewAttempt:
        order, payment = self.order, self.payment
        return NewAttempt(
            kind=AttemptKind.CANCEL,
            merchant_uid=payment.merchant_uid,
            amount=order.amount,
            tax_free=self.tax_free,
            order_name=payment.name,
            card_number=payment.card_number or None,
            card_name=payment.card_name or None,
            imp_uid=payment.imp_uid,
            checksum=order.balance,
            cancel_reason=self.sent_reason,
        )

    def request(self) -> CancelRequest:
        order = self.order
        return CancelRequest(
            imp_uid=order.imp_uid,
            amount=order.amount,
            checksum=order.balance,
            tax_free=self.tax_free,
            reason=self.sent_reason,
        )

    def send(self, client: IamportClient, request: CancelRequest) -> Payment:
        return client.cancel_payment(request)

    def lost_answer(self, error: IamportError) -> bool:
        # A card company timeout or system failure leaves open whether the cancel was made.
        return is_uncertain_charge_message(error.message)

    def settle(
        self, services: AppServices, attempt: Attempt, answer: Payment, operator: Operator
    ) -> Outcome:
        if find_our_cancel(answer, attempt) is not CancelFound.OURS:
            return unknown(services, attempt, ANSWER_WITHOUT_REFUND, operator)
        settled = services.journal.mark_paid(
            attempt.id, imp_uid=answer.imp_uid, actor=operator.name
        )
        warnings = keep_records(services, attempt, answer, operator)
        return Outcome(OutcomeKind.PAID, settled, answer, warnings=warnings)


@dataclass
class _RefundTurn:
    """The journal write of a refund (`money_call.SendTurn`): inside it, no other refund of
    the payment may be in flight, and the audit trail records who refunded and who approved,
    in the same commit as the attempt."""

    services: AppServices
    call: _Refund
    operator: Operator
    approval: Approval | None

    def __enter__(self) -> _RefundTurn:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def check(self) -> None:
        payment, order = self.call.payment, self.call.order
        cancels = _cancels_of(self.services, payment.merchant_uid, payment.imp_uid)
        if any(needs_resolution(attempt.state) for attempt in cancels):
            raise RefundRefused(Refusal.REFUND_IN_FLIGHT, balance=order.balance)
        approver = self.approval.approver.name if self.approval is not None else None
        self.services.audit.append(
            REFUND_REQUESTED,
            subject=payment.merchant_uid,
            details={
                "imp_uid": payment.imp_uid,
                "amount": order.amount,
                "checksum": order.balance,
                "tax_free": self.call.tax_free,
                "operator": self.operator.name,
                "approver": approver,
            },
            actor=self.operator.name,
        )

    def journalled(self) -> None:
        return None


# --------------------------------------------------------------------------- lookups


class CancelFound(Enum):
    """What a payment read after a refund says about it."""

    OURS = "ours"  # our refund went through
    NOT_OURS = "not_ours"  # another refund changed the balance first: ours was refused
    NOTHING_YET = "nothing_yet"  # no refund since the balance we journalled
    UNDECIDABLE = "undecidable"  # the history does not line up with the refunded amount


def find_our_cancel(payment: Payment, attempt: Attempt) -> CancelFound:
    """Whether `payment` (read after the refund `attempt` was sent) shows that refund: the one
    entry of its history whose reason is exactly the tagged reason we journalled is ours; with
    none, the checksum can only prove ours was not made (see the module docstring)."""
    if attempt.checksum is None:
        raise ValueError("a cancel attempt without its checksum cannot be looked up")
    before = payment.amount - attempt.checksum  # refunded when the balance was read
    if payment.cancel_amount < before:
        return CancelFound.NOT_OURS  # the balance never was our checksum: refused
    if payment.cancel_amount == before:
        return CancelFound.NOTHING_YET
    history = sorted(payment.cancel_history, key=lambda cancel: cancel.cancelled_at)
    named = _named_ours(history, attempt)
    if named:
        ours = len(named) == 1 and named[0].amount == attempt.amount
        return CancelFound.OURS if ours else CancelFound.UNDECIDABLE
    later = _cancels_after(history, before)
    if later and later[0].amount != attempt.amount:
        return CancelFound.NOT_OURS  # another refund took the balance ours was checked against
    return CancelFound.UNDECIDABLE  # not lined up, or our amount under another reason


def _named_ours(history: list[PaymentCancel], attempt: Attempt) -> list[PaymentCancel]:
    """The entries carrying our tagged reason (none for an attempt journalled untagged)."""
    if not is_tagged(attempt.cancel_reason):
        return []
    return [cancel for cancel in history if cancel.reason == attempt.cancel_reason]


def _cancels_after(history: list[PaymentCancel], before: int) -> list[PaymentCancel]:
    """The entries after those adding up to `before`; empty when none add up to it."""
    total = 0
    for index, cancel in enumerate(history):
        if total == before:
            return history[index:]
        total += cancel.amount
    return []


def cancel_verdict(
    services: AppServices, attempt: Attempt, old_enough: bool, operator: Operator
) -> Verdict:
    """Look a refund whose answer was lost up by its payment's `imp_uid` (see
    `find_our_cancel`); the payment is kept in the ledger as found."""
    if not attempt.imp_uid:
        raise ValueError("a cancel attempt without imp_uid cannot be looked up")
    try:
        payment = services.client.get_payment(attempt.imp_uid)
    except NotFoundError:
        return nothing_found(old_enough, "no payment with this imp_uid")
    keep_records(services, attempt, payment, operator)
    found = find_our_cancel(payment, attempt)
    if found is CancelFound.OURS:
        return Verdict(paid=True, imp_uid=payment.imp_uid)
    if found is CancelFound.NOT_OURS:
        return Verdict(paid=False, imp_uid=payment.imp_uid, fail_reason=ANOTHER_REFUND_FIRST)
    if found is CancelFound.NOTHING_YET:
        return nothing_found(old_enough, "no refund of this payment since it was sent")
    log.warning("refund attempt %d: the payment's history cannot tell", attempt.id)
    if not old_enough:
        return NOT_YET
    return _undecided(services, attempt, payment, operator)


def _undecided(
    services: AppServices, attempt: Attempt, payment: Payment, operator: Operator
) -> Verdict:
    """Settle an old enough refund the history cannot decide as not made, loudly.

    Left unknown, it would block every later refund of the payment for ever (one refund of a
    payment in flight). Settled as made, a refund PortOne never executed would be shown as
    done: the customer's money missing. Settled as not made, the worst case is a refund made
    but shown as not made, and that cannot turn into a second refund: the next refund is read
    fresh from PortOne (its balance already lower) and sent with that balance as its checksum.
    The fail_reason says a person must check PortOne's refund history, and the audit trail
    records it (`REFUND_UNDECIDED`) with what was seen."""
    services.audit.append(
        REFUND_UNDECIDED,
        subject=attempt.merchant_uid,
        details={
            "attempt_id": attempt.id,
            "imp_uid": payment.imp_uid,
            "amount": attempt.amount,
            "checksum": attempt.checksum,
            "cancel_amount": payment.cancel_amount,
            "history": [cancel.amount for cancel in payment.cancel_history],
        },
        actor=operator.name,
    )
    return Verdict(paid=False, imp_uid=payment.imp_uid, fail_reason=UNDECIDED)


def payment_of_refund(services: AppServices, attempt: Attempt) -> Payment | None:
    """The refunded payment as PortOne has it now (for the screen and the receipt)."""
    return services.client.get_payment(attempt.imp_uid) if attempt.imp_uid else None
