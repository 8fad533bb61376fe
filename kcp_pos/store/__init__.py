"""Local persistence: payment ledger, customer directory, attempt journal, audit log.

SQLAlchemy 2 models with Alembic migrations shipped in the package. SQLite in the data directory
by default (WAL, `synchronous=FULL`), any SQLAlchemy URL accepted (PostgreSQL for several
terminals). Every timestamp is an aware UTC `datetime`. No column can hold a full card number:
a guard checks every flush (see `card_guard`). Typical start-up:

    database = open_database(data_dir)          # or open_database("postgresql+psycopg://...")
    journal = AttemptJournal(database)
    for attempt in journal.unresolved(): ...    # resolve by merchant_uid lookup

The names below are loaded on first use: importing a light module of the package
(`kcp_pos.store.ledger_status`, `kcp_pos.store.topics`, `kcp_pos.store.customer_query`) does not
load SQLAlchemy, so the UI can name them before the store is open.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kcp_pos.store.attempt_journal import (
        Attempt,
        AttemptJournal,
        NewAttempt,
        can_transition,
    )
    from kcp_pos.store.audit_log import SYSTEM_ACTOR, AuditEntry, AuditLog
    from kcp_pos.store.batch_book import BatchBook, BatchLine, StoredBatch
    from kcp_pos.store.card_guard import contains_card_number, is_masked_card_number
    from kcp_pos.store.change_feed import ChangeFeed
    from kcp_pos.store.customer_directory import Customer, CustomerDetails, CustomerDirectory
    from kcp_pos.store.customer_query import (
        CUSTOMER_COUNT_CAP,
        CustomerPage,
        CustomerQuery,
        CustomerSort,
    )
    from kcp_pos.store.database import Database, create_store_engine, open_database, sqlite_url
    from kcp_pos.store.day_close_book import ClosedDay, DayAlreadyClosed, DayCloseBook
    from kcp_pos.store.errors import (
        AppendOnlyViolation,
        CardDataRefused,
        DuplicateAttempt,
        DuplicateOperator,
        DuplicateProduct,
        InvalidRecord,
        InvalidTransition,
        NotFound,
        ScheduleChanged,
        StoreError,
    )
    from kcp_pos.store.ledger_report import LedgerReport
    from kcp_pos.store.ledger_status import LedgerStatus
    from kcp_pos.store.migrate import (
        alembic_config,
        current_revision,
        head_revision,
        upgrade_to_head,
    )
    from kcp_pos.store.operator_book import OperatorBook, OperatorRecord, PinGate
    from kcp_pos.store.payment_ledger import LedgerPayment, PaymentLedger, PaymentSnapshot
    from kcp_pos.store.payment_query import (
        ListedStatus,
        PaymentFilter,
        PaymentPage,
        PaymentQuery,
        PaymentSort,
        PaymentTotals,
    )
    from kcp_pos.store.product_catalogue import Product, ProductCatalogue
    from kcp_pos.store.replacement_book import (
        OpenReplacement,
        ReplacementBook,
        ReplacementOutcome,
    )
    from kcp_pos.store.schedule_book import KnownSchedule, NewSchedule, ScheduleBook
    from kcp_pos.store.shipment_book import EscrowOrder, Shipment, ShipmentBook
    from kcp_pos.store.timestamps import from_unix, utc_now
    from kcp_pos.store.topics import StoreTopic

_EXPORTS = {
    "AppendOnlyViolation": "kcp_pos.store.errors",
    "Attempt": "kcp_pos.store.attempt_journal",
    "AttemptJournal": "kcp_pos.store.attempt_journal",
    "AuditEntry": "kcp_pos.store.audit_log",
    "AuditLog": "kcp_pos.store.audit_log",
    "BatchBook": "kcp_pos.store.batch_book",
    "OpenReplacement": "kcp_pos.store.replacement_book",
    "Product": "kcp_pos.store.product_catalogue",
    "ProductCatalogue": "kcp_pos.store.product_catalogue",
    "ReplacementBook": "kcp_pos.store.replacement_book",
    "ReplacementOutcome": "kcp_pos.store.replacement_book",
    "BatchLine": "kcp_pos.store.batch_book",
    "CardDataRefused": "kcp_pos.store.errors",
    "ChangeFeed": "kcp_pos.store.change_feed",
    "Customer": "kcp_pos.store.customer_directory",
    "CustomerDetails": "kcp_pos.store.customer_directory",
    "CustomerDirectory": "kcp_pos.store.customer_directory",
    "CUSTOMER_COUNT_CAP": "kcp_pos.store.customer_query",
    "CustomerPage": "kcp_pos.store.customer_query",
    "CustomerQuery": "kcp_pos.store.customer_query",
    "CustomerSort": "kcp_pos.store.customer_query",
    "Database": "kcp_pos.store.database",
    "ClosedDay": "kcp_pos.store.day_close_book",
    "DayAlreadyClosed": "kcp_pos.store.day_close_book",
    "DayCloseBook": "kcp_pos.store.day_close_book",
    "LedgerReport": "kcp_pos.store.ledger_report",
    "DuplicateAttempt": "kcp_pos.store.errors",
    "DuplicateProduct": "kcp_pos.store.errors",
    "DuplicateOperator": "kcp_pos.store.errors",
    "OperatorBook": "kcp_pos.store.operator_book",
    "OperatorRecord": "kcp_pos.store.operator_book",
    "PinGate": "kcp_pos.store.operator_book",
    "InvalidRecord": "kcp_pos.store.errors",
    "InvalidTransition": "kcp_pos.store.errors",
    "LedgerPayment": "kcp_pos.store.payment_ledger",
    "LedgerStatus": "kcp_pos.store.ledger_status",
    "NewAttempt": "kcp_pos.store.attempt_journal",
    "NotFound": "kcp_pos.store.errors",
    "PaymentLedger": "kcp_pos.store.payment_ledger",
    "PaymentSnapshot": "kcp_pos.store.payment_ledger",
    "ListedStatus": "kcp_pos.store.payment_query",
    "PaymentFilter": "kcp_pos.store.payment_query",
    "PaymentPage": "kcp_pos.store.payment_query",
    "PaymentQuery": "kcp_pos.store.payment_query",
    "PaymentSort": "kcp_pos.store.payment_query",
    "PaymentTotals": "kcp_pos.store.payment_query",
    "KnownSchedule": "kcp_pos.store.schedule_book",
    "NewSchedule": "kcp_pos.store.schedule_book",
    "ScheduleBook": "kcp_pos.store.schedule_book",
    "EscrowOrder": "kcp_pos.store.shipment_book",
    "Shipment": "kcp_pos.store.shipment_book",
    "ShipmentBook": "kcp_pos.store.shipment_book",
    "ScheduleChanged": "kcp_pos.store.errors",
    "SYSTEM_ACTOR": "kcp_pos.store.audit_log",
    "StoreError": "kcp_pos.store.errors",
    "StoreTopic": "kcp_pos.store.topics",
    "StoredBatch": "kcp_pos.store.batch_book",
    "alembic_config": "kcp_pos.store.migrate",
    "can_transition": "kcp_pos.store.attempt_journal",
    "contains_card_number": "kcp_pos.store.card_guard",
    "create_store_engine": "kcp_pos.store.database",
    "current_revision": "kcp_pos.store.migrate",
    "from_unix": "kcp_pos.store.timestamps",
    "head_revision": "kcp_pos.store.migrate",
    "is_masked_card_number": "kcp_pos.store.card_guard",
    "open_database": "kcp_pos.store.database",
    "sqlite_url": "kcp_pos.store.database",
    "upgrade_to_head": "kcp_pos.store.migrate",
    "utc_now": "kcp_pos.store.timestamps",
}

__all__ = [
    "CUSTOMER_COUNT_CAP",
    "SYSTEM_ACTOR",
    "AppendOnlyViolation",
    "Attempt",
    "AttemptJournal",
    "AuditEntry",
    "AuditLog",
    "BatchBook",
    "BatchLine",
    "CardDataRefused",
    "ChangeFeed",
    "ClosedDay",
    "Customer",
    "CustomerDetails",
    "CustomerDirectory",
    "CustomerPage",
    "CustomerQuery",
    "CustomerSort",
    "Database",
    "DayAlreadyClosed",
    "DayCloseBook",
    "DuplicateAttempt",
    "DuplicateOperator",
    "DuplicateProduct",
    "EscrowOrder",
    "InvalidRecord",
    "InvalidTransition",
    "KnownSchedule",
    "LedgerPayment",
    "LedgerReport",
    "LedgerStatus",
    "ListedStatus",
    "NewAttempt",
    "NewSchedule",
    "NotFound",
    "OpenReplacement",
    "OperatorBook",
    "OperatorRecord",
    "PaymentFilter",
    "PaymentLedger",
    "PaymentPage",
    "PaymentQuery",
    "PaymentSnapshot",
    "PaymentSort",
    "PaymentTotals",
    "PinGate",
    "Product",
    "ProductCatalogue",
    "ReplacementBook",
    "ReplacementOutcome",
    "ScheduleBook",
    "ScheduleChanged",
    "Shipment",
    "ShipmentBook",
    "StoreError",
    "StoreTopic",
    "StoredBatch",
    "alembic_config",
    "can_transition",
    "contains_card_number",
    "create_store_engine",
    "current_revision",
    "from_unix",
    "head_revision",
    "is_masked_card_number",
    "open_database",
    "sqlite_url",
    "upgrade_to_head",
    "utc_now",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
