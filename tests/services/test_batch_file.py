"""Reading a batch file: Excel's forms of CSV, every problem with its line and column, nothing of
a card number repeated, and a content hash that ignores the file's form."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.messages import message
from kcp_pos.services.batch_file import (
    BatchFileRefused,
    BatchRow,
    batch_for_customers,
    parse_batch_bytes,
    read_batch_file,
)

CARD = "4111111111111111"


def _refused(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(BatchFileRefused) as refused:
        parse_batch_bytes(data)
    return [problem.english() for problem in refused.value.problems]


def test_excel_csv_with_bom_header_crlf_and_grouped_amounts(tmp_path: Path) -> None:
    path = tmp_path / "december.csv"
    path.write_bytes(
        "\ufeffcustomer_uid,amount,order_name,tax_free,card_quota\r\n"
        'cust_a,"50,000",12월 정기결제,"1,000",3\r\n'
        "\r\n"
        "cust_b,9900,  월   구독 ,,\r\n".encode()
    )
    read = read_batch_file(path)
    assert read.source_name == "december.csv"
    assert read.rows == (
        BatchRow(2, "cust_a", 50_000, "12월 정기결제", 1_000, 3),
        BatchRow(4, "cust_b", 9_900, "월 구독", 0, 0),
    )
    assert read.total_amount == 59_900


def test_the_content_hash_ignores_the_files_form() -> None:
    plain = parse_batch_bytes(b"cust_a,50000,x\ncust_b,9900,y\n")
    excel = parse_batch_bytes(
        b'\xef\xbb\xbfcustomer_uid,amount,order_name\r\ncust_a,"50,000",x\r\n\r\ncust_b,9900,y'
    )
    other = parse_batch_bytes(b"cust_a,50000,x\ncust_b,9901,y\n")
    assert plain.content_hash == excel.content_hash
    assert plain.content_hash != other.content_hash


def test_every_problem_is_reported_with_its_line_and_column() -> None:
    problems = _refused(
        "customer_uid,amount,order_name,tax_free,card_quota\n"
        "cust_ok,10000,fine\n"
        "cust/x,0,\n"
        "cust_c,30000,name,40000,3\n"
        "cust_d,abc,name,,x\n"
        "cust_e\n"
        "cust_f,1,a,0,0,extra\n"
        "cust_ok,20000,again\n"
    )
    assert problems == [
        f"line 3, customer_uid: {message(InputError.UID_FORMAT).english}",
        f"line 3, amount: {message(InputError.AMOUNT_NOT_POSITIVE).english}",
        f"line 3, order_name: {message(InputError.ORDER_NAME_REQUIRED).english}",
        f"line 4, tax_free: {message(InputError.TAX_FREE_EXCEEDS_AMOUNT).english}",
        f"line 4, card_quota: {message(InputError.QUOTA_AMOUNT_TOO_SMALL).english}",
        f"line 5, amount: {message(InputError.AMOUNT_FORMAT).english}",
        "line 6: Each row needs customer_uid, amount and order_name.",
        "line 7: Too many columns: only customer_uid, amount, order_name, tax_free, card_quota.",
        "line 8, customer_uid: This customer_uid is already on line 2.",
    ]


def test_a_header_in_other_words_and_a_missing_customer_uid_are_named_as_such() -> None:
    assert _refused("고객번호,금액,주문명\ncust_a,10000,x\n,20000,y\n") == [
        "line 1: The header must be customer_uid,amount,order_name[,tax_free,card_quota].",
        "line 3, customer_uid: The customer_uid is missing.",
    ]


def test_commas_that_are_not_thousands_separators_are_refused() -> None:
    problems = _refused(
        "customer_uid,amount,order_name,tax_free\n"
        'cust_a,"10,00",typo\n'
        'cust_b,"1,0,0,0",typo\n'
        'cust_c,"50,000",fine,"1,00"\n'
        'cust_d,"1,000,000",fine,"1,000"\n'
    )
    assert problems == [
        f"line 2, amount: {message(InputError.AMOUNT_FORMAT).english}",
        f"line 3, amount: {message(InputError.AMOUNT_FORMAT).english}",
        f"line 4, tax_free: {message(InputError.TAX_FREE_FORMAT).english}",
    ]


def test_a_card_number_is_refused_and_never_repeated() -> None:
    problems = _refused(f"cust_a,10000,{CARD}\ncust_{CARD},10000,x\n4111-1111-1111-1111,10000,x\n")
    assert problems == [
        "line 1, order_name: This looks like a card number. A batch file must not hold card data.",
        "line 2, customer_uid: This looks like a card number. "
        "A batch file must not hold card data.",
        "line 3, customer_uid: This looks like a card number. "
        "A batch file must not hold card data.",
    ]
    assert not any("1111" in problem for problem in problems)


def test_a_file_that_is_not_utf8_names_the_line() -> None:
    data = b"cust_a,10000,ok\ncust_b,10000," + "정기결제".encode("cp949") + b"\n"
    assert _refused(data) == [
        "line 2: The file is not UTF-8 text. In Excel, save it as \u201cCSV UTF-8\u201d."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "file: The file has no rows to charge."),
        ("customer_uid,amount,order_name\n", "file: The file has no rows to charge."),
        (
            "customer_uid,price,order_name\ncust_a,1000,x\n",
            "line 1: The header must be customer_uid,amount,order_name[,tax_free,card_quota].",
        ),
        ('cust_a,1000,"unclosed\n', "line 1: This line cannot be read as CSV."),
    ],
)
def test_files_without_rows_or_with_a_broken_header(text: str, expected: str) -> None:
    assert _refused(text) == [expected]


def test_selected_customers_make_the_same_batch_as_a_file_with_their_lines() -> None:
    chosen = batch_for_customers(
        ["cust_a", "cust_b"], amount=55_000, order_name="12월, 회비", tax_free=5_000, card_quota=3
    )
    assert chosen.rows == (
        BatchRow(1, "cust_a", 55_000, "12월, 회비", 5_000, 3),
        BatchRow(2, "cust_b", 55_000, "12월, 회비", 5_000, 3),
    )
    typed = parse_batch_bytes(
        'cust_a,55000,"12월, 회비",5000,3\ncust_b,55000,"12월, 회비",5000,3\n'.encode()
    )
    assert chosen.content_hash == typed.content_hash and chosen.source_name is None
    with pytest.raises(BatchFileRefused) as refused:
        batch_for_customers(["cust_a", "cust_a"], amount=9_900, order_name="x", card_quota=3)
    assert [p.english() for p in refused.value.problems] == [
        "line 1, card_quota: " + message(InputError.QUOTA_AMOUNT_TOO_SMALL).english,
        "line 2, card_quota: " + message(InputError.QUOTA_AMOUNT_TOO_SMALL).english,
    ]
