"""The customer directory: save, soft-delete, search and list (pages and search in detail:
test_customer_pages.py, test_customer_search.py)."""

from __future__ import annotations

import pytest

from kcp_pos.store import (
    AuditLog,
    CustomerDetails,
    CustomerDirectory,
    CustomerQuery,
    Database,
    InvalidRecord,
    NotFound,
)


@pytest.fixture
def directory(database: Database) -> CustomerDirectory:
    directory = CustomerDirectory(database)
    for details in [
        CustomerDetails(
            "cust_kim_7221",
            "김철수",
            "010-1234-5678",
            "Kim@Example.com",
            "5570420000007221",
            "KB국민카드",
            "381",
        ),
        CustomerDetails(
            "cust_kim_0294", "김철수", "010-1234-5678", None, "5428790000000294", "신한카드", "366"
        ),
        CustomerDetails(
            "cust_lee_1111",
            "Lee Younghee",
            "02 555 9876",
            "lee@example.com",
            "4111110000001111",
            "BC카드",
            "361",
        ),
        CustomerDetails("cust_50%_off", "Percent_Person 50%"),
    ]:
        directory.save(details)
    return directory


def test_save_and_get_round_trip(directory: CustomerDirectory) -> None:
    customer = directory.get("cust_kim_7221")
    assert customer is not None
    assert (customer.name, customer.tel, customer.email) == (
        "김철수",
        "010-1234-5678",
        "Kim@Example.com",
    )
    assert (customer.card_number, customer.card_name, customer.card_code) == (
        "5570420000007221",
        "KB국민카드",
        "381",
    )
    assert customer.created_at == customer.updated_at
    assert not customer.is_deleted
    assert directory.get("nobody") is None


def test_saving_again_updates(directory: CustomerDirectory, database: Database) -> None:
    before = directory.get("cust_lee_1111")
    after = directory.save(CustomerDetails("cust_lee_1111", "Lee Younghee", "010-9999-0000"))
    assert before is not None
    assert after.created_at == before.created_at
    assert (after.tel, after.email, after.card_number) == ("010-9999-0000", None, None)
    actions = [e.action for e in AuditLog(database).entries(subject="cust_lee_1111")]
    assert actions == ["customer.added", "customer.updated"]


def _uids(customers: object) -> list[str]:
    return sorted(c.customer_uid for c in customers)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("김철수", ["cust_kim_0294", "cust_kim_7221"]),
        ("kim@example", ["cust_kim_7221"]),
        ("LEE", ["cust_lee_1111"]),
        ("younghee", ["cust_lee_1111"]),
        ("01012345678", ["cust_kim_0294", "cust_kim_7221"]),
        ("5559876", ["cust_lee_1111"]),
        ("555-9876", ["cust_lee_1111"]),
        ("7221", ["cust_kim_7221"]),
        ("0294", ["cust_kim_0294"]),
        ("50%", ["cust_50%_off"]),  # "%" is a character, not a LIKE wildcard
        ("t_p", ["cust_50%_off"]),  # nor is "_"
        ("cust_kim", []),  # the customer_uid is an id, not something a clerk types
        ("nobody", []),
    ],
)
def test_search(directory: CustomerDirectory, query: str, expected: list[str]) -> None:
    assert _uids(directory.search(query)) == expected


def test_soft_delete_hides_but_keeps(directory: CustomerDirectory, database: Database) -> None:
    deleted = directory.delete("cust_kim_0294")
    assert deleted.is_deleted
    assert _uids(directory.search("김철수")) == ["cust_kim_7221"]
    assert _uids(directory.search("김철수", include_deleted=True)) == [
        "cust_kim_0294",
        "cust_kim_7221",
    ]
    assert "cust_kim_0294" not in _uids(directory.page(CustomerQuery()).customers)
    everyone = CustomerQuery(include_deleted=True)
    assert "cust_kim_0294" in _uids(directory.page(everyone).customers)
    again = directory.delete("cust_kim_0294")  # idempotent
    assert again.deleted_at == deleted.deleted_at
    restored = directory.save(CustomerDetails("cust_kim_0294", "김철수"))
    assert not restored.is_deleted
    actions = [e.action for e in AuditLog(database).entries(subject="cust_kim_0294")]
    assert actions == ["customer.added", "customer.deleted", "customer.updated"]
    with pytest.raises(NotFound):
        directory.delete("nobody")


def test_the_first_page_is_ordered_by_name(directory: CustomerDirectory) -> None:
    names = [c.name for c in directory.page(CustomerQuery()).customers]
    assert names == ["Lee Younghee", "Percent_Person 50%", "김철수", "김철수"]
    assert len(directory.page(CustomerQuery(), limit=2).customers) == 2
    assert _uids(directory.search("  ")) == _uids(directory.page(CustomerQuery()).customers)


@pytest.mark.parametrize("uid", ["", "c" * 81])
def test_customer_uid_length_is_checked(directory: CustomerDirectory, uid: str) -> None:
    with pytest.raises(InvalidRecord):
        directory.save(CustomerDetails(uid))
