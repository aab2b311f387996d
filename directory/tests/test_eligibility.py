from datetime import date
from decimal import Decimal

import pytest

from directory.eligibility import Child, age_in_months, is_eligible, who_it_is_for
from directory.models import Service

SESSION_DAY = date(2026, 11, 27)


def group_for_under_twos() -> Service:
    return Service(
        name="Time for you and baby too",
        minimum_age=Decimal("0"),
        maximum_age=Decimal("2"),
        for_expectant_parents=True,
    )


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2025, 3, 15), date(2025, 4, 14), 0),
        (date(2025, 3, 15), date(2025, 4, 15), 1),
        (date(2025, 1, 31), date(2025, 2, 28), 1),  # a 31st birthday falls on the month's last day
        (date(2024, 11, 27), date(2026, 11, 27), 24),
        (date(2024, 11, 28), date(2026, 11, 27), 23),
    ],
)
def test_age_in_whole_months(born, on, months):
    assert age_in_months(born, on) == months


def test_group_is_shown_to_expectant_parents():
    assert is_eligible(group_for_under_twos(), Child(due_date=date(2027, 2, 1)), SESSION_DAY)


def test_group_is_shown_to_parents_of_20_month_olds():
    assert is_eligible(group_for_under_twos(), Child(date_of_birth=date(2025, 3, 27)), SESSION_DAY)


def test_group_is_shown_to_parents_of_24_month_olds():
    assert is_eligible(group_for_under_twos(), Child(date_of_birth=date(2024, 11, 27)), SESSION_DAY)


def test_group_is_not_shown_to_parents_of_25_month_olds():
    assert not is_eligible(
        group_for_under_twos(), Child(date_of_birth=date(2024, 10, 27)), SESSION_DAY
    )


def test_age_is_taken_on_the_session_day_not_today():
    child = Child(date_of_birth=date(2024, 11, 28))
    assert is_eligible(group_for_under_twos(), child, date(2026, 12, 27))
    assert not is_eligible(group_for_under_twos(), child, date(2026, 12, 28))


def test_expected_baby_is_not_eligible_for_a_service_only_for_born_children():
    play = Service(name="Stay and Play", minimum_age=Decimal("0"), maximum_age=Decimal("5"))
    assert not is_eligible(play, Child(due_date=date(2027, 2, 1)), SESSION_DAY)


def test_plain_english_description_of_who_it_is_for():
    assert who_it_is_for(group_for_under_twos()) == (
        "Expectant parents and children up to 2 years old"
    )
    older = Service(minimum_age=Decimal("0.5"), maximum_age=Decimal("5"))
    assert who_it_is_for(older) == "Children aged 6 months to 5 years old"
    assert who_it_is_for(Service()) == "Everyone"
