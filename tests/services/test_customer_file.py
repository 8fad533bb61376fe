"""The customer's file: directory entry, the billing key as PortOne has it, and payments merged
from the ledger and PortOne's list for the key."""

from __future__ import annotations

from pathlib import Path

from kcp_pos.iamport.models import AgainPaymentRequest
from kcp_pos.services.again_charge import charge_again, new_again_order
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.customer_file import load_customer_file
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.store import LedgerStatus
from tests.conftest import make_services
from tests.services.conftest import keyed_card


def _saved(services: AppServices) -> str:
    registration = new_card_registration(name="이수진", tel="010-7777-8888")
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    return registration.customer_uid


def test_the_file_has_the_key_and_payments_made_here_and_elsewhere(
    services: AppServices,
) -> None:
    uid = _saved(services)
    here = charge_again(
        services, new_again_order(customer_uid=uid, amount=15_000), operator=LOCAL_CLERK
    )
    # Another terminal (or a web shop) charged the same key: the ledger here has never seen it.
    services.client.pay_again(
        AgainPaymentRequest(customer_uid=uid, merchant_uid="webshop_order_77", amount=7_000)
    )

    file = load_customer_file(services, uid)

    assert file.customer is not None and file.customer.name == "이수진"
    assert file.key_at_portone is True and file.billing_key is not None
    assert file.billing_key.card_number == "5570420000001234"
    assert {p.merchant_uid for p in file.payments} == {
        here.attempt.merchant_uid,
        "webshop_order_77",
    }
    assert all(p.status is LedgerStatus.PAID for p in file.payments)
    assert file.problems == ()


def test_a_key_portone_no_longer_has_is_said_so(services: AppServices) -> None:
    uid = _saved(services)
    services.client.delete_billing_key(uid, reason="고객 요청")
    file = load_customer_file(services, uid)
    assert file.key_at_portone is False and file.billing_key is None
    assert file.customer is not None  # the directory still knows who it was


def test_without_portone_the_local_part_is_still_shown(
    services: AppServices, store_dir: Path
) -> None:
    uid = _saved(services)
    unreachable = make_services("http://127.0.0.1:9", store_dir, max_retries=0)
    file = load_customer_file(unreachable, uid)
    assert file.key_at_portone is None
    assert file.customer is not None and file.customer.name == "이수진"
    assert any(problem.startswith("billing key") for problem in file.problems)
