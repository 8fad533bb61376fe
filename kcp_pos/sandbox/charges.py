"""Money-moving calls: key-in `onetime`, billing-key `again`, and running due schedules.

A PG decline of a well-formed request is a stored payment with `status: failed` (HTTP 200,
`code 0`, reference §11.1); with `onetime_decline_style="code-1"` a onetime decline also answers
`code -1` + message, but the failed payment is still recorded. Format errors and duplicates are
`ApiFailure`s and store nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcp_pos.domain.card_issuers import ISSUERS, CardIssuer
from kcp_pos.domain.merchant_uid import CUSTOMER_UID_MAX_LENGTH, MERCHANT_UID_MAX_LENGTH
from kcp_pos.iamport.models import (
    BillingCustomer,
    CustomerUidUsage,
    Payment,
    PaymentStatus,
    ScheduleResult,
    ScheduleStatus,
)
from kcp_pos.sandbox.billing import store_billing_key
from kcp_pos.sandbox.body import Params
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.errors import (
    DUPLICATE_MERCHANT_UID,
    PAYMENT_APPROVAL_FAILED,
    UNKNOWN_BUYER,
    ApiFailure,
)
from kcp_pos.sandbox.identifiers import new_apply_num, new_imp_uid, new_pg_tid, receipt_url
from kcp_pos.sandbox.rules import (
    DEFAULT_ISSUER_CODE,
    Decline,
    PgChoice,
    card_decline,
    installment_decline,
    read_amount,
    read_card_quota,
    read_keyed_card,
    read_tax_free,
    resolve_pg,
    stored_card_decline,
)

BUYER_FIELDS = ("buyer_name", "buyer_email", "buyer_tel", "buyer_addr", "buyer_postcode")
USER_AGENT = "sorry_not_supported_anymore"  # what live API-channel payments report (§8.2)


@dataclass(frozen=True)
class Charge:
    """Everything needed to record one payment attempt."""

    merchant_uid: str
    amount: int
    currency: str
    name: str | None
    buyer: dict[str, str | None]
    custom_data: str | None
    card_quota: int
    masked_number: str | None
    issuer: CardIssuer
    pg: PgChoice
    decline: Decline | None
    customer_uid: str | None
    usage: CustomerUidUsage | None
    escrow: bool = False


def ensure_merchant_uid_unused(sandbox: Sandbox, merchant_uid: str) -> None:
    """Re-use is refused once a payment was paid or cancelled; after failures it is allowed."""
    for stored in sandbox.storage.payments(merchant_uid=merchant_uid):
        if stored.payment.status in (PaymentStatus.PAID, PaymentStatus.CANCELLED):
            raise ApiFailure(DUPLICATE_MERCHANT_UID)


def record_charge(sandbox: Sandbox, charge: Charge) -> Payment:
    """Create the payment (paid or failed); the caller holds the storage transaction."""
    now = sandbox.now()
    imp_uid = new_imp_uid()
    while sandbox.storage.payment(imp_uid) is not None:
        imp_uid = new_imp_uid()
    paid = charge.decline is None
    pg_tid = new_pg_tid() if paid else None
    payment = Payment(
        imp_uid=imp_uid,
        merchant_uid=charge.merchant_uid,
        pay_method="card",
        channel="api",
        pg_provider=charge.pg.provider,
        pg_id=charge.pg.pg_id,
        pg_tid=pg_tid,
        sandbox=False,
        escrow=charge.escrow,
        apply_num=new_apply_num() if paid else "",
        card_code=charge.issuer.code,
        card_name=charge.issuer.name_ko,
        card_quota=charge.card_quota,
        card_number=charge.masked_number,
        card_type=0,
        name=charge.name,
        amount=charge.amount,
        currency=charge.currency,
        custom_data=charge.custom_data,
        user_agent=USER_AGENT,
        status=PaymentStatus.PAID if paid else PaymentStatus.FAILED,
        started_at=now,
        paid_at=now if paid else 0,
        failed_at=0 if paid else now,
        fail_reason=charge.decline.fail_reason if charge.decline else None,
        receipt_url=receipt_url(pg_tid, imp_uid, charge.amount) if pg_tid else None,
        customer_uid=charge.customer_uid,
        customer_uid_usage=charge.usage,
        **charge.buyer,
    )
    sandbox.storage.insert_payment(payment, now)
    return payment


def pay_onetime(sandbox: Sandbox, params: Params) -> Payment:
    """`POST /subscribe/payments/onetime`: key-in payment, optionally storing a billing key."""
    merchant_uid = params.required_identifier("merchant_uid", max_length=MERCHANT_UID_MAX_LENGTH)
    amount = read_amount(params)
    read_tax_free(params, amount)
    card = read_keyed_card(
        params, sandbox.today(), pwd_2digit_required=sandbox.config.pwd_2digit_required
    )
    card_quota = read_card_quota(params)
    customer_uid = params.identifier("customer_uid", max_length=CUSTOMER_UID_MAX_LENGTH)
    pg = resolve_pg(params.text("pg"), sandbox.config.site_code)
    buyer = {name: params.text(name) for name in BUYER_FIELDS}
    charge = Charge(
        merchant_uid=merchant_uid,
        amount=amount,
        currency=params.text("currency") or "KRW",
        name=params.text("name"),
        buyer=buyer,
        custom_data=params.text("custom_data"),
        card_quota=card_quota,
        masked_number=card.masked_number,
        issuer=card.issuer,
        pg=pg,
        decline=card_decline(card) or installment_decline(card_quota, amount),
        customer_uid=customer_uid,
        usage=CustomerUidUsage.ISSUE if customer_uid else None,
        escrow=sandbox.config.escrow_key_in and params.flag("escrow"),
    )
    with sandbox.storage.transaction():
        ensure_merchant_uid_unused(sandbox, merchant_uid)
        payment = record_charge(sandbox, charge)
        if customer_uid and charge.decline is None:
            customer_fields = {
                "customer_name": buyer["buyer_name"],
                "customer_tel": buyer["buyer_tel"],
                "customer_email": buyer["buyer_email"],
                "customer_addr": buyer["buyer_addr"],
                "customer_postcode": buyer["buyer_postcode"],
            }
            store_billing_key(sandbox, customer_uid, card, pg, customer_fields)
    if charge.decline is not None and sandbox.config.onetime_decline_style == "code-1":
        raise ApiFailure(f"{PAYMENT_APPROVAL_FAILED} {charge.decline.fail_reason}")
    return payment


def pay_again(sandbox: Sandbox, params: Params) -> Payment:
    """`POST /subscribe/payments/again`: charge a stored billing key (declines are `failed`)."""
    customer_uid = params.required_identifier("customer_uid", max_length=CUSTOMER_UID_MAX_LENGTH)
    merchant_uid = params.required_identifier("merchant_uid", max_length=MERCHANT_UID_MAX_LENGTH)
    amount = read_amount(params)
    read_tax_free(params, amount)
    card_quota = read_card_quota(params)
    with sandbox.storage.transaction():
        customer = sandbox.storage.customer(customer_uid)
        if customer is None:
            raise ApiFailure(UNKNOWN_BUYER, code=1)
        ensure_merchant_uid_unused(sandbox, merchant_uid)
        decline = stored_card_decline(customer.card_number) or installment_decline(
            card_quota, amount
        )
        return record_charge(
            sandbox,
            Charge(
                merchant_uid=merchant_uid,
                amount=amount,
                currency=params.text("currency") or "KRW",
                name=params.text("name"),
                buyer=buyer_with_key_defaults(params, customer),
                custom_data=params.text("custom_data"),
                card_quota=card_quota,
                masked_number=customer.card_number,
                issuer=issuer_of(customer),
                pg=key_pg(customer, sandbox),
                decline=decline,
                customer_uid=customer_uid,
                usage=CustomerUidUsage.PAYMENT,
            ),
        )


def buyer_with_key_defaults(params: Params, customer: BillingCustomer) -> dict[str, str | None]:
    """`buyer_*` given in the request win; otherwise the key's `customer_*` are used."""
    defaults = {
        "buyer_name": customer.customer_name,
        "buyer_email": customer.customer_email,
        "buyer_tel": customer.customer_tel,
        "buyer_addr": customer.customer_addr,
        "buyer_postcode": customer.customer_postcode,
    }
    return {name: params.text(name) or defaults[name] for name in BUYER_FIELDS}


def issuer_of(customer: BillingCustomer) -> CardIssuer:
    return ISSUERS.get(customer.card_code or "", ISSUERS[DEFAULT_ISSUER_CODE])


def key_pg(customer: BillingCustomer, sandbox: Sandbox) -> PgChoice:
    """Billing-key payments report the PG the key was issued with (`kcp` unless `kcp_billing`)."""
    return PgChoice(customer.pg_provider or "kcp", customer.pg_id or sandbox.config.site_code)


def run_due_schedules(sandbox: Sandbox) -> None:
    """Execute every `scheduled` entry whose time has come (called before each API request)."""
    storage = sandbox.storage
    with storage.transaction():
        now = sandbox.now()
        for schedule in storage.schedules(status=ScheduleStatus.SCHEDULED.value):
            if schedule.schedule_at > now:
                break
            executed, _ = execute_schedule(sandbox, schedule, now)
            storage.save_schedule(executed)


def execute_schedule(
    sandbox: Sandbox, schedule: ScheduleResult, now: int
) -> tuple[ScheduleResult, Payment | None]:
    """Charge a schedule's billing key now: the schedule as executed, and the payment unless the
    key is gone or the merchant_uid was already paid (then nothing reached the PG)."""
    executed = schedule.model_copy(
        update={"schedule_status": ScheduleStatus.EXECUTED, "executed_at": now}
    )
    customer = sandbox.storage.customer(schedule.customer_uid)
    card_quota = sandbox.storage.schedule_quota(schedule.merchant_uid)
    if customer is None:
        failed = {"payment_status": PaymentStatus.FAILED, "fail_reason": UNKNOWN_BUYER}
        return executed.model_copy(update=failed), None
    try:
        ensure_merchant_uid_unused(sandbox, schedule.merchant_uid)
    except ApiFailure as failure:
        failed = {"payment_status": PaymentStatus.FAILED, "fail_reason": failure.message}
        return executed.model_copy(update=failed), None
    payment = record_charge(
        sandbox,
        Charge(
            merchant_uid=schedule.merchant_uid,
            amount=schedule.amount,
            currency=schedule.currency,
            name=schedule.name,
            buyer={name: getattr(schedule, name) for name in BUYER_FIELDS},
            custom_data=schedule.custom_data,
            card_quota=card_quota,
            masked_number=customer.card_number,
            issuer=issuer_of(customer),
            pg=key_pg(customer, sandbox),
            decline=stored_card_decline(customer.card_number)
            or installment_decline(card_quota, schedule.amount),
            customer_uid=schedule.customer_uid,
            usage=CustomerUidUsage.PAYMENT_SCHEDULED,
        ),
    )
    outcome = {
        "imp_uid": payment.imp_uid,
        "payment_status": payment.status,
        "fail_reason": payment.fail_reason,
    }
    return executed.model_copy(update=outcome), payment
