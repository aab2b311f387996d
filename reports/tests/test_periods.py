from datetime import date

from reports import periods


def test_a_month_is_compared_with_the_month_before_across_a_new_year():
    january = periods.month(2026, 1)
    assert (january.start, january.end, january.label) == (
        date(2026, 1, 1),
        date(2026, 1, 31),
        "January 2026",
    )
    assert january.previous() == periods.month(2025, 12)


def test_a_quarter_and_a_financial_year_and_the_ones_before():
    assert periods.from_key("2026-Q1").previous().key == "2025-Q4"
    year = periods.from_key("FY2025")
    assert (year.start, year.end, year.label) == (
        date(2025, 4, 1),
        date(2026, 3, 31),
        "April 2025 to March 2026",
    )
    assert year.previous().key == "FY2024"


def test_dates_chosen_by_hand_are_compared_with_as_many_days_just_before():
    chosen = periods.custom(date(2026, 3, 10), date(2026, 3, 19))
    assert chosen.previous() == periods.custom(date(2026, 2, 28), date(2026, 3, 9))


def test_a_year_earlier_moves_29_february_to_the_28th():
    leap = periods.custom(date(2028, 2, 1), date(2028, 2, 29))
    assert leap.a_year_earlier() == periods.custom(date(2027, 2, 1), date(2027, 2, 28))


def test_keys_that_are_not_periods_give_none():
    for key in ["", "2026-13", "FY20x5", "2026-Q5", "2026-02-30..2026-03-01", "x" * 500]:
        assert periods.from_key(key) is None


def test_the_list_offers_13_months_8_quarters_and_4_financial_years():
    offered = periods.choices(date(2026, 12, 2))
    kinds = [p.kind for p in offered]
    assert (kinds.count("month"), kinds.count("quarter"), kinds.count("year")) == (13, 8, 4)
    assert offered[0].label == "December 2026"
    assert offered[-1].key == "FY2023"
