"""The customer's card receipt (신용카드 매출전표): what is printed, and its HTML layout.

`Receipt.from_payment` turns a paid or cancelled V1 `Payment` into the values a Korean card slip
shows: the card only in masked form, the amount split into 공급가액 / 부가세 / 면세 and the
approval time in Korea time. `receipt_html` lays them out as a narrow (80 mm) slip in the HTML
subset `QTextDocument` renders: tables for alignment, inline styles, every value escaped.

The receipt is a printed document with its own fixed labels in Korean or English (chosen per
receipt, not by the UI language), so the labels live here rather than in the Qt catalog; this
module imports no Qt so the receipt can be built and tested without a display.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kcp_pos.domain.card_owner import format_business_number
from kcp_pos.domain.korea_time import korea_time
from kcp_pos.domain.language import Lang
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.domain.money import VatSplit, format_krw, split_vat
from kcp_pos.iamport.models import Payment, PaymentStatus

SANDBOX_MARKER = "SANDBOX / 연습 모드 — 실제 결제가 아닙니다"
PROVIDER_LINE = "PortOne · NHN KCP"
MISSING = "—"  # a value the PG did not report


class ReceiptStatus(StrEnum):
    APPROVED = "approved"
    CANCELLED = "cancelled"
    PARTIALLY_CANCELLED = "partially_cancelled"


@dataclass(frozen=True, slots=True)
class ReceiptLabels:
    """The fixed words of a slip in one language."""

    title: str
    card_company: str
    card_number: str
    installment: str
    lump_sum: str
    months: str  # format with {months}
    approval_number: str
    approved_at: str
    status: str
    statuses: dict[ReceiptStatus, str]
    cancelled_amount: str
    order_name: str
    buyer_name: str
    supply: str
    vat: str
    tax_free: str
    total: str
    merchant: str
    business_number: str
    merchant_uid: str
    imp_uid: str
    pg_tid: str
    receipt_url: str
    time_zone_suffix: str
    won_symbol: bool  # ₩55,000 in English, 55,000원 in Korean


LABELS: dict[Lang, ReceiptLabels] = {
    "ko": ReceiptLabels(
        title="신용카드 매출전표",
        card_company="카드종류",
        card_number="카드번호",
        installment="할부",
        lump_sum="일시불",
        months="{months}개월",
        approval_number="승인번호",
        approved_at="승인일시",
        status="거래상태",
        statuses={
            ReceiptStatus.APPROVED: "승인",
            ReceiptStatus.CANCELLED: "취소",
            ReceiptStatus.PARTIALLY_CANCELLED: "부분취소",
        },
        cancelled_amount="취소금액",
        order_name="상품명",
        buyer_name="구매자",
        supply="공급가액",
        vat="부가세",
        tax_free="면세",
        total="합계",
        merchant="가맹점명",
        business_number="사업자번호",
        merchant_uid="주문번호",
        imp_uid="거래번호",
        pg_tid="PG거래번호",
        receipt_url="PG 매출전표",
        time_zone_suffix="",
        won_symbol=False,
    ),
    "en": ReceiptLabels(
        title="Credit Card Sales Slip",
        card_company="Card",
        card_number="Card no.",
        installment="Installment",
        lump_sum="Lump sum",
        months="{months} months",
        approval_number="Approval no.",
        approved_at="Approved at",
        status="Status",
        statuses={
            ReceiptStatus.APPROVED: "Approved",
            ReceiptStatus.CANCELLED: "Cancelled",
            ReceiptStatus.PARTIALLY_CANCELLED: "Partially cancelled",
        },
        cancelled_amount="Cancelled",
        order_name="Item",
        buyer_name="Buyer",
        supply="Supply value",
        vat="VAT",
        tax_free="Tax-free",
        total="Total",
        merchant="Merchant",
        business_number="Business no.",
        merchant_uid="Order no.",
        imp_uid="Transaction ID",
        pg_tid="PG TID",
        receipt_url="PG receipt",
        time_zone_suffix=" KST",
        won_symbol=True,
    ),
}


def mask_card_for_receipt(reported: str | None) -> str:
    """The card as a slip shows it (`domain.masking.mask_reported_card`), `—` when unreported."""
    return mask_reported_card(reported) or MISSING


def _status_of(payment: Payment) -> ReceiptStatus:
    if payment.status is PaymentStatus.CANCELLED:
        return ReceiptStatus.CANCELLED
    if payment.status is PaymentStatus.PAID:
        if payment.cancel_amount > 0:
            return ReceiptStatus.PARTIALLY_CANCELLED
        return ReceiptStatus.APPROVED
    raise ValueError(f"no card receipt for a payment that is {payment.status.value}")


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything one card slip shows. Holds the card only masked (`card_number`)."""

    lang: Lang
    sandbox: bool
    merchant_name: str
    merchant_business_number: str  # formatted 123-45-67890, or "" when not set
    approval_number: str
    card_company: str
    card_number: str  # masked display form, 5570-42**-****-7221
    installment_months: int  # 0: 일시불
    amounts: VatSplit
    cancel_amount: int
    status: ReceiptStatus
    order_name: str | None
    buyer_name: str | None
    paid_at: datetime | None  # aware, Asia/Seoul
    merchant_uid: str
    imp_uid: str
    pg_tid: str
    receipt_url: str | None

    @classmethod
    def from_payment(
        cls,
        payment: Payment,
        *,
        merchant_name: str,
        merchant_business_number: str,
        lang: Lang,
        sandbox: bool,
        tax_free: int = 0,
    ) -> Receipt:
        """The slip of a paid or cancelled payment (ValueError for ready or failed ones).

        `tax_free` comes from our own order (the attempt journal): V1's payment object does not
        report the tax-free part, and it is what the VAT split rests on.
        """
        return cls(
            lang=lang,
            sandbox=sandbox,
            merchant_name=merchant_name.strip(),
            merchant_business_number=format_business_number(merchant_business_number),
            approval_number=payment.apply_num or "",
            card_company=payment.card_name or "",
            card_number=mask_card_for_receipt(payment.card_number),
            installment_months=payment.card_quota,
            amounts=split_vat(payment.amount, tax_free),
            cancel_amount=payment.cancel_amount,
            status=_status_of(payment),
            order_name=payment.name,
            buyer_name=payment.buyer_name,
            paid_at=korea_time(payment.paid_at),
            merchant_uid=payment.merchant_uid,
            imp_uid=payment.imp_uid,
            pg_tid=payment.pg_tid or "",
            receipt_url=payment.receipt_url or None,
        )

    @property
    def labels(self) -> ReceiptLabels:
        return LABELS[self.lang]

    @property
    def installment_text(self) -> str:
        """`일시불` or `3개월` (`Lump sum`, `3 months`)."""
        if self.installment_months <= 1:
            return self.labels.lump_sum
        return self.labels.months.format(months=self.installment_months)

    @property
    def status_text(self) -> str:
        """`승인`, `취소` or `부분취소` (`Approved`, `Cancelled`, `Partially cancelled`)."""
        return self.labels.statuses[self.status]

    def money(self, amount: int) -> str:
        """An amount as this receipt's language writes it: `55,000원` or `₩55,000`."""
        return format_krw(amount, symbol=self.labels.won_symbol)

    @property
    def paid_at_text(self) -> str:
        """`2024-05-01 14:30:05` in Korea time (English adds ` KST`)."""
        if self.paid_at is None:
            return MISSING
        return self.paid_at.strftime("%Y-%m-%d %H:%M:%S") + self.labels.time_zone_suffix


# --------------------------------------------------------------------------- HTML layout

# Fonts with Hangul on Windows, macOS and Linux; QTextDocument takes the first one it finds.
_FONT_FAMILIES = "'Malgun Gothic', 'Apple SD Gothic Neo', 'NanumGothic', 'Noto Sans CJK KR'"
_BODY_STYLE = f"font-family: {_FONT_FAMILIES}; font-size: 8pt; color: #000000;"
_SMALL = "font-size: 7.5pt;"
_TINY = "font-size: 6.5pt;"
_STRONG = "font-size: 10.5pt; font-weight: bold;"
_RULE = '<hr style="border: none; height: 1px; background-color: #000000;"/>'


def _text(value: str | None) -> str:
    """An escaped value, or the dash for one the PG did not report."""
    return html.escape(value) if value else MISSING


def _row(label: str, value: str, *, style: str = "") -> str:
    """A label/value line; `value` must already be escaped."""
    return (
        f'<tr><td style="{style}" width="30%">{html.escape(label)}</td>'
        f'<td align="right" style="{style}">{value}</td></tr>'
    )


def _table(rows: list[str]) -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="1" border="0">'
        + "".join(rows)
        + "</table>"
    )


def _sandbox_banner() -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="3" border="1" '
        'style="border-collapse: collapse; border-color: #000000; border-style: solid;">'
        '<tr><td align="center" style="font-weight: bold; font-size: 9pt;">'
        f"{html.escape(SANDBOX_MARKER)}</td></tr></table>"
    )


def _card_rows(receipt: Receipt) -> list[str]:
    labels = receipt.labels
    rows = [
        _row(labels.card_company, _text(receipt.card_company)),
        _row(labels.card_number, _text(receipt.card_number)),
        _row(labels.installment, _text(receipt.installment_text)),
        _row(labels.approval_number, f"<b>{_text(receipt.approval_number)}</b>"),
        _row(labels.approved_at, _text(receipt.paid_at_text)),
        _row(labels.status, f"<b>{_text(receipt.status_text)}</b>"),
    ]
    if receipt.cancel_amount > 0:
        cancelled = html.escape(receipt.money(receipt.cancel_amount))
        rows.append(_row(labels.cancelled_amount, f"<b>{cancelled}</b>"))
    return rows


def _order_rows(receipt: Receipt) -> list[str]:
    labels = receipt.labels
    rows = [_row(labels.order_name, _text(receipt.order_name))]
    if receipt.buyer_name:
        rows.append(_row(labels.buyer_name, _text(receipt.buyer_name)))
    return rows


def _amount_rows(receipt: Receipt) -> list[str]:
    labels, amounts = receipt.labels, receipt.amounts
    return [
        _row(labels.supply, html.escape(receipt.money(amounts.supply))),
        _row(labels.vat, html.escape(receipt.money(amounts.vat))),
        _row(labels.tax_free, html.escape(receipt.money(amounts.tax_free))),
    ]


def _reference_rows(receipt: Receipt) -> list[str]:
    labels = receipt.labels
    return [
        _row(labels.merchant_uid, _text(receipt.merchant_uid), style=_SMALL),
        _row(labels.imp_uid, _text(receipt.imp_uid), style=_SMALL),
        _row(labels.pg_tid, _text(receipt.pg_tid), style=_SMALL),
    ]


def _merchant_rows(receipt: Receipt) -> list[str]:
    labels = receipt.labels
    return [
        _row(labels.merchant, _text(receipt.merchant_name)),
        _row(labels.business_number, _text(receipt.merchant_business_number)),
    ]


def _receipt_link(receipt: Receipt) -> str:
    if not receipt.receipt_url:
        return ""
    url = html.escape(receipt.receipt_url, quote=True)
    label = html.escape(receipt.labels.receipt_url)
    return f'<p style="{_TINY} margin-top: 4px;">{label}: <a href="{url}">{url}</a></p>'


def receipt_html(receipt: Receipt) -> str:
    """The slip as one HTML document (QTextDocument's subset: tables, inline CSS, no scripts)."""
    labels = receipt.labels
    sandbox = _sandbox_banner() if receipt.sandbox else ""
    total = _row(labels.total, html.escape(receipt.money(receipt.amounts.amount)), style=_STRONG)
    parts = [
        f'<html><head><meta charset="utf-8"/><title>{html.escape(labels.title)}</title></head>',
        f'<body style="{_BODY_STYLE}">',
        sandbox,
        f'<p align="center" style="font-size: 13pt; font-weight: bold; margin-top: 6px;">'
        f"{html.escape(labels.title)}</p>",
        f'<p align="center" style="font-size: 10pt; font-weight: bold; margin-bottom: 2px;">'
        f"{_text(receipt.merchant_name)}</p>",
        _RULE,
        _table(_card_rows(receipt)),
        _RULE,
        _table(_order_rows(receipt)),
        _RULE,
        _table([*_amount_rows(receipt), total]),
        _RULE,
        _table(_merchant_rows(receipt) + _reference_rows(receipt)),
        _receipt_link(receipt),
        _RULE,
        f'<p align="center" style="font-size: 7.5pt;">{html.escape(PROVIDER_LINE)}</p>',
        sandbox,
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)
