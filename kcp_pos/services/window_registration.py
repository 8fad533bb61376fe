"""Registering a card in KCP's billing-key window (issue 10): the customer types the card into the
window (`pg: kcp_billing[.site]`, `customer_uid`, `amount: 0` shown for display only), never into
the app.

The attempt is journalled (`AttemptKind.WINDOW_KEY`, with a fresh `customer_uid`) before the
window opens. Whatever the window says, the card counts as registered only once
`GET /subscribe/customers/{customer_uid}` returns a key written since the attempt began; only
then is the customer added to the directory (`card_registration.save_customer`). No key found is
"not registered" once the attempt is old enough, as for any lost answer; the same lookup settles
a window the app was closed on (`resolution.LOOKUPS`).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.language import Language
from kcp_pos.iamport.window import RequestPayParams, WindowPayMethod
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import (
    CardRegistration,
    checked_registration,
    key_read_back,
)
from kcp_pos.services.money_call import InvalidOrder, RequestNotBuilt
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Verdict, apply_verdict
from kcp_pos.services.window_payment import WindowOrder, is_old_enough
from kcp_pos.store import Attempt, NewAttempt


def billing_pg(pg: str | None) -> str:
    """The billing window's `pg` for the shop's `pg`: `kcp.A52CY` → `kcp_billing.A52CY`."""
    site = (pg or "").partition(".")[2]
    return f"kcp_billing.{site}" if site else "kcp_billing"


def open_billing_window(
    services: AppServices,
    registration: CardRegistration,
    *,
    title: str,
    operator: Operator,
    language: Language = Language.KO,
) -> WindowOrder:
    """Check and journal the registration; the window's parameters (`InvalidOrder`,
    `RequestNotBuilt`: nothing written). `title` is the window's order name."""
    clean, problems = checked_registration(registration)
    if problems:
        raise InvalidOrder(problems)
    try:
        params = RequestPayParams(
            pg=billing_pg(services.pg),
            pay_method=WindowPayMethod.CARD,
            merchant_uid=clean.merchant_uid,
            name=title,
            amount=0,
            customer_uid=clean.customer_uid,
            buyer_name=clean.name,
            buyer_tel=clean.tel,
            buyer_email=clean.email,
            language=language.value,
        )
    except ValidationError as error:
        raise RequestNotBuilt(error) from None
    new = NewAttempt(
        kind=AttemptKind.WINDOW_KEY,
        merchant_uid=clean.merchant_uid,
        amount=0,
        buyer_name=clean.name,
        buyer_tel=clean.tel,
        buyer_email=clean.email,
        customer_uid=clean.customer_uid,
    )
    return WindowOrder(services.journal.begin(new, actor=operator.name), params)


def settle_billing_window(
    services: AppServices, attempt: Attempt, operator: Operator, *, now: datetime | None = None
) -> Attempt:
    """Look the key up and journal what that proves (lookup errors propagate)."""
    if not attempt.is_unresolved:
        return attempt
    verdict = window_key_verdict(services, attempt, is_old_enough(attempt, now), operator)
    return apply_verdict(services, attempt, verdict, operator)


def window_key_verdict(
    services: AppServices, attempt: Attempt, old_enough: bool, operator: Operator
) -> Verdict:
    """A key under the attempt's fresh `customer_uid`, written since it began, is its card."""
    return key_read_back(services, attempt, old_enough, operator, same_card=False)
