"""A batch's results as a CSV file: one line per batch line, in the file's order, with what the
journal says of it (paid, declined, unknown or not sent), the payment's `imp_uid`, the masked
card as the screen shows it (`5570-42**-****-1234`: KCP's own form, zeros in the middle, reads
like a full number) and the reason of a decline.

UTF-8 with a byte-order mark, so that Excel shows Korean names correctly. Text cells that a
spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a leading tab or carriage return)
are written with a leading `'` (`domain/spreadsheet_text`).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.domain.spreadsheet_text import spreadsheet_text
from kcp_pos.services.batch_charge import LineResult

HEADER: Final = (
    "line",
    "customer_uid",
    "amount",
    "order_name",
    "tax_free",
    "card_quota",
    "merchant_uid",
    "status",
    "imp_uid",
    "card_number",
    "fail_reason",
)
_text: Final = spreadsheet_text


def results_csv(results: Sequence[LineResult]) -> str:
    """The results as CSV text (without the byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for result in results:
        line = result.line
        writer.writerow(
            (
                line.line,
                line.customer_uid,
                line.amount,
                _text(line.order_name),
                line.tax_free,
                line.card_quota,
                line.merchant_uid,
                result.status.value,
                result.imp_uid or "",
                mask_reported_card(result.card_number),
                _text(result.fail_reason),
            )
        )
    return out.getvalue()


def write_results(path: Path, results: Sequence[LineResult]) -> None:
    """Write the results to `path` (UTF-8 with BOM), replacing it whole: a reader never sees
    half a file, and a crash leaves the previous one."""
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", encoding="utf-8-sig", newline="") as file:
        file.write(results_csv(results))
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(path)
