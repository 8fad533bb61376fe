"""Payment lookups, refunds with amount and checksum, and escrow shipping info."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import (
    AlreadyCancelled,
    ApiError,
    InvalidRequestError,
    NotFoundError,
)
from kcp_pos.iamport.models import (
    CancelRequest,
    EscrowLogisInfo,
    EscrowLogisRequest,
    EscrowReceiver,
    EscrowSender,
    Payment,
    PaymentStatus,
)
from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
from tests.iamport.conftest import GOOD_CARD, GOOD_EXPIRY, Recorder, card_ending, onetime


def paid(client: IamportClient, merchant_uid: str, amount: int = 10_000) -> Payment:
    result = client.pay_onetime(onetime(merchant_uid, amount))
    assert result.payment is not None and result.paid
    return result.payment


def test_get_find_and_find_all(client: IamportClient) -> None:
    declined = client.pay_onetime(onetime("order-a", card_number=card_ending("0002")))
    payment = paid(client, "order-a")
    assert client.get_payment(payment.imp_uid) == payment
    assert client.find_payment("order-a", PaymentStatus.PAID).imp_uid == payment.imp_uid
    assert client.find_payment("order-a").merchant_uid == "order-a"
    everything = client.find_all_payments("order-a")
    assert everything.total == 2
    assert {p.imp_uid for p in everything.list} == {payment.imp_uid, declined.imp_uid}
    failed_only = client.find_all_payments("order-a", PaymentStatus.FAILED)
    assert [p.imp_uid for p in failed_only.list] == [declined.imp_uid]
    assert client.find_all_payments("order-a", limit=1).list[0].merchant_uid == "order-a"


def test_missing_payments(client: IamportClient) -> None:
    with pytest.raises(NotFoundError) as by_imp_uid:
        client.get_payment("imp_000000000000")
    assert (by_imp_uid.value.http_status, by_imp_uid.value.code) == (404, -1)
    assert by_imp_uid.value.message == "존재하지 않는 결제정보입니다."
    with pytest.raises(NotFoundError):
        client.find_payment("no-such-order")
    # findAll answers "none" instead of raising: the resolver of unknown outcomes needs that.
    nothing = client.find_all_payments("no-such-order")
    assert (nothing.total, nothing.list) == (0, [])
    assert client.find_every_payment("no-such-order") == []


def test_empty_ids_are_refused_before_sending(client: IamportClient, recorder: Recorder) -> None:
    with pytest.raises(InvalidRequestError):
        client.get_payment("")
    with pytest.raises(InvalidRequestError):
        client.find_all_payments("")
    assert recorder.sent == []


def test_list_by_status_pages_and_window(client: IamportClient) -> None:
    start = int(time.time()) - 5
    for n in range(3):
        paid(client, f"order-s{n}", 1_000 + n)
    client.pay_onetime(onetime("order-f", card_number=card_ending("0002")))
    first = client.list_payments_by_status(PaymentStatus.PAID, limit=2, from_=start)
    assert first.total == 3 and len(first.list) == 2 and first.next == 2 and first.previous == 0
    second = client.list_payments_by_status(PaymentStatus.PAID, page=2, limit=2, from_=start)
    assert len(second.list) == 1 and second.next == 0 and second.previous == 1
    assert client.list_payments_by_status("all").total == 4
    assert client.list_payments_by_status(PaymentStatus.FAILED).total == 1
    past = client.list_payments_by_status("all", from_=start - 1000, to=start - 500)
    assert past.total == 0


def test_unsupported_status_is_an_api_error(client: IamportClient) -> None:
    with pytest.raises(ApiError) as caught:
        client.list_payments_by_status("refunded")  # type: ignore[arg-type]
    assert caught.value.http_status == 400
    assert caught.value.message == "지원되지 않는 상태값입니다."


def test_partial_cancels_with_checksum(client: IamportClient) -> None:
    payment = paid(client, "order-c", 10_000)
    after_first = client.cancel_payment(
        CancelRequest(
            imp_uid=payment.imp_uid, amount=1_000, checksum=payment.cancellable_balance, reason="a"
        )
    )
    assert after_first.status is PaymentStatus.CANCELLED  # V1 has no "partially cancelled"
    assert (after_first.cancel_amount, after_first.cancellable_balance) == (1_000, 9_000)
    assert [c.amount for c in after_first.cancel_history] == [1_000]

    with pytest.raises(ApiError) as stale:
        client.cancel_payment(
            CancelRequest(merchant_uid="order-c", amount=500, checksum=10_000, reason="stale")
        )
    assert stale.value.code not in (None, 0)
    assert client.get_payment(payment.imp_uid).cancel_amount == 1_000  # nothing happened

    after_second = client.cancel_payment(
        CancelRequest(merchant_uid="order-c", amount=9_000, checksum=9_000, reason="rest")
    )
    assert (after_second.cancel_amount, after_second.cancellable_balance) == (10_000, 0)
    assert [c.amount for c in after_second.cancel_history] == [1_000, 9_000]
    assert after_second.cancelled_at > 0

    with pytest.raises(AlreadyCancelled) as again:
        client.cancel_payment(CancelRequest(imp_uid=payment.imp_uid, amount=1, checksum=1))
    assert again.value.message == "이미 전액취소된 주문입니다."


def test_cancel_above_the_balance_is_refused_by_the_server(client: IamportClient) -> None:
    payment = paid(client, "order-over", 5_000)
    client.cancel_payment(CancelRequest(imp_uid=payment.imp_uid, amount=4_000, checksum=5_000))
    with pytest.raises(ApiError) as caught:
        # The caller's checksum is stale and too high; the server knows the balance is 1,000.
        client.cancel_payment(CancelRequest(imp_uid=payment.imp_uid, amount=2_000, checksum=5_000))
    assert caught.value.message.startswith("결제취소에 실패하였습니다")
    assert client.get_payment(payment.imp_uid).cancel_amount == 4_000


def test_cancel_of_unknown_payment_is_not_found(client: IamportClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.cancel_payment(CancelRequest(merchant_uid="ghost", amount=100, checksum=100))
    assert caught.value.message == "취소할 결제건이 존재하지 않습니다."


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"imp_uid": "imp_1", "amount": 0, "checksum": 1000}, "FULL refund"),
        ({"imp_uid": "imp_1", "amount": -5, "checksum": 1000}, "FULL refund"),
        ({"imp_uid": "imp_1", "amount": 1001, "checksum": 1000}, "balance"),
        ({"imp_uid": "imp_1", "amount": 1, "checksum": 0}, "nothing left"),
        ({"amount": 100, "checksum": 1000}, "imp_uid or merchant_uid"),
    ],
)
def test_refunds_the_caller_cannot_mean_are_refused_before_sending(
    client: IamportClient, recorder: Recorder, fields: dict[str, object], fragment: str
) -> None:
    with pytest.raises(InvalidRequestError, match=fragment):
        client.cancel_payment(CancelRequest.model_validate(fields))
    assert recorder.sent == []


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "sandbox", escrow_key_in=True)


def escrow_payment(sandbox: SandboxServer, client: IamportClient, merchant_uid: str) -> str:
    """An escrow payment, made with a raw request: `escrow` on onetime is a sandbox-only switch
    (`escrow_key_in`); real escrow payments come from the payment window."""
    response = httpx.post(
        f"{sandbox.url}/subscribe/payments/onetime",
        headers={"Authorization": f"Bearer {client.get_token()}"},
        json={
            "merchant_uid": merchant_uid,
            "amount": 30_000,
            "card_number": GOOD_CARD,
            "expiry": GOOD_EXPIRY,
            "escrow": True,
        },
        trust_env=False,
    )
    imp_uid: str = response.json()["response"]["imp_uid"]
    return imp_uid


def test_escrow_shipping_info(client: IamportClient, sandbox: SandboxServer) -> None:
    imp_uid = escrow_payment(sandbox, client, "order-escrow")
    assert client.get_payment(imp_uid).escrow
    with pytest.raises(NotFoundError) as nothing_yet:
        client.get_escrow_logis(imp_uid)
    assert nothing_yet.value.http_status == 409
    sent_at = int(time.time())
    request = EscrowLogisRequest(
        sender=EscrowSender(name="가게", tel="02-000-0000", addr="서울", postcode="04524"),
        receiver=EscrowReceiver(name="홍길동", tel="010-0000-0000", addr="부산", postcode="48058"),
        logis=EscrowLogisInfo(company="CJGLS", invoice="123456789012", sent_at=sent_at),
    )
    registered = client.register_escrow_logis(imp_uid, request)
    assert (registered.company, registered.invoice, registered.sent_at) == (
        "CJGLS",
        "123456789012",
        sent_at,
    )
    assert registered.applied_at > 0
    assert client.get_escrow_logis(imp_uid) == registered
    with pytest.raises(ApiError) as twice:
        client.register_escrow_logis(imp_uid, request)
    assert twice.value.http_status == 409


def test_escrow_on_a_normal_payment_or_unknown_one_is_refused(client: IamportClient) -> None:
    payment = paid(client, "order-plain")
    logis = EscrowLogisRequest(
        logis=EscrowLogisInfo(company="EPOST", invoice="1", sent_at=int(time.time()))
    )
    with pytest.raises(ApiError) as not_escrow:
        client.register_escrow_logis(payment.imp_uid, logis)
    assert not_escrow.value.http_status == 409
    assert not_escrow.value.message == "해당거래건은 배송정보를 등록할 수 없습니다."
    with pytest.raises(NotFoundError):
        client.register_escrow_logis("imp_000000000000", logis)
    with pytest.raises(NotFoundError):
        client.get_escrow_logis("imp_000000000000")


def test_an_amount_prepared_for_the_window_is_read_back_and_never_prepared_twice(
    client: IamportClient,
) -> None:
    prepared = client.prepare_payment("kcp_window_0001", 57_000)
    assert (prepared.merchant_uid, prepared.amount) == ("kcp_window_0001", 57_000)
    assert client.get_prepared_payment("kcp_window_0001") == prepared
    with pytest.raises(ApiError):  # an order's amount is registered once (PUT changes it)
        client.prepare_payment("kcp_window_0001", 1_000)
    assert client.get_prepared_payment("kcp_window_0001").amount == 57_000
    with pytest.raises(NotFoundError, match="사전등록된 결제정보가 존재하지 않습니다"):
        client.get_prepared_payment("kcp_window_never")
    paid(client, "kcp_window_used")
    with pytest.raises(ApiError):  # an order already paid cannot be prepared
        client.prepare_payment("kcp_window_used", 10_000)
