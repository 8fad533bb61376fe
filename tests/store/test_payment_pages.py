"""The transactions' reads: every filter, every order both ways, pages by key that continue
exactly across equal times, the totals; through each way the reader can take (gathered,
walked in order, the order's own index), checked against the same payments filtered and
sorted in Python."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import (
    AuditLog,
    CardDataRefused,
    Database,
    LedgerStatus,
    PaymentLedger,
    open_database,
    payment_pages,
)
from kcp_pos.store.ledger_fill import FilledPayment, fill_ledger
from kcp_pos.store.payment_ledger import LedgerPayment, PaymentSnapshot
from kcp_pos.store.payment_query import (
    InvalidFilter,
    ListedStatus,
    PaymentFilter,
    PaymentQuery,
    PaymentSort,
    listed_status,
)

START = datetime(2026, 11, 1, tzinfo=UTC)
OPERATORS = ("kim", "lee", None)
COUNT = 240


def snapshot(index: int, rng: random.Random) -> FilledPayment:
    status = rng.choice(list(LedgerStatus))
    amount = rng.choice((1_000, 5_000, 12_000, 50_000))
    cancel = 0
    if status is LedgerStatus.CANCELLED:
        cancel = rng.choice((amount, amount // 2))
    # Every fourth payment shares its second with the one before: pages must break ties.
    moment = START + timedelta(minutes=(index // 4) * 7, seconds=0 if index % 4 < 2 else 30)
    return FilledPayment(
        PaymentSnapshot(
            imp_uid=f"imp_{index:06d}{rng.randint(0, 9)}",
            merchant_uid=f"order-{index % 7}-{index:05d}",
            status=status,
            amount=amount,
            cancel_amount=cancel,
            pay_method=rng.choice(("card", "vbank")),
            card_number=f"557042******{rng.choice(('1234', '5678', '9012'))}",
            apply_num=f"{30000000 + index}",
            customer_uid=rng.choice((None, "cust_a", "cust_b")),
            started_at=moment,
            escrow=index % 9 == 0,
        ),
        operator=rng.choice(OPERATORS),
        attempt=None if index % 5 == 0 else AttemptKind.ONETIME,
    )


@pytest.fixture(params=("chosen", "gathered", "walked"))
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The reader's own choice, then every path gathered whole, then never gathered."""
    if request.param == "gathered":
        monkeypatch.setattr(payment_pages, "GATHER_LIMIT", 10**9)
    if request.param == "walked":
        monkeypatch.setattr(payment_pages, "GATHER_LIMIT", -1)
    return str(request.param)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One filled ledger for the module's reads (filling it per test took minutes)."""
    database = open_database(tmp_path_factory.mktemp("ledger"))
    rng = random.Random(11)
    fill_ledger(database, (snapshot(index, rng) for index in range(COUNT)), batch_rows=100)
    yield database
    database.dispose()


@pytest.fixture
def ledger(filled: Database) -> PaymentLedger:
    return PaymentLedger(filled)


@pytest.fixture
def everything(ledger: PaymentLedger) -> list[LedgerPayment]:
    return read_all(ledger, PaymentQuery())


def read_all(ledger: PaymentLedger, query: PaymentQuery, limit: int = 7) -> list[LedgerPayment]:
    """Every page of `query`, `limit` rows at a time."""
    found: list[LedgerPayment] = []
    after: object | None = None
    while True:
        page = ledger.page(query, after=after, limit=limit)
        found += page.payments
        if page.next_after is None:
            return found
        after = page.next_after


SORT_KEYS: dict[PaymentSort, Callable[[LedgerPayment], tuple[object, ...]]] = {
    PaymentSort.OCCURRED: lambda p: (p.occurred_at, p.imp_uid),
    PaymentSort.AMOUNT: lambda p: (p.amount, p.imp_uid),
    PaymentSort.STATUS: lambda p: (p.status.value, p.occurred_at, p.imp_uid),
}


def expected(
    payments: list[LedgerPayment], keep: Callable[[LedgerPayment], bool], query: PaymentQuery
) -> list[str]:
    chosen = sorted(filter(keep, payments), key=SORT_KEYS[query.sort], reverse=query.descending)
    return [payment.imp_uid for payment in chosen]


def uids(payments: list[LedgerPayment]) -> list[str]:
    return [payment.imp_uid for payment in payments]


def test_everything_newest_first_in_pages_by_key(everything: list[LedgerPayment]) -> None:
    assert len(everything) == COUNT
    assert uids(everything) == expected(everything, lambda p: True, PaymentQuery())
    assert len(set(uids(everything))) == COUNT


@pytest.mark.parametrize("sort", list(PaymentSort))
@pytest.mark.parametrize("descending", [False, True])
def test_every_order_both_ways_continues_across_equal_keys(
    way: str,
    ledger: PaymentLedger,
    everything: list[LedgerPayment],
    sort: PaymentSort,
    descending: bool,
) -> None:
    query = PaymentQuery(sort=sort, descending=descending)
    for limit in (1, 4, 50):
        assert uids(read_all(ledger, query, limit)) == expected(everything, lambda p: True, query)


FILTERS: dict[str, tuple[PaymentFilter, Callable[[LedgerPayment], bool]]] = {
    "dates": (
        PaymentFilter(since=START + timedelta(hours=1), until=START + timedelta(hours=2)),
        lambda p: START + timedelta(hours=1) <= p.occurred_at < START + timedelta(hours=2),
    ),
    "paid": (
        PaymentFilter(statuses=frozenset({ListedStatus.PAID})),
        lambda p: p.status is LedgerStatus.PAID,
    ),
    "partially refunded": (
        PaymentFilter(statuses=frozenset({ListedStatus.PARTIALLY_REFUNDED})),
        lambda p: p.status is LedgerStatus.CANCELLED and 0 < p.cancel_amount < p.amount,
    ),
    "fully cancelled": (
        PaymentFilter(statuses=frozenset({ListedStatus.CANCELLED})),
        lambda p: p.status is LedgerStatus.CANCELLED and p.cancel_amount == p.amount,
    ),
    "failed or ready": (
        PaymentFilter(statuses=frozenset({ListedStatus.FAILED, ListedStatus.READY})),
        lambda p: p.status in (LedgerStatus.FAILED, LedgerStatus.READY),
    ),
    "paid or partially refunded": (
        PaymentFilter(statuses=frozenset({ListedStatus.PAID, ListedStatus.PARTIALLY_REFUNDED})),
        lambda p: listed_status(p) in (ListedStatus.PAID, ListedStatus.PARTIALLY_REFUNDED),
    ),
    "customer": (PaymentFilter(customer_uid="cust_a"), lambda p: p.customer_uid == "cust_a"),
    "amount range": (
        PaymentFilter(amount_min=5_000, amount_max=12_000),
        lambda p: 5_000 <= p.amount <= 12_000,
    ),
    "amount from": (PaymentFilter(amount_min=12_000), lambda p: p.amount >= 12_000),
    "approval number": (
        PaymentFilter(apply_num="30000077"),
        lambda p: p.apply_num == "30000077",
    ),
    "merchant_uid exactly": (
        PaymentFilter(order_id="order-3-00010"),
        lambda p: p.merchant_uid == "order-3-00010",
    ),
    "merchant_uid prefix": (
        PaymentFilter(order_id="order-3-", order_id_prefix=True),
        lambda p: p.merchant_uid.startswith("order-3-"),
    ),
    "imp_uid prefix": (
        PaymentFilter(order_id="imp_0001", order_id_prefix=True),
        lambda p: p.imp_uid.startswith("imp_0001"),
    ),
    "last four": (PaymentFilter(card_last4="5678"), lambda p: (p.card_number or "")[-4:] == "5678"),
    "operator": (PaymentFilter(operator="kim"), lambda p: p.operator == "kim"),
    "pay method": (PaymentFilter(pay_method="vbank"), lambda p: p.pay_method == "vbank"),
    "escrow": (PaymentFilter(escrow=True), lambda p: p.escrow),
    "not escrow": (PaymentFilter(escrow=False), lambda p: not p.escrow),
    "search: approval number": (
        PaymentFilter(text=" 30000123 "),
        lambda p: p.apply_num == "30000123",
    ),
    "search: order id start": (
        PaymentFilter(text="order-5"),
        lambda p: p.merchant_uid.startswith("order-5"),
    ),
    "search: last four": (
        PaymentFilter(text="9012"),
        lambda p: (p.card_number or "").endswith("9012"),
    ),
    "several at once": (
        PaymentFilter(
            since=START + timedelta(minutes=30),
            until=START + timedelta(hours=5),
            statuses=frozenset({ListedStatus.PAID}),
            operator="lee",
            pay_method="card",
            amount_min=5_000,
        ),
        lambda p: (
            START + timedelta(minutes=30) <= p.occurred_at < START + timedelta(hours=5)
            and p.status is LedgerStatus.PAID
            and p.operator == "lee"
            and p.pay_method == "card"
            and p.amount >= 5_000
        ),
    ),
}


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("sort", list(PaymentSort))
def test_every_filter_in_every_order(
    way: str,
    ledger: PaymentLedger,
    everything: list[LedgerPayment],
    name: str,
    sort: PaymentSort,
) -> None:
    chosen, keep = FILTERS[name]
    assert any(keep(p) for p in everything), "the fixture has no payment for this filter"
    for descending in (True, False):
        query = PaymentQuery(chosen, sort, descending)
        assert uids(read_all(ledger, query, 5)) == expected(everything, keep, query), descending


@pytest.mark.parametrize("name", list(FILTERS))
def test_totals_count_paid_amounts_and_refunds(
    ledger: PaymentLedger, everything: list[LedgerPayment], name: str
) -> None:
    chosen, keep = FILTERS[name]
    matching = [p for p in everything if keep(p)]
    totals = ledger.totals(chosen)
    assert totals.count == len(matching)
    was_paid = (LedgerStatus.PAID, LedgerStatus.CANCELLED)
    assert totals.amount == sum(p.amount for p in matching if p.status in was_paid)
    assert totals.refunded == sum(p.cancel_amount for p in matching)


def test_nothing_matches(ledger: PaymentLedger) -> None:
    chosen = PaymentFilter(apply_num="nothing")
    assert ledger.page(PaymentQuery(chosen)).payments == ()
    assert ledger.page(PaymentQuery(chosen)).next_after is None
    assert (ledger.totals(chosen).count, ledger.totals(chosen).amount) == (0, 0)


def test_a_cursor_of_another_order_is_refused(ledger: PaymentLedger) -> None:
    page = ledger.page(PaymentQuery(), limit=3)
    with pytest.raises(ValueError, match="another order"):
        ledger.page(PaymentQuery(sort=PaymentSort.AMOUNT), after=page.next_after)
    with pytest.raises(TypeError):
        ledger.page(PaymentQuery(), after=3)


@pytest.mark.parametrize(
    "bad",
    [
        {"since": datetime(2026, 1, 1)},
        {"amount_min": -1},
        {"amount_min": 10, "amount_max": 5},
        {"card_last4": "12a4"},
        {"text": "x" * 41},
    ],
)
def test_a_filter_that_cannot_be_asked_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(InvalidFilter):
        PaymentFilter(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("chosen", "sort", "index"),
    [
        (PaymentFilter(), PaymentSort.OCCURRED, "ix_payments_occurred"),
        (PaymentFilter(), PaymentSort.AMOUNT, "ix_payments_amount"),
        (PaymentFilter(), PaymentSort.STATUS, "ix_payments_status_occurred"),
        (PaymentFilter(operator="kim"), PaymentSort.OCCURRED, "ix_payments_operator_occurred"),
        (
            PaymentFilter(statuses=frozenset({ListedStatus.FAILED})),
            PaymentSort.OCCURRED,
            "ix_payments_status_occurred",
        ),
    ],
)
def test_a_page_walks_its_index_in_order_without_sorting(
    ledger: PaymentLedger, chosen: PaymentFilter, sort: PaymentSort, index: str
) -> None:
    """SQLite is kept on the index the reader chose (its order is the page's: no sort)."""
    plan = query_plan(ledger, PaymentQuery(chosen, sort))
    assert index in plan and "TEMP B-TREE" not in plan, plan


def test_a_few_matches_are_gathered_through_their_own_index(ledger: PaymentLedger) -> None:
    plan = query_plan(ledger, PaymentQuery(PaymentFilter(apply_num="30000077")))
    assert "ix_payments_apply_num" in plan, plan


def query_plan(ledger: PaymentLedger, query: PaymentQuery) -> str:
    from sqlalchemy import text

    with ledger._database.reading() as session:
        statement = payment_pages.PaymentReader(session, query).page_statement(None, 50)
        sql = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        rows = session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
        return " | ".join(str(row[-1]) for row in rows)


def test_recording_keeps_the_last_four_and_fill_keeps_the_card_guard(database: Database) -> None:
    ledger = PaymentLedger(database)
    recorded = ledger.record(
        PaymentSnapshot(
            imp_uid="imp_recorded",
            merchant_uid="order-recorded",
            status=LedgerStatus.PAID,
            amount=1000,
            card_number="5570-42**-****-4321",
        )
    )
    assert uids(list(ledger.page(PaymentQuery(PaymentFilter(card_last4="4321"))).payments)) == [
        recorded.imp_uid
    ]
    unmasked = FilledPayment(
        PaymentSnapshot(
            imp_uid="imp_unmasked",
            merchant_uid="order-unmasked",
            status=LedgerStatus.PAID,
            amount=1000,
            card_number="4111111111111111",
        )
    )
    with pytest.raises(CardDataRefused):
        fill_ledger(database, [unmasked])
    in_a_name = FilledPayment(
        replace(unmasked.snapshot, card_number=None, name="4111 1111 1111 1111")
    )
    with pytest.raises(CardDataRefused):
        fill_ledger(database, [in_a_name])
    assert ledger.get("imp_unmasked") is None
    assert AuditLog(database).verify().intact


def test_fill_journals_the_attempts_made_here_and_chains_the_audit(
    filled: Database, everything: list[LedgerPayment]
) -> None:
    database = filled
    from kcp_pos.store import AttemptJournal

    made_here = [p for p in everything if p.status is not LedgerStatus.READY and p.operator]
    journal = AttemptJournal(database)
    for payment in made_here[:10]:
        (attempt,) = journal.find_by_merchant_uid(payment.merchant_uid)
        assert attempt.operator == payment.operator and attempt.imp_uid == payment.imp_uid
    check = AuditLog(database).verify()
    assert check.intact and check.checked == COUNT


def test_notices_are_published_once_per_batch(database: Database) -> None:
    heard: list[frozenset[object]] = []
    database.changes.subscribe(heard.append)
    rng = random.Random(3)
    fill_ledger(database, (snapshot(index, rng) for index in range(30)), batch_rows=10)
    assert len(heard) == 3
