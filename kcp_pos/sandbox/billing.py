"""Billing keys: `POST/GET/DELETE /subscribe/customers/{customer_uid}` and the multi-lookup.

A key is stored as its `CustomerAnnotation` (masked card only). Issuing a key for a
`customer_uid` that already has one replaces it (reference §4.1); `inserted` keeps the first
issue time and `updated` moves. KCP does not charge the card to issue a key. Deleting a key with
schedules still booked is allowed, as the swagger only tells the caller to check first; those
schedules then fail when they come due. A `customer_uid` no key could have (blank, control
characters, too long) is refused before any lookup, so the not-found message never echoes one.
"""

from __future__ import annotations

from kcp_pos.domain.merchant_uid import CUSTOMER_UID_MAX_LENGTH
from kcp_pos.iamport.models import BillingCustomer
from kcp_pos.sandbox.body import Params, checked_identifier, distinct
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    BILLING_KEY_FAILED,
    MAX_LOOKUP_IDS,
    ApiFailure,
    customer_not_found,
    missing_parameter,
    too_many_ids,
)
from kcp_pos.sandbox.rules import KeyedCard, PgChoice, issuance_decline, read_keyed_card, resolve_pg

CUSTOMER_FIELDS = (
    "customer_id",
    "customer_name",
    "customer_tel",
    "customer_email",
    "customer_addr",
    "customer_postcode",
)


def store_billing_key(
    sandbox: Sandbox,
    customer_uid: str,
    card: KeyedCard,
    pg: PgChoice,
    customer_fields: dict[str, str | None],
) -> BillingCustomer:
    """Write (or replace) the key; the caller holds the storage transaction."""
    now = sandbox.now()
    previous = sandbox.storage.customer(customer_uid)
    customer = BillingCustomer(
        customer_uid=customer_uid,
        pg_provider=pg.provider,
        pg_id=pg.pg_id,
        sandbox=False,
        card_name=card.issuer.name_ko,
        card_code=card.issuer.code,
        card_number=card.masked_number,
        card_type=0,
        inserted=previous.inserted if previous else now,
        updated=now,
        **{name: customer_fields.get(name) for name in CUSTOMER_FIELDS},
    )
    sandbox.storage.save_customer(customer)
    return customer


def issue_billing_key(sandbox: Sandbox, customer_uid: str, params: Params) -> BillingCustomer:
    checked_identifier("customer_uid", customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH)
    card = read_keyed_card(
        params, sandbox.today(), pwd_2digit_required=sandbox.config.pwd_2digit_required
    )
    decline = issuance_decline(card)
    if decline is not None:
        raise ApiFailure(f"{BILLING_KEY_FAILED} {decline.fail_reason}")
    pg = resolve_pg(params.text("pg"), sandbox.config.site_code)
    fields = {name: params.text(name) for name in CUSTOMER_FIELDS}
    with sandbox.storage.transaction():
        return store_billing_key(sandbox, customer_uid, card, pg, fields)


def get_billing_key(sandbox: Sandbox, customer_uid: str) -> BillingCustomer:
    """`GET /subscribe/customers/{uid}` (and the key check of the per-key lists): a malformed
    uid is HTTP 400, like the other lookups' parameters."""
    checked_identifier("customer_uid", customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH, status=400)
    with sandbox.storage.transaction():
        customer = sandbox.storage.customer(customer_uid)
    if customer is None:
        raise _not_found(sandbox, customer_uid)
    return customer


def delete_billing_key(sandbox: Sandbox, customer_uid: str) -> BillingCustomer:
    """A malformed uid is `code -1` with HTTP 200, as when issuing a key."""
    checked_identifier("customer_uid", customer_uid, max_length=CUSTOMER_UID_MAX_LENGTH)
    with sandbox.storage.transaction():
        customer = sandbox.storage.customer(customer_uid)
        if customer is None:
            raise _not_found(sandbox, customer_uid)
        sandbox.storage.delete_customer(customer_uid)
    return customer


def get_billing_keys(
    sandbox: Sandbox, customer_uids: list[str]
) -> tuple[list[BillingCustomer], int]:
    """Each distinct uid's key and the HTTP status: 200 all found, 207 some, 404 none (reference
    §4.4). No uid is a missing parameter and more than 100 too many (HTTP 400, own choices)."""
    if not customer_uids:
        raise ApiFailure(missing_parameter("customer_uid[]"), status=400)
    if len(customer_uids) > MAX_LOOKUP_IDS:
        raise ApiFailure(too_many_ids("customer_uid[]"), status=400)
    wanted = [
        checked_identifier("customer_uid[]", uid, max_length=CUSTOMER_UID_MAX_LENGTH, status=400)
        for uid in distinct(customer_uids)
    ]
    with sandbox.storage.transaction():
        found = [sandbox.storage.customer(uid) for uid in wanted]
    customers = [customer for customer in found if customer is not None]
    if not customers:
        raise ApiFailure(customer_not_found(", ".join(wanted)), code=1, status=404)
    return customers, 200 if len(customers) == len(wanted) else 207


def _not_found(sandbox: Sandbox, customer_uid: str) -> ApiFailure:
    status = sandbox.config.customer_not_found_status
    return ApiFailure(customer_not_found(customer_uid), code=1, status=status)
