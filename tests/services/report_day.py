"""A business day on the sandbox for the report tests: keyed charges by a manager and a clerk
with three issuers across three hours (Korea time), a decline, one partial and one full refund
made with `IamportClient.cancel_payment` and recorded, and what the sandbox itself reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx

from kcp_pos.domain.card_number import luhn_check_digit
from kcp_pos.domain.korea_time import KST
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.iamport.models import CancelRequest, Payment, PaymentStatus
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import KeyedOrder, charge_keyed
from kcp_pos.services.ledger_sync import record_payment
from kcp_pos.services.operator import LOCAL_CLERK, Operator, Role
from tests.conftest import advance_clock
from tests.services.conftest import APPROVED_CARD, DECLINED_CC03_CARD, keyed_card

MANAGER = Operator("박매니저", Role.MANAGER)
CLERK = LOCAL_CLERK


def _card(bin_: str) -> str:
    body = bin_ + "000012345"
    number = body + luhn_check_digit(body)
    return "-".join(number[i : i + 4] for i in range(0, 16, 4))


SHINHAN_CARD = _card("451842")
BC_CARD = _card("943116")


@dataclass(frozen=True)
class ReportDay:
    day: date
    """The Korea-time day the payments were made on."""
    moment: datetime
    """The sandbox's time after the last payment (aware)."""
    imp_uids: tuple[str, ...]
    """Every payment made, the decline included."""


def sandbox_now(sandbox: SandboxServer) -> int:
    answer = httpx.get(f"{sandbox.url}/__sandbox__/clock")
    answer.raise_for_status()
    now: int = answer.json()["response"]["now"]
    return now


def move_to(sandbox: SandboxServer, moment: datetime) -> datetime:
    """Advance the sandbox's clock to `moment` (ahead of it)."""
    advance_clock(sandbox, int(moment.timestamp()) - sandbox_now(sandbox))
    return moment


def charge(
    services: AppServices, card: str, amount: int, operator: Operator, tax_free: int = 0
) -> str:
    order = KeyedOrder(
        merchant_uid=new_merchant_uid(now=datetime.now(UTC)),
        amount=amount,
        order_name="전화주문",
        tax_free=tax_free,
    )
    outcome = charge_keyed(services, keyed_card(card), order, operator=operator)
    assert outcome.payment is not None
    return outcome.payment.imp_uid


def refund(services: AppServices, imp_uid: str, amount: int) -> Payment:
    """Refund `amount` on the sandbox (an explicit amount and checksum) and record it."""
    before = services.client.get_payment(imp_uid)
    after = services.client.cancel_payment(
        CancelRequest(
            imp_uid=imp_uid,
            amount=amount,
            checksum=before.amount - before.cancel_amount,
            reason="고객 요청",
        )
    )
    record_payment(services.ledger, after)
    return after


def make_report_day(services: AppServices, sandbox: SandboxServer) -> ReportDay:
    """Tomorrow (Korea time) from 10:00 to 15:00 on the sandbox's clock."""
    now = datetime.fromtimestamp(sandbox_now(sandbox), UTC).astimezone(KST)
    day = now.date() + timedelta(days=1)
    ten = move_to(sandbox, datetime(day.year, day.month, day.day, 10, 5, tzinfo=KST))
    made = [
        charge(services, APPROVED_CARD, 55_000, MANAGER, tax_free=5_000),
        charge(services, SHINHAN_CARD, 22_000, CLERK),
    ]
    move_to(sandbox, ten + timedelta(hours=3))
    made += [
        charge(services, BC_CARD, 11_000, CLERK),
        charge(services, DECLINED_CC03_CARD, 9_000, CLERK),
    ]
    last = move_to(sandbox, ten + timedelta(hours=5))
    made.append(charge(services, APPROVED_CARD, 30_000, MANAGER))
    refund(services, made[-1], 10_000)
    refund(services, made[1], 22_000)
    return ReportDay(day, last, tuple(made))


def sandbox_payments(services: AppServices, day: date) -> list[Payment]:
    """What the sandbox reports as taken that day: paid or cancelled, every page."""
    since = datetime(day.year, day.month, day.day, tzinfo=KST)
    window = (int(since.timestamp()), int((since + timedelta(days=1)).timestamp()) - 1)
    found: list[Payment] = []
    page = 1
    while page:
        answer = services.client.list_payments_by_status(
            "all", page=page, limit=100, from_=window[0], to=window[1]
        )
        found.extend(answer.list)
        page = answer.next
    taken = (PaymentStatus.PAID, PaymentStatus.CANCELLED)
    return [payment for payment in found if payment.status in taken]


KOREAN_REPORT_WORDS = {
    "Summary": "요약",
    "Period": "기간",
    "Figure": "항목",
    "Value": "값",
    "Count": "건수",
    "Gross": "총매출",
    "Refunds": "환불",
    "Net": "순매출",
    "VAT": "부가세",
    "Tax-free": "면세",
    "Card issuer": "카드사",
    "Pay method": "결제수단",
    "Operator": "운영자",
    "Hour": "시간",
    "By issuer": "카드사별",
    "By pay method": "결제수단별",
    "By operator": "운영자별",
    "By hour": "시간대별",
    "(not recorded)": "(기록 없음)",
    "(made elsewhere)": "(다른 곳에서 결제)",
    "Card": "카드",
}
"""The report's words in Korean, as in the translations handed over with this work (the
catalogue is updated separately)."""


def korean(context: str, source: str) -> str:
    return KOREAN_REPORT_WORDS.get(source, source) if context == "Report" else source
