"""Searching the directory as a clerk types: names (Hangul and Latin), e-mail addresses, phone
numbers with or without dashes, a card's last four digits; the same answers whichever way a page
is read (gathered through the indexes, walked in order, or on an SQLite without FTS5)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcp_pos.store import (
    CustomerDetails,
    CustomerDirectory,
    CustomerQuery,
    Database,
)
from kcp_pos.store.customer_keys import (
    card_last_four,
    given_name_key,
    phone_digits,
    search_key,
    stored_key,
)
from kcp_pos.store.customer_query import NeedleKind, needle_of
from tests.store.directory_rules import matches

PEOPLE = [
    CustomerDetails("c_kim_cs", "김철수", "010-1234-5678", "cs.kim@naver.com", "5570420000007221"),
    CustomerDetails("c_kim_yh", "김영희", "010 9876 5432", "YH.Kim@Gmail.com", "5428790000000294"),
    CustomerDetails("c_park", "박김철", "+82 10-5555-1234", None, "4902200000001234"),
    CustomerDetails("c_namgoong", "남궁민수", "02-555-9876", "ms@daum.net", "5311000000005678"),
    CustomerDetails("c_lee", "Lee Younghee", None, "lee@example.com", "4658870000007221"),
    CustomerDetails("c_wide", "ＫＩＭ Ｊｉｎ", "０１０－２２２２－３３３３", None, None),
]  # fmt: skip

CASES = [
    # Hangul: one or two characters match at the start of the name, two also at the start of
    # the given name (after a one-syllable surname), three anywhere.
    ("김", ["c_kim_cs", "c_kim_yh"]),
    ("김철", ["c_kim_cs", "c_park"]),
    ("영희", ["c_kim_yh"]),
    ("영", []),
    ("희", []),
    ("민수", []),  # 남궁 is a two-syllable surname: its given name is not told apart
    ("궁민", ["c_namgoong"]),
    ("김영희", ["c_kim_yh"]),
    ("궁민수", ["c_namgoong"]),
    ("김철수 ", ["c_kim_cs"]),
    # Latin names and e-mail addresses: case and full-width forms do not matter.
    ("younghee", ["c_lee"]),
    ("LEE", ["c_lee"]),
    ("le", ["c_lee"]),
    ("ee", []),
    ("kim", ["c_kim_cs", "c_kim_yh", "c_wide"]),
    ("ＫＩＭ", ["c_kim_cs", "c_kim_yh", "c_wide"]),
    ("kim jin", ["c_wide"]),
    ("gmail.com", ["c_kim_yh"]),
    ("yh.kim@", ["c_kim_yh"]),
    ("ms", ["c_namgoong"]),
    # Phone numbers: digits with or without dashes and spaces, anywhere from three digits.
    ("010-1234-5678", ["c_kim_cs"]),
    ("01012345678", ["c_kim_cs"]),
    ("1234 5678", ["c_kim_cs"]),
    ("98765432", ["c_kim_yh"]),
    ("010-5555", ["c_park"]),  # saved as +82 10-5555-1234
    ("5559876", ["c_namgoong"]),
    ("010", ["c_kim_cs", "c_kim_yh", "c_park", "c_wide"]),
    ("02", ["c_namgoong"]),
    ("2222-3333", ["c_wide"]),  # saved with full-width digits
    # Four digits: the card's last four as well as the phone number.
    ("7221", ["c_kim_cs", "c_lee"]),
    ("0294", ["c_kim_yh"]),
    ("1234", ["c_kim_cs", "c_park"]),
    ("5678", ["c_kim_cs", "c_namgoong"]),
    ("12", []),
    ("nobody", []),
]


@pytest.fixture
def directory(read_path: str, database: Database) -> CustomerDirectory:
    """The directory with PEOPLE, read each way a page can be read (`read_path`)."""
    directory = CustomerDirectory(database)
    for details in PEOPLE:
        directory.save(details)
    return directory


def _found(directory: CustomerDirectory, text: str) -> list[str]:
    page = directory.page(CustomerQuery(text=text))
    return sorted(customer.customer_uid for customer in page.customers)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_search_finds(directory: CustomerDirectory, text: str, expected: list[str]) -> None:
    assert _found(directory, text) == expected
    assert directory.count(CustomerQuery(text=text)) == len(expected)


def test_a_change_is_found_at_once(directory: CustomerDirectory) -> None:
    directory.save(CustomerDetails("c_kim_cs", "최철수", "010-4444-0000", None, None))
    assert _found(directory, "김철수") == []
    assert _found(directory, "최철수") == ["c_kim_cs"]
    assert _found(directory, "4444") == ["c_kim_cs"]
    assert _found(directory, "7221") == ["c_lee"]


def test_deleted_customers_are_found_only_when_asked(directory: CustomerDirectory) -> None:
    directory.delete("c_kim_yh")
    assert _found(directory, "김") == ["c_kim_cs"]
    everyone = CustomerQuery(text="김", include_deleted=True)
    assert sorted(c.customer_uid for c in directory.page(everyone).customers) == [
        "c_kim_cs",
        "c_kim_yh",
    ]
    assert directory.count(CustomerQuery(text="kim")) == 2
    assert directory.count(CustomerQuery(text="kim", include_deleted=True)) == 3


def test_the_keys_are_normalised() -> None:
    assert search_key("  ＫＩＭ   Min\u3000Jun ") == "kim min jun"
    assert stored_key("   ") is None
    assert phone_digits("+82 10-1234-5678") == "01012345678"
    assert phone_digits("+82 (0)10 1234 5678") == "01012345678"
    assert phone_digits("02-555-9876") == "025559876"
    assert phone_digits("") is None
    assert card_last_four("5570-42**-****-7221") == "7221"
    assert card_last_four("************7221") == "7221"
    assert card_last_four("557042******72**") is None
    assert card_last_four(None) is None
    assert given_name_key("김영희") == "영희"
    assert given_name_key("김 영희") == "영희"
    assert given_name_key("남궁민수") == "궁민수"
    assert given_name_key("Lee Younghee") is None
    assert given_name_key("김") is None


def test_the_typed_text_is_read_as_digits_or_words() -> None:
    assert needle_of("   ") is None
    digits = needle_of("010-1234 5678")
    assert digits is not None and (digits.kind, digits.text) == (NeedleKind.DIGITS, "01012345678")
    words = needle_of(" Kim-01 ")
    assert words is not None and (words.kind, words.text) == (NeedleKind.WORDS, "kim-01")
    assert needle_of("７２２１") == needle_of("7221")


# -- the same answers as a plain reading of the rules, for generated customers ----------------

_LETTERS = st.sampled_from(list("김이박철수영희abkKI Lé_%\"'-0123456789@."))
_TEXT = st.text(_LETTERS, min_size=0, max_size=8)
_LAST_FOUR = st.text("0123456789", min_size=4, max_size=4)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(st.tuples(_TEXT, _TEXT, _TEXT, _LAST_FOUR), min_size=1, max_size=8),
    typed=st.lists(_TEXT.filter(lambda text: needle_of(text) is not None), max_size=4),
)
def test_generated_searches_follow_the_rules(
    directory: CustomerDirectory,
    people: list[tuple[str, str, str, str]],
    typed: list[str],
) -> None:
    saved = [
        CustomerDetails(f"g_{index}", name, tel, email, f"557042000000{last_four}")
        for index, (name, tel, email, last_four) in enumerate(people)
    ]
    for details in saved:
        directory.save(details)
    for text in [*typed, *(name[:3] for name, *_ in people if needle_of(name[:3]))]:
        expected = sorted(d.customer_uid for d in saved if matches(d, text))
        found = [uid for uid in _found(directory, text) if uid.startswith("g_")]
        assert found == expected, text
    for details in saved:
        directory.delete(details.customer_uid)
