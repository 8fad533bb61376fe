"""DESIGN rule 4 in the database: no column accepts a full card number, and the refusal does not
repeat the number."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import String

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.domain.card_number import luhn_check_digit, luhn_valid, mask_kcp
from kcp_pos.store import (
    AttemptJournal,
    AuditLog,
    CardDataRefused,
    CustomerDetails,
    CustomerDirectory,
    Database,
    LedgerStatus,
    NewAttempt,
    PaymentLedger,
    PaymentSnapshot,
    contains_card_number,
    is_masked_card_number,
)
from kcp_pos.store.card_guard import CARD_DATA_INFO_KEY, MASKED_CARD_NUMBER, SERVER_IDENTIFIER
from kcp_pos.store.models import AttemptRow, AuditRow, Base, CustomerRow, PaymentRow

from .rows import valid_row

FULL_CARD = "4111 1111 1111 1111"
LUHN_VALID_PG_TID = "22895235578504"  # KCP tno shape (14 digits), Luhn-valid
ENUM_COLUMNS = {"kind", "state", "status"}


def _with_check_digit(body: str) -> str:
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


def _string_columns(kind: str | None) -> list[tuple[type[Base], str]]:
    found: list[tuple[type[Base], str]] = []
    models: tuple[type[Base], ...] = (AttemptRow, PaymentRow, CustomerRow, AuditRow)
    for model in models:
        for column in model.__table__.columns:
            is_string = isinstance(column.type, String) and column.name not in ENUM_COLUMNS
            if is_string and column.info.get(CARD_DATA_INFO_KEY) == kind:
                found.append((model, column.name))
    return found


def test_the_test_numbers_are_what_they_claim() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid(LUHN_VALID_PG_TID)
    assert is_masked_card_number("5570420000007221")


@pytest.mark.parametrize(("model", "column"), _string_columns(None))
def test_every_free_text_column_refuses_a_card_number(
    memory_database: Database, model: type[Base], column: str
) -> None:
    row = valid_row(model)
    setattr(row, column, f"buyer {FULL_CARD} note")
    with pytest.raises(CardDataRefused) as refused, memory_database.session() as session:
        session.add(row)
    message = str(refused.value)
    assert f"{model.__tablename__}.{column}" in message
    assert "1111" not in message
    assert refused.value.__cause__ is None


@pytest.mark.parametrize(("model", "column"), _string_columns(MASKED_CARD_NUMBER))
def test_masked_columns_refuse_an_unmasked_number(
    memory_database: Database, model: type[Base], column: str
) -> None:
    row = valid_row(model)
    setattr(row, column, "4111111111111111")
    refusal = pytest.raises(CardDataRefused, match="only a masked card number")
    with refusal, memory_database.session() as session:
        session.add(row)


@pytest.mark.parametrize(("model", "column"), _string_columns(SERVER_IDENTIFIER))
def test_pg_identifiers_may_be_luhn_valid_by_chance(
    memory_database: Database, model: type[Base], column: str
) -> None:
    """About one KCP tno in ten passes Luhn; refusing it would lose a paid payment."""
    row = valid_row(model)
    setattr(row, column, LUHN_VALID_PG_TID)
    with memory_database.session() as session:
        session.add(row)
    with memory_database.session() as session:
        assert session.get(PaymentRow, "imp_803037736674") is not None


def test_an_update_is_checked_like_an_insert(memory_database: Database) -> None:
    customers = CustomerDirectory(memory_database)
    customers.save(CustomerDetails(customer_uid="cust_1", name="김철수"))
    with pytest.raises(CardDataRefused), memory_database.session() as session:
        row = session.get(CustomerRow, "cust_1")
        assert row is not None
        row.email = "4111-1111-1111-1111@example.com"
    customer = customers.get("cust_1")
    assert customer is not None
    assert customer.email is None


def test_repositories_refuse_card_numbers_in_their_fields(memory_database: Database) -> None:
    journal = AttemptJournal(memory_database)
    with pytest.raises(CardDataRefused, match=r"attempts\.buyer_name"):
        journal.begin(
            NewAttempt(
                kind=AttemptKind.ONETIME,
                merchant_uid="kcp_20250301T142530_aaaaaaaaaa",
                amount=1000,
                buyer_name="4111 1111 1111 1111",
            )
        )
    assert journal.unresolved() == []
    with pytest.raises(CardDataRefused, match=r"customers\.card_number"):
        CustomerDirectory(memory_database).save(
            CustomerDetails(customer_uid="c", card_number="4111111111111111")
        )


def test_full_width_and_grouped_digits_are_card_numbers_too() -> None:
    assert contains_card_number("４１１１１１１１１１１１１１１１")
    assert contains_card_number("카드 4111-1111-1111-1111 입니다")
    assert contains_card_number("4111\u00a01111\u00a01111\u00a01111")
    assert contains_card_number("x 12 4111111111111111 34")
    assert not contains_card_number("010-1234-5678")
    assert not contains_card_number("kcp_20250301T142530_qhzvmkwrte")


@pytest.mark.parametrize(
    "masked",
    [
        "5570420000007221",
        "5570-42**-****-7221",
        "************7221",
        "361234000000",
        "4111110001111",
    ],
)
def test_masked_forms_are_accepted(masked: str) -> None:
    assert is_masked_card_number(masked)


@pytest.mark.parametrize(
    "not_masked",
    ["4111111111111111", "5570421234567221", "", "0000", "5570-42ab-cdef-7221", "55704200007221x"],
)
def test_unmasked_forms_are_not(not_masked: str) -> None:
    assert not is_masked_card_number(not_masked)


# -- property tests -------------------------------------------------------------------------

_NO_DIGITS = st.text(
    alphabet=st.characters(blacklist_categories=("Nd", "No", "Nl", "Cs")), max_size=30
)


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    length = draw(st.integers(min_value=13, max_value=19))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    number = _with_check_digit(body)
    assume(not is_masked_card_number(number))
    return number


@st.composite
def grouped(draw: st.DrawFn, number: str) -> str:
    separator = draw(st.sampled_from(["", " ", "-"]))
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_NO_DIGITS, after=_NO_DIGITS, number=card_numbers(), data=st.data())
def test_any_text_with_an_embedded_card_number_is_refused(
    memory_database: Database, before: str, after: str, number: str, data: st.DataObject
) -> None:
    text = f"{before} {data.draw(grouped(number))} {after}"
    assert contains_card_number(text)
    with pytest.raises(CardDataRefused) as refused:
        AuditLog(memory_database).append(text)  # `action`: a free-text column
    assert number not in str(refused.value)
    assert number[-4:] not in str(refused.value)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    digits=st.text(alphabet="0123456789", min_size=13, max_size=19),
    style=st.sampled_from(["kcp", "stars"]),
)
def test_masked_numbers_are_accepted_in_the_masked_column(
    memory_database: Database, digits: str, style: str
) -> None:
    masked = mask_kcp(digits)
    if style == "stars":
        masked = digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    assert is_masked_card_number(masked)
    customer = CustomerDirectory(memory_database).save(
        CustomerDetails(customer_uid="cust_masked", card_number=masked)
    )
    assert customer.card_number == masked


@given(text=_NO_DIGITS)
def test_text_without_digits_is_never_a_card_number(text: str) -> None:
    assert not contains_card_number(text)


@given(text=st.text(max_size=40))
def test_short_digit_runs_never_look_like_cards(text: str) -> None:
    assume(sum(ch.isdigit() for ch in text) < 13)
    assert not contains_card_number(text)


def test_no_card_digits_reach_the_database_file(database: Database, data_dir: Path) -> None:
    """Write attempts, customers and audit entries as a clerk would, with distinctive card data
    in memory; only the masks may be in the files afterwards."""
    full = _with_check_digit("557042876543" + "722")  # 16 digits, first six 557042
    masked = mask_kcp(full)
    journal = AttemptJournal(database)
    for index in range(3):
        attempt = journal.begin(
            NewAttempt(
                kind=AttemptKind.ONETIME,
                merchant_uid=f"kcp_20250301T14253{index}_distinctiv",
                amount=55_000,
                card_number=masked,
                card_name="KB국민카드",
                buyer_name="홍길동",
            )
        )
        journal.mark_paid(attempt.id, imp_uid=f"imp_80303773667{index}", card_number=masked)
    CustomerDirectory(database).save(CustomerDetails(customer_uid="cust_x", card_number=masked))
    AuditLog(database).append("clerk.note", details={"card_number": full, "birth": "880101"})
    for sneaky in (full, f"{full[:4]} {full[4:8]} {full[8:12]} {full[12:]}"):
        with pytest.raises(CardDataRefused):
            journal.begin(
                NewAttempt(
                    kind=AttemptKind.ONETIME,
                    merchant_uid="kcp_20250301T142539_sneakyyyyy",
                    amount=1000,
                    order_name=sneaky,
                )
            )
    stored = b"".join(path.read_bytes() for path in sorted(data_dir.iterdir()))
    assert masked.encode() in stored  # the scan sees what was written
    for needle in (full, full[:12], f"{full[:4]} {full[4:8]}", f"{full[:4]}-{full[4:8]}"):
        assert needle.encode() not in stored
    assert b"880101" not in stored


def _with_check_digit(body: str) -> str:
    return body + luhn_check_digit(body)


def test_a_web_shops_numeric_order_id_is_not_card_data(memory_database: Database) -> None:
    """A payment made elsewhere whose merchant_uid is digits (a web shop's order number) passes
    Luhn one time in ten; in the ledger it is an id where an id stands, unless it is a card
    number as a whole (a scheme's prefix and length)."""
    order_id = _with_check_digit("202403151234567")  # 16 digits, Luhn-valid, no card prefix
    assert contains_card_number(order_id)  # in free text it would be refused, to be safe
    payment = valid_row(PaymentRow)
    assert isinstance(payment, PaymentRow)
    payment.merchant_uid = order_id
    with memory_database.session() as session:
        session.add(payment)
    with memory_database.session() as session:
        assert session.get(PaymentRow, payment.imp_uid) is not None


def test_a_numeric_order_id_goes_through_the_ledger_and_the_audit_trail(
    memory_database: Database,
) -> None:
    """The audit entry of a payment is filed under its merchant_uid: the same id, the same rule."""
    order_id = _with_check_digit("202403151234567")
    snapshot = PaymentSnapshot(
        imp_uid="imp_100000000001", merchant_uid=order_id, status=LedgerStatus.PAID, amount=9000
    )
    PaymentLedger(memory_database).record(snapshot)
    (entry,) = AuditLog(memory_database).entries(subject=order_id)
    assert entry.action == "payment.recorded"
    with pytest.raises(CardDataRefused):
        PaymentLedger(memory_database).record(
            replace(snapshot, imp_uid="imp_100000000002", merchant_uid="4111111111111111")
        )


@pytest.mark.parametrize(
    "uid",
    [
        "2024031512345672",  # a web shop's order number: Luhn-valid, no scheme's prefix
        "20240315-12345672",
        "order-2024-0315-1234-5672",
        "shop_240315_0000123457",  # a date and a counter: not a card's layout
        "240315_0000123457",
        "4111111111111111111111111111111",  # 31 digits in one run: an id, not a card
        "kcp_20250301T142539_ab12cd",
    ],
)
def test_an_id_without_a_card_number_is_kept(memory_database: Database, uid: str) -> None:
    AttemptJournal(memory_database).begin(
        NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=uid, amount=5)
    )
    assert AttemptJournal(memory_database).find_by_merchant_uid(uid)


@pytest.mark.parametrize(
    "uid",
    [
        "4111111111111111",
        "order_4111111111111111",
        "5570-4200-0005-1234",
        "x2221000000000009",
        "20240315-4111111111111111",  # a date joined to the card by a dash
        "4111111111111111-20240315",
        "o-6011111111111117",  # Discover
        "o_6511111111111112",
        "o.4111.1111.1111.1111",
        "o/4111/1111/1111/1111",
        "o 4111 1111 1111 1111 x",
        "378282246310005",  # AMEX, 15 digits
        "a3622-720627-1667",  # Diners in its printed groups
        "202403154111111111111111",  # a date glued to a card
        "41111111111111110001",  # digits glued after a card
        "4111:1111:1111:1111",
        "4111,1111,1111,1111",
        "4111\u20131111\u20131111\u20131111",  # en dashes
        "\u0664" + "\u0661" * 15,  # Arabic-Indic digits
        "4222222222222",  # VISA, 13 digits
        "6212345678901265",  # UnionPay
        "6212345678901234569",  # UnionPay, 19 digits
    ],
)
def test_an_id_holding_a_card_number_is_refused(memory_database: Database, uid: str) -> None:
    journal = AttemptJournal(memory_database)
    with pytest.raises(CardDataRefused) as refused:
        journal.begin(NewAttempt(kind=AttemptKind.ONETIME, merchant_uid=uid, amount=5))
    assert "merchant_uid" in str(refused.value) and uid not in str(refused.value)


def test_the_search_keys_of_a_saved_card_pass_the_guard(memory_database: Database) -> None:
    """The last four digits and a phone's digits are stored on their own, and are no card."""
    customer = CustomerDirectory(memory_database).save(
        CustomerDetails("cust_keys", "김철수", "010-1234-5678", None, "5570-42**-****-7221")
    )
    with memory_database.session() as session:
        row = session.get(CustomerRow, customer.customer_uid)
        assert row is not None
        assert (row.card_last4, row.tel_digits, row.name_key) == ("7221", "01012345678", "김철수")


def test_the_full_text_index_holds_names_emails_and_phone_digits_only(database: Database) -> None:
    with database.engine.connect() as connection:
        info = connection.exec_driver_sql("PRAGMA table_info(customer_search)").all()
    assert [column[1] for column in info] == ["name_key", "email_key", "tel_digits"]


def test_a_content_hash_is_a_hex_digest_whatever_digits_it_holds(
    memory_database: Database,
) -> None:
    """A batch file's SHA-256 may hold a Luhn-valid run of digits by chance (one file in a few
    hundred): that is no card. Anything but a digest is refused in that column."""
    from kcp_pos.store import BatchBook, BatchLine

    book = BatchBook(memory_database)
    line = BatchLine(
        line=2,
        customer_uid="cust_0001",
        amount=10_000,
        order_name="12월 정기결제",
        tax_free=0,
        card_quota=0,
        merchant_uid="kcp_20261203T120000_abcdefghij",
    )
    by_chance = "4111111111111111" + "ab" * 24
    assert len(by_chance) == 64
    kept = book.create(content_hash=by_chance, source_name="a.csv", operator="clerk", lines=[line])
    assert kept.content_hash == by_chance
    with pytest.raises(CardDataRefused, match="only a SHA-256 hex digest"):
        book.create(
            content_hash=f"card {FULL_CARD}", source_name="b.csv", operator="clerk", lines=[line]
        )
