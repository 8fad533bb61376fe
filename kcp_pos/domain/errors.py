"""Every way a clerk's input can be wrong, as one enum.

Validators return one of these instead of raising or building text, so the UI can show the
message in the clerk's language (`messages.message`) and tests can compare kinds. An error never
carries the input that caused it: card data must not end up in messages or logs.
"""

from __future__ import annotations

from enum import StrEnum


class InputError(StrEnum):
    # card number
    CARD_NUMBER_REQUIRED = "card_number_required"
    CARD_NUMBER_INVALID_CHARACTERS = "card_number_invalid_characters"
    CARD_NUMBER_LENGTH = "card_number_length"
    CARD_NUMBER_CHECKSUM = "card_number_checksum"
    # expiry
    EXPIRY_REQUIRED = "expiry_required"
    EXPIRY_FORMAT = "expiry_format"
    EXPIRY_MONTH = "expiry_month"
    EXPIRY_EXPIRED = "expiry_expired"
    EXPIRY_TOO_FAR = "expiry_too_far"
    # birth date (YYMMDD)
    BIRTH_REQUIRED = "birth_required"
    BIRTH_FORMAT = "birth_format"
    BIRTH_NOT_A_DATE = "birth_not_a_date"
    # business registration number (사업자등록번호), for corporate cards
    BRN_REQUIRED = "brn_required"
    BRN_FORMAT = "brn_format"
    BRN_CHECK_DIGIT = "brn_check_digit"
    # first two PIN digits
    PWD_2DIGIT_REQUIRED = "pwd_2digit_required"
    PWD_2DIGIT_FORMAT = "pwd_2digit_format"
    # amount
    AMOUNT_REQUIRED = "amount_required"
    AMOUNT_FORMAT = "amount_format"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_TOO_LARGE = "amount_too_large"
    # tax-free part of the amount
    TAX_FREE_FORMAT = "tax_free_format"
    TAX_FREE_NEGATIVE = "tax_free_negative"
    TAX_FREE_EXCEEDS_AMOUNT = "tax_free_exceeds_amount"
    # installments (card_quota)
    QUOTA_INVALID = "quota_invalid"
    QUOTA_AMOUNT_TOO_SMALL = "quota_amount_too_small"
    # buyer phone
    PHONE_REQUIRED = "phone_required"
    PHONE_FORMAT = "phone_format"
    # names
    BUYER_NAME_REQUIRED = "buyer_name_required"
    BUYER_NAME_TOO_LONG = "buyer_name_too_long"
    CUSTOMER_NAME_REQUIRED = "customer_name_required"
    CUSTOMER_NAME_TOO_LONG = "customer_name_too_long"
    ORDER_NAME_REQUIRED = "order_name_required"
    ORDER_NAME_TOO_LONG = "order_name_too_long"
    TEXT_CONTROL_CHARACTERS = "text_control_characters"
    # cart lines
    PRODUCT_NAME_REQUIRED = "product_name_required"
    PRODUCT_NAME_TOO_LONG = "product_name_too_long"
    QUANTITY_REQUIRED = "quantity_required"
    QUANTITY_INVALID = "quantity_invalid"
    CART_EMPTY = "cart_empty"
    POSTCODE_FORMAT = "postcode_format"
    # the payment window
    PAY_METHOD_NEEDS_ESCROW = "pay_method_needs_escrow"
    SHOP_USER_ID_REQUIRED = "shop_user_id_required"
    SHOP_USER_ID_TOO_LONG = "shop_user_id_too_long"
    # escrow shipments
    COURIER_REQUIRED = "courier_required"
    INVOICE_REQUIRED = "invoice_required"
    INVOICE_FORMAT = "invoice_format"
    SENT_AT_IN_FUTURE = "sent_at_in_future"
    # operators
    PIN_REQUIRED = "pin_required"
    PIN_FORMAT = "pin_format"
    OPERATOR_NAME_REQUIRED = "operator_name_required"
    OPERATOR_NAME_TOO_LONG = "operator_name_too_long"
    OPERATOR_NAME_RESERVED = "operator_name_reserved"
    # refunds
    REFUND_REASON_REQUIRED = "refund_reason_required"
    REFUND_REASON_TOO_LONG = "refund_reason_too_long"
    # buyer e-mail
    EMAIL_FORMAT = "email_format"
    # ids (merchant_uid, customer_uid) that are not minted by the app, e.g. from a file
    UID_FORMAT = "uid_format"
