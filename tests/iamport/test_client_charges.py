"""Key-in (`onetime`) and billing-key (`again`) charges: paid, declined, and business errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import DuplicateMerchantUid, UnknownCustomer
from kcp_pos.iamport.models import (
    AgainPaymentRequest,
    CustomerUidUsage,
    PaymentStatus,
)
from kcp_pos.iamport.results import ChargeStatus
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
from tests.iamport.conftest import (
    GOOD_CARD,
    billing_key,
    card_ending,
    onetime,
    running_sandbox,
)


def test_onetime_paid_returns_the_kcp_payment(client: IamportClient) -> None:
    result = client.pay_onetime(onetime("order-paid", 15_000, name="전화주문", buyer_name="홍길동"))
    assert result.paid and result.status is ChargeStatus.PAID
    payment = result.payment
    assert payment is not None
    assert (payment.merchant_uid, payment.amount, payment.status) == (
        "order-paid",
        15_000,
        PaymentStatus.PAID,
    )
    assert payment.channel == "api" and payment.pg_provider == "kcp"
    assert payment.paid_at > 0 and payment.failed_at == 0 and payment.cancelled_at == 0
    assert payment.card_number == GOOD_CARD.replace("-", "")[:6] + "000000" + GOOD_CARD[-4:]
    assert payment.buyer_name == "홍길동"
    assert result.imp_uid == payment.imp_uid
    assert result.fail_reason is None
    assert client.get_payment(payment.imp_uid) == payment


@pytest.mark.parametrize(
    ("card", "pwd", "expiry", "reason_code"),
    [
        (card_ending("0002"), "00", "2099-12", "CC03"),
        (card_ending("9995"), "00", "2099-12", "CC10"),
        (card_ending("1234"), "99", "2099-12", "CC63"),
        (card_ending("1234"), "00", "2020-01", "CC54"),
    ],
)
def test_onetime_decline_is_a_failed_result_with_the_payment(
    client: IamportClient, card: str, pwd: str, expiry: str, reason_code: str
) -> None:
    result = client.pay_onetime(
        onetime(f"order-{reason_code}", card_number=card, pwd_2digit=pwd, expiry=expiry)
    )
    assert result.status is ChargeStatus.FAILED and not result.paid
    assert result.code == 0
    assert result.payment is not None and result.payment.status is PaymentStatus.FAILED
    assert result.payment.failed_at > 0 and result.payment.paid_at == 0
    assert result.fail_reason is not None and reason_code in result.fail_reason
    assert card not in repr(result)  # only the masked number is ever kept


def test_installments_below_50000_fail_with_cc16(client: IamportClient) -> None:
    result = client.pay_onetime(onetime("order-quota", 49_000, card_quota=3))
    assert result.status is ChargeStatus.FAILED
    assert result.fail_reason is not None and "CC16" in result.fail_reason
    assert client.pay_onetime(onetime("order-quota-ok", 50_000, card_quota=3)).paid


def test_onetime_code_minus_one_decline_is_a_failed_result_without_payment(
    tmp_path: Path,
) -> None:
    with (
        running_sandbox(tmp_path / "sb", onetime_decline_style="code-1") as server,
        IamportClient(server.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client,
    ):
        result = client.pay_onetime(onetime("order-1", card_number=card_ending("0002")))
        recorded = client.find_every_payment("order-1")
    # Whether V1 keeps a failed record for a code -1 decline is not documented; none may be paid.
    assert all(payment.status is PaymentStatus.FAILED for payment in recorded)
    assert result.status is ChargeStatus.FAILED
    assert result.payment is None and result.code == -1
    assert result.merchant_uid == "order-1"
    assert result.fail_reason is not None
    assert result.fail_reason.startswith("결제승인에 실패하였습니다")
    assert "CC03" in result.fail_reason


def test_invalid_card_number_is_a_failed_result(client: IamportClient) -> None:
    result = client.pay_onetime(onetime("order-bad-card", card_number="4518-0000-0000-0001"))
    assert result.status is ChargeStatus.FAILED and result.payment is None
    assert result.fail_reason == "유효하지않은 카드번호를 입력하셨습니다."


def test_duplicate_merchant_uid_after_paid_raises(client: IamportClient) -> None:
    assert client.pay_onetime(onetime("order-dup")).paid
    with pytest.raises(DuplicateMerchantUid) as caught:
        client.pay_onetime(onetime("order-dup"))
    assert caught.value.code == -1 and caught.value.http_status == 200
    assert caught.value.message.startswith("이미 주문이 이루어진 건입니다")
    assert GOOD_CARD not in str(caught.value)


def test_merchant_uid_may_be_reused_after_a_decline(client: IamportClient) -> None:
    declined = client.pay_onetime(onetime("order-retry", card_number=card_ending("0002")))
    assert not declined.paid
    assert client.pay_onetime(onetime("order-retry")).paid
    statuses = sorted(p.status.value for p in client.find_every_payment("order-retry"))
    assert statuses == ["failed", "paid"]


def test_onetime_with_customer_uid_stores_a_key_that_again_charges(
    client: IamportClient,
) -> None:
    first = client.pay_onetime(onetime("order-first", customer_uid="cust-again"))
    assert first.paid
    again = client.pay_again(
        AgainPaymentRequest(
            customer_uid="cust-again", merchant_uid="order-again", amount=2_500, name="정기"
        )
    )
    assert again.paid and again.payment is not None
    assert again.payment.amount == 2_500
    assert again.payment.customer_uid == "cust-again"
    assert again.payment.customer_uid_usage is CustomerUidUsage.PAYMENT
    with pytest.raises(DuplicateMerchantUid):
        client.pay_again(
            AgainPaymentRequest(customer_uid="cust-again", merchant_uid="order-again", amount=1)
        )


def test_again_decline_is_a_failed_result(client: IamportClient) -> None:
    client.issue_billing_key("cust-quota", billing_key())
    result = client.pay_again(
        AgainPaymentRequest(
            customer_uid="cust-quota", merchant_uid="order-quota", amount=30_000, card_quota=3
        )
    )
    assert result.status is ChargeStatus.FAILED and result.payment is not None
    assert result.payment.status is PaymentStatus.FAILED
    assert result.fail_reason is not None and "CC16" in result.fail_reason


def test_again_for_unknown_customer_raises(client: IamportClient) -> None:
    with pytest.raises(UnknownCustomer) as caught:
        client.pay_again(
            AgainPaymentRequest(customer_uid="nobody", merchant_uid="order-x", amount=1_000)
        )
    assert caught.value.code == 1
    assert caught.value.message == "등록되지 않은 구매자입니다."
