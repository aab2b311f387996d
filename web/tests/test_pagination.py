"""Which page numbers the GOV.UK pagination shows."""

import pytest

from web.pagination import page_numbers


@pytest.mark.parametrize(
    ("current", "count", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (5, 12, [1, None, 4, 5, 6, None, 12]),
        (1, 12, [1, 2, None, 12]),
        (12, 12, [1, None, 11, 12]),
        (3, 5, [1, 2, 3, 4, 5]),
        (9, 3, [1, None, 3]),  # past the end: the first and last pages remain
    ],
)
def test_first_last_and_neighbours_are_shown_with_gaps_between(current, count, expected):
    assert page_numbers(current, count) == expected
