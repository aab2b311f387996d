"""Page numbers and other whole numbers from people: only ASCII digits count."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.paging import positive_page_number, whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", 1), (" 12 ", 12), ("007", 7), ("0", 0), ("999999999", 999999999)],
)
def test_ascii_digits_are_whole_numbers(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["", " ", "-1", "+1", "1.0", "1e5", "²", "①", "\u0661\u0662", "\uff11", "9999999999", None, 3],
)
def test_anything_else_is_not_a_whole_number(text):
    assert whole_number(text) is None


def test_page_numbers_start_at_one():
    assert positive_page_number("0") is None
    assert positive_page_number("1") == 1
    assert positive_page_number("²") is None


@given(st.text(max_size=20))
@example("²")
@example("①")
def test_any_text_gives_a_page_number_or_none_never_an_error(text):
    page = positive_page_number(text)
    assert page is None or (page >= 1 and str(page) == text.strip().lstrip("0"))
