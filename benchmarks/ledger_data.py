"""The generated ledger of `ledger.py`: payments spread over two years up to now, as a shop's
terminal (and its web shop, merged in) would have made them, and the filters a clerk applies.

Statuses by their share in a card shop: 85% paid, 7% failed, 7% cancelled (a third of them in
part), 1% still waiting (`ready`); 90% cards, 6% virtual accounts, 4% bank transfers; 2% escrow;
six operators with shares from 40% down to 0.1%, and 10% made elsewhere (no operator, no
attempt); three in ten charged to one of 20,000 saved cards; amounts from 1,000 to 2,000,000
won, mostly small. Card numbers are KCP-masked, approval numbers eight digits.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import LedgerStatus, PaymentSnapshot
from kcp_pos.store.ledger_fill import FilledPayment

SPAN: Final = timedelta(days=730)
OPERATORS: Final = (
    ("김민준", 40),
    ("이서연", 30),
    ("박도윤", 15),
    ("최지우", 4.9),
    ("정하은", 0.1),
)
ELSEWHERE: Final = 10
"""Percent made elsewhere (a web shop, PortOne's console): no operator, no attempt here."""
RARE_OPERATOR: Final = "정하은"
BINS: Final = ("557042", "542879", "531070", "515594", "540926", "490220", "465887")
ISSUERS: Final = (
    "KB국민카드",
    "신한카드",
    "삼성카드",
    "현대카드",
    "롯데카드",
    "BC카드",
    "하나카드",
)


def _amount(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.6:
        return rng.randint(10, 500) * 100
    if roll < 0.95:
        return rng.randint(50, 3_000) * 100
    return rng.randint(300, 20_000) * 100


def _status(rng: random.Random, amount: int) -> tuple[LedgerStatus, int]:
    roll = rng.random()
    if roll < 0.85:
        return LedgerStatus.PAID, 0
    if roll < 0.92:
        return LedgerStatus.FAILED, 0
    if roll < 0.99:
        partial = rng.random() < 1 / 3 and amount >= 200
        return LedgerStatus.CANCELLED, (amount // 2 if partial else amount)
    return LedgerStatus.READY, 0


def fake_payment(rng: random.Random, index: int, count: int, end: datetime) -> FilledPayment:
    """The `index`-th of `count` payments, in time order up to `end`."""
    started = end - SPAN + SPAN * (index + rng.random()) / count
    amount = _amount(rng)
    status, cancelled = _status(rng, amount)
    method = rng.choices(("card", "vbank", "trans"), weights=(90, 6, 4))[0]
    card = rng.randrange(len(BINS))
    is_card = method == "card"
    saved = is_card and rng.random() < 0.3
    elsewhere = rng.random() * 100 < ELSEWHERE
    operator = None
    if not elsewhere:
        names = [name for name, _ in OPERATORS]
        operator = rng.choices(names, weights=[share for _, share in OPERATORS])[0]
    snapshot = PaymentSnapshot(
        imp_uid=f"imp_{index:012d}",
        merchant_uid=f"{'web' if elsewhere else 'pos'}-{started:%Y%m%d}-{index:08d}",
        status=status,
        amount=amount,
        cancel_amount=cancelled,
        pay_method=method,
        pg_provider="kcp",
        card_name=ISSUERS[card] if is_card else None,
        card_number=f"{BINS[card]}000000{rng.randint(0, 9999):04d}" if is_card else None,
        card_quota=0,
        apply_num=f"{rng.randint(0, 99_999_999):08d}"
        if status is not LedgerStatus.FAILED
        else None,
        name="상품 주문",
        buyer_name="구매자",
        customer_uid=f"cust_{rng.randrange(20_000):06d}" if saved else None,
        started_at=started,
        paid_at=started if status is not LedgerStatus.FAILED else None,
        failed_at=started if status is LedgerStatus.FAILED else None,
        fail_reason="카드 한도 초과" if status is LedgerStatus.FAILED else None,
        escrow=rng.random() < 0.02,
        sandbox=False,
    )
    tax_free = amount // 10 if rng.random() < 0.05 else 0
    attempt = None if elsewhere else AttemptKind.ONETIME
    return FilledPayment(snapshot, operator=operator, tax_free=tax_free, attempt=attempt)


def fake_payments(count: int, seed: int, end: datetime) -> Iterator[FilledPayment]:
    rng = random.Random(seed)
    for index in range(count):
        yield fake_payment(rng, index, count, end)
