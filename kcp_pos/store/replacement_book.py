"""The book of card replacements: a replacement is written before the new card's registration is
sent and closed once the old billing key is deleted (or the registration failed). An open one
whose registration was paid is a replacement cut short (the app died, the outcome was learnt
later): `services/card_replacement.finish_replacements` finishes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update

from kcp_pos.store.models import CardReplacementRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now


class ReplacementOutcome(StrEnum):
    RETIRED = "retired"
    """The new card is saved and the old key deleted."""
    ABANDONED = "abandoned"
    """The new card was not saved: the old key stays."""


@dataclass(frozen=True, slots=True)
class OpenReplacement:
    id: int
    old_customer_uid: str
    new_customer_uid: str
    merchant_uid: str
    created_at: datetime


class ReplacementBook:
    """Replacements; every method is one committed transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def open(
        self, *, old_customer_uid: str, new_customer_uid: str, merchant_uid: str, operator: str
    ) -> None:
        with self._database.session() as session:
            session.add(
                CardReplacementRow(
                    old_customer_uid=old_customer_uid,
                    new_customer_uid=new_customer_uid,
                    merchant_uid=merchant_uid,
                    operator=operator,
                    created_at=utc_now(),
                )
            )

    def still_open(self) -> Sequence[OpenReplacement]:
        """Every replacement not closed yet, oldest first."""
        query = (
            select(CardReplacementRow)
            .where(CardReplacementRow.closed_at.is_(None))
            .order_by(CardReplacementRow.id)
        )
        with self._database.reading() as session:
            return [
                OpenReplacement(
                    row.id,
                    row.old_customer_uid,
                    row.new_customer_uid,
                    row.merchant_uid,
                    row.created_at,
                )
                for row in session.scalars(query)
            ]

    def close(self, merchant_uid: str, outcome: ReplacementOutcome) -> None:
        """Close the replacement registered under `merchant_uid` (no-op when already closed)."""
        with self._database.session() as session:
            session.execute(
                update(CardReplacementRow)
                .where(
                    CardReplacementRow.merchant_uid == merchant_uid,
                    CardReplacementRow.closed_at.is_(None),
                )
                .values(closed_at=utc_now(), outcome=outcome.value)
            )
