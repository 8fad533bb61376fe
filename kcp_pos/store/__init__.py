"""Local persistence: payment ledger, customer directory, attempt journal, audit log.

SQLAlchemy 2 models with Alembic migrations shipped in the package. SQLite in the data directory
by default (WAL, `synchronous=FULL`), any SQLAlchemy URL accepted (PostgreSQL for several
terminals). Every timestamp is an aware UTC `datetime`. No column can hold a full card number:
a guard checks every flush (see `card_guard`). Typical start-up:

    database = open_database(data_dir)          # or open_database("postgresql+psycopg://...")
    journal = AttemptJournal(database)
    for attempt in journal.unresolved(): ...    # resolve by merchant_uid lookup
"""

from kcp_pos.store.attempt_journal import (
    Attempt,
    AttemptJournal,
    NewAttempt,
    can_transition,
)
from kcp_pos.store.audit_log import SYSTEM_ACTOR, AuditEntry, AuditLog
from kcp_pos.store.card_guard import contains_card_number, is_masked_card_number
from kcp_pos.store.change_feed import ChangeFeed, StoreTopic
from kcp_pos.store.customer_directory import Customer, CustomerDetails, CustomerDirectory
from kcp_pos.store.database import Database, create_store_engine, open_database, sqlite_url
from kcp_pos.store.errors import (
    AppendOnlyViolation,
    CardDataRefused,
    DuplicateAttempt,
    InvalidRecord,
    InvalidTransition,
    NotFound,
    StoreError,
)
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.store.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from kcp_pos.store.payment_ledger import LedgerPayment, PaymentLedger, PaymentSnapshot
from kcp_pos.store.timestamps import from_unix, utc_now

__all__ = [
    "SYSTEM_ACTOR",
    "AppendOnlyViolation",
    "Attempt",
    "AttemptJournal",
    "AuditEntry",
    "AuditLog",
    "CardDataRefused",
    "ChangeFeed",
    "Customer",
    "CustomerDetails",
    "CustomerDirectory",
    "Database",
    "DuplicateAttempt",
    "InvalidRecord",
    "InvalidTransition",
    "LedgerPayment",
    "LedgerStatus",
    "NewAttempt",
    "NotFound",
    "PaymentLedger",
    "PaymentSnapshot",
    "StoreError",
    "StoreTopic",
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
