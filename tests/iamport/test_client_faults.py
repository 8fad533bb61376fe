"""Reliability (DESIGN rule 2) with the sandbox's fault injection over real HTTP.

Money-moving calls are never retried: a lost answer is `OutcomeUnknown` carrying the
`merchant_uid`, and a later `findAll` tells what really happened. Lookups retry a little.
"""

from __future__ import annotations

import logging

import pytest

from kcp_pos.iamport.errors import ApiError, NotFoundError, OutcomeUnknown, TransportError
from kcp_pos.iamport.models import (
    AgainPaymentRequest,
    CancelRequest,
    PaymentStatus,
    ScheduleItem,
    ScheduleRequest,
)
from kcp_pos.sandbox.server import SandboxServer
from tests.conftest import arm_fault
from tests.iamport.conftest import GOOD_CARD, MakeClient, Recorder, billing_key, free_port, onetime

ONETIME = "/subscribe/payments/onetime"
STATE_CHANGING = ("/subscribe/payments/again", "/subscribe/payments/schedule", "/payments/cancel")


def test_stall_after_commit_is_outcome_unknown_and_find_all_shows_the_payment(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(read_timeout=0.5)
    client.get_token()
    arm_fault(sandbox, endpoint=ONETIME, mode="stall_after_commit", seconds=1.5)
    with pytest.raises(OutcomeUnknown) as caught:
        client.pay_onetime(onetime("order-stalled", 12_000))
    error = caught.value
    assert error.merchant_uid == "order-stalled" and error.operation == "onetime"
    assert not error.should_retry
    assert GOOD_CARD not in str(error) and GOOD_CARD.replace("-", "") not in repr(error)
    assert recorder.count(ONETIME) == 1  # never retried
    found = client.find_every_payment("order-stalled")
    assert [(p.status, p.amount) for p in found] == [(PaymentStatus.PAID, 12_000)]


def test_server_error_on_onetime_is_outcome_unknown_and_not_retried(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client()
    arm_fault(sandbox, endpoint=ONETIME, mode="error", status=500, times=3)
    with pytest.raises(OutcomeUnknown) as caught:
        client.pay_onetime(onetime("order-500"))
    assert caught.value.http_status == 500 and caught.value.merchant_uid == "order-500"
    assert recorder.count(ONETIME) == 1
    # This fault answers before processing, so here the lookup proves nothing was charged.
    assert client.find_all_payments("order-500").total == 0


def test_server_error_on_again_schedule_and_cancel_is_outcome_unknown(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client()
    client.issue_billing_key("cust-f", billing_key())
    payment = client.pay_onetime(onetime("order-to-refund", 5_000)).payment
    assert payment is not None
    for endpoint in STATE_CHANGING:
        arm_fault(sandbox, endpoint=endpoint, mode="error", status=502)

    with pytest.raises(OutcomeUnknown) as again:
        client.pay_again(
            AgainPaymentRequest(customer_uid="cust-f", merchant_uid="order-again", amount=1_000)
        )
    assert (again.value.merchant_uid, again.value.customer_uid) == ("order-again", "cust-f")

    with pytest.raises(OutcomeUnknown) as schedule:
        client.schedule(
            ScheduleRequest(
                customer_uid="cust-f",
                schedules=[
                    ScheduleItem(merchant_uid="sch-1", schedule_at=4_000_000_000, amount=1),
                    ScheduleItem(merchant_uid="sch-2", schedule_at=4_000_000_001, amount=1),
                ],
            )
        )
    assert schedule.value.merchant_uids == ("sch-1", "sch-2")

    with pytest.raises(OutcomeUnknown) as cancel:
        client.cancel_payment(CancelRequest(imp_uid=payment.imp_uid, amount=1_000, checksum=5_000))
    assert cancel.value.imp_uid == payment.imp_uid and cancel.value.operation == "cancel"
    for path in STATE_CHANGING:
        assert recorder.count(path) == 1


def test_read_timeout_on_a_lookup_is_retried(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(lookup_timeout=0.3, max_retries=2)
    payment = client.pay_onetime(onetime("order-slow")).payment
    assert payment is not None
    path = f"/payments/{payment.imp_uid}"
    arm_fault(sandbox, endpoint="/payments/{imp_uid}", mode="delay", seconds=1.0, times=1)
    assert client.get_payment(payment.imp_uid) == payment
    assert recorder.count(path) == 2


def test_lookup_gives_up_after_bounded_retries(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(lookup_timeout=0.2, max_retries=1)
    client.get_token()
    arm_fault(
        sandbox, endpoint="/payments/findAll/{merchant_uid}", mode="delay", seconds=1.0, times=2
    )
    with pytest.raises(TransportError) as caught:
        client.find_all_payments("order-x")
    assert caught.value.should_retry
    assert recorder.count("/payments/findAll/order-x") == 2


def test_server_error_on_a_lookup_is_retried_then_reported(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(max_retries=2)
    client.get_token()
    arm_fault(sandbox, endpoint="/payments/{imp_uid}", mode="error", status=503, times=1)
    with pytest.raises(NotFoundError):
        client.get_payment("imp_000000000000")  # one 503, then the real 404
    arm_fault(sandbox, endpoint="/payments/{imp_uid}", mode="error", status=503, times=3)
    with pytest.raises(ApiError) as caught:
        client.get_payment("imp_000000000000")
    assert caught.value.http_status == 503 and caught.value.should_retry
    assert recorder.count("/payments/imp_000000000000") == 2 + 3


def test_get_token_retries_server_errors(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(max_retries=2)
    arm_fault(sandbox, endpoint="/users/getToken", mode="error", status=500, times=2)
    assert len(client.get_token()) == 40
    assert recorder.token_requests == 3


def test_connect_failure_on_onetime_is_a_transport_error(
    sandbox: SandboxServer, make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client()
    client.get_token()
    sandbox.stop()  # nothing listens any more: the payment request cannot have been sent
    with pytest.raises(TransportError) as caught:
        client.pay_onetime(onetime("order-offline"))
    assert caught.value.should_retry
    assert recorder.count(ONETIME) == 1


def test_connect_failure_on_the_token_is_a_transport_error(
    make_client: MakeClient, recorder: Recorder
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{free_port()}", max_retries=0)
    with pytest.raises(TransportError):
        client.pay_onetime(onetime("order-offline"))
    assert recorder.token_requests == 1 and recorder.count(ONETIME) == 0


def test_lost_answers_keep_card_data_out_of_errors_and_logs(
    sandbox: SandboxServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(read_timeout=0.3)
    client.get_token()
    arm_fault(sandbox, endpoint=ONETIME, mode="stall_after_commit", seconds=1.0)
    with pytest.raises(OutcomeUnknown) as caught:
        client.pay_onetime(onetime("order-quiet"))
    error = caught.value
    # The httpx exception holds the request body, so it is neither cause nor context.
    assert error.__cause__ is None and error.__context__ is None
    digits = GOOD_CARD.replace("-", "")
    for text in (str(error), repr(error), caplog.text):
        assert GOOD_CARD not in text and digits not in text and "800101" not in text
