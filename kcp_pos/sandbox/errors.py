"""How the sandbox says no: the exact V1 messages (reference §11.4) and the exception carrying them.

Business failures are HTTP 200 with `code` 1 or -1 and `response: null`; lookups of missing
things are 404. Handlers raise `ApiFailure`; the routing layer turns it into the envelope.
"""

from __future__ import annotations

MISSING_TOKEN_PARAMS = "imp_key, imp_secret 파라메터가 누락되었습니다."
TOKEN_AUTH_FAILED = "imp_key, imp_secret 인증에 실패하였습니다."  # UNCONFIRMED text (§15.1)
UNAUTHORIZED = "Unauthorized"
PAYMENT_NOT_FOUND = "존재하지 않는 결제정보입니다."
UNSUPPORTED_STATUS = "지원되지 않는 상태값입니다."
INVALID_CARD_NUMBER = "유효하지않은 카드번호를 입력하셨습니다."
DUPLICATE_MERCHANT_UID = (
    "이미 주문이 이루어진 건입니다. (동일한 merchant_uid로 결제 또는 취소된 기록이 있습니다)"
)
UNKNOWN_BUYER = "등록되지 않은 구매자입니다."
BILLING_KEY_FAILED = "카드정보 인증 및 빌키 발급에 실패하였습니다."
PAYMENT_APPROVAL_FAILED = "결제승인에 실패하였습니다."
NO_CUSTOMER_FOR_SCHEDULE = "등록된 고객정보가 없습니다."
SCHEDULE_CARD_CHECK_FAILED = "카드정보 확인에 실패하였습니다."
NOTHING_TO_UNSCHEDULE = "취소할 예약결제 기록이 존재하지 않습니다."
SCHEDULE_NOT_FOUND = "존재하지 않는 예약결제 정보입니다."  # UNCONFIRMED text
SCHEDULE_ALREADY_EXISTS = "이미 예약결제가 등록된 merchant_uid입니다."  # UNCONFIRMED text
SCHEDULE_NOT_CHANGEABLE = "이미 실행되었거나 취소된 예약결제입니다."  # the sandbox's own text
SCHEDULE_NOT_RETRYABLE = "실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다."  # own
SCHEDULE_AT_IN_PAST = "예약시각이 현재 시각보다 과거입니다."  # the sandbox's own text
PREPARE_NOT_FOUND = "사전등록된 결제정보가 존재하지 않습니다."  # node-iamporter test (§8.1)
PREPARE_ALREADY_EXISTS = "이미 사전등록된 merchant_uid입니다."  # the sandbox's own text
NOTHING_TO_CANCEL = "취소할 결제건이 존재하지 않습니다."
ALREADY_FULLY_CANCELLED = "이미 전액취소된 주문입니다."
CANCEL_TARGET_MISSING = "취소할 거래의 imp_uid 또는 merchant_uid를 지정해주셔야합니다."
CANCEL_FAILED = "결제취소에 실패하였습니다."
CANCEL_ABOVE_BALANCE = "requested cancel amount is bigger than cancelable amount"  # live, §7
CANCEL_CHECKSUM_MISMATCH = "checksum does not match cancelable amount"  # UNCONFIRMED (§15.8)
ESCROW_NOT_ALLOWED = "해당거래건은 배송정보를 등록할 수 없습니다."
ESCROW_ALREADY_REGISTERED = "이미 배송정보 등록이 완료된 거래건입니다."  # UNCONFIRMED text
ESCROW_NOTHING_REGISTERED = "등록된 배송정보가 없습니다."  # UNCONFIRMED text
ESCROW_UNSUPPORTED_PG = "현재 지원되지 않는 PG사입니다."
ESCROW_LOGIS_MISSING = "logis 정보(company, invoice, sent_at)가 모두 필요합니다."
ESCROW_BODY_NOT_JSON = "배송정보는 2-depth JSON 본문으로 보내야 합니다."  # the sandbox's own text
UNREADABLE_BODY = "요청 본문을 해석할 수 없습니다."  # the sandbox's own text
BODY_TOO_LARGE = "요청 본문이 너무 큽니다."  # the sandbox's own text
UNREADABLE_URL = "요청 주소를 해석할 수 없습니다."  # the sandbox's own text
SCHEDULES_NOT_A_LIST = "schedules 파라메터는 예약건(객체)의 배열이어야 합니다."  # own text
MAX_LOOKUP_IDS = 100
"""`GET /payments` takes at most 100 ids (swagger); the sandbox holds `/subscribe/customers` to
it too (the app's client sends at most 100 per request)."""


def customer_not_found(customer_uid: str) -> str:
    return f"요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다."


def missing_parameter(name: str) -> str:
    return f"{name} 파라메터가 누락되었습니다."


def invalid_parameter(name: str) -> str:
    return f"{name} 파라메터의 값이 올바르지 않습니다."


def too_many_ids(names: str) -> str:
    """The sandbox's own text for a multi-lookup with more than `MAX_LOOKUP_IDS` ids."""
    return f"{names} 파라메터는 한 번에 최대 {MAX_LOOKUP_IDS}개까지 보낼 수 있습니다."


def cancel_failed(reason: str) -> str:
    return f"{CANCEL_FAILED}({reason})"


class ApiFailure(Exception):
    """A V1 error reply: HTTP `status`, envelope `code` and `message`, `response: null`."""

    def __init__(self, message: str, *, code: int = -1, status: int = 200) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
