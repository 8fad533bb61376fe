"""What a money-moving use case tells its caller (paid, declined or unknown, never a guess), and
what a lookup proved about an attempt whose answer was lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from kcp_pos.domain.attempt import AttemptState

if TYPE_CHECKING:  # kept light: the UI imports OutcomeKind before the store is loaded
    from kcp_pos.iamport.models import Payment
    from kcp_pos.services.app_services import AppServices
    from kcp_pos.services.operator import Operator
    from kcp_pos.store import Attempt


class OutcomeKind(StrEnum):
    PAID = "paid"  # the card was charged (or, for a registration, the key was issued)
    DECLINED = "declined"  # a confirmed failure: nothing moved, the clerk may try again
    UNKNOWN = "unknown"  # the request may have been processed: resolve by lookup, never retry


@dataclass(frozen=True)
class Outcome:
    """The journal row as it ended, with PortOne's payment record when there is one.

    `warnings` are problems after the fact that did not change the outcome (e.g. the local
    ledger could not be updated although the payment is recorded in the journal).
    """

    kind: OutcomeKind
    attempt: Attempt
    payment: Payment | None = None
    fail_reason: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    late_approval: bool = False
    """PAID by an earlier attempt the app had settled as not charged (found when its retry was
    about to be sent; nothing new was sent)."""

    @property
    def paid(self) -> bool:
        return self.kind is OutcomeKind.PAID


@dataclass(frozen=True)
class Verdict:
    """What a lookup proved: `paid` True/False, or None when it proved nothing yet."""

    paid: bool | None
    imp_uid: str | None = None
    fail_reason: str | None = None


NOT_YET = Verdict(paid=None)


def nothing_found(old_enough: bool, reason: str) -> Verdict:
    """ "Nothing found" is "not done" only once the attempt is old enough; until then the request
    may still be on its way through the PG."""
    return Verdict(paid=False, fail_reason=reason) if old_enough else NOT_YET


def apply_verdict(
    services: AppServices, attempt: Attempt, verdict: Verdict, operator: Operator
) -> Attempt:
    """Journal what a lookup proved: settled when it is conclusive; a `sending` attempt it
    could not settle becomes `unknown` (its request left, its answer is lost)."""
    if verdict.paid is None:
        if attempt.state is AttemptState.SENDING:
            return services.journal.mark_unknown(
                attempt.id, reason="found unsent-or-unanswered", actor=operator.name
            )
        return attempt
    return services.journal.resolve(
        attempt.id,
        paid=verdict.paid,
        imp_uid=verdict.imp_uid,
        fail_reason=verdict.fail_reason,
        actor=operator.name,
    )
