"""Replacing a customer's saved card: a new billing key for the new card, then the old key
deleted at PortOne.

The new card gets a new `customer_uid` (`identifiers.new_customer_uid`): issuing a key again
under the old uid would not revoke the old card's key at KCP. The old key is deleted explicitly
(`billing_key_removal.retire_key`, reason "card replaced by …") only once the new one is
known to exist, so the customer is never left without a card: `replace_card` registers (the
money-call path, a lost answer is read back, never sent again) and `retire_replaced_key` deletes.
A screen runs the second when the first is paid, straight away or after a follow-up. If the
deletion fails, the old key stays (its customer too) and can be deleted again, safely: a key
already gone counts as deleted.

The replacement itself is written down before the registration is sent (`store.ReplacementBook`)
and closed when the old key is deleted or the registration failed. One left open (the app died,
the dialog closed while the outcome was unknown) is finished by `finish_replacements`, which the
app runs once the services are ready: paid, the old key is deleted; failed, it is closed.

A key with booked schedules is not replaced (nothing is sent): deleting it would make them fail.
Revoke them first, as before a deletion.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.billing_key_removal import (
    SchedulesPending,
    booked_schedules,
    retire_key,
)
from kcp_pos.services.card_registration import (
    CardRegistration,
    new_card_registration,
    register_card,
)
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink
from kcp_pos.store import (
    Customer,
    OpenReplacement,
    ReplacementBook,
    ReplacementOutcome,
    utc_now,
)

log = logging.getLogger(__name__)

NOT_JOURNALLED_AFTER: Final = timedelta(minutes=1)
"""An open replacement whose registration is still not in the journal after this was never sent
(the app stopped between the two writes)."""


@dataclass(frozen=True)
class CardReplacement:
    """The old key and the registration of the new card (a new `customer_uid`)."""

    old_customer_uid: str
    registration: CardRegistration

    @property
    def reason(self) -> str:
        """The deletion reason audited for the old key."""
        return replaced_reason(self.registration.customer_uid)


def replaced_reason(new_customer_uid: str) -> str:
    return f"card replaced by {new_customer_uid}"


def new_card_replacement(
    old: Customer,
    *,
    name: str | None,
    tel: str | None = None,
    email: str | None = None,
    now: datetime | None = None,
) -> CardReplacement:
    """Replace `old`'s card; the contact details are those typed now (prefilled from `old`)."""
    registration = new_card_registration(name=name, tel=tel, email=email, now=now)
    return CardReplacement(old_customer_uid=old.customer_uid, registration=registration)


def replace_card(
    services: AppServices,
    card: KeyedCard,
    replacement: CardReplacement,
    *,
    operator: Operator,
    progress: ProgressSink = NO_PROGRESS,
    now: datetime | None = None,
) -> Outcome:
    """Register `card` as the new key; `SchedulesPending` (nothing sent) while the old key has
    booked schedules. Call `retire_replaced_key` once the outcome is paid."""
    booked = booked_schedules(services, replacement.old_customer_uid, now=now or utc_now())
    if booked:
        raise SchedulesPending(booked)
    book = ReplacementBook(services.database)
    registration = replacement.registration
    book.open(
        old_customer_uid=replacement.old_customer_uid,
        new_customer_uid=registration.customer_uid,
        merchant_uid=registration.merchant_uid,
        operator=operator.name,
    )
    try:
        outcome = register_card(services, card, registration, operator=operator, progress=progress)
    except Exception:
        if not services.journal.find_by_merchant_uid(registration.merchant_uid):
            book.close(registration.merchant_uid, ReplacementOutcome.ABANDONED)  # never sent
        raise
    if outcome.kind is OutcomeKind.DECLINED:
        book.close(registration.merchant_uid, ReplacementOutcome.ABANDONED)
    return outcome


def retire_replaced_key(
    services: AppServices, replacement: CardReplacement, *, operator: Operator
) -> Customer:
    """Delete the old key at PortOne and its customer here, with the reason audited."""
    retired = retire_key(
        services, replacement.old_customer_uid, replacement.reason, operator=operator
    )
    ReplacementBook(services.database).close(
        replacement.registration.merchant_uid, ReplacementOutcome.RETIRED
    )
    return retired


def finish_replacements(
    services: AppServices, *, operator: Operator, now: datetime | None = None
) -> int:
    """Finish the replacements left open: the new card's registration paid, delete the old key;
    failed (or never sent), close it; still unknown, leave it for later. Returns how many old
    keys were deleted. A deletion that fails (booked schedules, no answer) stays open."""
    book = ReplacementBook(services.database)
    moment = now or utc_now()
    retired = 0
    for open_one in book.still_open():
        attempts = services.journal.find_by_merchant_uid(open_one.merchant_uid)
        state = attempts[0].state if attempts else None
        if state in (AttemptState.PAID, AttemptState.RESOLVED_PAID):
            if _new_card_kept(services, open_one.new_customer_uid):
                retired += _retire_open(services, open_one, operator)
            else:  # the new card was deleted meanwhile: the customer keeps the old one
                book.close(open_one.merchant_uid, ReplacementOutcome.ABANDONED)
        elif state in (AttemptState.FAILED, AttemptState.RESOLVED_FAILED) or (
            state is None and moment - open_one.created_at > NOT_JOURNALLED_AFTER
        ):
            book.close(open_one.merchant_uid, ReplacementOutcome.ABANDONED)
    return retired


def _new_card_kept(services: AppServices, new_customer_uid: str) -> bool:
    """The new card still exists, here and at PortOne (a failed lookup raises: try later)."""
    customer = services.customers.get(new_customer_uid)
    if customer is not None and customer.is_deleted:
        return False
    try:
        services.client.get_billing_key(new_customer_uid)
    except NotFoundError:
        return False
    return True


def _retire_open(services: AppServices, open_one: OpenReplacement, operator: Operator) -> int:
    reason = replaced_reason(open_one.new_customer_uid)
    try:
        retire_key(services, open_one.old_customer_uid, reason, operator=operator)
    except Exception as error:  # tried again at the next start
        log.warning(
            "replaced key %s not deleted yet: %s", open_one.old_customer_uid, type(error).__name__
        )
        return 0
    ReplacementBook(services.database).close(open_one.merchant_uid, ReplacementOutcome.RETIRED)
    return 1
