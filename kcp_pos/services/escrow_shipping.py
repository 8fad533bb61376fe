"""Registering an escrow order's shipment with PortOne (`POST /escrows/logis/{imp_uid}`, a 2-depth
JSON body, reference §9), reading it back, and the paid escrow orders still to ship.

KCP's rules: one registration per payment (a second POST is refused with 409) and no edit (PUT
is refused for KCP), so the app never offers to change a shipment; it shows what PortOne has.
Nothing moves money here, but a lost answer is still settled by reading the shipment back, never
by sending it again: a registration PortOne has under the same tracking number is ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final, TypeVar

from kcp_pos.domain.couriers import COURIERS
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.names import clean_text, validate_buyer_name
from kcp_pos.domain.phone import validate_buyer_tel
from kcp_pos.domain.shipment import invoice_error, sent_at_error
from kcp_pos.domain.text_input import is_ascii_digits, normalize_typed
from kcp_pos.iamport.errors import ApiError, NotFoundError, OutcomeUnknown
from kcp_pos.iamport.models import (
    EscrowLogis,
    EscrowLogisInfo,
    EscrowLogisRequest,
    EscrowReceiver,
    EscrowSender,
)
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.money_call import InvalidOrder, Problems
from kcp_pos.services.operator import Operator
from kcp_pos.services.window_payment import window_attempts
from kcp_pos.store import EscrowOrder, LedgerPayment, LedgerStatus, Shipment, from_unix, utc_now

_P = TypeVar("_P", EscrowSender, EscrowReceiver)
REGISTERED_ACTION: Final = "escrow_shipment_registered"
POSTCODE_DIGITS: Final = 5
ALREADY_REGISTERED_STATUS: Final = 409


@dataclass(frozen=True, slots=True)
class Party:
    """A sender or receiver as typed (every field optional for KCP)."""

    name: str = ""
    tel: str = ""
    addr: str = ""
    postcode: str = ""


@dataclass(frozen=True, slots=True)
class ShipmentForm:
    imp_uid: str
    company: str
    invoice: str
    sent_at: datetime
    sender: Party = Party()
    receiver: Party = Party()


class Refusal(StrEnum):
    NOT_ESCROW = "not_escrow"  # not an escrow payment this terminal knows
    NOT_PAID = "not_paid"  # not paid, or refunded in full
    NOT_COUNTED = "not_counted"  # this terminal's window order did not count it as paid
    ALREADY_REGISTERED = "already_registered"  # another shipment is registered (KCP: no edit)
    REFUSED = "refused"  # PortOne refused it: `message` says why


class ShipmentRefused(Exception):
    def __init__(self, refusal: Refusal, message: str = "", shown: EscrowLogis | None = None):
        super().__init__(refusal.value)
        self.refusal = refusal
        self.message = message
        self.registered = shown
        """What PortOne has, for `ALREADY_REGISTERED`."""


class ShipmentUnknown(Exception):
    """The answer was lost and PortOne shows no shipment yet: read it back later."""


def register_shipment(
    services: AppServices, form: ShipmentForm, operator: Operator, *, now: datetime | None = None
) -> Shipment:
    """Register `form` once; `InvalidOrder`, `ShipmentRefused` or `ShipmentUnknown` otherwise."""
    request = _request(form, now or utc_now())
    payment = _shippable(services, form.imp_uid)
    invoice = request.logis.invoice
    logis: EscrowLogis | None
    try:
        logis = services.client.register_escrow_logis(form.imp_uid, request)
    except OutcomeUnknown:
        logis = _ours_or_none(services, form.imp_uid, invoice)
    except ApiError as error:
        if error.http_status != ALREADY_REGISTERED_STATUS:
            raise ShipmentRefused(Refusal.REFUSED, error.message) from None
        logis = _ours_or_refused(services, form.imp_uid, invoice, error.message)
    if logis is None:
        raise ShipmentUnknown(form.imp_uid)
    shipment = _keep(services, payment, logis, operator)
    services.audit.append(
        REGISTERED_ACTION,
        subject=form.imp_uid,
        details={"merchant_uid": payment.merchant_uid, "company": logis.company},
        actor=operator.name,
    )
    return shipment


def read_shipment(services: AppServices, imp_uid: str, operator: Operator) -> EscrowLogis | None:
    """What PortOne has (None: nothing registered); kept locally, so that a shipment registered
    elsewhere (PortOne's console) leaves the list of orders to ship."""
    try:
        logis = services.client.get_escrow_logis(imp_uid)
    except NotFoundError:
        return None
    payment = services.ledger.get(imp_uid)
    if payment is not None:
        _keep(services, payment, logis, operator)
    return logis


def escrow_orders(services: AppServices, *, to_ship_only: bool) -> list[EscrowOrder]:
    """Paid escrow orders (those still to ship only, if asked), without any this terminal's
    window did not count as paid."""
    orders = services.shipments.escrow_orders(to_ship_only=to_ship_only)
    return [order for order in orders if counted_as_paid(services, order.payment)]


def _request(form: ShipmentForm, now: datetime) -> EscrowLogisRequest:
    problems = Problems()
    company = form.company if form.company in COURIERS else None
    problems.need(company is not None, InputError.COURIER_REQUIRED)
    found = invoice_error(form.invoice)
    problems.need(found is None, found or InputError.INVOICE_REQUIRED)
    found = sent_at_error(form.sent_at, now)
    problems.need(found is None, found or InputError.SENT_AT_IN_FUTURE)
    sender = _party(problems, form.sender, EscrowSender)
    receiver = _party(problems, form.receiver, EscrowReceiver)
    if problems.found:
        raise InvalidOrder(problems.found)
    logis = EscrowLogisInfo(
        company=company or "ETC",
        invoice=normalize_typed(form.invoice),
        sent_at=int(form.sent_at.timestamp()),
    )
    return EscrowLogisRequest(sender=sender, receiver=receiver, logis=logis)


def _party(problems: Problems, party: Party, kind: type[_P]) -> _P:
    name = problems.take(validate_buyer_name(party.name))
    tel = problems.take(validate_buyer_tel(party.tel))
    addr = clean_text(party.addr)
    problems.need(addr is not None, InputError.TEXT_CONTROL_CHARACTERS)
    postcode = normalize_typed(party.postcode)
    problems.need(
        not postcode or (len(postcode) == POSTCODE_DIGITS and is_ascii_digits(postcode)),
        InputError.POSTCODE_FORMAT,
    )
    return kind(name=name or None, tel=tel or None, addr=addr or None, postcode=postcode or None)


def _shippable(services: AppServices, imp_uid: str) -> LedgerPayment:
    payment = services.ledger.get(imp_uid)
    if payment is None or not payment.escrow:
        raise ShipmentRefused(Refusal.NOT_ESCROW)
    paid = payment.status is LedgerStatus.PAID or (
        payment.status is LedgerStatus.CANCELLED and payment.cancel_amount < payment.amount
    )
    if not paid:
        raise ShipmentRefused(Refusal.NOT_PAID)
    if not counted_as_paid(services, payment):
        raise ShipmentRefused(Refusal.NOT_COUNTED)
    return payment


def counted_as_paid(services: AppServices, payment: LedgerPayment) -> bool:
    """A payment this terminal ordered in a window counts only for the amount ordered (another
    amount is an alert, never goods sent; a payment found late for the right amount counts);
    one made elsewhere counts as PortOne reports it."""
    attempts = window_attempts(services, payment.merchant_uid)
    return not attempts or any(attempt.amount == payment.amount for attempt in attempts)


def _ours_or_none(services: AppServices, imp_uid: str, invoice: str) -> EscrowLogis | None:
    try:
        logis = services.client.get_escrow_logis(imp_uid)
    except NotFoundError:
        return None
    if logis.invoice != invoice:
        raise ShipmentRefused(Refusal.ALREADY_REGISTERED, shown=logis)
    return logis


def _ours_or_refused(
    services: AppServices, imp_uid: str, invoice: str, message: str
) -> EscrowLogis:
    """A 409: our own registration seen twice (same tracking number), or someone else's."""
    logis = _ours_or_none(services, imp_uid, invoice)
    if logis is None:  # 409 without a registration: the payment cannot take one
        raise ShipmentRefused(Refusal.REFUSED, message)
    return logis


def _keep(
    services: AppServices, payment: LedgerPayment, logis: EscrowLogis, operator: Operator
) -> Shipment:
    return services.shipments.record(
        imp_uid=payment.imp_uid,
        merchant_uid=payment.merchant_uid,
        company=logis.company,
        invoice=logis.invoice,
        sent_at=from_unix(logis.sent_at) or utc_now(),
        operator=operator.name,
    )
