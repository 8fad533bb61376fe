"""Window payments against the sandbox (issue 10): journalled before the window opens, the amount
registered, and settled only by looking the order up; the window itself is driven over HTTP as
the SDK's frame drives it (the browser is tested in tests/ui/cart/)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.cart import Cart, CartLine
from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.window import WindowPayMethod
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.late_approvals import recheck_not_found, unacknowledged
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.services.window_order import WindowBuyer, WindowOptions
from kcp_pos.services.window_payment import (
    WindowNotOpened,
    WindowOrder,
    WindowResult,
    awaiting_deposit,
    check_window_order,
    open_window_order,
    settle_window_order,
)
from kcp_pos.store import utc_now
from tests.conftest import arm_fault
from tests.sandbox.helpers import get_token, loopback_client
from tests.sandbox.window_pages import act, open_window, token_of

CLERK = Operator("clerk lee", Role.CLERK)
CART = Cart(
    (
        CartLine("원두 1kg", 1, 30_000),
        CartLine("드립백", 3, 5_000),
        CartLine("머그", 1, 12_000),
    )
)
BUYER = WindowBuyer(name="김하나", tel="010-1234-5678")
ESCROW = WindowOptions(escrow=True)


@pytest.fixture
def browser(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    """What the window's frame sends (no token: the page is the buyer's)."""
    with loopback_client(sandbox.url) as http:
        yield http


def opened(services: AppServices, options: WindowOptions = ESCROW) -> WindowOrder:
    return open_window_order(services, CART, buyer=BUYER, options=options, operator=CLERK)


def show(browser: httpx.Client, order: WindowOrder) -> str:
    """The window opened with the order's parameters, as the SDK hands them over."""
    return token_of(open_window(browser, order.params.to_js()))


def later() -> datetime:
    return utc_now() + SETTLE_AFTER + timedelta(seconds=1)


def test_the_order_is_journalled_and_its_amount_registered_before_the_window(
    services: AppServices,
) -> None:
    order = opened(services)
    assert order.attempt.kind is AttemptKind.WINDOW
    assert services.journal.get(order.attempt.id).state is AttemptState.SENDING
    assert order.params.amount == 57_000 == order.attempt.amount
    prepared = services.client.get_prepared_payment(order.attempt.merchant_uid or "")
    assert prepared.amount == 57_000
    assert [p.name for p in order.params.kcpProducts or []] == ["원두 1kg", "드립백", "머그"]


def test_a_paid_window_is_settled_by_lookup(services: AppServices, browser: httpx.Client) -> None:
    order = opened(services)
    act(browser, show(browser, order), "pay", card_code="366", card_quota="0")
    settled = settle_window_order(services, order.attempt, CLERK)
    assert settled.result is WindowResult.PAID
    assert settled.attempt.state is AttemptState.RESOLVED_PAID
    assert settled.payment is not None and settled.payment.escrow is True
    assert services.ledger.get(settled.payment.imp_uid) is not None


def test_a_declined_or_cancelled_window_is_not_paid(
    services: AppServices, browser: httpx.Client
) -> None:
    declined = opened(services)
    act(browser, show(browser, declined), "pay", card_code="366", outcome="CC10")
    settled = settle_window_order(services, declined.attempt, CLERK)
    assert settled.result is WindowResult.NOT_PAID
    assert settled.attempt.fail_reason == "[CC10] 통장 잔액부족"
    cancelled = opened(services)
    act(browser, show(browser, cancelled), "cancel")
    settled = settle_window_order(services, cancelled.attempt, CLERK)
    assert settled.result is WindowResult.NOT_PAID
    assert settled.attempt.state is AttemptState.RESOLVED_FAILED


def test_a_window_closed_mid_way_stays_unknown_until_old_enough(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    show(browser, order)  # the window opened, and the clerk closed the dialog
    first = settle_window_order(services, order.attempt, CLERK)
    assert first.result is WindowResult.UNKNOWN
    assert first.attempt.state is AttemptState.UNKNOWN
    settled = settle_window_order(services, first.attempt, CLERK, now=later())
    assert settled.result is WindowResult.NOT_PAID
    assert settled.attempt.fail_reason == "the window was left without paying"


def test_a_window_that_never_opened_is_not_paid_once_old_enough(services: AppServices) -> None:
    order = opened(services)
    first = settle_window_order(services, order.attempt, CLERK)
    assert first.result is WindowResult.UNKNOWN
    settled = settle_window_order(services, first.attempt, CLERK, now=later())
    assert settled.result is WindowResult.NOT_PAID


def test_a_payment_of_another_amount_is_an_alert_never_success(
    services: AppServices, browser: httpx.Client, sandbox: SandboxServer
) -> None:
    order = opened(services)
    uid = order.attempt.merchant_uid or ""
    # Someone with the API keys changes the registered amount and pays less in a window.
    with loopback_client(sandbox.url) as api:
        api.headers["Authorization"] = f"Bearer {get_token(api)}"
        api.put("/payments/prepare", json={"merchant_uid": uid, "amount": 1_000}).raise_for_status()
    tampered = order.params.model_copy(update={"amount": 1_000, "kcpProducts": None})
    token = token_of(open_window(browser, {**tampered.to_js(), "escrow": False}))
    act(browser, token, "pay", card_code="366")
    settled = settle_window_order(services, order.attempt, CLERK)
    assert settled.result is WindowResult.AMOUNT_MISMATCH
    assert settled.attempt.state is AttemptState.RESOLVED_FAILED
    assert settled.attempt.fail_reason == "amount mismatch: paid 1000 KRW, ordered 57000 KRW"
    [entry] = [e for e in services.audit.entries() if e.action == "window_amount_mismatch"]
    assert entry.subject == uid and entry.details["paid"] == 1_000
    assert settle_window_order(services, settled.attempt, CLERK).result is (
        WindowResult.AMOUNT_MISMATCH
    )


def test_a_tampered_amount_is_refused_by_the_window(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    tampered = {**order.params.to_js(), "amount": 1_000}
    page = open_window(browser, tampered)
    assert "사전등록된 결제금액과 요청 금액이 일치하지 않습니다." in page
    assert settle_window_order(services, order.attempt, CLERK).result is WindowResult.UNKNOWN


def test_a_virtual_account_awaits_its_deposit(
    services: AppServices, browser: httpx.Client, sandbox: SandboxServer
) -> None:
    order = opened(services, WindowOptions(escrow=True, pay_method=WindowPayMethod.VBANK))
    act(browser, show(browser, order), "pay", bank_code="004")
    waiting = settle_window_order(services, order.attempt, CLERK, now=later())
    assert waiting.result is WindowResult.AWAITING_DEPOSIT
    assert waiting.payment is not None and waiting.payment.vbank_num
    assert waiting.attempt.state is AttemptState.UNKNOWN
    imp_uid = waiting.payment.imp_uid
    httpx.post(f"{sandbox.url}/__sandbox__/vbank/{imp_uid}/deposit").raise_for_status()
    assert settle_window_order(services, waiting.attempt, CLERK).result is WindowResult.PAID


def test_an_amount_that_cannot_be_registered_opens_no_window(
    services: AppServices, sandbox: SandboxServer
) -> None:
    arm_fault(sandbox, endpoint="/payments/prepare", mode="error", status=500, times=1)
    with pytest.raises(WindowNotOpened):
        opened(services)
    [attempt] = services.journal.recent(1)
    assert attempt.kind is AttemptKind.WINDOW and attempt.state is AttemptState.FAILED


def test_a_bad_order_writes_nothing(services: AppServices) -> None:
    with pytest.raises(InvalidOrder):
        open_window_order(services, Cart(), buyer=BUYER, options=ESCROW, operator=CLERK)
    assert list(services.journal.recent(1)) == []


def test_a_window_paid_while_the_app_was_gone_is_settled_at_start_once(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    act(browser, show(browser, order), "pay", card_code="381")
    attempt = services.journal.get(order.attempt.id)  # still `sending`: the app died
    resolved = resolve_attempt(services, attempt)
    assert resolved.state is AttemptState.RESOLVED_PAID
    assert resolve_attempt(services, resolved) == resolved  # settled once


def test_nothing_is_prepared_for_a_refused_order(services: AppServices) -> None:
    with pytest.raises(InvalidOrder):
        open_window_order(
            services, CART, buyer=WindowBuyer(email="not-an-email"), options=ESCROW, operator=CLERK
        )
    with pytest.raises(NotFoundError):
        services.client.get_prepared_payment("kcp_none")


def test_a_gift_certificate_is_paid_with_the_buyers_gift_site_id(
    services: AppServices, browser: httpx.Client
) -> None:
    options = WindowOptions(pay_method=WindowPayMethod.CULTURELAND, shop_user_id="hana-77")
    order = open_window_order(
        services, CART, buyer=BUYER, options=options, operator=CLERK, pg="kcp.A7GFT"
    )
    assert order.params.pg == "kcp.A7GFT" and order.params.bypass is not None
    page = open_window(browser, order.params.to_js())
    assert "hana-77" in page
    act(browser, token_of(page), "pay", gift_pin="1234-5678-9012-3456")
    settled = settle_window_order(services, order.attempt, CLERK)
    assert settled.result is WindowResult.PAID
    assert settled.payment is not None and settled.payment.pay_method == "cultureland"
    assert settled.payment.pg_id == "A7GFT"


def test_a_window_paid_after_it_was_settled_not_paid_is_a_late_approval(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    token = show(browser, order)  # the window stays open on the buyer's side
    first = settle_window_order(services, order.attempt, CLERK)
    abandoned = settle_window_order(services, first.attempt, CLERK, now=later())
    assert abandoned.result is WindowResult.NOT_PAID and abandoned.attempt.not_found
    act(browser, token, "pay", card_code="366")  # paid on the buyer's phone, after all
    again = check_window_order(services, order.attempt.merchant_uid or "", CLERK)
    assert again is not None and again.result is WindowResult.PAID and again.late
    [late] = unacknowledged(services)
    assert late.merchant_uid == order.attempt.merchant_uid and late.amount == 57_000


def test_the_periodic_recheck_finds_a_late_window_payment(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    token = show(browser, order)
    first = settle_window_order(services, order.attempt, CLERK)
    settle_window_order(services, first.attempt, CLERK, now=later())
    act(browser, token, "pay", card_code="366")
    found = recheck_not_found(services)
    assert [late.merchant_uid for late in found.found] == [order.attempt.merchant_uid]


def test_a_virtual_account_for_another_amount_is_an_alert(
    services: AppServices, browser: httpx.Client, sandbox: SandboxServer
) -> None:
    order = opened(services, WindowOptions(escrow=True, pay_method=WindowPayMethod.VBANK))
    uid = order.attempt.merchant_uid or ""
    with loopback_client(sandbox.url) as api:
        api.headers["Authorization"] = f"Bearer {get_token(api)}"
        api.put("/payments/prepare", json={"merchant_uid": uid, "amount": 1_000}).raise_for_status()
    tampered = {**order.params.to_js(), "amount": 1_000, "escrow": False}
    tampered.pop("kcpProducts")
    act(browser, token_of(open_window(browser, tampered)), "pay", bank_code="004")
    settled = settle_window_order(services, order.attempt, CLERK)
    assert settled.result is WindowResult.AMOUNT_MISMATCH
    assert "virtual account for 1000 KRW" in (settled.attempt.fail_reason or "")
    assert awaiting_deposit(services) == []
