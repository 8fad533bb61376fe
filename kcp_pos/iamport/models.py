"""Wire models of the PortOne V1 API: the envelope, requests and response objects.

Field names and types follow the V1 OpenAPI document (reference §0) and the live samples it quotes.
Both the client and the sandbox use these models, so they are tolerant on input (JSON numbers with
a `.0`, `null` where a `0` was expected, unknown extra keys) and exact on output.

Card data (`card_number`, `expiry`, `birth`, `pwd_2digit`) travels in `SecretStr` so that a repr,
a log line or a validation error never shows it; it is revealed only when the request body is
serialised for sending.
"""

from __future__ import annotations

import builtins
import re
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    field_serializer,
)

from kcp_pos.domain.money import AMOUNT_CEILING_KRW

T = TypeVar("T")


def _zero_if_null(value: Any) -> Any:
    return 0 if value is None else value


_WHOLE_NUMBER = re.compile(r"(-?\d+)(?:\.0*)?")


def _integral_number(value: Any) -> Any:
    """KRW amounts arrive as JSON numbers (`1000` or `1000.0`) or form strings (`"1000"`); a
    JSON `true` is not an amount."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        whole = _WHOLE_NUMBER.fullmatch(value.strip())
        return int(whole.group(1)) if whole else value  # int(), not float: exact at any size
    return value


Timestamp = Annotated[int, BeforeValidator(_zero_if_null)]
"""UNIX seconds; `0` (never null) when the event has not happened."""

_KRW_RANGE = Field(ge=0, le=AMOUNT_CEILING_KRW)
Krw = Annotated[int, BeforeValidator(_integral_number), _KRW_RANGE]
"""An amount in whole Korean won, from 0 to the app's ceiling (`domain.money`)."""

OptionalKrw = Annotated[Krw | None, BeforeValidator(_integral_number)]

RefundKrw = Annotated[int, BeforeValidator(_integral_number), Field(le=AMOUNT_CEILING_KRW)]
"""A refund amount as the caller asked for it: zero or negative are let through here so that the
client refuses them with its own explanation (V1 would take them as a FULL refund)."""

PageNumber = Annotated[int, BeforeValidator(_zero_if_null)]
"""`previous`/`next` of a paged list: a page number, `0` (tolerated: null) when there is none."""


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, hide_input_in_errors=True)


class Envelope(_Wire, Generic[T]):
    """`{"code": 0, "message": null, "response": {...}}` around every V1 response."""

    code: int
    message: str | None = None
    response: T | None = None


class PaymentStatus(StrEnum):
    READY = "ready"
    PAID = "paid"
    CANCELLED = "cancelled"
    FAILED = "failed"


class CustomerUidUsage(StrEnum):
    ISSUE = "issue"
    PAYMENT = "payment"
    PAYMENT_SCHEDULED = "payment.scheduled"


class ScheduleStatus(StrEnum):
    SCHEDULED = "scheduled"
    EXECUTED = "executed"
    REVOKED = "revoked"


# --------------------------------------------------------------------------- responses


class AccessToken(_Wire):
    access_token: str
    now: Timestamp
    expired_at: Timestamp


class PaymentCancel(_Wire):
    """One item of `cancel_history`."""

    pg_tid: str | None = None
    amount: Krw
    cancelled_at: Timestamp = 0
    reason: str | None = None
    cancellation_id: str | None = None
    receipt_url: str | None = None


class VbankDeposit(_Wire):
    pg_tid: str | None = None
    amount: Krw = 0
    deposited_at: Timestamp = 0


class Promotion(_Wire):
    id: str | None = None
    discount: OptionalKrw = None


class Payment(_Wire):
    """`PaymentAnnotation` (reference §8.2): one payment attempt as PortOne records it."""

    imp_uid: str
    merchant_uid: str
    pay_method: str | None = None
    channel: str | None = None
    pg_provider: str | None = None
    emb_pg_provider: str | None = None
    pg_tid: str | None = None
    pg_id: str | None = None
    sandbox: bool = False
    escrow: bool = False
    apply_num: str | None = None
    bank_code: str | None = None
    bank_name: str | None = None
    card_code: str | None = None
    card_name: str | None = None
    card_issuer_code: str | None = None
    card_issuer_name: str | None = None
    card_publisher_code: str | None = None
    card_publisher_name: str | None = None
    card_quota: int = 0
    card_number: str | None = None
    card_type: int | None = None
    vbank_code: str | None = None
    vbank_name: str | None = None
    vbank_num: str | None = None
    vbank_holder: str | None = None
    vbank_date: Timestamp = 0
    vbank_issued_at: Timestamp = 0
    name: str | None = None
    amount: Krw
    cancel_amount: Krw = 0
    currency: str = "KRW"
    buyer_name: str | None = None
    buyer_email: str | None = None
    buyer_tel: str | None = None
    buyer_addr: str | None = None
    buyer_postcode: str | None = None
    custom_data: str | None = None
    user_agent: str | None = None
    status: PaymentStatus
    started_at: Timestamp = 0
    paid_at: Timestamp = 0
    failed_at: Timestamp = 0
    cancelled_at: Timestamp = 0
    fail_reason: str | None = None
    cancel_reason: str | None = None
    receipt_url: str | None = None
    cancel_history: list[PaymentCancel] = Field(default_factory=list)
    deposit_history: list[VbankDeposit] = Field(default_factory=list)
    cancel_receipt_urls: list[str] = Field(default_factory=list)
    cash_receipt_issued: bool = False
    customer_uid: str | None = None
    customer_uid_usage: CustomerUidUsage | None = None
    promotion: Promotion | None = None

    @property
    def cancellable_balance(self) -> int:
        """What can still be refunded: the `checksum` to send with the next cancel."""
        return self.amount - self.cancel_amount


class PaymentPage(_Wire):
    """`PagedPaymentAnnotation`: `previous`/`next` are page numbers, 0 when there is none."""

    total: int
    previous: PageNumber = 0
    next: PageNumber = 0
    list: builtins.list[Payment] = Field(default_factory=builtins.list)


class BillingCustomer(_Wire):
    """`CustomerAnnotation` (reference §4.5): a stored billing key, with the card masked."""

    customer_uid: str
    pg_provider: str | None = None
    pg_id: str | None = None
    sandbox: bool = False
    customer_id: str | None = None
    card_name: str | None = None
    card_code: str | None = None
    card_issuer_code: str | None = None
    card_issuer_name: str | None = None
    card_publisher_code: str | None = None
    card_publisher_name: str | None = None
    card_number: str | None = None
    card_type: int | None = None
    customer_name: str | None = None
    customer_tel: str | None = None
    customer_email: str | None = None
    customer_addr: str | None = None
    customer_postcode: str | None = None
    inserted: Timestamp = 0
    updated: Timestamp = 0


class ScheduleResult(_Wire):
    """`ScheduleResultAnnotation` (reference §6.4)."""

    customer_uid: str
    merchant_uid: str
    imp_uid: str | None = None
    pg_provider: str | None = None
    pg_id: str | None = None
    customer_id: str | None = None
    schedule_at: Timestamp = 0
    executed_at: Timestamp = 0
    revoked_at: Timestamp = 0
    amount: Krw
    currency: str = "KRW"
    name: str | None = None
    buyer_name: str | None = None
    buyer_email: str | None = None
    buyer_tel: str | None = None
    buyer_addr: str | None = None
    buyer_postcode: str | None = None
    custom_data: str | None = None
    schedule_status: ScheduleStatus
    payment_status: PaymentStatus | None = None
    fail_reason: str | None = None
    promotion_id: str | None = None


class SchedulePage(_Wire):
    """The paged shape the Java/PHP clients expect for schedule lists (reference §6.3)."""

    total: int
    previous: PageNumber = 0
    next: PageNumber = 0
    list: builtins.list[ScheduleResult] = Field(default_factory=builtins.list)


class EscrowLogis(_Wire):
    """`EscrowLogisAnnotation`: what PortOne returns for registered shipping info."""

    company: str
    invoice: str
    sent_at: Timestamp
    applied_at: Timestamp = 0


class CardCode(_Wire):
    """`StandardCodeAnnotation`: a card company's code and name (`GET /cards`, §10.4)."""

    code: str
    name: str


class PreparedPayment(_Wire):
    """`PaymentPrepareAnnotation`: an amount registered for a payment window order (§8.1);
    `currency` null means the currency is not checked."""

    merchant_uid: str
    amount: Krw
    currency: str | None = None


# --------------------------------------------------------------------------- requests


class _Request(_Wire):
    """A request body. `None` fields are left out when sending."""

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def _reveal(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


class _CardFields(_Request):
    """Card data for key-in: `card_number` as dddd-dddd-dddd-dddd, `expiry` as YYYY-MM."""

    card_number: SecretStr
    expiry: SecretStr
    birth: SecretStr | None = None
    pwd_2digit: SecretStr | None = None

    @field_serializer("card_number", "expiry", "birth", "pwd_2digit", when_used="json")
    def _reveal_for_sending(self, secret: SecretStr | None) -> str | None:
        return _reveal(secret)


class OnetimePaymentRequest(_CardFields):
    """`POST /subscribe/payments/onetime` (reference §3)."""

    merchant_uid: str = Field(max_length=40)
    amount: Krw
    tax_free: OptionalKrw = None
    customer_uid: str | None = Field(default=None, max_length=80)
    pg: str | None = None
    name: str | None = Field(default=None, max_length=40)
    currency: str | None = None
    buyer_name: str | None = None
    buyer_email: str | None = None
    buyer_tel: str | None = None
    buyer_addr: str | None = None
    buyer_postcode: str | None = None
    card_quota: int | None = None
    custom_data: str | None = None
    notice_url: str | None = None
    product_type: str | None = None
    bypass: str | None = None


class BillingKeyRequest(_CardFields):
    """`POST /subscribe/customers/{customer_uid}` body (reference §4.1); the uid is in the path."""

    pg: str | None = None
    channel_key: str | None = None
    customer_id: str | None = None
    customer_name: str | None = None
    customer_tel: str | None = None
    customer_email: str | None = None
    customer_addr: str | None = None
    customer_postcode: str | None = None


class AgainPaymentRequest(_Request):
    """`POST /subscribe/payments/again` (reference §5)."""

    customer_uid: str = Field(max_length=80)
    merchant_uid: str = Field(max_length=40)
    amount: Krw
    name: str | None = Field(default=None, max_length=40)
    tax_free: OptionalKrw = None
    currency: str | None = None
    buyer_name: str | None = None
    buyer_email: str | None = None
    buyer_tel: str | None = None
    buyer_addr: str | None = None
    buyer_postcode: str | None = None
    card_quota: int | None = None
    custom_data: str | None = None
    notice_url: str | None = None
    channel_key: str | None = None


class ScheduleItem(_Request):
    """One entry of `schedules` in `POST /subscribe/payments/schedule` (reference §6.1)."""

    merchant_uid: str = Field(max_length=40)
    schedule_at: int
    amount: Krw
    name: str | None = Field(default=None, max_length=40)
    currency: str | None = None
    tax_free: OptionalKrw = None
    buyer_name: str | None = None
    buyer_email: str | None = None
    buyer_tel: str | None = None
    buyer_addr: str | None = None
    buyer_postcode: str | None = None
    custom_data: str | None = None
    notice_url: str | None = None
    card_quota: int | None = None


class ScheduleRequest(_Request):
    customer_uid: str = Field(max_length=80)
    schedules: list[ScheduleItem]
    customer_id: str | None = None
    checking_amount: int | None = None


class PrepareRequest(_Request):
    """`POST /payments/prepare`: the amount a payment window's order must have (§8.1)."""

    merchant_uid: str = Field(min_length=1, max_length=40)
    amount: Krw


class UnscheduleRequest(_Request):
    customer_uid: str | None = None
    merchant_uid: list[str] | None = None


class CancelRequest(_Request):
    """`POST /payments/cancel` (reference §7).

    `amount` is required here on purpose: V1 treats a missing or zero amount as a FULL refund,
    so the app always states the amount and the `checksum` (the balance it believes in).
    """

    imp_uid: str | None = None
    merchant_uid: str | None = None
    amount: RefundKrw
    checksum: Krw
    tax_free: OptionalKrw = None
    vat_amount: OptionalKrw = None
    reason: str | None = None
    refund_holder: str | None = None
    refund_bank: str | None = None
    refund_account: str | None = None
    refund_tel: str | None = None


class EscrowSender(_Request):
    name: str | None = None
    tel: str | None = None
    addr: str | None = None
    postcode: str | None = None


class EscrowReceiver(_Request):
    name: str | None = None
    tel: str | None = None
    addr: str | None = None
    postcode: str | None = None


class EscrowLogisInfo(_Request):
    company: str
    invoice: str
    sent_at: int
    receiving_at: str | None = None


class EscrowLogisRequest(_Request):
    """`POST /escrows/logis/{imp_uid}`: a 2-depth JSON body (reference §9)."""

    sender: EscrowSender = Field(default_factory=EscrowSender)
    receiver: EscrowReceiver = Field(default_factory=EscrowReceiver)
    logis: EscrowLogisInfo
