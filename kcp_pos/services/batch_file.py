"""Reading a batch file: `customer_uid,amount,order_name[,tax_free,card_quota]`, one charge per
line, into checked rows, or every problem of the file with its line and column.

The file is UTF-8, with or without the byte-order mark Excel writes ("CSV UTF-8"); an optional
first line naming the columns (`customer_uid,amount,...`) is a header; a first line whose amount
holds no digit names columns too, and is refused unless they are those. Blank lines are
skipped. Amounts are whole won (`50000`, or `"50,000"` quoted as Excel writes it, commas only
between thousands), checked by the same
rules as the terminal's fields (`domain/money`, `domain/installments`, `domain/names`,
`domain/merchant_uid`). Nothing of a file with a problem may be charged: the caller gets
`BatchFileRefused` with all of them at once.

A cell that looks like a card number (`domain/card_in_id.holds_card_number`) means the wrong
file: it is refused, and no message or log ever repeats a cell's content. A billing key may
appear only once per file: a second line for the same customer is far more often a mistake
than a second order, and charging someone twice is the one mistake a batch must not make.

`content_hash` names the normalised rows (not the bytes: a BOM, CRLF, quoting, a header, blank
lines or `50,000` against `50000` do not change it); a batch run again from a file with the same
hash resumes instead of charging again (`batch_charge.py`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kcp_pos.domain.card_in_id import holds_card_number
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import validate_card_quota
from kcp_pos.domain.merchant_uid import CUSTOMER_UID_MAX_LENGTH, validate_uid
from kcp_pos.domain.messages import message
from kcp_pos.domain.money import commas_misplaced, parse_amount, parse_tax_free
from kcp_pos.domain.names import validate_order_name
from kcp_pos.domain.result import Invalid, Ok
from kcp_pos.domain.text import QT_TRANSLATE_NOOP, Text
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed

CONTEXT: Final = "BatchFile"
COLUMNS: Final = ("customer_uid", "amount", "order_name", "tax_free", "card_quota")
REQUIRED_COLUMNS: Final = 3
MAX_ROWS: Final = 10_000
"""A month-end run of a shop is hundreds; a file far bigger is most likely the wrong one."""
MAX_FILE_BYTES: Final = 5_000_000

NOT_UTF8: Final = QT_TRANSLATE_NOOP(
    "BatchFile", "The file is not UTF-8 text. In Excel, save it as \u201cCSV UTF-8\u201d."
)
TOO_BIG: Final = QT_TRANSLATE_NOOP("BatchFile", "The file is too large for one batch.")
NO_ROWS: Final = QT_TRANSLATE_NOOP("BatchFile", "The file has no rows to charge.")
TOO_MANY_ROWS: Final = QT_TRANSLATE_NOOP("BatchFile", "A batch can have at most %1 rows.")
TOO_FEW_COLUMNS: Final = QT_TRANSLATE_NOOP(
    "BatchFile", "Each row needs customer_uid, amount and order_name."
)
TOO_MANY_COLUMNS: Final = QT_TRANSLATE_NOOP(
    "BatchFile", "Too many columns: only customer_uid, amount, order_name, tax_free, card_quota."
)
BAD_HEADER: Final = QT_TRANSLATE_NOOP(
    "BatchFile", "The header must be customer_uid,amount,order_name[,tax_free,card_quota]."
)
CARD_NUMBER: Final = QT_TRANSLATE_NOOP(
    "BatchFile", "This looks like a card number. A batch file must not hold card data."
)
QUOTA_FORMAT: Final = QT_TRANSLATE_NOOP(
    "BatchFile", "Installment months must be a whole number (0 for lump sum)."
)
UID_MISSING: Final = QT_TRANSLATE_NOOP("BatchFile", "The customer_uid is missing.")
DUPLICATE_KEY: Final = QT_TRANSLATE_NOOP("BatchFile", "This customer_uid is already on line %1.")
UNREADABLE: Final = QT_TRANSLATE_NOOP("BatchFile", "This line cannot be read as CSV.")


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One checked line: what will be charged."""

    line: int
    customer_uid: str
    amount: int
    order_name: str | None
    tax_free: int = 0
    card_quota: int = 0


@dataclass(frozen=True, slots=True)
class FileProblem:
    """What is wrong where: `line` 1 is the file's first line (0: the file as a whole),
    `column` the column's name (None: the whole line). Never the cell's content."""

    line: int
    column: str | None
    text: Text

    def english(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.text.english}"


class BatchFileRefused(ValueError):
    """The file cannot be charged; `problems` lists every problem found (in line order)."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"batch file refused: {len(self.problems)} problem(s)")


@dataclass(frozen=True, slots=True)
class BatchFile:
    """A batch file read and checked: its rows, where it came from and its content hash."""

    rows: tuple[BatchRow, ...]
    source_name: str | None
    content_hash: str

    @property
    def total_amount(self) -> int:
        return sum(row.amount for row in self.rows)


def read_batch_file(path: Path) -> BatchFile:
    """Read and check the file at `path` (raises `BatchFileRefused`, or `OSError`)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BatchFileRefused([FileProblem(0, None, Text(CONTEXT, TOO_BIG))])
    return parse_batch_bytes(path.read_bytes(), source_name=path.name)


def parse_batch_bytes(data: bytes, *, source_name: str | None = None) -> BatchFile:
    """Check a batch file's bytes (see the module docstring); raises `BatchFileRefused`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BatchFileRefused([FileProblem(line, None, Text(CONTEXT, NOT_UTF8))]) from None
    rows = parse_batch_text(text)
    return BatchFile(rows, source_name, content_hash(rows))


def parse_batch_text(text: str) -> tuple[BatchRow, ...]:
    """The checked rows of a batch file's text; raises `BatchFileRefused` with every problem."""
    problems: list[FileProblem] = []
    rows: list[BatchRow] = []
    first_line_of: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header_possible = True
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(FileProblem(line, None, Text(CONTEXT, UNREADABLE)))
            break  # the reader cannot tell where the broken line ends
        if not any(cell.strip() for cell in cells):
            continue
        if header_possible:
            header_possible = False
            if cells[0].strip().lower() == COLUMNS[0] or _names_columns(cells):
                names = tuple(cell.strip().lower() for cell in cells)
                if names != COLUMNS[: len(names)] or len(names) < REQUIRED_COLUMNS:
                    problems.append(FileProblem(line, None, Text(CONTEXT, BAD_HEADER)))
                continue
        row = _checked_row(line, cells, problems)
        if row is None:
            continue
        earlier = first_line_of.setdefault(row.customer_uid, line)
        if earlier != line:
            problems.append(
                FileProblem(line, COLUMNS[0], Text(CONTEXT, DUPLICATE_KEY, (str(earlier),)))
            )
            continue
        rows.append(row)
    if not rows and not problems:
        problems.append(FileProblem(0, None, Text(CONTEXT, NO_ROWS)))
    if len(rows) > MAX_ROWS:
        problems.append(FileProblem(0, None, Text(CONTEXT, TOO_MANY_ROWS, (str(MAX_ROWS),))))
    if problems:
        raise BatchFileRefused(problems)
    return tuple(rows)


def _names_columns(cells: list[str]) -> bool:
    """A first line whose amount holds no digit at all names columns (`고객번호,금액,주문명`):
    it is reported as a header with the wrong names, not as a row of wrong values."""
    return len(cells) > 1 and not any(ch.isdigit() for ch in cells[1])


def _checked_row(line: int, cells: list[str], problems: list[FileProblem]) -> BatchRow | None:
    found: list[FileProblem] = []

    def note(column: str | None, text: Text) -> None:
        found.append(FileProblem(line, column, text))

    def take_error(column: str, error: InputError) -> None:
        note(column, message(error))

    # Excel pads short rows with empty cells (`cust_a,9900,x,,`)
    while len(cells) > REQUIRED_COLUMNS and not cells[-1].strip():
        cells = cells[:-1]
    if len(cells) < REQUIRED_COLUMNS:
        note(None, Text(CONTEXT, TOO_FEW_COLUMNS))
    elif len(cells) > len(COLUMNS):
        note(None, Text(CONTEXT, TOO_MANY_COLUMNS))
    carded = {name for name, cell in zip(COLUMNS, cells, strict=False) if holds_card_number(cell)}
    for name in COLUMNS:
        if name in carded:
            note(name, Text(CONTEXT, CARD_NUMBER))
    if len(cells) > len(COLUMNS) and any(holds_card_number(cell) for cell in cells[5:]):
        note(None, Text(CONTEXT, CARD_NUMBER))
    if found:
        problems.extend(found)
        return None
    values = dict(zip(COLUMNS, cells, strict=False))

    uid_text = values["customer_uid"].strip()
    uid = validate_uid(uid_text, max_length=CUSTOMER_UID_MAX_LENGTH)
    if not uid_text:
        note("customer_uid", Text(CONTEXT, UID_MISSING))
    elif isinstance(uid, Invalid):
        take_error("customer_uid", uid.error)
    amount_text = values["amount"]
    misplaced = commas_misplaced(amount_text)
    amount_result = Invalid(InputError.AMOUNT_FORMAT) if misplaced else parse_amount(amount_text)
    amount = amount_result.value if isinstance(amount_result, Ok) else None
    if isinstance(amount_result, Invalid):
        take_error("amount", amount_result.error)
    order_name = validate_order_name(values["order_name"], required=True)
    if isinstance(order_name, Invalid):
        take_error("order_name", order_name.error)
    tax_free = 0
    card_quota = 0
    if amount is not None:
        tax_text = values.get("tax_free", "")
        tax_result = (
            Invalid(InputError.TAX_FREE_FORMAT)
            if commas_misplaced(tax_text)
            else parse_tax_free(tax_text, amount=amount)
        )
        if isinstance(tax_result, Invalid):
            take_error("tax_free", tax_result.error)
        else:
            tax_free = tax_result.value
        quota_text = normalize_typed(values.get("card_quota", ""))
        if quota_text and not is_ascii_digits(quota_text):
            note("card_quota", Text(CONTEXT, QUOTA_FORMAT))
        elif quota_text:
            quota_result = validate_card_quota(int(quota_text), amount)
            if isinstance(quota_result, Invalid):
                take_error("card_quota", quota_result.error)
            else:
                card_quota = quota_result.value
    if found or amount is None or not isinstance(order_name, Ok):
        problems.extend(found)
        return None
    return BatchRow(
        line=line,
        customer_uid=uid_text,
        amount=amount,
        order_name=order_name.value,
        tax_free=tax_free,
        card_quota=card_quota,
    )


def batch_for_customers(
    customer_uids: Sequence[str],
    *,
    amount: int,
    order_name: str | None,
    tax_free: int = 0,
    card_quota: int = 0,
) -> BatchFile:
    """The same order for each of `customer_uids` (customers selected on the customers page),
    checked by the very rules of a file's lines: it is written as CSV and read back, so "line N"
    in a problem is the Nth customer. Raises `BatchFileRefused`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for uid in customer_uids:
        writer.writerow([uid, amount, order_name or "", tax_free or "", card_quota or ""])
    rows = parse_batch_text(buffer.getvalue())
    return BatchFile(rows, None, content_hash(rows))


def content_hash(rows: Sequence[BatchRow]) -> str:
    """SHA-256 of the rows' values in order (lines and the file's form left out)."""
    values = [
        [row.customer_uid, row.amount, row.order_name, row.tax_free, row.card_quota] for row in rows
    ]
    canonical = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
