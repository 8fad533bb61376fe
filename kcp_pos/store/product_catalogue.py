"""The shop's product catalogue (issue 10): name, price and tax-free flag, to fill cart lines.

Names are unique among the products in the catalogue (a partial unique index: two terminals
adding the same name at once get one product), compared as the directory compares names
(`customer_keys.search_key`: `원두 1KG` and `원두 1kg` are one product). A removed product keeps
its row, out of every search, and its name may be given to a new one. A search matches the
folded name anywhere (a catalogue holds hundreds of products, not the directory's hundreds of
thousands, so a scan of the index is enough).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kcp_pos.domain.money import MAX_AMOUNT_KRW, validate_amount
from kcp_pos.domain.names import validate_product_name
from kcp_pos.domain.result import Ok
from kcp_pos.store.customer_keys import search_key
from kcp_pos.store.errors import DuplicateProduct, InvalidRecord, NotFound
from kcp_pos.store.models import ProductRow
from kcp_pos.store.protocols import SessionSource
from kcp_pos.store.timestamps import utc_now

SEARCH_LIMIT = 50
NAME_KEY_MAX = 80
"""The folded name's column: NFKC can lengthen a name (`㎏` is `kg`)."""


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    name: str
    price: int
    tax_free: bool


class ProductCatalogue:
    """Products; every method is one transaction."""

    def __init__(self, database: SessionSource) -> None:
        self._database = database

    def add(self, name: str, price: int, *, tax_free: bool = False) -> Product:
        clean = _checked(name, price)
        now = utc_now()
        with _one_per_name(), self._database.session() as session:
            _refuse_taken(session, clean, None)
            row = ProductRow(
                name=clean,
                name_key=search_key(clean),
                price=price,
                tax_free=tax_free,
                created_at=now,
                updated_at=now,
                removed_at=None,
            )
            session.add(row)
            session.flush()
            return _product(row)

    def edit(self, product_id: int, name: str, price: int, *, tax_free: bool) -> Product:
        clean = _checked(name, price)
        with _one_per_name(), self._database.session() as session:
            row = _row(session, product_id)
            _refuse_taken(session, clean, product_id)
            row.name, row.name_key = clean, search_key(clean)
            row.price, row.tax_free, row.updated_at = price, tax_free, utc_now()
            return _product(row)

    def remove(self, product_id: int) -> None:
        with self._database.session() as session:
            _row(session, product_id).removed_at = utc_now()

    def search(self, text: str = "", *, limit: int = SEARCH_LIMIT) -> Sequence[Product]:
        """Products whose name holds `text` (all when empty), by name."""
        query = select(ProductRow).where(ProductRow.removed_at.is_(None))
        key = search_key(text)
        if key:
            query = query.where(ProductRow.name_key.contains(key, autoescape=True))
        query = query.order_by(ProductRow.name_key, ProductRow.id).limit(limit)
        with self._database.reading() as session:
            return [_product(row) for row in session.scalars(query)]


def _checked(name: str, price: int) -> str:
    """The name as kept; refuses what the cart would refuse (messages carry no values)."""
    checked = validate_product_name(name)
    if not isinstance(checked, Ok) or checked.value is None:
        raise InvalidRecord("a product needs a name of at most 40 characters")
    if len(search_key(checked.value)) > NAME_KEY_MAX:
        raise InvalidRecord("a product's name folds to too long a key")
    if (
        isinstance(price, bool)
        or not isinstance(price, int)
        or not isinstance(validate_amount(price), Ok)
    ):
        raise InvalidRecord(f"a product's price is whole won from 1 to {MAX_AMOUNT_KRW}")
    return checked.value


@contextmanager
def _one_per_name() -> Iterator[None]:
    """The unique index's refusal (another terminal took the name meanwhile) as ours."""
    try:
        yield
    except IntegrityError as error:
        raise DuplicateProduct("a product of this name is in the catalogue") from error


def _refuse_taken(session: Session, name: str, product_id: int | None) -> None:
    query = select(ProductRow.id).where(
        ProductRow.name_key == search_key(name), ProductRow.removed_at.is_(None)
    )
    if any(found != product_id for found in session.scalars(query)):
        raise DuplicateProduct("a product of this name is in the catalogue")


def _row(session: Session, product_id: int) -> ProductRow:
    row = session.get(ProductRow, product_id)
    if row is None or row.removed_at is not None:
        raise NotFound(f"no product {product_id}")
    return row


def _product(row: ProductRow) -> Product:
    return Product(row.id, row.name, row.price, row.tax_free)
