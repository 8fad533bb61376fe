"""Settling attempts whose outcome is unknown (DESIGN rule 2), by lookup and never by resending.

Each kind of attempt has its lookup (its verdict), kept beside the use case that makes it: a
charge is looked up by its `merchant_uid` (`charges.charge_verdict`), a registration by reading
its billing key back (`card_registration.registration_verdict`), a refund by reading its
payment's cancel history (`refunds.cancel_verdict`). When the lookup finds nothing
the request may still be on its way through the PG, so the attempt stays unknown until
`settle_after` has passed since it was sent; only then is "nothing found" taken as "not done".

A kind with no verdict yet (schedules have their own book) stays unknown, and is counted as
such, rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import registration_verdict
from kcp_pos.services.charges import charge_verdict
from kcp_pos.services.check_schedule import SETTLE_AFTER
from kcp_pos.services.operator import RESOLVER, Operator
from kcp_pos.services.outcomes import NOT_YET, Verdict, apply_verdict
from kcp_pos.services.refunds import cancel_verdict
from kcp_pos.services.window_payment import window_verdict
from kcp_pos.services.window_registration import window_key_verdict
from kcp_pos.store import Attempt, utc_now

Lookup = Callable[[AppServices, Attempt, bool, Operator], Verdict]
LOOKUPS: Final[dict[AttemptKind, Lookup]] = {
    AttemptKind.ONETIME: charge_verdict,
    AttemptKind.AGAIN: charge_verdict,
    AttemptKind.REGISTER: registration_verdict,
    AttemptKind.WINDOW: window_verdict,
    AttemptKind.WINDOW_KEY: window_key_verdict,
    AttemptKind.CANCEL: cancel_verdict,
}


def resolve_attempt(
    services: AppServices,
    attempt: Attempt,
    *,
    now: datetime | None = None,
    settle_after: timedelta = SETTLE_AFTER,
) -> Attempt:
    """Look `attempt` up and settle it if the lookup is conclusive; return it as it now stands.

    Lookup failures propagate (`IamportError`): the attempt simply stays unresolved.
    """
    if not attempt.is_unresolved:
        return attempt
    unknown_since = attempt.updated_at if attempt.state is AttemptState.UNKNOWN else None
    old_enough = unknown_since is not None and (now or utc_now()) - unknown_since >= settle_after
    lookup = LOOKUPS.get(attempt.kind)
    verdict = lookup(services, attempt, old_enough, RESOLVER) if lookup else NOT_YET
    return apply_verdict(services, attempt, verdict, RESOLVER)
