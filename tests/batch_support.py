"""Shared by the batch tests: billing keys issued straight at the sandbox (as a web shop would:
the terminal's directory does not know them) and batch files written as Excel saves them."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.models import BillingKeyRequest
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
from tests.services.conftest import APPROVED_CARD, INSUFFICIENT_CC10_CARD, keyed_card

SINGLE_LIMIT_CC07_CARD = "5570-4200-0007-0069"


@dataclass(frozen=True)
class PlannedRow:
    customer_uid: str
    amount: int
    order_name: str
    declines: bool


def issue_keys(url: str, count: int, *, decline_every: int = 7) -> list[PlannedRow]:
    """`count` billing keys on the sandbox at `url`; every `decline_every`-th card is refused
    when charged (balance or limit), the others pay."""

    def declines(index: int) -> bool:
        return (index + 1) % decline_every == 0

    def card_for(index: int) -> str:
        if not declines(index):
            return APPROVED_CARD
        return INSUFFICIENT_CC10_CARD if index % 2 else SINGLE_LIMIT_CC07_CARD

    rows = [
        PlannedRow(
            customer_uid=f"cust_batch_{index:04d}",
            amount=10_000 + index * 10,
            order_name=f"12월 정기결제 {index}",
            declines=declines(index),
        )
        for index in range(count)
    ]
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:

        def issue(index: int) -> None:
            card = keyed_card(card_for(index))
            client.issue_billing_key(
                rows[index].customer_uid,
                BillingKeyRequest(**card.api_fields(), customer_name=f"고객{index}"),
            )

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(issue, range(count)))
    return rows


def write_batch_csv(path: Path, rows: Sequence[PlannedRow], *, bom: bool = True) -> Path:
    """The rows as Excel writes "CSV UTF-8": a BOM, a header, CRLF line ends."""
    lines = ["customer_uid,amount,order_name"]
    lines += [f'{row.customer_uid},"{row.amount:,}",{row.order_name}' for row in rows]
    path.write_bytes(("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode() + b"\r\n")
    return path


def payments_by_merchant_uid(url: str) -> dict[str, list[str]]:
    """Every payment the sandbox holds, as merchant_uid -> statuses (all pages)."""
    found: dict[str, list[str]] = {}
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        page = 1
        while page:
            listed = client.list_payments_by_status("all", page=page, limit=100)
            for payment in listed.list:
                found.setdefault(payment.merchant_uid, []).append(payment.status.value)
            page = listed.next
    return found


def read_results(path: Path) -> list[dict[str, str]]:
    """A results file as written by `batch_results` (UTF-8 with BOM)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def check_one_payment_per_paid_row(url: str, results: list[dict[str, str]]) -> None:
    """The sandbox and the results agree: a paid row has exactly one payment, paid; a declined
    row none paid; no payment exists outside the batch's rows."""
    payments = payments_by_merchant_uid(url)
    rows = {row["merchant_uid"]: row for row in results}
    assert set(payments) <= set(rows), "a payment under an id the batch never had"
    for merchant_uid, row in rows.items():
        statuses = payments.get(merchant_uid, [])
        if row["status"] == "paid":
            assert statuses == ["paid"], (row["line"], statuses)
            assert row["imp_uid"]
        else:
            assert row["status"] == "declined", row
            assert "paid" not in statuses, (row["line"], statuses)
