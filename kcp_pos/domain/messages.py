"""What to tell the clerk about each `InputError`, in Korean and English.

Short, friendly, and saying what to do. Messages never include the input (card data must not
reach the screen's error text, logs or exceptions through them).
"""

from __future__ import annotations

from kcp_pos.domain.card_expiry import MAX_YEARS_AHEAD
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import INSTALLMENT_MINIMUM_KRW, MAX_INSTALLMENT_MONTHS
from kcp_pos.domain.language import Lang
from kcp_pos.domain.money import MAX_AMOUNT_KRW
from kcp_pos.domain.names import BUYER_NAME_MAX_LENGTH, ORDER_NAME_MAX_LENGTH

_MIN_KRW = f"{INSTALLMENT_MINIMUM_KRW:,}"
_MAX_KRW = f"{MAX_AMOUNT_KRW:,}"
_MONTHS = MAX_INSTALLMENT_MONTHS

_E = InputError
MESSAGES: dict[InputError, tuple[str, str]] = {
    _E.CARD_NUMBER_REQUIRED: ("카드번호를 입력해 주세요.", "Enter the card number."),
    _E.CARD_NUMBER_INVALID_CHARACTERS: (
        "카드번호는 숫자만 입력해 주세요.",
        "Use digits only for the card number.",
    ),
    _E.CARD_NUMBER_LENGTH: (
        "카드번호 자릿수를 확인해 주세요. (보통 16자리, AMEX 15자리, 다이너스 14자리)",
        "Check the number of digits (usually 16; AMEX 15, Diners 14).",
    ),
    _E.CARD_NUMBER_CHECKSUM: (
        "카드번호가 올바르지 않습니다. 한 자리씩 다시 확인해 주세요.",
        "This card number is not valid. Check each digit again.",
    ),
    _E.EXPIRY_REQUIRED: ("유효기간을 입력해 주세요. (MM/YY)", "Enter the expiry date (MM/YY)."),
    _E.EXPIRY_FORMAT: (
        "유효기간은 MM/YY 형식으로 입력해 주세요.",
        "Enter the expiry date as MM/YY.",
    ),
    _E.EXPIRY_MONTH: (
        "유효기간의 월은 01부터 12 사이여야 합니다.",
        "The expiry month must be between 01 and 12.",
    ),
    _E.EXPIRY_EXPIRED: (
        "유효기간이 지난 카드입니다. 유효기간을 확인해 주세요.",
        "This card has expired. Check the expiry date.",
    ),
    _E.EXPIRY_TOO_FAR: (
        f"유효기간이 {MAX_YEARS_AHEAD}년 이상 남아 있을 수 없습니다. 다시 확인해 주세요.",
        f"An expiry more than {MAX_YEARS_AHEAD} years ahead is not possible. Check it again.",
    ),
    _E.BIRTH_REQUIRED: (
        "생년월일 6자리를 입력해 주세요. (YYMMDD)",
        "Enter the 6-digit date of birth (YYMMDD).",
    ),
    _E.BIRTH_FORMAT: (
        "생년월일은 숫자 6자리(YYMMDD)로 입력해 주세요.",
        "Enter the date of birth as 6 digits (YYMMDD).",
    ),
    _E.BIRTH_NOT_A_DATE: (
        "없는 날짜입니다. 생년월일을 확인해 주세요.",
        "That date does not exist. Check the date of birth.",
    ),
    _E.BRN_REQUIRED: (
        "사업자등록번호 10자리를 입력해 주세요.",
        "Enter the 10-digit business registration number.",
    ),
    _E.BRN_FORMAT: (
        "사업자등록번호는 숫자 10자리로 입력해 주세요. (예: 123-45-67890)",
        "Enter the business registration number as 10 digits (e.g. 123-45-67890).",
    ),
    _E.BRN_CHECK_DIGIT: (
        "사업자등록번호가 올바르지 않습니다. 다시 확인해 주세요.",
        "This business registration number is not valid. Check it again.",
    ),
    _E.PWD_2DIGIT_REQUIRED: (
        "카드 비밀번호 앞 2자리를 입력해 주세요.",
        "Enter the first 2 digits of the card PIN.",
    ),
    _E.PWD_2DIGIT_FORMAT: (
        "카드 비밀번호 앞 2자리를 숫자로 입력해 주세요.",
        "Enter the first 2 digits of the card PIN (digits only).",
    ),
    _E.AMOUNT_REQUIRED: ("결제 금액을 입력해 주세요.", "Enter the amount."),
    _E.AMOUNT_FORMAT: (
        "금액은 원 단위 숫자로 입력해 주세요.",
        "Enter the amount in whole won, digits only.",
    ),
    _E.AMOUNT_NOT_POSITIVE: (
        "결제 금액은 1원 이상이어야 합니다.",
        "The amount must be at least 1 won.",
    ),
    _E.AMOUNT_TOO_LARGE: (
        f"한 번에 결제할 수 있는 금액은 {_MAX_KRW}원까지입니다.",
        f"The amount cannot exceed ₩{_MAX_KRW} per payment.",
    ),
    _E.TAX_FREE_FORMAT: (
        "면세 금액은 원 단위 숫자로 입력해 주세요.",
        "Enter the tax-free amount in whole won, digits only.",
    ),
    _E.TAX_FREE_NEGATIVE: (
        "면세 금액은 0원 이상이어야 합니다.",
        "The tax-free amount cannot be negative.",
    ),
    _E.TAX_FREE_EXCEEDS_AMOUNT: (
        "면세 금액은 결제 금액보다 클 수 없습니다.",
        "The tax-free amount cannot exceed the amount.",
    ),
    _E.QUOTA_INVALID: (
        f"할부 개월 수는 일시불 또는 2~{_MONTHS}개월 중에서 선택해 주세요.",
        f"Choose full payment or 2 to {_MONTHS} monthly installments.",
    ),
    _E.QUOTA_AMOUNT_TOO_SMALL: (
        f"할부는 {_MIN_KRW}원 이상 결제에만 가능합니다.",
        f"Installments are available from ₩{_MIN_KRW}.",
    ),
    _E.PHONE_REQUIRED: ("전화번호를 입력해 주세요.", "Enter the phone number."),
    _E.PHONE_FORMAT: (
        "전화번호를 확인해 주세요. (예: 010-1234-5678)",
        "Check the phone number (e.g. 010-1234-5678).",
    ),
    _E.BUYER_NAME_REQUIRED: ("구매자 이름을 입력해 주세요.", "Enter the buyer's name."),
    _E.BUYER_NAME_TOO_LONG: (
        f"구매자 이름은 {BUYER_NAME_MAX_LENGTH}자까지 입력할 수 있습니다.",
        f"The buyer's name can be at most {BUYER_NAME_MAX_LENGTH} characters.",
    ),
    _E.ORDER_NAME_REQUIRED: ("주문명을 입력해 주세요.", "Enter the order name."),
    _E.ORDER_NAME_TOO_LONG: (
        f"주문명은 {ORDER_NAME_MAX_LENGTH}자까지 입력할 수 있습니다.",
        f"The order name can be at most {ORDER_NAME_MAX_LENGTH} characters.",
    ),
    _E.TEXT_CONTROL_CHARACTERS: (
        "줄바꿈이나 특수 제어 문자 없이 입력해 주세요.",
        "Remove line breaks and control characters.",
    ),
}

_missing = set(InputError) - set(MESSAGES)
if _missing:  # fail at import, not in front of a clerk
    raise RuntimeError(f"no message for {sorted(_missing)}")


def message(error: InputError, lang: Lang) -> str:
    """The message for `error` in Korean (`"ko"`) or English (`"en"`)."""
    korean, english = MESSAGES[error]
    return korean if lang == "ko" else english
