"""Replacing a customer's saved card: a new billing key for the new card, then the old key
deleted at PortOne.

The new card gets a new `customer_uid` (`identifiers.new_customer_uid`): issuing a key again
under the old uid would not revoke the old card's key at KCP. The old key is deleted explicitly
(`billing_key_removal.delete_billing_key`, reason "card replaced by …") only once the new one is
known to exist, so the customer is never left without a card: `replace_card` registers (the
money-call path, a lost answer is read back, never sent again) and `retire_replaced_key` deletes.
A screen runs the second when the first is paid, straight away or after a follow-up. If the
deletion fails, the old key stays (its customer too) and can be deleted again, safely: a key
already gone counts as deleted.

A key with booked schedules is not replaced (nothing is sent): deleting it would make them fail.
Revoke them first, as before a deletion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.billing_key_removal import (
    SchedulesPending,
    booked_schedules,
    delete_billing_key,
)
from kcp_pos.services.card_registration import (
    CardRegistration,
    new_card_registration,
    register_card,
)
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Outcome
from kcp_pos.services.progress import NO_PROGRESS, ProgressSink
from kcp_pos.store import Customer, utc_now


@dataclass(frozen=True)
class CardReplacement:
    """The old key and the registration of the new card (a new `customer_uid`)."""

    old_customer_uid: str
    registration: CardRegistration

    @property
    def reason(self) -> str:
        """The deletion reason audited for the old key."""
        return f"card replaced by {self.registration.customer_uid}"


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
    return register_card(
        services, card, replacement.registration, operator=operator, progress=progress
    )


def retire_replaced_key(
    services: AppServices, replacement: CardReplacement, *, operator: Operator
) -> Customer:
    """Delete the old key at PortOne and its customer here, with the reason audited."""
    return delete_billing_key(
        services, replacement.old_customer_uid, replacement.reason, operator=operator
    )
