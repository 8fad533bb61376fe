"""The directory's search keys: what a customer's name, e-mail, phone and card are compared by.

The clerk types `Kim`, `ＫＩＭ`, `영희`, `010 1234`, `010-1234-5678` or `7221`; the directory
finds the customer whatever form the details were saved in. Both sides go through the same rules
here: the typed text when a search starts (`search_key`) and the details on every save
(`keys_of`), whose results are stored in indexed columns (`name_key`, `given_key`, `email_key`,
`tel_digits`, `card_last4`) and in the full-text index built over some of them.

Pure Python (no SQLAlchemy), so the rules can be tested, and named by the UI, on their own.
Revision 0002 keeps a copy of these rules for its backfill, as migrations must not change when
the app does; a change here needs a migration that fills the columns again.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from kcp_pos.domain.text_input import is_ascii_digits

KOREA_CALLING_CODE: Final = "82"
HANGUL_SYLLABLES: Final = range(0xAC00, 0xD7A4)
LAST_FOUR: Final = 4
_CARD_SEPARATORS: Final = str.maketrans("", "", " -")


def search_key(text: str | None) -> str:
    """NFKC, lower case, runs of white space as one space, trimmed: `" ＫＩＭ  Min "` is
    `"kim min"`. Full-width letters and digits from a Korean IME become ASCII; Hangul stays."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def stored_key(text: str | None) -> str | None:
    """`search_key`, with None for nothing (so an empty name sorts with the missing ones)."""
    return search_key(text) or None


def given_name_key(name: str | None) -> str | None:
    """The given name of a Korean name (`김영희` gives `영희`): the name's key after its first
    syllable, the one-syllable surname nearly every Korean has, so that two typed characters
    find a customer by the given name. None for names not written in Hangul (or one syllable).
    Two-syllable surnames (`남궁`) are not told apart: `궁민수` is what follows the first."""
    key = search_key(name)
    if len(key) < 2 or ord(key[0]) not in HANGUL_SYLLABLES:
        return None
    return key[1:].lstrip() or None


def phone_digits(tel: str | None) -> str | None:
    """The digits of a phone number, a `+82` prefix written as the domestic `0`:
    `+82 10-1234-5678` is `01012345678`, like the `010-1234-5678` a clerk types."""
    normalised = search_key(tel)
    digits = "".join(ch for ch in normalised if "0" <= ch <= "9")
    if normalised.startswith("+" + KOREA_CALLING_CODE) and len(digits) > len(KOREA_CALLING_CODE):
        digits = "0" + digits[len(KOREA_CALLING_CODE) :].removeprefix("0")
    return digits or None


def card_last_four(card_number: str | None) -> str | None:
    """The last four digits of a masked card number (`5570-42**-****-7221` gives `7221`), or
    None when it does not end in four digits. Never more than four: the rest is the mask."""
    compact = search_key(card_number).translate(_CARD_SEPARATORS)
    last_four = compact[-LAST_FOUR:]
    return last_four if len(last_four) == LAST_FOUR and is_ascii_digits(last_four) else None


def keys_of(
    *, name: str | None, email: str | None, tel: str | None, card_number: str | None
) -> dict[str, str | None]:
    """The stored search keys of one customer's details, by column name."""
    return {
        "name_key": stored_key(name),
        "given_key": given_name_key(name),
        "email_key": stored_key(email),
        "tel_digits": phone_digits(tel),
        "card_last4": card_last_four(card_number),
    }
