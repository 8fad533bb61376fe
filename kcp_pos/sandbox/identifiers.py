"""Identifiers in the shapes the live API and KCP use (reference §1.5).

`imp_uid` is `imp_` + 12 digits, `access_token` 40 lowercase hex characters, KCP's `pg_tid`
(tno) 14 digits and its `apply_num` 8 digits. The receipt URL is KCP's card-bill page.
"""

from __future__ import annotations

import secrets

RECEIPT_URL = (
    "https://admin8.kcp.co.kr/assist/bill.BillActionNew.do"
    "?cmd=card_bill&tno={pg_tid}&order_no={imp_uid}&trade_mony={amount}"
)


def _digits(count: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(count))


def new_imp_uid() -> str:
    return "imp_" + _digits(12)


def new_pg_tid() -> str:
    return _digits(14)


def new_apply_num() -> str:
    return _digits(8)


def new_access_token() -> str:
    return secrets.token_hex(20)


def new_cancellation_id() -> str:
    # The live format is not published; a 20-character upper-case token is enough to be unique.
    return secrets.token_hex(10).upper()


def receipt_url(pg_tid: str, imp_uid: str, amount: int) -> str:
    return RECEIPT_URL.format(pg_tid=pg_tid, imp_uid=imp_uid, amount=amount)
