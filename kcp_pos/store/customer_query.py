"""What the customers screen asks the directory for: the typed text, the sort, one page of rows.

`CustomerQuery` is what the clerk has chosen; `CustomerPage` one page of the answer with an opaque
cursor for the next (`CustomerDirectory.page`). `Needle` is the typed text read the way the
directory searches it:

* blank: everyone;
* digits only (spaces and dashes allowed, `010-1234`): phone numbers holding those digits, and,
  for exactly four digits, cards ending in them;
* anything else: names and e-mail addresses holding the text (case and full-width forms ignored,
  Hangul included).

Text of one or two characters matches at the start of a name (a surname, `김`; a two-syllable
name, `이훈`), of an e-mail address or of a phone number, and two characters also at the start
of a Hangul name's given name (`영희` finds `김영희`); from three characters on it matches
anywhere.

Pure Python (no SQLAlchemy), so the UI can name these types before the store is open.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from kcp_pos.domain.text_input import is_ascii_digits
from kcp_pos.store.customer_keys import LAST_FOUR, search_key

if TYPE_CHECKING:
    from kcp_pos.store.customer_directory import Customer

CUSTOMER_COUNT_CAP: Final = 10_000
"""`CustomerDirectory.count` counts this far: it answers CUSTOMER_COUNT_CAP + 1 for "more"."""
SUBSTRING_FROM: Final = 3
"""Shorter text matches at the start only (a full-text trigram index needs three characters)."""
GIVEN_NAME_LENGTH: Final = 2
"""Most Korean given names have two syllables."""
_PHONE_SEPARATORS: Final = str.maketrans("", "", " -")


class CustomerSort(enum.Enum):
    """The columns the directory can be sorted by."""

    NAME = "name"
    TEL = "tel"
    EMAIL = "email"
    CARD = "card"
    """The masked number as stored (first six digits first, as the screen shows it)."""
    ISSUER = "issuer"
    SAVED = "saved"
    """When the customer was first saved (`created_at`)."""
    LAST_CHARGE = "last_charge"


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    """Which customers, in which order."""

    text: str = ""
    """As typed; blank means everyone."""
    sort: CustomerSort = CustomerSort.NAME
    descending: bool = False
    include_deleted: bool = False


@dataclass(frozen=True, slots=True)
class CustomerPage:
    """One page of customers in the query's order."""

    customers: tuple[Customer, ...]
    next_after: object | None
    """Pass as `after=` for the next page; None when there are no more rows."""


class NeedleKind(enum.Enum):
    WORDS = "words"
    """Names and e-mail addresses."""
    DIGITS = "digits"
    """Phone digits, and the card's last four."""


@dataclass(frozen=True, slots=True)
class Needle:
    """The typed text, normalised (`customer_keys.search_key`; digits without separators)."""

    kind: NeedleKind
    text: str

    @property
    def anywhere(self) -> bool:
        """True when the text may match anywhere (substring), False at the start only."""
        return len(self.text) >= SUBSTRING_FROM

    @property
    def by_given_name(self) -> bool:
        """True for two characters of a name: they are looked for in the given name too."""
        return self.kind is NeedleKind.WORDS and len(self.text) == GIVEN_NAME_LENGTH

    @property
    def is_last_four(self) -> bool:
        return self.kind is NeedleKind.DIGITS and len(self.text) == LAST_FOUR


def needle_of(text: str) -> Needle | None:
    """How `text` is searched; None when it is blank (everyone)."""
    normalised = search_key(text)
    if not normalised:
        return None
    digits = normalised.translate(_PHONE_SEPARATORS)
    if is_ascii_digits(digits):
        return Needle(NeedleKind.DIGITS, digits)
    return Needle(NeedleKind.WORDS, normalised)
