"""Reading the directory a page at a time: every sort in both directions, by key after a cursor,
gives exactly the whole ordered list (no row twice, none left out, empty values last), with or
without typed text; the count is capped; cursors are checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from kcp_pos.store import (
    CUSTOMER_COUNT_CAP,
    Customer,
    CustomerDetails,
    CustomerDirectory,
    CustomerQuery,
    CustomerSort,
    Database,
    LedgerStatus,
    customer_pages,
)
from kcp_pos.store.customer_keys import keys_of
from kcp_pos.store.models import CustomerRow
from tests.store.directory_rules import in_order

START = datetime(2025, 3, 1, 5, 30, tzinfo=UTC)
NAMES = [None, "", "김철수", "김영희", "KIM", "kim", "Lee", "이순신", "박김철"]
TELS = [None, "010-1234-5678", "01012345678", "02-555-7221", "+82 10-9999-0000"]
EMAILS = [None, "a@x.kr", "A@X.KR", "kim@naver.com", "b@daum.net"]
CARDS = [None, "5570420000007221", "5428790000000294", "************7221"]
ISSUERS = [None, "KB국민카드", "신한카드", "BC카드"]
TEXTS = ["", "김", "kim", "010", "7221", "a@", "x"]


@st.composite
def customer_rows(draw: st.DrawFn, index: int) -> CustomerRow:
    details = CustomerDetails(
        customer_uid=f"c{draw(st.integers(0, 99)):02d}_{index}",
        name=draw(st.sampled_from(NAMES)),
        tel=draw(st.sampled_from(TELS)),
        email=draw(st.sampled_from(EMAILS)),
        card_number=draw(st.sampled_from(CARDS)),
        card_name=draw(st.sampled_from(ISSUERS)),
    )
    saved = START + timedelta(days=draw(st.integers(0, 3)))
    charged = draw(st.none() | st.integers(0, 3))
    return CustomerRow(
        **vars_of(details),
        **keys_of(
            name=details.name, email=details.email, tel=details.tel, card_number=details.card_number
        ),
        created_at=saved,
        updated_at=saved,
        deleted_at=START if draw(st.integers(0, 5)) == 0 else None,
        last_charge_at=None if charged is None else START + timedelta(hours=charged),
        last_charge_status=None if charged is None else LedgerStatus.PAID,
        last_charge_amount=None if charged is None else 1_000 * (charged + 1),
    )


def vars_of(details: CustomerDetails) -> dict[str, object]:
    return {name: getattr(details, name) for name in CustomerDetails.__dataclass_fields__}


@st.composite
def directories(draw: st.DrawFn) -> list[CustomerRow]:
    size = draw(st.integers(0, 14))
    return [draw(customer_rows(index)) for index in range(size)]


def replace_everyone(database: Database, rows: list[CustomerRow]) -> None:
    with database.session() as session:
        session.execute(delete(CustomerRow))
        session.add_all(rows)


def read_all(
    directory: CustomerDirectory, query: CustomerQuery, limit: int
) -> tuple[list[Customer], list[int]]:
    """Every page of `query`; the customers and the size of each page."""
    customers: list[Customer] = []
    sizes: list[int] = []
    after: object | None = None
    while True:
        page = directory.page(query, after=after, limit=limit)
        customers += page.customers
        sizes.append(len(page.customers))
        if page.next_after is None:
            return customers, sizes
        after = page.next_after


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=directories(),
    limit=st.integers(1, 5),
    text=st.sampled_from(TEXTS),
    include_deleted=st.booleans(),
)
def test_pages_by_key_give_the_whole_order_once(
    read_path: str,
    database: Database,
    rows: list[CustomerRow],
    limit: int,
    text: str,
    include_deleted: bool,
) -> None:
    replace_everyone(database, rows)
    directory = CustomerDirectory(database)
    everyone = read_all(directory, CustomerQuery(include_deleted=True), 1_000)[0]
    for sort in CustomerSort:
        for descending in (False, True):
            query = CustomerQuery(text, sort, descending, include_deleted)
            customers, sizes = read_all(directory, query, limit)
            assert [c.customer_uid for c in customers] == in_order(everyone, query), query
            assert all(size == limit for size in sizes[:-1])
            assert sizes[-1] <= limit and (sizes[-1] > 0 or len(sizes) == 1)
            assert directory.count(query) == len(customers)


def test_empty_values_come_last_in_both_directions(database: Database) -> None:
    directory = CustomerDirectory(database)
    for uid, email in [("c1", None), ("c2", "b@x.kr"), ("c3", None), ("c4", "a@x.kr")]:
        directory.save(CustomerDetails(uid, email=email))
    for descending, expected in [
        (False, ["c4", "c2", "c1", "c3"]),
        (True, ["c2", "c4", "c3", "c1"]),
    ]:
        query = CustomerQuery(sort=CustomerSort.EMAIL, descending=descending)
        first = directory.page(query, limit=3)
        rest = directory.page(query, after=first.next_after, limit=3)
        assert [c.customer_uid for c in (*first.customers, *rest.customers)] == expected
        assert rest.next_after is None


def test_the_last_full_page_says_there_is_no_more(database: Database) -> None:
    directory = CustomerDirectory(database)
    for uid in ("c1", "c2", "c3", "c4"):
        directory.save(CustomerDetails(uid, name=uid))
    assert directory.page(CustomerQuery(), limit=4).next_after is None
    first = directory.page(CustomerQuery(), limit=2)
    second = directory.page(CustomerQuery(), after=first.next_after, limit=2)
    assert [c.customer_uid for c in second.customers] == ["c3", "c4"]
    assert second.next_after is None


def test_a_page_goes_on_after_its_last_row_was_changed(database: Database) -> None:
    """The cursor is a key, not a row: renaming or deleting the last row shown moves nothing."""
    directory = CustomerDirectory(database)
    for uid, name in [("c1", "가"), ("c2", "나"), ("c3", "다"), ("c4", "라")]:
        directory.save(CustomerDetails(uid, name=name))
    first = directory.page(CustomerQuery(), limit=2)
    directory.save(CustomerDetails("c2", name="하"))
    directory.delete("c3")
    rest = directory.page(CustomerQuery(), after=first.next_after, limit=2)
    assert [c.customer_uid for c in rest.customers] == ["c4", "c2"]


def test_the_count_is_capped(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(customer_pages, "CUSTOMER_COUNT_CAP", 3)
    directory = CustomerDirectory(database)
    for index in range(5):
        directory.save(CustomerDetails(f"c{index}", name=f"김{index}", tel="010-1234-5678"))
    directory.save(CustomerDetails("c9", name="이"))
    assert directory.count(CustomerQuery()) == 4  # "more than 3"
    assert directory.count(CustomerQuery(text="김")) == 4
    assert directory.count(CustomerQuery(text="1234")) == 4
    assert directory.count(CustomerQuery(text="이")) == 1
    assert CUSTOMER_COUNT_CAP == 10_000


def test_a_cursor_belongs_to_its_order(database: Database) -> None:
    directory = CustomerDirectory(database)
    for uid in ("c1", "c2"):
        directory.save(CustomerDetails(uid, name=uid))
    after = directory.page(CustomerQuery(), limit=1).next_after
    with pytest.raises(ValueError, match="another order"):
        directory.page(CustomerQuery(descending=True), after=after)
    with pytest.raises(ValueError, match="another order"):
        directory.page(CustomerQuery(sort=CustomerSort.TEL), after=after)
    with pytest.raises(TypeError):
        directory.page(CustomerQuery(), after="c1")
    with pytest.raises(ValueError, match="limit"):
        directory.page(CustomerQuery(), limit=0)
    # Another text in the same order is fine: the cursor is a place in the order.
    assert [c.customer_uid for c in directory.page(CustomerQuery("c"), after=after).customers] == [
        "c2"
    ]
