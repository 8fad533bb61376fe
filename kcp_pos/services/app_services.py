"""The object graph every use case needs: the V1 client and the local store, built once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kcp_pos.iamport.client import IamportClient
from kcp_pos.store import (
    AttemptJournal,
    AuditLog,
    CustomerDirectory,
    Database,
    DayCloseBook,
    LedgerReport,
    OperatorBook,
    PaymentLedger,
    ProductCatalogue,
    ScheduleBook,
    ShipmentBook,
    open_database,
)


@dataclass(frozen=True)
class AppServices:
    """What the use cases in this package share. `pg` is sent as-is (`kcp` or `kcp.{site_cd}`)."""

    client: IamportClient
    database: Database
    journal: AttemptJournal
    ledger: PaymentLedger
    customers: CustomerDirectory
    audit: AuditLog
    schedules: ScheduleBook
    products: ProductCatalogue
    shipments: ShipmentBook
    operators: OperatorBook
    reports: LedgerReport
    day_closes: DayCloseBook
    pg: str | None = None

    @classmethod
    def open(
        cls, client: IamportClient, store: str | Path, *, pg: str | None = None
    ) -> AppServices:
        """Open (and migrate) the store at `store` (a data directory or a SQLAlchemy URL)."""
        return cls.on(client, open_database(store), pg=pg)

    @classmethod
    def on(cls, client: IamportClient, database: Database, *, pg: str | None = None) -> AppServices:
        """The services over a store that is already open."""
        return cls(
            client=client,
            database=database,
            journal=AttemptJournal(database),
            ledger=PaymentLedger(database),
            customers=CustomerDirectory(database),
            audit=AuditLog(database, database.audit_head),
            schedules=ScheduleBook(database),
            products=ProductCatalogue(database),
            shipments=ShipmentBook(database),
            operators=OperatorBook(database),
            reports=LedgerReport(database),
            day_closes=DayCloseBook(database),
            pg=pg,
        )

    def close(self) -> None:
        self.client.close()
        self.database.dispose()
