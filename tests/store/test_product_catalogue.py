"""The product catalogue: add, edit, remove, search as the clerk types, one product per name."""

from __future__ import annotations

import pytest

from kcp_pos.store import Database, DuplicateProduct, NotFound, ProductCatalogue
from kcp_pos.store.errors import InvalidRecord


@pytest.fixture
def catalogue(database: Database) -> ProductCatalogue:
    return ProductCatalogue(database)


def test_products_are_added_found_as_typed_and_listed_by_name(catalogue: ProductCatalogue) -> None:
    beans = catalogue.add(" 원두 1kg ", 30_000)
    drip = catalogue.add("드립백 10개", 12_000)
    book = catalogue.add("커피 책 100%", 15_000, tax_free=True)
    assert (beans.name, beans.price, beans.tax_free) == ("원두 1kg", 30_000, False)
    assert book.tax_free
    assert [p.name for p in catalogue.search()] == ["드립백 10개", "원두 1kg", "커피 책 100%"]
    assert catalogue.search("1KG") == [beans]  # as the directory compares: case, width
    assert catalogue.search("１０개") == [drip]
    assert catalogue.search("100%") == [book]  # % is a character, not a wildcard
    assert catalogue.search("_") == []
    assert catalogue.search("없는") == []


def test_one_product_per_name_and_a_removed_name_can_be_reused(
    catalogue: ProductCatalogue,
) -> None:
    beans = catalogue.add("원두 1kg", 30_000)
    with pytest.raises(DuplicateProduct):
        catalogue.add("원두 1KG", 31_000)
    edited = catalogue.edit(beans.id, "원두 1kg", 32_000, tax_free=False)  # its own name: fine
    assert edited.price == 32_000
    other = catalogue.add("원두 500g", 17_000)
    with pytest.raises(DuplicateProduct):
        catalogue.edit(other.id, "원두 1kg", 17_000, tax_free=False)
    catalogue.remove(beans.id)
    assert [p.name for p in catalogue.search("원두")] == ["원두 500g"]
    with pytest.raises(NotFound):
        catalogue.edit(beans.id, "원두 1kg", 1_000, tax_free=False)
    again = catalogue.add("원두 1kg", 33_000)
    assert again.id != beans.id and catalogue.search("1kg") == [again]


@pytest.mark.parametrize(
    ("name", "price"),
    [
        ("", 1_000),
        ("가" * 41, 1_000),
        ("원두", -1),
        ("원두", 0),
        ("㍱" * 30, 1_000),  # NFKC makes it 90 characters long
        ("원두", 100_000_001),
        ("원두", True),
        ("원\x07두", 1),
    ],
)
def test_what_a_cart_line_would_refuse_is_not_kept(
    catalogue: ProductCatalogue, name: str, price: int
) -> None:
    with pytest.raises(InvalidRecord):
        catalogue.add(name, price)
    assert catalogue.search() == []


def test_a_card_number_as_a_name_is_refused_by_the_card_guard(catalogue: ProductCatalogue) -> None:
    from kcp_pos.store import CardDataRefused

    with pytest.raises(CardDataRefused):
        catalogue.add("4111 1111 1111 1111", 1_000)


def test_the_store_itself_keeps_one_listed_product_per_name(database: Database) -> None:
    """What two terminals adding one name at once run into: the partial unique index."""
    from sqlalchemy.exc import IntegrityError

    from kcp_pos.store.models import ProductRow
    from kcp_pos.store.timestamps import utc_now

    def row(removed: bool) -> ProductRow:
        now = utc_now()
        return ProductRow(
            name="원두",
            name_key="원두",
            price=1,
            tax_free=False,
            created_at=now,
            updated_at=now,
            removed_at=now if removed else None,
        )

    with database.session() as session:
        session.add_all([row(removed=True), row(removed=True), row(removed=False)])
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(row(removed=False))
