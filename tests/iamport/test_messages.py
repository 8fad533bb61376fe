"""Mapping V1 error answers (status, code, Korean message) to typed errors and declines."""

from __future__ import annotations

import pytest

from kcp_pos.domain.masking import Redaction, redact_card_numbers
from kcp_pos.iamport.errors import (
    AlreadyCancelled,
    ApiError,
    AuthenticationError,
    CardRejected,
    DuplicateMerchantUid,
    IamportError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknown,
    TransportError,
    UnknownCustomer,
)
from kcp_pos.iamport.messages import error_for, is_decline_message, is_uncertain_charge_message

DUPLICATE = (
    "이미 주문이 이루어진 건입니다. (동일한 merchant_uid로 결제 또는 취소된 기록이 있습니다)"
)


@pytest.mark.parametrize(
    "message",
    [
        "카드정보 인증에 실패하였습니다.",
        "카드정보 인증에 실패하였습니다. [F113]거래거절 카드번호틀림",
        "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과",
        "결제승인에 실패하였습니다. [CC03] 카드사 거절(기타사유)",
        "유효하지않은 카드번호를 입력하셨습니다.",
        "[CC10] 통장 잔액부족",
    ],
)
def test_card_and_pg_messages_are_declines(message: str) -> None:
    assert is_decline_message(message)


@pytest.mark.parametrize(
    "message",
    [
        None,
        "",
        DUPLICATE,
        "등록되지 않은 구매자입니다.",
        "비인증결제모듈 사용정보를 찾을 수 없습니다.",
        "amount 파라메터의 값이 올바르지 않습니다.",
    ],
)
def test_business_errors_are_not_declines(message: str | None) -> None:
    assert not is_decline_message(message)


@pytest.mark.parametrize(
    ("status", "code", "message", "expected"),
    [
        (401, -1, "Unauthorized", AuthenticationError),
        (200, -1, DUPLICATE, DuplicateMerchantUid),
        (200, 1, "등록되지 않은 구매자입니다.", UnknownCustomer),
        (200, 1, "등록된 고객정보가 없습니다.", UnknownCustomer),
        (200, 1, "이미 전액취소된 주문입니다.", AlreadyCancelled),
        (404, -1, "존재하지 않는 결제정보입니다.", NotFoundError),
        (200, 1, "요청하신 customer_uid(c1)로 등록된 정보를 찾을 수 없습니다.", NotFoundError),
        (404, 1, "요청하신 customer_uid(c1)로 등록된 정보를 찾을 수 없습니다.", NotFoundError),
        (200, 1, "취소할 결제건이 존재하지 않습니다.", NotFoundError),
        (200, 1, "취소할 예약결제 기록이 존재하지 않습니다.", NotFoundError),
        (200, -1, "카드정보 인증 및 빌키 발급에 실패하였습니다.", CardRejected),
        (200, 1, "카드정보 확인에 실패하였습니다. [F113]거래거절", CardRejected),
        (200, -1, "결제취소에 실패하였습니다.(requested cancel amount is bigger)", ApiError),
        (400, -1, "지원되지 않는 상태값입니다.", ApiError),
        (409, -1, "이미 배송정보 등록이 완료된 거래건입니다.", ApiError),
    ],
)
def test_error_answers_map_to_types(
    status: int, code: int, message: str, expected: type[IamportError]
) -> None:
    error = error_for(status, code, message)
    assert type(error) is expected
    assert (error.http_status, error.code, error.message) == (status, code, message)
    assert not error.should_retry


def test_server_errors_are_retryable_api_errors_and_keep_a_message() -> None:
    error = error_for(503, None, None)
    assert type(error) is ApiError
    assert error.should_retry
    assert "503" in str(error)


def test_card_numbers_are_redacted_from_messages() -> None:
    message = "bad card 4111-1111-1111-1111 or 4111111111111111 (imp_803037736674)"
    error = ApiError(message, http_status=200, code=-1)
    assert "4111" not in str(error) and "4111" not in repr(error)
    assert "imp_803037736674" in error.message
    assert redact_card_numbers("5570 4200 0000 7221", Redaction.WHOLE_RUNS) == "[redacted digits]"


def test_outcome_unknown_carries_what_to_look_up() -> None:
    error = OutcomeUnknown("ReadTimeout", operation="onetime", merchant_uids=("order-1",))
    assert error.merchant_uid == "order-1"
    assert not error.should_retry
    assert "order-1" in str(error) and "onetime" in str(error)
    assert OutcomeUnknown("x", operation="cancel", imp_uid="imp_1").merchant_uid is None


def test_defaults_of_should_retry() -> None:
    assert TransportError("connect refused").should_retry
    assert isinstance(InvalidRequestError("no"), ValueError)


def test_pg_codes_that_leave_the_charge_open_are_not_declines() -> None:
    for uncertain in (
        "결제승인에 실패하였습니다. [CC72] 카드사 TIMEOUT",
        "결제승인에 실패하였습니다. [CC99] KCP 시스템 장애",
        "[8128] 신용카드 중복거래 요청 거절",
        "[9167] 주문번호 중복",
    ):
        assert is_uncertain_charge_message(uncertain)
        assert not is_decline_message(uncertain)
    assert is_decline_message("결제승인에 실패하였습니다. [CC03] 카드사 거절(기타사유)")
    assert not is_uncertain_charge_message("[CC03] 카드사 거절(기타사유)")
