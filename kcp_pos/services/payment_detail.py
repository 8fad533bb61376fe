"""Everything the back office shows about one payment: the ledger's record, PortOne's answer now
(its cancel history), this terminal's attempts under the payment's `merchant_uid` and the audit
entries about it.

PortOne is asked each time the detail is opened, so a refund made elsewhere shows; what it says
is recorded in the ledger (only when it changed). When PortOne cannot be reached the ledger's
record is shown with the reason, never nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kcp_pos.iamport.errors import IamportError
from kcp_pos.iamport.models import Payment, PaymentCancel
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import record_payment_if_changed
from kcp_pos.store import Attempt, AuditEntry, LedgerPayment


@dataclass(frozen=True)
class PaymentDetail:
    imp_uid: str
    payment: LedgerPayment | None
    """The ledger's record (None: PortOne knows it, this terminal has never recorded it)."""
    remote: Payment | None
    """PortOne's answer now (None: not reachable, see `remote_problem`)."""
    remote_problem: str | None
    attempts: Sequence[Attempt]
    audit: Sequence[AuditEntry]

    @property
    def cancels(self) -> Sequence[PaymentCancel]:
        return () if self.remote is None else self.remote.cancel_history


def load_payment_detail(services: AppServices, imp_uid: str) -> PaymentDetail:
    remote: Payment | None = None
    problem: str | None = None
    try:
        remote = services.client.get_payment(imp_uid)
        record_payment_if_changed(services.ledger, remote)
    except IamportError as error:
        problem = type(error).__name__
    payment = services.ledger.get(imp_uid)
    merchant_uid = payment.merchant_uid if payment else (remote.merchant_uid if remote else None)
    attempts = services.journal.find_by_merchant_uid(merchant_uid) if merchant_uid else ()
    audit = services.audit.entries(subject=merchant_uid) if merchant_uid else ()
    return PaymentDetail(imp_uid, payment, remote, problem, attempts, audit)
