"""What to tell the clerk about each `InputError`: short, friendly, and saying what to do.

The sources are English and marked for Qt's catalogue, where the Korean lives with every other
user-visible string (`domain/text.py`); `message` gives the `Text`, the UI writes it in the
clerk's language. Messages never include the input (card data must not reach the screen's error
text, logs or exceptions through them); the numbers they name are the rules' own.
"""

from __future__ import annotations

from typing import Final

from kcp_pos.domain.card_expiry import MAX_YEARS_AHEAD
from kcp_pos.domain.cart import MAX_QUANTITY
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.installments import INSTALLMENT_MINIMUM_KRW, MAX_INSTALLMENT_MONTHS
from kcp_pos.domain.merchant_uid import CUSTOMER_UID_MAX_LENGTH, MERCHANT_UID_MAX_LENGTH
from kcp_pos.domain.money import MAX_AMOUNT_KRW
from kcp_pos.domain.names import (
    BUYER_NAME_MAX_LENGTH,
    ORDER_NAME_MAX_LENGTH,
    REFUND_REASON_MAX_LENGTH,
)
from kcp_pos.domain.operator_name import OPERATOR_NAME_MAX
from kcp_pos.domain.pin_hash import PIN_MAX, PIN_MIN
from kcp_pos.domain.shipment import INVOICE_MAX_LENGTH
from kcp_pos.domain.text import QT_TRANSLATE_NOOP, Text

CONTEXT: Final = "InputError"

_E = InputError
MESSAGES: Final[dict[InputError, str]] = {
    _E.CARD_NUMBER_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the card number."),
    _E.CARD_NUMBER_INVALID_CHARACTERS: QT_TRANSLATE_NOOP(
        "InputError", "Use digits only for the card number."
    ),
    _E.CARD_NUMBER_LENGTH: QT_TRANSLATE_NOOP(
        "InputError", "Check the number of digits (usually 16; AMEX 15, Diners 14)."
    ),
    _E.CARD_NUMBER_CHECKSUM: QT_TRANSLATE_NOOP(
        "InputError", "This card number is not valid. Check each digit again."
    ),
    _E.EXPIRY_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the expiry date (MM/YY)."),
    _E.EXPIRY_FORMAT: QT_TRANSLATE_NOOP("InputError", "Enter the expiry date as MM/YY."),
    _E.EXPIRY_MONTH: QT_TRANSLATE_NOOP("InputError", "The expiry month must be between 01 and 12."),
    _E.EXPIRY_EXPIRED: QT_TRANSLATE_NOOP(
        "InputError", "This card has expired. Check the expiry date."
    ),
    _E.EXPIRY_TOO_FAR: QT_TRANSLATE_NOOP(
        "InputError", "An expiry more than %1 years ahead is not possible. Check it again."
    ),
    _E.BIRTH_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the 6-digit date of birth (YYMMDD)."),
    _E.BIRTH_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Enter the date of birth as 6 digits (YYMMDD)."
    ),
    _E.BIRTH_NOT_A_DATE: QT_TRANSLATE_NOOP(
        "InputError", "That date does not exist. Check the date of birth."
    ),
    _E.BRN_REQUIRED: QT_TRANSLATE_NOOP(
        "InputError", "Enter the 10-digit business registration number."
    ),
    _E.BRN_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Enter the business registration number as 10 digits (e.g. 123-45-67890)."
    ),
    _E.BRN_CHECK_DIGIT: QT_TRANSLATE_NOOP(
        "InputError", "This business registration number is not valid. Check it again."
    ),
    _E.PWD_2DIGIT_REQUIRED: QT_TRANSLATE_NOOP(
        "InputError", "Enter the first 2 digits of the card PIN."
    ),
    _E.PWD_2DIGIT_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Enter the first 2 digits of the card PIN (digits only)."
    ),
    _E.AMOUNT_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the amount."),
    _E.AMOUNT_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Enter the amount in whole won, digits only."
    ),
    _E.AMOUNT_NOT_POSITIVE: QT_TRANSLATE_NOOP("InputError", "The amount must be at least 1 won."),
    _E.AMOUNT_TOO_LARGE: QT_TRANSLATE_NOOP(
        "InputError", "The amount cannot exceed ₩%1 per payment."
    ),
    _E.TAX_FREE_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Enter the tax-free amount in whole won, digits only."
    ),
    _E.TAX_FREE_NEGATIVE: QT_TRANSLATE_NOOP(
        "InputError", "The tax-free amount cannot be negative."
    ),
    _E.TAX_FREE_EXCEEDS_AMOUNT: QT_TRANSLATE_NOOP(
        "InputError", "The tax-free amount cannot exceed the amount."
    ),
    _E.QUOTA_INVALID: QT_TRANSLATE_NOOP(
        "InputError", "Choose full payment or 2 to %1 monthly installments."
    ),
    _E.QUOTA_AMOUNT_TOO_SMALL: QT_TRANSLATE_NOOP(
        "InputError", "Installments are available from ₩%1."
    ),
    _E.PHONE_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the phone number."),
    _E.PHONE_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Check the phone number (e.g. 010-1234-5678)."
    ),
    _E.BUYER_NAME_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the buyer's name."),
    _E.BUYER_NAME_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "The buyer's name can be at most %1 characters."
    ),
    _E.CUSTOMER_NAME_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the customer's name."),
    _E.CUSTOMER_NAME_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "The customer's name can be at most %1 characters."
    ),
    _E.ORDER_NAME_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the order name."),
    _E.ORDER_NAME_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "The order name can be at most %1 characters."
    ),
    _E.PRODUCT_NAME_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the product's name."),
    _E.PRODUCT_NAME_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "The product's name can be at most %1 characters."
    ),
    _E.QUANTITY_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the quantity."),
    _E.QUANTITY_INVALID: QT_TRANSLATE_NOOP(
        "InputError", "The quantity is a whole number from 1 to %1."
    ),
    _E.CART_EMPTY: QT_TRANSLATE_NOOP("InputError", "Add at least one product to the cart."),
    _E.POSTCODE_FORMAT: QT_TRANSLATE_NOOP("InputError", "A postcode has 5 digits."),
    _E.PAY_METHOD_NEEDS_ESCROW: QT_TRANSLATE_NOOP(
        "InputError", "Account transfer and virtual accounts are offered for escrow orders only."
    ),
    _E.SHOP_USER_ID_REQUIRED: QT_TRANSLATE_NOOP(
        "InputError", "A gift certificate needs the customer's shop ID."
    ),
    _E.SHOP_USER_ID_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "The customer's shop ID can be at most 20 bytes (about 6 Korean letters)."
    ),
    _E.COURIER_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Choose the courier."),
    _E.INVOICE_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the tracking number."),
    _E.INVOICE_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "A tracking number has letters, digits and dashes only (at most %1)."
    ),
    _E.SENT_AT_IN_FUTURE: QT_TRANSLATE_NOOP(
        "InputError", "The sending time cannot be in the future."
    ),
    _E.PIN_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the PIN."),
    _E.PIN_FORMAT: QT_TRANSLATE_NOOP("InputError", "A PIN has %1 to %2 digits."),
    _E.OPERATOR_NAME_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the operator's name."),
    _E.OPERATOR_NAME_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "An operator's name can be at most %1 characters."
    ),
    _E.OPERATOR_NAME_RESERVED: QT_TRANSLATE_NOOP(
        "InputError", "This name is the app's own in the audit trail. Choose another."
    ),
    _E.TEXT_CONTROL_CHARACTERS: QT_TRANSLATE_NOOP(
        "InputError", "Remove line breaks and control characters."
    ),
    _E.REFUND_REASON_REQUIRED: QT_TRANSLATE_NOOP("InputError", "Enter the reason for the refund."),
    _E.REFUND_REASON_TOO_LONG: QT_TRANSLATE_NOOP(
        "InputError", "The reason for the refund can be at most %1 characters."
    ),
    _E.EMAIL_FORMAT: QT_TRANSLATE_NOOP(
        "InputError", "Check the e-mail address (e.g. name@example.com)."
    ),
    _E.UID_FORMAT: QT_TRANSLATE_NOOP(
        "InputError",
        "An ID may hold only letters, digits, '-' and '_' (an order ID at most %1 characters, "
        "a customer ID at most %2).",
    ),
}
_ARGUMENTS: Final[dict[InputError, tuple[str, ...]]] = {
    _E.EXPIRY_TOO_FAR: (str(MAX_YEARS_AHEAD),),
    _E.AMOUNT_TOO_LARGE: (f"{MAX_AMOUNT_KRW:,}",),
    _E.QUOTA_INVALID: (str(MAX_INSTALLMENT_MONTHS),),
    _E.QUOTA_AMOUNT_TOO_SMALL: (f"{INSTALLMENT_MINIMUM_KRW:,}",),
    _E.BUYER_NAME_TOO_LONG: (str(BUYER_NAME_MAX_LENGTH),),
    _E.CUSTOMER_NAME_TOO_LONG: (str(BUYER_NAME_MAX_LENGTH),),
    _E.ORDER_NAME_TOO_LONG: (str(ORDER_NAME_MAX_LENGTH),),
    _E.PRODUCT_NAME_TOO_LONG: (str(ORDER_NAME_MAX_LENGTH),),
    _E.QUANTITY_INVALID: (f"{MAX_QUANTITY:,}",),
    _E.INVOICE_FORMAT: (str(INVOICE_MAX_LENGTH),),
    _E.PIN_FORMAT: (str(PIN_MIN), str(PIN_MAX)),
    _E.OPERATOR_NAME_TOO_LONG: (str(OPERATOR_NAME_MAX),),
    _E.REFUND_REASON_TOO_LONG: (str(REFUND_REASON_MAX_LENGTH),),
    _E.UID_FORMAT: (str(MERCHANT_UID_MAX_LENGTH), str(CUSTOMER_UID_MAX_LENGTH)),
}

_missing = set(InputError) - set(MESSAGES)
if _missing:  # fail at import, not in front of a clerk
    raise RuntimeError(f"no message for {sorted(_missing)}")


def message(error: InputError) -> Text:
    """What to tell the clerk about `error`."""
    return Text(CONTEXT, MESSAGES[error], _ARGUMENTS.get(error, ()))
