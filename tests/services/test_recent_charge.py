"""Which saved cards were charged since a moment: this terminal's journal and the ledger's paid
payments (a charge made elsewhere that the ledger learnt of), for any number of keys at once."""

from __future__ import annotations

from datetime import timedelta

from kcp_pos.iamport.models import AgainPaymentRequest
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.identifiers import new_order_uid
from kcp_pos.services.ledger_sync import record_payment
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.recent_charge import charges_of_keys_since, charges_since
from kcp_pos.store import utc_now
from tests.batch_support import issue_keys


def test_charges_of_many_keys_come_from_the_journal_and_the_ledger(
    services: AppServices, sandbox: SandboxServer
) -> None:
    here, elsewhere, never = (row.customer_uid for row in issue_keys(sandbox.url, 3))
    since = utc_now() - timedelta(minutes=1)
    by_hand = charge_again(
        services,
        new_again_order(customer_uid=here, amount=12_000, order_name="전화 주문"),
        operator=LOCAL_CLERK,
    )
    assert by_hand.kind is OutcomeKind.PAID
    # Charged by another system (a web shop, a schedule): the ledger learnt of it, the
    # journal never saw it.
    other = services.client.pay_again(
        AgainPaymentRequest(customer_uid=elsewhere, merchant_uid=new_order_uid(), amount=9_000)
    )
    assert other.paid and other.payment is not None
    record_payment(services.ledger, other.payment)
    strangers = [f"cust_unknown_{number:04d}" for number in range(1_200)]  # several queries

    found = charges_of_keys_since(services, [*strangers, here, elsewhere, never], since)

    assert set(found) == {here, elsewhere}
    assert [(c.merchant_uid, c.amount, c.paid) for c in found[here]] == [
        (by_hand.attempt.merchant_uid, 12_000, True)
    ]
    assert [(c.merchant_uid, c.amount, c.paid) for c in found[elsewhere]] == [
        (other.merchant_uid, 9_000, True)
    ]
    assert charges_since(services, here, since, excluding=by_hand.attempt.merchant_uid) == []
    assert charges_of_keys_since(services, [here, elsewhere], utc_now() + timedelta(1)) == {}
