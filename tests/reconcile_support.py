"""A ledger and a sandbox that disagree in every way reconciliation knows, for the service's
and the dialog's tests: payments made on the sandbox directly (the ledger does not know them),
cancelled there after the ledger recorded them, and a ledger row the sandbox never had."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.models import CancelRequest, Payment
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import record_payment
from kcp_pos.store import LedgerStatus, PaymentSnapshot
from tests.conftest import advance_clock
from tests.iamport.conftest import onetime

LOCAL_ONLY_IMP_UID = "imp_999999999901"


@dataclass(frozen=True)
class Disagreement:
    since: datetime
    until: datetime
    agreeing: str
    made_elsewhere: str
    cancelled_elsewhere: str
    refunded_more_elsewhere: str
    local_only: str


def pay(client: IamportClient, merchant_uid: str, amount: int) -> Payment:
    result = client.pay_onetime(onetime(merchant_uid, amount))
    assert result.payment is not None and result.paid
    return result.payment


def refund(client: IamportClient, payment: Payment, amount: int) -> Payment:
    balance = payment.amount - payment.cancel_amount
    request = CancelRequest(imp_uid=payment.imp_uid, amount=amount, checksum=balance, reason="t")
    return client.cancel_payment(request)


def sandbox_now(sandbox: SandboxServer) -> datetime:
    return datetime.fromtimestamp(advance_clock(sandbox, 0), UTC)


def make_disagreement(services: AppServices, sandbox: SandboxServer) -> Disagreement:
    client, ledger = services.client, services.ledger
    since = sandbox_now(sandbox) - timedelta(hours=1)
    agreeing = pay(client, "rec-agreeing", 1000)
    record_payment(ledger, agreeing)
    advance_clock(sandbox, 86_400)  # the rest a day later: the range spans days
    made_elsewhere = pay(client, "rec-elsewhere", 2000)  # the ledger never hears of it
    cancelled = pay(client, "rec-cancelled", 3000)
    record_payment(ledger, cancelled)
    refund(client, cancelled, 3000)  # on PortOne only: the ledger still says paid
    partly = refund(client, pay(client, "rec-partly", 4000), 1000)
    record_payment(ledger, partly)
    refund(client, partly, 500)  # the ledger knows of 1000 refunded, PortOne of 1500
    ledger.record(
        PaymentSnapshot(
            imp_uid=LOCAL_ONLY_IMP_UID,
            merchant_uid="rec-local-only",
            status=LedgerStatus.PAID,
            amount=5000,
            started_at=sandbox_now(sandbox),
        )
    )
    return Disagreement(
        since=since,
        until=sandbox_now(sandbox) + timedelta(minutes=1),
        agreeing=agreeing.imp_uid,
        made_elsewhere=made_elsewhere.imp_uid,
        cancelled_elsewhere=cancelled.imp_uid,
        refunded_more_elsewhere=partly.imp_uid,
        local_only=LOCAL_ONLY_IMP_UID,
    )
