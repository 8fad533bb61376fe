"""The last line of defence for DESIGN rule 4: card data never rests in the database.

Before every flush, each string attribute of every new or changed row is checked:

* a column marked `MASKED_CARD_NUMBER` accepts only masked numbers (see `is_masked_card_number`);
* a column marked `SERVER_IDENTIFIER` (KCP's 14-digit `pg_tid` and the receipt URL built from it)
  is not scanned: those digits come from the PG, and about one in ten of them passes the Luhn
  check by chance, which would otherwise refuse a real, paid payment;
* a column marked `ORDER_IDENTIFIER` (`merchant_uid`, `customer_uid` and the audit log's
  `subject`, which holds one of them: ids a merchant's systems make; a web shop's may be a long
  run of digits) refuses a value that holds a card number where one can stand: a group of
  digits, groups in a card's printed layout, or a card glued to a date
  (`domain.card_in_id.holds_card_number`). So `2024031512345672` and
  `shop_240315_0000123457` pass, and `order_4111111111111111`, `20240315-4111111111111111`
  and `o.4111.1111.1111.1111` do not;
* a column marked `DIGEST` (a batch file's content hash) accepts only a SHA-256 hex digest:
  64 hex digits say nothing of what was hashed, though now and then 13 or more of them in a
  row pass the Luhn check by chance (one batch file in a few hundred);
* every other string column refuses any text in which `kcp_pos.domain.masking` would star out a
  card number: 13-19 digits in a row (any script; spaces, dashes or no-break spaces between
  them) of which some stretch passes the Luhn check. Masked numbers are not exempt there: only
  the masked-number columns hold them, and the audit log keeps just their last four digits.

A refusal raises `CardDataRefused` naming the table and column, never the value. Birth dates and
PIN digits cannot be recognised by content (six or two digits look like anything); they are kept
out structurally instead: no table has a column for them and no record type has a field for them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from kcp_pos.domain.card_in_id import holds_card_number
from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.store.errors import CardDataRefused

CARD_DATA_INFO_KEY: Final = "card_data"
MASKED_CARD_NUMBER: Final = "masked_card_number"
SERVER_IDENTIFIER: Final = "server_identifier"
ORDER_IDENTIFIER: Final = "order_identifier"
DIGEST: Final = "digest"
_DIGEST_SHAPE: Final = re.compile(r"[0-9a-f]{64}")

_SHORTEST_CARD: Final = 13
_LONGEST_CARD: Final = 19
_MASK_CHARACTERS: Final = frozenset("0*xX")


def _normalised(text: str) -> str:
    """Full-width digits (from a Korean IME) become ASCII digits before a mask is judged."""
    return unicodedata.normalize("NFKC", text)


def is_masked_card_number(text: str) -> bool:
    """True for a masked card number that shows at most the first six and last four digits.

    Accepted: `5570420000007221` (KCP: zeros in the middle), `5570-42**-****-7221`,
    `************7221`: 12-19 characters besides spaces and dashes. The longest run of mask
    characters (`0`, `*`, `x`, `X`) must be at least four long (three for a 13-digit number,
    which KCP masks as 6 + 3 + 4) and must hide all but ten of the characters.
    """
    compact = _normalised(text).replace(" ", "").replace("-", "")
    if not _SHORTEST_CARD - 1 <= len(compact) <= _LONGEST_CARD:
        return False
    if any(ch not in _MASK_CHARACTERS and not ch.isdigit() for ch in compact):
        return False
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in compact):
        return False
    longest = current = 0
    for ch in compact:
        current = current + 1 if ch in _MASK_CHARACTERS else 0
        longest = max(longest, current)
    return longest >= max(3 if len(compact) <= _SHORTEST_CARD else 4, len(compact) - 10)


def contains_card_number(text: str) -> bool:
    """True when `text` holds something that may be a full card number (see module docstring)."""
    return redact_card_numbers(text) != text


def check_value(table: str, column: str, kind: str | None, value: str) -> None:
    """Raise `CardDataRefused` if `value` may not be written to `table.column`."""
    if kind == SERVER_IDENTIFIER:
        return
    if kind == DIGEST:
        if not _DIGEST_SHAPE.fullmatch(value):
            raise CardDataRefused(table, column, "only a SHA-256 hex digest may be stored here")
        return
    if kind == ORDER_IDENTIFIER:
        if holds_card_number(value):
            raise CardDataRefused(table, column, "an id that holds a card number")
        return
    if kind == MASKED_CARD_NUMBER:
        if value and not is_masked_card_number(value):
            raise CardDataRefused(table, column, "only a masked card number may be stored here")
        return
    if contains_card_number(value):
        raise CardDataRefused(table, column, "the text contains what looks like a card number")


def check_row(row: object) -> None:
    """Check every string column of one ORM row."""
    mapper = inspect(row).mapper
    table = mapper.local_table.description or mapper.class_.__name__
    for attribute in mapper.column_attrs:
        column = attribute.columns[0]
        if not isinstance(column.type, String):
            continue
        value = getattr(row, attribute.key)
        if isinstance(value, str):
            check_value(table, column.name, column.info.get(CARD_DATA_INFO_KEY), value)


def _check_flush(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        check_row(row)


def install_card_guard(factory: sessionmaker[Session]) -> None:
    """Check every flush of sessions made by `factory`."""
    event.listen(factory, "before_flush", _check_flush)
