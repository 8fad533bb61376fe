"""The card receipt: values from a KCP payment, the VAT split, both languages, masking, escaping."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from kcp_pos.domain.card_owner import format_business_number
from kcp_pos.domain.masking import redact_card_numbers
from kcp_pos.iamport.models import Payment, PaymentStatus
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.operator import LOCAL_CLERK
from kcp_pos.services.outcomes import OutcomeKind
from kcp_pos.services.receipt import (
    SANDBOX_MARKER,
    Receipt,
    ReceiptStatus,
    mask_card_for_receipt,
    receipt_html,
)
from kcp_pos.ui.widgets.receipt_view import receipt_labels
from tests.services.conftest import APPROVED_CARD, keyed_card

PAID_AT = 1714541405  # 2024-05-01 05:30:05 UTC = 14:30:05 KST
PG_TID = "22895235578501"  # 14 digits, not Luhn-valid in any 13-digit window
RECEIPT_URL = (
    "https://admin8.kcp.co.kr/assist/bill.BillActionNew.do"
    f"?cmd=card_bill&tno={PG_TID}&order_no=imp_803037736674&trade_mony=55000"
)


def kcp_payment(**changes: object) -> Payment:
    """A paid KCP keyed payment as V1 reports it (reference §1.5 sample values)."""
    values: dict[str, object] = {
        "imp_uid": "imp_803037736674",
        "merchant_uid": "kcp-20240501-143005-7f3a",
        "pay_method": "card",
        "pg_provider": "kcp",
        "pg_tid": PG_TID,
        "apply_num": "30046339",
        "card_code": "381",
        "card_name": "KB국민카드",
        "card_quota": 3,
        "card_number": "5570420000007221",
        "name": "장미 꽃다발",
        "amount": 55000,
        "buyer_name": "홍길동",
        "status": "paid",
        "paid_at": PAID_AT,
        "receipt_url": RECEIPT_URL,
    }
    values.update(changes)
    return Payment.model_validate(values)


def receipt_of(payment: Payment | None = None, **options: object) -> Receipt:
    """A receipt, in Korean unless `lang="en"`: its words from the app's catalogue."""
    arguments: dict[str, object] = {
        "merchant_name": "행복한 꽃집",
        "merchant_business_number": "1248100998",
        "lang": "ko",
        "sandbox": False,
    }
    arguments.update(options)
    arguments["labels"] = receipt_labels(arguments["lang"])  # type: ignore[arg-type]
    return Receipt.from_payment(payment or kcp_payment(), **arguments)  # type: ignore[arg-type]


def test_fields_come_from_the_payment() -> None:
    receipt = receipt_of()

    assert receipt.approval_number == "30046339"
    assert receipt.card_company == "KB국민카드"
    assert receipt.card_number == "5570-42**-****-7221"
    assert receipt.installment_months == 3 and receipt.installment_text == "3개월"
    assert receipt.merchant_business_number == "124-81-00998"
    assert (receipt.merchant_uid, receipt.imp_uid) == (
        "kcp-20240501-143005-7f3a",
        "imp_803037736674",
    )
    assert receipt.pg_tid == PG_TID and receipt.receipt_url == RECEIPT_URL
    assert receipt.status is ReceiptStatus.APPROVED and receipt.status_text == "승인"
    assert receipt.paid_at is not None
    assert receipt.paid_at.utcoffset() == timedelta(hours=9)
    assert receipt.paid_at.replace(tzinfo=None) == datetime(2024, 5, 1, 14, 30, 5)
    assert receipt.paid_at_text == "2024-05-01 14:30:05"


def test_korean_html_has_the_card_slip_rows() -> None:
    text = receipt_html(receipt_of())

    for expected in (
        "신용카드 매출전표",
        "행복한 꽃집",
        "카드종류",
        "KB국민카드",
        "5570-42**-****-7221",
        "3개월",
        "승인번호",
        "30046339",
        "2024-05-01 14:30:05",
        "공급가액",
        "50,000원",
        "부가세",
        "5,000원",
        "면세",
        "합계",
        "55,000원",
        "124-81-00998",
        "PortOne · NHN KCP",
    ):
        assert expected in text, expected
    assert SANDBOX_MARKER not in text


def test_english_html_uses_english_labels() -> None:
    text = receipt_html(receipt_of(lang="en"))

    for expected in (
        "Credit Card Sales Slip",
        "Approval no.",
        "3 months",
        "Supply value",
        "₩50,000",
        "₩5,000",
        "₩55,000",
        "2024-05-01 14:30:05 KST",
        "Approved",
    ):
        assert expected in text, expected
    assert "승인번호" not in text and "공급가액" not in text


def test_lump_sum_below_two_months() -> None:
    assert receipt_of(kcp_payment(card_quota=0)).installment_text == "일시불"
    assert receipt_of(kcp_payment(card_quota=0), lang="en").installment_text == "Lump sum"


def test_vat_split_with_a_tax_free_part() -> None:
    receipt = receipt_of(tax_free=5_000)

    assert (receipt.amounts.supply, receipt.amounts.vat, receipt.amounts.tax_free) == (
        45_455,
        4_545,
        5_000,
    )
    assert receipt.amounts.supply + receipt.amounts.vat + receipt.amounts.tax_free == 55_000
    text = receipt_html(receipt)
    assert "45,455원" in text and "4,545원" in text and "5,000원" in text


def test_html_holds_no_card_number_a_redactor_would_star() -> None:
    for lang in ("ko", "en"):
        for sandbox in (False, True):
            text = receipt_html(receipt_of(lang=lang, sandbox=sandbox))
            assert redact_card_numbers(text) == text
            assert "5570420000007221" not in text


def test_a_full_card_number_reported_by_mistake_is_still_masked() -> None:
    receipt = receipt_of(kcp_payment(card_number="5570421234567221"))

    assert receipt.card_number == "5570-42**-****-7221"
    assert "123456" not in receipt_html(receipt)


@pytest.mark.parametrize(
    ("reported", "shown"),
    [
        ("5570420000007221", "5570-42**-****-7221"),
        ("557042******7221", "5570-42**-****-7221"),
        ("5570-42**-****-7221", "5570-42**-****-7221"),
        ("376400000001004", "3764-00****-*1004"),  # AMEX groups 4-6-5
        ("", "—"),
        (None, "—"),
        ("12345", "*****"),
    ],
)
def test_mask_card_for_receipt(reported: str | None, shown: str) -> None:
    assert mask_card_for_receipt(reported) == shown


def test_business_number_format() -> None:
    assert format_business_number("1248100998") == "124-81-00998"
    assert format_business_number("124-81-00998") == "124-81-00998"
    assert format_business_number("") == ""


def test_hostile_values_are_escaped() -> None:
    payment = kcp_payment(name="<script>alert(1)</script>", buyer_name='"><img src=x>')
    text = receipt_html(receipt_of(payment, merchant_name="<b>꽃집</b> & Co"))

    assert "<script>" not in text and "<img" not in text and "<b>꽃집" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;꽃집&lt;/b&gt; &amp; Co" in text


def test_partial_cancel_shows_the_cancelled_amount() -> None:
    receipt = receipt_of(kcp_payment(cancel_amount=10_000))

    assert receipt.status is ReceiptStatus.PARTIALLY_CANCELLED
    text = receipt_html(receipt)
    assert "부분취소" in text and "취소금액" in text and "10,000원" in text
    english = receipt_html(receipt_of(kcp_payment(cancel_amount=10_000), lang="en"))
    assert "Partially cancelled" in english and "₩10,000" in english


def test_full_cancel_status() -> None:
    payment = kcp_payment(status="cancelled", cancel_amount=55_000, cancelled_at=PAID_AT + 60)
    receipt = receipt_of(payment)

    assert receipt.status is ReceiptStatus.CANCELLED and receipt.status_text == "취소"
    assert "55,000원" in receipt_html(receipt)


@pytest.mark.parametrize("status", [PaymentStatus.FAILED, PaymentStatus.READY])
def test_no_receipt_for_unpaid_payments(status: PaymentStatus) -> None:
    with pytest.raises(ValueError, match=status.value):
        receipt_of(kcp_payment(status=status.value, paid_at=0, apply_num=""))


def test_sandbox_marker_in_both_languages() -> None:
    for lang in ("ko", "en"):
        text = receipt_html(receipt_of(lang=lang, sandbox=True))
        assert SANDBOX_MARKER in text
        assert "연습 모드" in text and "실제 결제가 아닙니다" in text


def test_missing_values_show_a_dash() -> None:
    payment = kcp_payment(card_name=None, apply_num=None, paid_at=0, name=None, buyer_name=None)
    receipt = receipt_of(payment, merchant_business_number="")

    assert receipt.paid_at is None and receipt.paid_at_text == "—"
    text = receipt_html(receipt)
    assert "None" not in text
    assert re.search(r"승인번호</td><td[^>]*><b>—</b>", text)


def test_receipt_of_a_real_sandbox_charge_is_masked(services: AppServices) -> None:
    order = KeyedOrder(
        merchant_uid="kcp-receipt-test-1", amount=55_000, order_name="화환", card_quota=2
    )
    outcome = charge_keyed(services, keyed_card(), order, operator=LOCAL_CLERK)
    assert outcome.kind is OutcomeKind.PAID and outcome.payment is not None

    receipt = receipt_of(outcome.payment, sandbox=True)
    text = receipt_html(receipt)
    digits = APPROVED_CARD.replace("-", "")
    assert receipt.card_number == f"{digits[:4]}-{digits[4:6]}**-****-{digits[-4:]}"
    assert digits not in text and APPROVED_CARD not in text
    assert outcome.payment.apply_num and outcome.payment.apply_num in text
    assert "2개월" in text and SANDBOX_MARKER in text


def test_the_shops_address_and_phone_are_printed_when_set() -> None:
    receipt = receipt_of(merchant_address="서울시 마포구 양화로 12", merchant_phone="02-123-4567")
    html = receipt_html(receipt)

    assert "서울시 마포구 양화로 12" in html and "02-123-4567" in html
    address_row = f"{receipt.labels.address}</td><td"
    phone_row = f"{receipt.labels.phone}</td><td"
    assert address_row in html and phone_row in html
    english = receipt_html(receipt_of(lang="en", merchant_phone="02-123-4567"))
    assert "Phone" in english and "Address" not in english  # an address not set is left out
