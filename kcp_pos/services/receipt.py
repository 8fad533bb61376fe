"""The customer's card receipt (신용카드 매출전표): what is printed, and its HTML layout.

`Receipt.from_payment` turns a paid or cancelled V1 `Payment` into the values a Korean card slip
shows: the card only in masked form, the amount split into 공급가액 / 부가세 / 면세 and the
approval time in Korea time, and for a refunded payment each refund (amount, time, reason, from
its `cancel_history`) and what remains. `receipt_html` lays them out as a narrow (80 mm) slip in
the HTML subset `QTextDocument` renders: tables for alignment, inline styles, every value escaped.

The receipt is a printed document in Korean or English, chosen per receipt rather than by the
UI's language. Its words are English sources marked for Qt's catalogue (`ENGLISH_LABELS`, the
one place translations live); whoever renders a slip passes the labels in its language
(`ReceiptLabels.translated`, which the UI calls with its catalogue). This module imports no Qt,
so the receipt can be built and tested without a display.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum
from typing import Final

from kcp_pos.domain.card_owner import format_business_number
from kcp_pos.domain.korea_time import korea_time
from kcp_pos.domain.language import Lang
from kcp_pos.domain.masking import mask_reported_card
from kcp_pos.domain.money import VatSplit, format_krw_for, split_vat
from kcp_pos.domain.refund_tag import without_tag
from kcp_pos.domain.text import QT_TRANSLATE_NOOP, fill
from kcp_pos.iamport.models import Payment, PaymentStatus

SANDBOX_MARKER = "SANDBOX / 연습 모드 — 실제 결제가 아닙니다"
PROVIDER_LINE = "PortOne · NHN KCP"
MISSING = "—"  # a value the PG did not report


class ReceiptStatus(StrEnum):
    APPROVED = "approved"
    CANCELLED = "cancelled"
    PARTIALLY_CANCELLED = "partially_cancelled"


CONTEXT: Final = "Receipt"


@dataclass(frozen=True, slots=True)
class ReceiptLabels:
    """The fixed words of a slip, in one language."""

    title: str
    card_company: str
    card_number: str
    installment: str
    lump_sum: str
    months: str  # `%1` is the number of months
    approval_number: str
    approved_at: str
    status: str
    statuses: dict[ReceiptStatus, str]
    cancelled_amount: str
    refunds: str
    refund_reason: str
    remaining: str
    order_name: str
    buyer_name: str
    supply: str
    vat: str
    tax_free: str
    total: str
    merchant: str
    business_number: str
    address: str
    phone: str
    merchant_uid: str
    imp_uid: str
    pg_tid: str
    receipt_url: str

    def translated(self, translate: Callable[[str, str], str]) -> ReceiptLabels:
        """These labels through `translate(context, source)` (a catalogue's lookup)."""
        words = {
            field.name: translate(CONTEXT, getattr(self, field.name))
            for field in fields(self)
            if field.name != "statuses"
        }
        statuses = {status: translate(CONTEXT, text) for status, text in self.statuses.items()}
        return replace(self, statuses=statuses, **words)


ENGLISH_LABELS: Final = ReceiptLabels(
    title=QT_TRANSLATE_NOOP("Receipt", "Credit Card Sales Slip"),
    card_company=QT_TRANSLATE_NOOP("Receipt", "Card"),
    card_number=QT_TRANSLATE_NOOP("Receipt", "Card no."),
    installment=QT_TRANSLATE_NOOP("Receipt", "Installment"),
    lump_sum=QT_TRANSLATE_NOOP("Receipt", "Lump sum"),
    months=QT_TRANSLATE_NOOP("Receipt", "%1 months"),
    approval_number=QT_TRANSLATE_NOOP("Receipt", "Approval no."),
    approved_at=QT_TRANSLATE_NOOP("Receipt", "Approved at"),
    status=QT_TRANSLATE_NOOP("Receipt", "Status"),
    statuses={
        ReceiptStatus.APPROVED: QT_TRANSLATE_NOOP("Receipt", "Approved"),
        ReceiptStatus.CANCELLED: QT_TRANSLATE_NOOP("Receipt", "Cancelled"),
        ReceiptStatus.PARTIALLY_CANCELLED: QT_TRANSLATE_NOOP("Receipt", "Partially cancelled"),
    },
    cancelled_amount=QT_TRANSLATE_NOOP("Receipt", "Cancelled amount"),
    refunds=QT_TRANSLATE_NOOP("Receipt", "Refunds"),
    refund_reason=QT_TRANSLATE_NOOP("Receipt", "Reason"),
    remaining=QT_TRANSLATE_NOOP("Receipt", "Remaining"),
    order_name=QT_TRANSLATE_NOOP("Receipt", "Item"),
    buyer_name=QT_TRANSLATE_NOOP("Receipt", "Buyer"),
    supply=QT_TRANSLATE_NOOP("Receipt", "Supply value"),
    vat=QT_TRANSLATE_NOOP("Receipt", "VAT"),
    tax_free=QT_TRANSLATE_NOOP("Receipt", "Tax-free"),
    total=QT_TRANSLATE_NOOP("Receipt", "Total"),
    merchant=QT_TRANSLATE_NOOP("Receipt", "Merchant"),
    business_number=QT_TRANSLATE_NOOP("Receipt", "Business no."),
    address=QT_TRANSLATE_NOOP("Receipt", "Address"),
    phone=QT_TRANSLATE_NOOP("Receipt", "Phone"),
    merchant_uid=QT_TRANSLATE_NOOP("Receipt", "Order no."),
    imp_uid=QT_TRANSLATE_NOOP("Receipt", "Transaction ID"),
    pg_tid=QT_TRANSLATE_NOOP("Receipt", "PG TID"),
    receipt_url=QT_TRANSLATE_NOOP("Receipt", "PG receipt"),
)
"""The sources; English slips use them as they are."""


def mask_card_for_receipt(reported: str | None) -> str:
    """The card as a slip shows it (`domain.masking.mask_reported_card`), `—` when unreported."""
    return mask_reported_card(reported) or MISSING


def _status_of(payment: Payment) -> ReceiptStatus:
    """V1 reports a partly refunded payment as `cancelled` too (reference §7): the amounts
    tell a partial refund from a full one."""
    if payment.status not in (PaymentStatus.PAID, PaymentStatus.CANCELLED):
        raise ValueError(f"no card receipt for a payment that is {payment.status.value}")
    if payment.status is PaymentStatus.CANCELLED and payment.cancel_amount >= payment.amount:
        return ReceiptStatus.CANCELLED
    if payment.cancel_amount > 0:
        return ReceiptStatus.PARTIALLY_CANCELLED
    if payment.status is PaymentStatus.CANCELLED:
        return ReceiptStatus.CANCELLED  # cancelled with no amount reported: in full
    return ReceiptStatus.APPROVED


@dataclass(frozen=True, slots=True)
class RefundLine:
    """One refund of the payment (an entry of its `cancel_history`)."""

    amount: int
    refunded_at: datetime | None  # aware, Asia/Seoul
    reason: str | None


def refund_lines(payment: Payment) -> tuple[RefundLine, ...]:
    """The payment's refunds, in the order PortOne lists them."""
    return tuple(
        RefundLine(
            cancel.amount, korea_time(cancel.cancelled_at), without_tag(cancel.reason or "") or None
        )
        for cancel in payment.cancel_history
    )


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything one card slip shows. Holds the card only masked (`card_number`)."""

    lang: Lang
    labels: ReceiptLabels
    """The words in `lang` (`ENGLISH_LABELS` for English, else `.translated(...)` by the UI)."""
    sandbox: bool
    merchant_name: str
    merchant_business_number: str  # formatted 123-45-67890, or "" when not set
    merchant_address: str  # "" when not set (then not printed)
    merchant_phone: str  # 02-123-4567 form, or "" when not set (then not printed)
    approval_number: str
    card_company: str
    card_number: str  # masked display form, 5570-42**-****-7221
    installment_months: int  # 0: 일시불
    amounts: VatSplit
    cancel_amount: int
    refunds: tuple[RefundLine, ...]
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
        labels: ReceiptLabels,
        sandbox: bool,
        tax_free: int = 0,
        merchant_address: str = "",
        merchant_phone: str = "",
    ) -> Receipt:
        """The slip of a paid or cancelled payment (ValueError for ready or failed ones).

        `tax_free` comes from our own order (the attempt journal): V1's payment object does not
        report the tax-free part, and it is what the VAT split rests on.
        """
        return cls(
            lang=lang,
            labels=labels,
            sandbox=sandbox,
            merchant_name=merchant_name.strip(),
            merchant_business_number=format_business_number(merchant_business_number),
            merchant_address=merchant_address.strip(),
            merchant_phone=merchant_phone.strip(),
            approval_number=payment.apply_num or "",
            card_company=payment.card_name or "",
            card_number=mask_card_for_receipt(payment.card_number),
            installment_months=payment.card_quota,
            amounts=split_vat(payment.amount, tax_free),
            cancel_amount=payment.cancel_amount,
            refunds=refund_lines(payment),
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
    def installment_text(self) -> str:
        """`일시불` or `3개월` (`Lump sum`, `3 months`)."""
        if self.installment_months <= 1:
            return self.labels.lump_sum
        return fill(self.labels.months, (str(self.installment_months),))

    @property
    def status_text(self) -> str:
        """`승인`, `취소` or `부분취소` (`Approved`, `Cancelled`, `Partially cancelled`)."""
        return self.labels.statuses[self.status]

    def money(self, amount: int) -> str:
        """An amount as this receipt's language writes it: `55,000원` or `₩55,000`."""
        return format_krw_for(amount, self.lang)

    @property
    def paid_at_text(self) -> str:
        """`2024-05-01 14:30:05` in Korea time (English adds ` KST`)."""
        return self.time_text(self.paid_at)

    def time_text(self, moment: datetime | None) -> str:
        """A moment as this slip writes it, in Korea time (English adds ` KST`)."""
        if moment is None:
            return MISSING
        suffix = " KST" if self.lang == "en" else ""  # a Korean slip needs no zone
        return moment.strftime("%Y-%m-%d %H:%M:%S") + suffix


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


def _refund_rows(receipt: Receipt) -> list[str]:
    """Each refund: its time and amount (negative), then its reason; then what remains."""
    labels = receipt.labels
    if not receipt.refunds:
        return []
    rows = [_row(labels.refunds, "", style="font-weight: bold;")]
    for line in receipt.refunds:
        amount = html.escape("-" + receipt.money(line.amount))
        rows.append(_row(receipt.time_text(line.refunded_at), amount))
        if line.reason:
            rows.append(_row(labels.refund_reason, _text(line.reason), style=_SMALL))
    remaining = max(receipt.amounts.amount - receipt.cancel_amount, 0)
    rows.append(_row(labels.remaining, f"<b>{html.escape(receipt.money(remaining))}</b>"))
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
    """The shop's name and number, then its address and phone when the settings hold them."""
    labels = receipt.labels
    rows = [
        _row(labels.merchant, _text(receipt.merchant_name)),
        _row(labels.business_number, _text(receipt.merchant_business_number)),
    ]
    if receipt.merchant_address:
        rows.append(_row(labels.address, _text(receipt.merchant_address)))
    if receipt.merchant_phone:
        rows.append(_row(labels.phone, _text(receipt.merchant_phone)))
    return rows


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
        _table(_refund_rows(receipt)) if receipt.refunds else "",
        _RULE if receipt.refunds else "",
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
