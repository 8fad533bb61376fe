"""The book of batch charges: each batch and its lines, every line's `merchant_uid` fixed and
committed in one transaction before anything of the batch is sent (DESIGN rule 1, for a batch).

A line's outcome is not kept here: it is the attempt journal's attempt under the line's
`merchant_uid` (none: never sent). So the book and the journal can never disagree, and a batch
resumed after a crash reads what happened from the journal alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kcp_pos.store.errors import NotFound
from kcp_pos.store.models import BatchLineRow, BatchRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One line of a batch file as it will be charged."""

    line: int
    """The line of the file it came from (1 is the first line)."""
    customer_uid: str
    amount: int
    order_name: str | None
    tax_free: int
    card_quota: int
    merchant_uid: str


@dataclass(frozen=True, slots=True)
class StoredBatch:
    id: int
    content_hash: str
    source_name: str | None
    operator: str
    created_at: datetime
    lines: tuple[BatchLine, ...]

    @property
    def total_amount(self) -> int:
        return sum(line.amount for line in self.lines)


class BatchBook:
    """Batches and their lines; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def create(
        self,
        *,
        content_hash: str,
        source_name: str | None,
        operator: str,
        lines: Sequence[BatchLine],
    ) -> StoredBatch:
        """Write the batch and all its lines at once (nothing of it exists if this fails)."""
        with self._database.session() as session:
            batch_id = self._insert(session, content_hash, source_name, operator, lines)
        return self.get(batch_id)

    @staticmethod
    def _insert(
        session: Session,
        content_hash: str,
        source_name: str | None,
        operator: str,
        lines: Sequence[BatchLine],
    ) -> int:
        if not lines:
            raise ValueError("a batch needs at least one line")
        now = utc_now()
        batch = BatchRow(
            content_hash=content_hash,
            source_name=source_name,
            row_count=len(lines),
            total_amount=sum(line.amount for line in lines),
            operator=operator,
            created_at=now,
        )
        session.add(batch)
        session.flush()
        session.add_all(
            BatchLineRow(
                batch_id=batch.id,
                line=line.line,
                customer_uid=line.customer_uid,
                amount=line.amount,
                order_name=line.order_name,
                tax_free=line.tax_free,
                card_quota=line.card_quota,
                merchant_uid=line.merchant_uid,
            )
            for line in lines
        )
        return batch.id

    def create_unless_planned(
        self,
        *,
        content_hash: str,
        source_name: str | None,
        operator: str,
        lines: Sequence[BatchLine],
    ) -> tuple[StoredBatch, bool]:
        """The newest batch with `content_hash` if there is one, else a new one with `lines`;
        True when it was created. One transaction (`BEGIN IMMEDIATE` on SQLite): two terminals
        planning the same new file at once get one batch, never two."""
        with self._database.session() as session:
            existing = session.scalar(_newest_with_hash(content_hash))
            batch_id = (
                existing
                if existing is not None
                else self._insert(session, content_hash, source_name, operator, lines)
            )
        return self.get(batch_id), existing is None

    def get(self, batch_id: int) -> StoredBatch:
        with self._database.reading() as session:
            batch = session.get(BatchRow, batch_id)
            if batch is None:
                raise NotFound(f"no batch {batch_id}")
            rows = session.scalars(
                select(BatchLineRow)
                .where(BatchLineRow.batch_id == batch_id)
                .order_by(BatchLineRow.id)
            )
            lines = tuple(
                BatchLine(
                    line=row.line,
                    customer_uid=row.customer_uid,
                    amount=row.amount,
                    order_name=row.order_name,
                    tax_free=row.tax_free,
                    card_quota=row.card_quota,
                    merchant_uid=row.merchant_uid,
                )
                for row in rows
            )
            return StoredBatch(
                id=batch.id,
                content_hash=batch.content_hash,
                source_name=batch.source_name,
                operator=batch.operator,
                created_at=batch.created_at,
                lines=lines,
            )

    def latest_with_hash(self, content_hash: str) -> StoredBatch | None:
        """The newest batch made from rows with this content hash, if any."""
        with self._database.reading() as session:
            batch_id = session.scalar(_newest_with_hash(content_hash))
        return None if batch_id is None else self.get(batch_id)


def _newest_with_hash(content_hash: str) -> Select[int]:
    return (
        select(BatchRow.id)
        .where(BatchRow.content_hash == content_hash)
        .order_by(BatchRow.id.desc())
        .limit(1)
    )
