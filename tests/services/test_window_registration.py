"""Registering a card in KCP's billing-key window against the sandbox: journalled before the
window, the customer added only once the key is read back; the window driven over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.resolution import resolve_attempt
from kcp_pos.services.window_payment import WindowOrder
from kcp_pos.services.window_registration import (
    billing_pg,
    open_billing_window,
    settle_billing_window,
)
from kcp_pos.store import utc_now
from tests.sandbox.helpers import loopback_client
from tests.sandbox.window_pages import act, open_window, rsp_of, token_of

CLERK = Operator("clerk lee", Role.CLERK)
CARD = {
    "card_number": "5570-4200-0005-1234",
    "expiry": "2030-12",
    "birth": "900101",
    "pwd_2digit": "12",
}


@pytest.fixture
def browser(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with loopback_client(sandbox.url) as http:
        yield http


def opened(services: AppServices, name: str = "김하나") -> WindowOrder:
    registration = new_card_registration(name=name, tel="010-1234-5678")
    return open_billing_window(services, registration, title="카드 등록", operator=CLERK)


def test_the_billing_pg_follows_the_shops_site() -> None:
    assert billing_pg(None) == billing_pg("kcp") == "kcp_billing"
    assert billing_pg("kcp.A52CY") == "kcp_billing.A52CY"


def test_a_card_registered_in_the_window_adds_the_customer(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    assert order.attempt.kind is AttemptKind.WINDOW_KEY
    assert order.params.amount == 0 and order.params.pg == "kcp_billing"
    uid = order.attempt.customer_uid or ""
    assert services.customers.get(uid) is None
    rsp = rsp_of(act(browser, token_of(open_window(browser, order.params.to_js())), "pay", **CARD))
    assert rsp["success"] is True
    settled = settle_billing_window(services, order.attempt, CLERK)
    assert settled.state is AttemptState.RESOLVED_PAID
    customer = services.customers.get(uid)
    assert customer is not None and customer.name == "김하나"
    assert customer.card_number is not None and customer.card_number.endswith("1234")


def test_a_cancelled_window_adds_nobody_and_is_not_registered_once_old_enough(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    act(browser, token_of(open_window(browser, order.params.to_js())), "cancel")
    first = settle_billing_window(services, order.attempt, CLERK)
    assert first.state is AttemptState.UNKNOWN
    later = utc_now() + SETTLE_AFTER + timedelta(seconds=1)
    settled = settle_billing_window(services, first, CLERK, now=later)
    assert settled.state is AttemptState.RESOLVED_FAILED
    assert services.customers.get(order.attempt.customer_uid or "") is None


def test_a_window_the_app_was_closed_on_is_settled_at_start(
    services: AppServices, browser: httpx.Client
) -> None:
    order = opened(services)
    act(browser, token_of(open_window(browser, order.params.to_js())), "pay", **CARD)
    resolved = resolve_attempt(services, services.journal.get(order.attempt.id))
    assert resolved.state is AttemptState.RESOLVED_PAID
    assert services.customers.get(order.attempt.customer_uid or "") is not None


def test_a_registration_without_a_name_writes_nothing(services: AppServices) -> None:
    with pytest.raises(InvalidOrder):
        opened(services, name=" ")
    assert list(services.journal.recent(1)) == []
