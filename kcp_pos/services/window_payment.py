"""A payment made in the payment window (issue 10), from the cart to a settled journal row.

`open_window_order` checks the order (`window_order.window_params`, `InvalidOrder`), journals
the attempt (`AttemptKind.WINDOW`, in `sending`) and only then registers its amount with
`POST /payments/prepare`; the window may open once that returns. If the amount cannot be
registered the window never opens and the attempt is failed: nothing could be paid under an id
no window ever used.

What the window says (`rsp`) proves nothing. `settle_window_order` looks the order up by its
`merchant_uid` (`findAll`): paid means a payment `paid` (or since cancelled) for exactly the
amount journalled. A payment for another amount is an alert (`WindowResult.AMOUNT_MISMATCH`),
recorded in the audit log and settled as not paid, never shown as success. A virtual account
waits for its deposit (`AWAITING_DEPOSIT`, unknown in the journal) until paid or past its due
date; a window left `ready` (closed mid-way) and nothing found at all are "not paid" only once
the attempt is old enough (`check_schedule.SETTLE_AFTER`), as for any lost answer. Until then
the attempt stays unknown, and the screen's follow-up or the next start settles it
(`window_verdict` is the lookup `resolution.LOOKUPS` uses).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.cart import Cart
from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.iamport.errors import IamportError
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.iamport.window import RequestPayParams, WindowPayMethod
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.charges import CHARGED, record_found
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.identifiers import new_order_uid
from kcp_pos.services.late_approvals import recheck_one
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import NOT_YET, Verdict, apply_verdict, nothing_found
from kcp_pos.services.window_order import WindowBuyer, WindowOptions, window_params
from kcp_pos.store import Attempt, LedgerPayment, LedgerStatus, NewAttempt, utc_now

log = logging.getLogger(__name__)

DEFAULT_PG: Final = "kcp"
NOT_OPENED: Final = "the window was not opened: the amount could not be registered"
ABANDONED: Final = "the window was left without paying"
EXPIRED: Final = "the virtual account expired without a deposit"
NOTHING_FOUND: Final = "no payment with this merchant_uid"
MISMATCH_ACTION: Final = "window_amount_mismatch"
MISMATCH_REASON: Final = "amount mismatch"


class WindowNotOpened(Exception):
    """The amount could not be registered; the attempt is failed and no window may open."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WindowResult(StrEnum):
    PAID = "paid"
    NOT_PAID = "not_paid"  # declined, cancelled, abandoned or expired: confirmed
    AWAITING_DEPOSIT = "awaiting_deposit"  # a virtual account issued, not yet paid into
    AMOUNT_MISMATCH = "amount_mismatch"  # paid, but not the amount ordered: an alert
    UNKNOWN = "unknown"  # nothing conclusive yet: looked up again


@dataclass(frozen=True)
class WindowOrder:
    """A journalled order whose amount is registered: what the window is opened with."""

    attempt: Attempt
    params: RequestPayParams


@dataclass(frozen=True)
class WindowSettlement:
    result: WindowResult
    attempt: Attempt
    payment: Payment | None = None
    late: bool = False
    """Paid after the app had settled the order as not paid (a late approval, recorded and
    shown on the terminal until acknowledged)."""


def open_window_order(
    services: AppServices,
    cart: Cart,
    *,
    buyer: WindowBuyer,
    options: WindowOptions,
    operator: Operator,
    pg: str | None = None,
) -> WindowOrder:
    """Check, journal, register the amount; `InvalidOrder` (nothing written) or
    `WindowNotOpened` (journalled as failed)."""
    merchant_uid = new_order_uid()
    chosen_pg = pg or services.pg or DEFAULT_PG
    params = window_params(
        cart, merchant_uid=merchant_uid, pg=chosen_pg, buyer=buyer, options=options
    )
    new = NewAttempt(
        kind=AttemptKind.WINDOW,
        merchant_uid=merchant_uid,
        amount=params.amount,
        order_name=params.name,
        tax_free=params.tax_free or 0,
        buyer_name=params.buyer_name,
        buyer_tel=params.buyer_tel,
        buyer_email=params.buyer_email,
    )
    attempt = services.journal.begin(new, actor=operator.name)
    try:
        services.client.prepare_payment(merchant_uid, params.amount)
    except IamportError as error:
        reason = f"{NOT_OPENED} ({error.message})"
        services.journal.mark_failed(attempt.id, fail_reason=reason, actor=operator.name)
        raise WindowNotOpened(error.message) from None
    return WindowOrder(attempt, params)


def settle_window_order(
    services: AppServices, attempt: Attempt, operator: Operator, *, now: datetime | None = None
) -> WindowSettlement:
    """Look the order up and journal what the lookup proves (lookup errors propagate)."""
    if not attempt.is_unresolved:
        return _settled(attempt)
    old_enough = is_old_enough(attempt, now)
    result, payment, verdict = _judge(services, attempt, old_enough, operator, now=now)
    return WindowSettlement(result, apply_verdict(services, attempt, verdict, operator), payment)


def window_verdict(
    services: AppServices, attempt: Attempt, old_enough: bool, operator: Operator
) -> Verdict:
    """The lookup of a window payment whose outcome is not settled (`resolution.LOOKUPS`)."""
    return _judge(services, attempt, old_enough, operator)[2]


def is_old_enough(attempt: Attempt, now: datetime | None) -> bool:
    """Unknown for `SETTLE_AFTER` already: "nothing found" now means "not done"."""
    if attempt.state is not AttemptState.UNKNOWN:
        return False
    return (now or utc_now()) - attempt.updated_at >= SETTLE_AFTER


def _judge(
    services: AppServices,
    attempt: Attempt,
    old_enough: bool,
    operator: Operator,
    *,
    now: datetime | None = None,
) -> tuple[WindowResult, Payment | None, Verdict]:
    merchant_uid = attempt.merchant_uid
    if not merchant_uid:
        raise ValueError("a window attempt without merchant_uid cannot be looked up")
    found = services.client.find_every_payment(merchant_uid)
    charged = [payment for payment in found if payment.status in CHARGED]
    record_found(services, attempt, found, None, operator)
    exact = [payment for payment in charged if payment.amount == attempt.amount]
    if exact:
        return WindowResult.PAID, exact[0], Verdict(paid=True, imp_uid=exact[0].imp_uid)
    if charged:
        return WindowResult.AMOUNT_MISMATCH, charged[0], _mismatch(services, attempt, charged[0])
    ready = [payment for payment in found if payment.status is PaymentStatus.READY]
    deposit_awaited = [payment for payment in ready if payment.vbank_num]
    if deposit_awaited:
        exact = [payment for payment in deposit_awaited if payment.amount == attempt.amount]
        if not exact:  # a virtual account for another amount: the buyer must not pay into it
            issued = deposit_awaited[0]
            return WindowResult.AMOUNT_MISMATCH, issued, _mismatch(services, attempt, issued)
        return _awaiting(exact[0], now or utc_now())
    if ready:
        verdict = Verdict(paid=False, fail_reason=ABANDONED) if old_enough else NOT_YET
        return _unless_settled(verdict), ready[0], verdict
    failed = [payment for payment in found if payment.status is PaymentStatus.FAILED]
    if failed:
        latest = max(failed, key=lambda p: (p.failed_at, p.started_at))
        reason = redact_card_numbers(latest.fail_reason or "declined")
        return WindowResult.NOT_PAID, latest, Verdict(False, latest.imp_uid, reason)
    verdict = nothing_found(old_enough, NOTHING_FOUND)
    return _unless_settled(verdict), None, verdict


def _awaiting(payment: Payment, now: datetime) -> tuple[WindowResult, Payment | None, Verdict]:
    if payment.vbank_date and payment.vbank_date < int(now.timestamp()):
        return WindowResult.NOT_PAID, payment, Verdict(False, payment.imp_uid, EXPIRED)
    return WindowResult.AWAITING_DEPOSIT, payment, NOT_YET


def _unless_settled(verdict: Verdict) -> WindowResult:
    return WindowResult.UNKNOWN if verdict.paid is None else WindowResult.NOT_PAID


def _mismatch(services: AppServices, attempt: Attempt, payment: Payment) -> Verdict:
    """Money moved, but not the amount ordered: recorded for the back office, never success."""
    what = "virtual account for" if payment.status is PaymentStatus.READY else "paid"
    reason = f"{MISMATCH_REASON}: {what} {payment.amount} KRW, ordered {attempt.amount} KRW"
    log.warning("window payment %s: %s", payment.imp_uid, reason)
    try:
        services.audit.append(
            MISMATCH_ACTION,
            subject=attempt.merchant_uid,
            details={
                "imp_uid": payment.imp_uid,
                "paid": payment.amount,
                "ordered": attempt.amount,
                "attempt": attempt.id,
            },
        )
    except Exception as error:  # the journal's fail_reason still says it
        log.error("mismatch of %s not audited: %s", payment.imp_uid, type(error).__name__)
    return Verdict(paid=False, imp_uid=payment.imp_uid, fail_reason=reason)


def _settled(attempt: Attempt) -> WindowSettlement:
    """An attempt settled earlier (by the follow-up or at start), as it stands."""
    if attempt.state in (AttemptState.PAID, AttemptState.RESOLVED_PAID):
        return WindowSettlement(WindowResult.PAID, attempt)
    if (attempt.fail_reason or "").startswith(MISMATCH_REASON):
        return WindowSettlement(WindowResult.AMOUNT_MISMATCH, attempt)
    return WindowSettlement(WindowResult.NOT_PAID, attempt)


def awaiting_deposit(services: AppServices) -> list[LedgerPayment]:
    """Virtual accounts issued and not yet paid into: ready in the ledger, and not settled
    since (expired or found paid) in the journal."""
    ready = services.ledger.list_payments(status=LedgerStatus.READY)
    return [
        payment
        for payment in ready
        if payment.pay_method == WindowPayMethod.VBANK.value and _still_open(services, payment)
    ]


def _still_open(services: AppServices, payment: LedgerPayment) -> bool:
    attempts = window_attempts(services, payment.merchant_uid)
    return not attempts or attempts[-1].is_unresolved


def window_attempts(services: AppServices, merchant_uid: str) -> list[Attempt]:
    """The window orders journalled under `merchant_uid`, oldest first."""
    return [
        attempt
        for attempt in services.journal.find_by_merchant_uid(merchant_uid)
        if attempt.kind is AttemptKind.WINDOW
    ]


def check_window_order(
    services: AppServices, merchant_uid: str, operator: Operator
) -> WindowSettlement | None:
    """Look the window order `merchant_uid` up again (a virtual account's deposit, a window
    left open, one settled as not paid that the buyer paid after all); None when this terminal
    did not open it."""
    attempts = window_attempts(services, merchant_uid)
    if not attempts:
        return None
    attempt = attempts[-1]
    if attempt.is_unresolved:
        return settle_window_order(services, attempt, operator)
    if attempt.not_found:
        late, found = recheck_one(services, attempt, operator)
        payment = next((p for p in found if p.amount == attempt.amount), None)
        if late is not None:
            return WindowSettlement(WindowResult.PAID, attempt, payment, late=True)
        return WindowSettlement(WindowResult.NOT_PAID, attempt, payment)
    found = services.client.find_every_payment(merchant_uid)
    payment = next((p for p in found if p.amount == attempt.amount), None)
    return WindowSettlement(_settled(attempt).result, attempt, payment)
