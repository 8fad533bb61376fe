"""Parsing odd but legal V1 response bodies (reference §1.2, §1.5), without a server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from kcp_pos.domain.money import AMOUNT_CEILING_KRW
from kcp_pos.iamport.client import SCHEDULE_LIST, as_schedule_page
from kcp_pos.iamport.envelope import MalformedResponse, decode_envelope, parse_envelope
from kcp_pos.iamport.models import (
    BillingCustomer,
    Payment,
    PaymentPage,
    PaymentStatus,
    ScheduleStatus,
)

PAYMENT = TypeAdapter(Payment)
PAGE = TypeAdapter(PaymentPage)

# A live KCP cancel response as quoted in reference §1.2: sorted keys, \uXXXX and \/ escapes.
LIVE_STYLE = (
    b'{"code":0,"message":null,"response":{"amount":100,"apply_num":"30046339",'
    b'"buyer_name":"\\ud64d\\uae38\\ub3d9","cancel_amount":100,"cancel_history":[{"amount":100,'
    b'"cancelled_at":1650000100,"pg_tid":"22895235578509","reason":"\\ucde8\\uc18c",'
    b'"receipt_url":"https:\\/\\/admin8.kcp.co.kr\\/assist"}],"cancelled_at":1650000100,'
    b'"card_code":"381","card_name":"KB\\uad6d\\ubbfc\\uce74\\ub4dc","card_number":"5570420000007221",'
    b'"card_quota":0,"card_type":0,"channel":"pc","currency":"KRW","custom_data":null,'
    b'"customer_uid":null,"customer_uid_usage":null,"escrow":false,"failed_at":0,'
    b'"imp_uid":"imp_803037736674","merchant_uid":"order_1","paid_at":1650000000,'
    b'"pg_id":"A7NC2","pg_provider":"kcp","pg_tid":"22895235578509",'
    b'"receipt_url":"https:\\/\\/admin8.kcp.co.kr\\/assist\\/bill.BillActionNew.do?cmd=card_bill'
    b'&tno=22895235578509&order_no=imp_803037736674&trade_mony=100","status":"cancelled",'
    b'"vbank_date":0,"vbank_holder":null,"vbank_num":null}}'
)


def test_live_style_payment_is_read() -> None:
    envelope = parse_envelope(LIVE_STYLE, PAYMENT)
    assert envelope.code == 0 and envelope.message is None
    payment = envelope.response
    assert payment is not None
    assert payment.card_name == "KB국민카드"
    assert payment.buyer_name == "홍길동"
    assert payment.receipt_url is not None
    assert payment.receipt_url.startswith("https://admin8.kcp.co.kr/assist/bill.")
    assert payment.status is PaymentStatus.CANCELLED
    assert payment.cancellable_balance == 0
    assert payment.cancel_history[0].receipt_url == "https://admin8.kcp.co.kr/assist"


def test_error_envelope_has_no_payload() -> None:
    raw = '{"code":-1,"message":"존재하지 않는 결제정보입니다.","response":null}'.encode()
    envelope = parse_envelope(raw, PAYMENT)
    assert (envelope.code, envelope.message, envelope.response) == (
        -1,
        "존재하지 않는 결제정보입니다.",
        None,
    )


def test_code_may_arrive_as_string_or_float() -> None:
    assert decode_envelope(b'{"code":"1","message":"x","response":null}').code == 1
    assert decode_envelope(b'{"code":-1.0,"message":"x","response":null}').code == -1


def test_utf8_bom_and_utf16_bodies_are_read() -> None:
    text = '{"code":0,"message":null,"response":{"customer_uid":"고객1"}}'
    for raw in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        customer = parse_envelope(raw, TypeAdapter(BillingCustomer)).response
        assert customer is not None and customer.customer_uid == "고객1"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"<html>502 Bad Gateway</html>",
        b'{"code":0,"message":null,"response":{',
        b"[1, 2]",
        b'{"message":"no code"}',
        b'{"code":"zero","response":null}',
        b'{"code":true,"response":null}',
        b"\xff\xfe\xfa",
    ],
)
def test_unreadable_bodies_raise_malformed_response(raw: bytes) -> None:
    with pytest.raises(MalformedResponse):
        decode_envelope(raw)


def test_payload_of_the_wrong_shape_raises_malformed_without_echoing_input() -> None:
    raw = b'{"code":0,"message":null,"response":{"imp_uid":"imp_1","amount":"SECRET-ish"}}'
    with pytest.raises(MalformedResponse) as caught:
        parse_envelope(raw, PAYMENT)
    assert "SECRET-ish" not in str(caught.value)
    assert "amount" in str(caught.value)


# ----------------------------------------------------------------------------- hypothesis

korean_text = st.text(
    alphabet=st.sampled_from("가나다라마바사아자차카타파하국민카드홍길동/\\\"' ab1-"),
    max_size=20,
)
optional_text = st.none() | korean_text
timestamp = st.integers(min_value=0, max_value=2**31)
amount = st.integers(min_value=0, max_value=AMOUNT_CEILING_KRW)


@st.composite
def payment_dicts(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A wire Payment (as JSON values) and the Python values it must parse to."""
    expected: dict[str, Any] = {
        "imp_uid": "imp_" + draw(st.from_regex(r"\d{12}", fullmatch=True)),
        "merchant_uid": draw(korean_text.filter(bool)),
        "amount": draw(amount),
        "cancel_amount": draw(amount),
        "status": draw(st.sampled_from(list(PaymentStatus))),
        "paid_at": draw(timestamp),
        "failed_at": draw(timestamp),
        "name": draw(optional_text),
        "buyer_name": draw(optional_text),
        "card_name": draw(optional_text),
        "fail_reason": draw(optional_text),
        "receipt_url": draw(st.none() | st.just("https://admin8.kcp.co.kr/assist/bill?x=1&y=2")),
        "card_quota": draw(st.integers(min_value=0, max_value=36)),
    }
    wire: dict[str, Any] = dict(expected)
    wire["status"] = expected["status"].value
    for key in ("amount", "cancel_amount"):
        if draw(st.booleans()):
            wire[key] = float(expected[key])  # `1000.0` is a legal JSON number for 1000
    for key in ("paid_at", "failed_at"):
        if expected[key] == 0 and draw(st.booleans()):
            wire[key] = None  # unset timestamps may come as null instead of 0
    extra = draw(
        st.dictionaries(
            st.from_regex(r"x_[a-z]{1,8}", fullmatch=True),
            st.none() | st.integers() | korean_text | st.lists(st.integers(), max_size=2),
            max_size=3,
        )
    )
    wire.update(extra)
    if draw(st.booleans()):
        keys = list(wire)
        order = draw(st.permutations(keys))
        wire = {key: wire[key] for key in order}
    return wire, expected


def encode(document: dict[str, Any], *, sort_keys: bool, ascii_only: bool, slash: bool) -> bytes:
    text = json.dumps(document, sort_keys=sort_keys, ensure_ascii=ascii_only)
    if slash:
        # "/" can only occur inside JSON strings, where "\/" is a legal escape for it.
        text = text.replace("/", "\\/")
    return text.encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(
    pair=payment_dicts(),
    sort_keys=st.booleans(),
    ascii_only=st.booleans(),
    slash=st.booleans(),
    code=st.sampled_from([0, 0.0]),
)
def test_payment_round_trips_through_odd_encodings(
    pair: tuple[dict[str, Any], dict[str, Any]],
    sort_keys: bool,
    ascii_only: bool,
    slash: bool,
    code: float,
) -> None:
    wire, expected = pair
    document = {"response": wire, "message": None, "code": code}
    raw = encode(document, sort_keys=sort_keys, ascii_only=ascii_only, slash=slash)
    envelope = parse_envelope(raw, PAYMENT)
    assert envelope.code == 0
    payment = envelope.response
    assert payment is not None
    for key, value in expected.items():
        assert getattr(payment, key) == value, key
    assert isinstance(payment.amount, int) and isinstance(payment.paid_at, int)


@settings(max_examples=50, deadline=None)
@given(
    pairs=st.lists(payment_dicts(), max_size=4),
    total=st.integers(min_value=0, max_value=1000),
    ascii_only=st.booleans(),
)
def test_payment_pages_round_trip(
    pairs: list[tuple[dict[str, Any], dict[str, Any]]], total: int, ascii_only: bool
) -> None:
    response = {"total": total, "previous": 0, "next": None, "list": [w for w, _ in pairs]}
    raw = encode(
        {"code": 0, "message": None, "response": response},
        sort_keys=True,
        ascii_only=ascii_only,
        slash=True,
    )
    page = parse_envelope(raw, PAGE).response
    assert page is not None
    assert page.total == total
    assert [p.imp_uid for p in page.list] == [e["imp_uid"] for _, e in pairs]
    assert [p.amount for p in page.list] == [e["amount"] for _, e in pairs]


SCHEDULE = {
    "customer_uid": "c1",
    "merchant_uid": "s1",
    "imp_uid": None,
    "schedule_at": 1_900_000_000,
    "executed_at": 0,
    "revoked_at": None,
    "amount": 9900.0,
    "schedule_status": "scheduled",
    "payment_status": None,
    "x_new_field": {"nested": True},
}


@pytest.mark.parametrize(
    "response",
    [
        {"total": 1, "previous": 0, "next": 0, "list": [SCHEDULE]},
        [SCHEDULE],  # the swagger's bare array (reference §6.3, UNCONFIRMED)
    ],
)
def test_schedule_lists_in_either_shape(response: object) -> None:
    raw = json.dumps({"code": 0, "message": None, "response": response}).encode()
    found = parse_envelope(raw, SCHEDULE_LIST).response
    assert found is not None
    page = as_schedule_page(found)
    assert page.total == 1
    (schedule,) = page.list
    assert (schedule.merchant_uid, schedule.amount, schedule.revoked_at) == ("s1", 9900, 0)
    assert schedule.schedule_status is ScheduleStatus.SCHEDULED
    assert schedule.payment_status is None and schedule.imp_uid is None


def test_string_amounts_are_read_exactly() -> None:
    from pydantic import ValidationError

    from kcp_pos.iamport.models import Payment

    def amount(value: object) -> int:
        return Payment.model_validate(
            {"imp_uid": "imp_1", "merchant_uid": "m", "status": "paid", "amount": value}
        ).amount

    assert amount("1000") == 1000
    assert amount(" 1000.0 ") == 1000
    assert amount("2147483647") == 2_147_483_647  # the ceiling, read as an int, never a float
    for not_an_amount in ("90071992547409931", 10**30, True, -1):  # above the ceiling, a flag
        with pytest.raises(ValidationError):
            amount(not_an_amount)
    for not_whole_won in ("1000.5", "1e400", "nan", "천원"):
        with pytest.raises(ValidationError):
            amount(not_whole_won)
