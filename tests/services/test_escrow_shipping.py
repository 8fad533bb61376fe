"""Escrow shipping against the sandbox (reference §9): a paid escrow order's shipment registered
once, read back, KCP's refusals, a lost answer read back instead of sent again, and the list of
paid escrow orders still to ship."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kcp_pos.domain.cart import Cart, CartLine
from kcp_pos.domain.errors import InputError
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.escrow_shipping import (
    Party,
    Refusal,
    ShipmentForm,
    ShipmentRefused,
    escrow_orders,
    read_shipment,
    register_shipment,
)
from kcp_pos.services.late_approvals import recheck_not_found
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.window_order import WindowBuyer, WindowOptions
from kcp_pos.services.window_payment import WindowResult, open_window_order, settle_window_order
from kcp_pos.store import utc_now
from tests.conftest import arm_fault
from tests.sandbox.helpers import get_token, loopback_client
from tests.sandbox.window_pages import act, open_window, token_of

MANAGER = Operator("manager kim", Role.MANAGER)
CART = Cart((CartLine("원두 1kg", 2, 30_000), CartLine("머그", 1, 12_000)))


def paid_order(services: AppServices, sandbox: SandboxServer, *, escrow: bool = True) -> str:
    """A window payment paid in the sandbox and settled: its imp_uid."""
    order = open_window_order(
        services, CART, buyer=WindowBuyer(name="김하나"),
        options=WindowOptions(escrow=escrow), operator=MANAGER,
    )  # fmt: skip
    with loopback_client(sandbox.url) as browser:
        act(browser, token_of(open_window(browser, order.params.to_js())), "pay", card_code="366")
    settled = settle_window_order(services, order.attempt, MANAGER)
    assert settled.result is WindowResult.PAID and settled.payment is not None
    return settled.payment.imp_uid


def form(imp_uid: str, invoice: str = "6123-4567-8901", **extra: object) -> ShipmentForm:
    values: dict[str, object] = {
        "imp_uid": imp_uid,
        "company": "CJGLS",
        "invoice": invoice,
        "sent_at": utc_now() - timedelta(hours=1),
        "sender": Party(name="행복한 꽃집", tel="02-123-4567"),
        "receiver": Party(name="김하나", tel="010-1234-5678", addr="서울시 중구", postcode="04524"),
    }
    values.update(extra)
    return ShipmentForm(**values)  # type: ignore[arg-type]


def test_a_shipment_is_registered_read_back_and_leaves_the_list(
    services: AppServices, sandbox: SandboxServer
) -> None:
    imp_uid = paid_order(services, sandbox)
    [waiting] = escrow_orders(services, to_ship_only=True)
    assert waiting.payment.imp_uid == imp_uid and waiting.shipment is None
    shipment = register_shipment(services, form(imp_uid), MANAGER)
    assert shipment.company == "CJGLS" and shipment.invoice == "6123-4567-8901"
    assert escrow_orders(services, to_ship_only=True) == []
    [shipped] = escrow_orders(services, to_ship_only=False)
    assert shipped.shipment == shipment
    logis = read_shipment(services, imp_uid, MANAGER)
    assert logis is not None and logis.invoice == "6123-4567-8901" and logis.applied_at > 0
    assert [
        e.subject for e in services.audit.entries() if e.action == "escrow_shipment_registered"
    ] == [imp_uid]


def test_a_second_registration_is_refused_and_shows_the_first(
    services: AppServices, sandbox: SandboxServer
) -> None:
    imp_uid = paid_order(services, sandbox)
    register_shipment(services, form(imp_uid), MANAGER)
    with pytest.raises(ShipmentRefused) as refused:
        register_shipment(services, form(imp_uid, invoice="999-999"), MANAGER)
    assert refused.value.refusal is Refusal.ALREADY_REGISTERED
    assert refused.value.registered is not None
    assert refused.value.registered.invoice == "6123-4567-8901"
    # the same shipment sent again is our own, seen twice: it stands
    assert register_shipment(services, form(imp_uid), MANAGER).invoice == "6123-4567-8901"


def test_a_lost_answer_is_read_back_not_sent_again(
    services: AppServices, sandbox: SandboxServer
) -> None:
    imp_uid = paid_order(services, sandbox)
    arm_fault(
        sandbox, endpoint=f"/escrows/logis/{imp_uid}", method="POST",
        mode="stall_after_commit", seconds=2, times=1,
    )  # fmt: skip
    shipment = register_shipment(services, form(imp_uid), MANAGER)
    assert shipment.invoice == "6123-4567-8901"
    assert escrow_orders(services, to_ship_only=True) == []


def test_only_paid_escrow_orders_can_ship(services: AppServices, sandbox: SandboxServer) -> None:
    plain = paid_order(services, sandbox, escrow=False)
    with pytest.raises(ShipmentRefused) as refused:
        register_shipment(services, form(plain), MANAGER)
    assert refused.value.refusal is Refusal.NOT_ESCROW
    assert escrow_orders(services, to_ship_only=True) == []


def test_bad_fields_are_named_and_nothing_is_sent(
    services: AppServices, sandbox: SandboxServer
) -> None:
    imp_uid = paid_order(services, sandbox)
    bad = form(
        imp_uid, invoice="", company="UPS", sent_at=utc_now() + timedelta(days=1),
        receiver=Party(postcode="1234"),
    )  # fmt: skip
    with pytest.raises(InvalidOrder) as invalid:
        register_shipment(services, bad, MANAGER)
    assert set(invalid.value.problems) == {
        InputError.COURIER_REQUIRED,
        InputError.INVOICE_REQUIRED,
        InputError.SENT_AT_IN_FUTURE,
        InputError.POSTCODE_FORMAT,
    }
    assert read_shipment(services, imp_uid, MANAGER) is None


def test_kcp_refuses_an_edit(services: AppServices, sandbox: SandboxServer) -> None:
    """The app never edits a shipment: KCP refuses PUT (the sandbox as reference §9 says)."""
    imp_uid = paid_order(services, sandbox)
    register_shipment(services, form(imp_uid), MANAGER)
    with loopback_client(sandbox.url) as api:
        api.headers["Authorization"] = f"Bearer {get_token(api)}"
        answer = api.put(
            f"/escrows/logis/{imp_uid}",
            json={"logis": {"company": "HANJIN", "invoice": "1", "sent_at": 1}},
        )
    assert answer.status_code == 400
    assert answer.json()["message"] == "현재 지원되지 않는 PG사입니다."
    logis = read_shipment(services, imp_uid, MANAGER)
    assert logis is not None and logis.company == "CJGLS"


def test_an_escrow_payment_of_another_amount_is_never_shipped(
    services: AppServices, sandbox: SandboxServer
) -> None:
    order = open_window_order(
        services, CART, buyer=WindowBuyer(name="김하나"),
        options=WindowOptions(escrow=True), operator=MANAGER,
    )  # fmt: skip
    uid = order.attempt.merchant_uid or ""
    with loopback_client(sandbox.url) as api:
        api.headers["Authorization"] = f"Bearer {get_token(api)}"
        api.put("/payments/prepare", json={"merchant_uid": uid, "amount": 1_000}).raise_for_status()
        tampered = {**order.params.to_js(), "amount": 1_000}
        tampered["kcpProducts"] = [
            {"orderNumber": "x", "name": "y", "quantity": 1, "amount": 1_000}
        ]
        act(api, token_of(open_window(api, tampered)), "pay", card_code="366")
    settled = settle_window_order(services, order.attempt, MANAGER)
    assert settled.result is WindowResult.AMOUNT_MISMATCH and settled.payment is not None
    assert escrow_orders(services, to_ship_only=True) == []
    with pytest.raises(ShipmentRefused) as refused:
        register_shipment(services, form(settled.payment.imp_uid), MANAGER)
    assert refused.value.refusal is Refusal.NOT_COUNTED


def test_an_escrow_order_paid_late_can_be_shipped(
    services: AppServices, sandbox: SandboxServer
) -> None:
    order = open_window_order(
        services, CART, buyer=WindowBuyer(name="김하나"),
        options=WindowOptions(escrow=True), operator=MANAGER,
    )  # fmt: skip
    with loopback_client(sandbox.url) as browser:
        token = token_of(open_window(browser, order.params.to_js()))
        first = settle_window_order(services, order.attempt, MANAGER)
        later = utc_now() + SETTLE_AFTER + timedelta(seconds=1)
        settle_window_order(services, first.attempt, MANAGER, now=later)  # "not paid"
        act(browser, token, "pay", card_code="366")  # paid on the buyer's phone after all
    recheck_not_found(services)
    [waiting] = escrow_orders(services, to_ship_only=True)
    shipment = register_shipment(services, form(waiting.payment.imp_uid), MANAGER)
    assert shipment.merchant_uid == order.attempt.merchant_uid
