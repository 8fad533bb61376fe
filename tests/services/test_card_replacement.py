"""Replacing a saved card: the new card gets a new billing key, the old one is deleted at PortOne
only once the new one exists, and nothing is sent while the old key has booked schedules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import ScheduleItem, ScheduleRequest
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.billing_key_removal import SchedulesPending, delete_billing_key
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.card_replacement import (
    finish_replacements,
    new_card_replacement,
    replace_card,
    retire_replaced_key,
)
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.store import Customer, ReplacementBook
from tests.operators import MANAGER
from tests.services.conftest import DECLINED_CC03_CARD, keyed_card

NEW_CARD = "4092-1900-0000-1230"


def _saved(services: AppServices) -> Customer:
    registration = new_card_registration(name="문지우", tel="010-2345-6789")
    assert register_card(services, keyed_card(), registration, operator=LOCAL_CLERK).paid
    customer = services.customers.get(registration.customer_uid)
    assert customer is not None
    return customer


def _registrations(services: AppServices) -> list[str]:
    return [
        a.merchant_uid for a in services.journal.recent(limit=100) if a.kind is AttemptKind.REGISTER
    ]


def test_the_new_card_gets_a_new_key_and_the_old_key_is_deleted(services: AppServices) -> None:
    old = _saved(services)
    replacement = new_card_replacement(old, name=old.name, tel=old.tel)
    new_uid = replacement.registration.customer_uid
    assert new_uid != old.customer_uid

    outcome = replace_card(services, keyed_card(NEW_CARD), replacement, operator=LOCAL_CLERK)
    assert outcome.paid
    assert services.client.get_billing_key(old.customer_uid).customer_uid == old.customer_uid

    retired = retire_replaced_key(services, replacement, operator=LOCAL_CLERK)
    assert retired.is_deleted
    with pytest.raises(NotFoundError):
        services.client.get_billing_key(old.customer_uid)
    new = services.customers.get(new_uid)
    assert new is not None and new.name == "문지우" and new.tel == "010-2345-6789"
    assert (new.card_number or "").endswith("1230")
    (entry,) = [
        e
        for e in services.audit.entries(subject=old.customer_uid)
        if e.action == "customer.deleted"
    ]
    assert entry.details == {"reason": f"card replaced by {new_uid}"}
    # Deleting again (the first answer was lost) is safe: already gone counts as deleted.
    assert retire_replaced_key(services, replacement, operator=LOCAL_CLERK).is_deleted


def test_a_declined_new_card_leaves_the_old_key_alone(services: AppServices) -> None:
    old = _saved(services)
    replacement = new_card_replacement(old, name=old.name)
    outcome = replace_card(
        services, keyed_card(DECLINED_CC03_CARD), replacement, operator=LOCAL_CLERK
    )
    assert not outcome.paid
    assert services.client.get_billing_key(old.customer_uid).customer_uid == old.customer_uid
    kept = services.customers.get(old.customer_uid)
    assert kept is not None and not kept.is_deleted


def test_nothing_is_sent_while_the_old_key_has_booked_schedules(services: AppServices) -> None:
    old = _saved(services)
    when = int((datetime.now(UTC) + timedelta(days=20)).timestamp())
    services.client.schedule(
        ScheduleRequest(
            customer_uid=old.customer_uid,
            schedules=[ScheduleItem(merchant_uid="sch_keep_0001", schedule_at=when, amount=9900)],
        )
    )
    before = _registrations(services)
    replacement = new_card_replacement(old, name=old.name)
    with pytest.raises(SchedulesPending):
        replace_card(services, keyed_card(NEW_CARD), replacement, operator=LOCAL_CLERK)
    assert _registrations(services) == before
    with pytest.raises(NotFoundError):
        services.client.get_billing_key(replacement.registration.customer_uid)


def test_a_replacement_cut_short_is_finished_at_the_next_start(services: AppServices) -> None:
    old = _saved(services)
    replacement = new_card_replacement(old, name=old.name)
    assert replace_card(services, keyed_card(NEW_CARD), replacement, operator=LOCAL_CLERK).paid
    # The app dies here: the new card is saved, the old key not deleted yet.
    book = ReplacementBook(services.database)
    (still_open,) = book.still_open()
    assert still_open.old_customer_uid == old.customer_uid

    assert finish_replacements(services, operator=LOCAL_CLERK) == 1
    with pytest.raises(NotFoundError):
        services.client.get_billing_key(old.customer_uid)
    gone = services.customers.get(old.customer_uid)
    assert gone is not None and gone.is_deleted
    assert book.still_open() == []
    assert finish_replacements(services, operator=LOCAL_CLERK) == 0


def test_declined_or_never_sent_replacements_are_closed_and_keep_the_old_key(
    services: AppServices,
) -> None:
    old = _saved(services)
    declined = new_card_replacement(old, name=old.name)
    replace_card(services, keyed_card(DECLINED_CC03_CARD), declined, operator=LOCAL_CLERK)
    book = ReplacementBook(services.database)
    assert book.still_open() == []

    never_sent = new_card_replacement(old, name=old.name)
    book.open(  # written, then the app stopped before the registration was journalled
        old_customer_uid=old.customer_uid,
        new_customer_uid=never_sent.registration.customer_uid,
        merchant_uid=never_sent.registration.merchant_uid,
        operator=LOCAL_CLERK.name,
    )
    assert finish_replacements(services, operator=LOCAL_CLERK) == 0
    assert len(book.still_open()) == 1  # too young to tell: the registration may be on its way
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert finish_replacements(services, operator=LOCAL_CLERK, now=later) == 0
    assert book.still_open() == []
    assert services.client.get_billing_key(old.customer_uid).customer_uid == old.customer_uid


def test_a_replacement_whose_new_card_was_deleted_meanwhile_keeps_the_old_card(
    services: AppServices,
) -> None:
    old = _saved(services)
    replacement = new_card_replacement(old, name=old.name)
    assert replace_card(services, keyed_card(NEW_CARD), replacement, operator=LOCAL_CLERK).paid
    # The old card was not deleted (no answer); then the customer chose to keep it after all.
    delete_billing_key(
        services, replacement.registration.customer_uid, "kept the old card", operator=MANAGER
    )
    assert finish_replacements(services, operator=LOCAL_CLERK) == 0
    assert services.client.get_billing_key(old.customer_uid).customer_uid == old.customer_uid
    kept = services.customers.get(old.customer_uid)
    assert kept is not None and not kept.is_deleted
    assert ReplacementBook(services.database).still_open() == []
