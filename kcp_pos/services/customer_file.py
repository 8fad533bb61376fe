"""What the customers screen shows about one customer: the directory entry, the billing key as
PortOne has it now (`GET /subscribe/customers/{customer_uid}`), and the payments made with it.

Payments are the local ledger merged with PortOne's list for the key
(`GET /subscribe/customers/{customer_uid}/payments`): each payment PortOne reports is recorded in
the ledger (an upsert by `imp_uid`, so a payment made by a web shop or another terminal shows
too and a status changed since is brought up to date), and the file lists the ledger's rows.
What PortOne could not be asked is said in `problems`; the rest is still shown.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.iamport.models import BillingCustomer, Payment
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.ledger_sync import record_payment_if_changed
from kcp_pos.store import Customer, LedgerPayment

log = logging.getLogger(__name__)

PAYMENTS_SHOWN: Final = 100
"""The latest payments of one customer that the file lists."""


@dataclass(frozen=True)
class CustomerFile:
    customer_uid: str
    customer: Customer | None
    """The directory's entry (None for a key the directory does not know)."""
    billing_key: BillingCustomer | None
    key_at_portone: bool | None
    """True: PortOne has the key; False: it answered that it does not; None: not asked
    (see `problems`)."""
    payments: tuple[LedgerPayment, ...]
    """Newest first, at most `PAYMENTS_SHOWN`."""
    problems: tuple[str, ...] = ()
    """What could not be fetched (the error's kind), for the screen to say."""


def load_customer_file(services: AppServices, customer_uid: str) -> CustomerFile:
    """Everything about `customer_uid`; PortOne's parts are best effort (see `problems`)."""
    problems: list[str] = []
    billing_key, at_portone = _billing_key(services, customer_uid, problems)
    if at_portone is not False:
        _merge_payments(services, customer_uid, problems)
    return CustomerFile(
        customer_uid=customer_uid,
        customer=services.customers.get(customer_uid),
        billing_key=billing_key,
        key_at_portone=at_portone,
        payments=tuple(
            services.ledger.list_payments(customer_uid=customer_uid, limit=PAYMENTS_SHOWN)
        ),
        problems=tuple(problems),
    )


def _billing_key(
    services: AppServices, customer_uid: str, problems: list[str]
) -> tuple[BillingCustomer | None, bool | None]:
    try:
        return services.client.get_billing_key(customer_uid), True
    except NotFoundError:
        return None, False
    except Exception as error:  # shown as "could not be checked"; the rest of the file stays
        log.warning("billing key %s not fetched: %s", customer_uid, type(error).__name__)
        problems.append(f"billing key: {type(error).__name__}")
        return None, None


def _merge_payments(services: AppServices, customer_uid: str, problems: list[str]) -> None:
    try:
        reported: Sequence[Payment] = services.client.get_billing_key_payments(customer_uid).list
    except NotFoundError:
        return
    except Exception as error:
        log.warning("payments of %s not fetched: %s", customer_uid, type(error).__name__)
        problems.append(f"payments: {type(error).__name__}")
        return
    try:
        for payment in reported:
            record_payment_if_changed(services.ledger, payment)
    except Exception as error:  # the ledger's own rows are still listed
        log.warning("payments of %s not recorded: %s", customer_uid, type(error).__name__)
        problems.append(f"ledger: {type(error).__name__}")
