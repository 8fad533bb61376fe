"""The tag that makes one refund request recognisable in PortOne's refund history.

V1's `cancel_history` has no field of ours (no merchant-side id), only the `reason` we sent.
So a refund is sent with the clerk's reason followed by a short random tag of the attempt,
`"<reason> (#R<6 hex digits>)"`, and the journal keeps exactly what was sent: a lookup then
knows its own refund by that text, never by its amount and time (another terminal may refund
the same amount at the same moment). The reference gives no length limit for `reason`; the tag
adds `TAG_LENGTH` characters to the clerk's at most 100. The customer's receipt shows the
reason without the tag (`without_tag`); the back office shows it whole, so a person can match
an entry of PortOne's console to the journal.
"""

from __future__ import annotations

import re
import secrets
from typing import Final

_TAG: Final = re.compile(r" \(#R[0-9a-f]{6}\)$")
TAG_LENGTH: Final = len(" (#R000000)")


def new_tag() -> str:
    """A fresh tag: 6 random hex digits (one in 16.7 million for two refunds to share it)."""
    return secrets.token_hex(3)


def tagged_reason(reason: str, tag: str) -> str:
    """The reason as sent and journalled: the clerk's words with the attempt's tag."""
    return f"{reason} (#R{tag})"


def is_tagged(reason: str | None) -> bool:
    """Whether `reason` carries a tag (refunds journalled before tags were sent do not)."""
    return reason is not None and _TAG.search(reason) is not None


def without_tag(reason: str) -> str:
    """The clerk's words of a sent reason (unchanged when it has no tag)."""
    return _TAG.sub("", reason)
