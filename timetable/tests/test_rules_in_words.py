"""When it runs, in plain English: the answers become RFC 5545 fields and back, and the words
describe exactly the dates the one expander gives."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.models import WEEKDAY_CODES, Schedule
from timetable.manage_forms import parse_time
from timetable.recurrence import expand
from timetable.rules_in_words import (
    DAY_NAMES,
    MONTHLY,
    ONCE,
    WEEKLY,
    WEEKS_OF_MONTH,
    WhenItRuns,
    describe,
    schedule_fields,
    when_it_runs,
)
from timetable.selectors import LONDON, week_starting

TEN, ELEVEN = time(10), time(11)


def schedule_for(when: WhenItRuns) -> Schedule:
    return Schedule(**schedule_fields(when))


def words(when: WhenItRuns, **kwargs) -> str:
    return describe(schedule_for(when), term_time_only=when.term_time_only, **kwargs)


def test_every_week_on_friday_10am_to_11am():
    when = WhenItRuns(WEEKLY, TEN, ELEVEN, days=("FR",), starts_on=date(2026, 1, 2))
    fields = schedule_fields(when)
    assert (fields["freq"], fields["interval"], fields["byday"]) == ("WEEKLY", 1, "FR")
    assert (fields["opens_at"], fields["closes_at"]) == (TEN, ELEVEN)
    assert words(when, with_dates=False) == "Every week on Friday, 10am to 11am"


def test_every_2_weeks_on_tuesday():
    when = WhenItRuns(WEEKLY, time(13, 30), time(15), days=("TU",), every_weeks=2)
    fields = schedule_fields(when)
    assert (fields["freq"], fields["interval"], fields["byday"]) == ("WEEKLY", 2, "TU")
    assert words(when) == "Every 2 weeks on Tuesday, 1:30pm to 3pm"


def test_the_first_monday_of_each_month():
    when = WhenItRuns(MONTHLY, TEN, time(12), week_of_month=1, day_of_month_week="MO")
    fields = schedule_fields(when)
    assert (fields["freq"], fields["byday"]) == ("MONTHLY", "1MO")
    assert words(when) == "The first Monday of each month, 10am to midday"


def test_the_last_friday_of_each_month():
    when = WhenItRuns(MONTHLY, TEN, ELEVEN, week_of_month=-1, day_of_month_week="FR")
    assert schedule_fields(when)["byday"] == "-1FR"
    assert words(when).startswith("The last Friday of each month")


def test_in_school_term_time_only_is_said():
    when = WhenItRuns(WEEKLY, TEN, ELEVEN, days=("FR",), term_time_only=True)
    assert words(when) == "Every week on Friday, 10am to 11am, in school term time only"


def test_a_one_off_date():
    when = WhenItRuns(ONCE, TEN, ELEVEN, starts_on=date(2026, 12, 4), ends_on=date(2027, 1, 1))
    fields = schedule_fields(when)
    assert (fields["freq"], fields["byday"], fields["dtstart"]) == ("", "", date(2026, 12, 4))
    assert fields["until"] is None, "a one-off has no last date of its own"
    assert words(when) == "Once, on Friday 4 December 2026, 10am to 11am"


def test_start_and_end_dates_are_said():
    when = WhenItRuns(
        WEEKLY,
        TEN,
        ELEVEN,
        days=("MO", "WE"),
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 7, 17),
    )
    assert words(when) == (
        "Every week on Monday and Wednesday, 10am to 11am, from 5 January 2026 until 17 July 2026"
    )


def test_weekdays_in_a_row_read_as_a_range():
    when = WhenItRuns(WEEKLY, time(9), time(17), days=("MO", "TU", "WE", "TH", "FR"))
    assert words(when, with_dates=False) == "Every week on Monday to Friday, 9am to 5pm"


def test_rules_from_a_feed_that_the_questions_cannot_ask_are_still_said_in_words():
    month_days = Schedule(freq="MONTHLY", bymonthday="1,15", opens_at=TEN, closes_at=ELEVEN)
    counted = Schedule(freq="WEEKLY", byday="TH", count=6, opens_at=TEN, closes_at=ELEVEN)
    assert describe(month_days) == "The 1st and 15th of each month, 10am to 11am"
    assert describe(counted) == "Every week on Thursday, 10am to 11am, 6 times in all"
    assert when_it_runs(month_days) is None
    assert when_it_runs(counted) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10am", time(10)),
        ("10:30am", time(10, 30)),
        ("2.15pm", time(14, 15)),
        ("14:00", time(14)),
        ("12pm", time(12)),
        ("12am", time(0)),
        ("midday", time(12)),
        (" 9 AM ", time(9)),
        ("25:00", None),
        ("13pm", None),
        ("ten", None),
    ],
)
def test_times_are_read_as_people_write_them(typed, expected):
    assert parse_time(typed) == expected


# Random rules: the answers round-trip, and the words name exactly the expander's dates.

times_of_day = st.integers(min_value=7 * 4, max_value=19 * 4).map(
    lambda quarter: time(quarter // 4, quarter % 4 * 15)
)
day_sets = st.sets(st.sampled_from(WEEKDAY_CODES), min_size=1, max_size=7).map(
    lambda days: tuple(code for code in WEEKDAY_CODES if code in days)
)
some_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def answers(draw) -> WhenItRuns:
    how_often = draw(st.sampled_from([WEEKLY, MONTHLY, ONCE]))
    opens = draw(times_of_day)
    closes = (
        datetime.combine(date.min, opens)
        + timedelta(minutes=draw(st.sampled_from([30, 60, 90, 120])))
    ).time()
    starts_on = draw(some_dates)
    ends_on = draw(st.one_of(st.none(), some_dates.filter(lambda d: d >= starts_on)))
    common = {"starts_on": starts_on, "ends_on": ends_on if how_often != ONCE else None}
    if how_often == WEEKLY:
        return WhenItRuns(
            WEEKLY,
            opens,
            closes,
            days=draw(day_sets),
            every_weeks=draw(st.integers(1, 4)),
            **common,
        )
    if how_often == MONTHLY:
        return WhenItRuns(
            MONTHLY,
            opens,
            closes,
            week_of_month=draw(st.sampled_from(list(WEEKS_OF_MONTH))),
            day_of_month_week=draw(st.sampled_from(WEEKDAY_CODES)),
            **common,
        )
    return WhenItRuns(ONCE, opens, closes, **common)


NAMES_TO_CODES = {name: code for code, name in DAY_NAMES.items()}
ORDINALS = {words: n for n, words in WEEKS_OF_MONTH.items()}


def _days_named(text: str) -> set[int]:
    """'Monday to Friday', 'Monday, Tuesday and Friday' as weekday numbers."""
    if " to " in text:
        first, last = (WEEKDAY_CODES.index(NAMES_TO_CODES[n]) for n in text.split(" to "))
        return set(range(first, last + 1))
    names = re.split(r", | and ", text)
    return {WEEKDAY_CODES.index(NAMES_TO_CODES[name]) for name in names}


def dates_the_words_mean(text: str, first: date, last: date) -> set[date]:
    """An independent reading of the words: every date in [first, last] they name."""
    match = re.match(r"Once, on \w+ (\d+ \w+ \d{4}), ", text)
    if match:
        day = datetime.strptime(match[1], "%d %B %Y").date()
        return {day} if first <= day <= last else set()
    starts = re.search(r", from (\d+ \w+ \d{4})", text)
    ends = re.search(r" until (\d+ \w+ \d{4})", text)
    begin = datetime.strptime(starts[1], "%d %B %Y").date()
    end = datetime.strptime(ends[1], "%d %B %Y").date() if ends else last
    days = [
        begin + timedelta(days=n)
        for n in range((min(end, last) - begin).days + 1)
        if begin + timedelta(days=n) >= first
    ]
    weekly = re.match(r"Every (?:week|(\d+) weeks) on (.+?), (?:\d|midday)", text)
    if weekly:
        every, weekdays = int(weekly[1] or 1), _days_named(weekly[2])
        anchor = week_starting(begin)
        return {
            day
            for day in days
            if day.weekday() in weekdays and (week_starting(day) - anchor).days // 7 % every == 0
        }
    monthly = re.match(r"The (\w+) (\w+day) of each month", text)
    ordinal, weekday = ORDINALS[monthly[1]], WEEKDAY_CODES.index(NAMES_TO_CODES[monthly[2]])

    def nth(day: date) -> bool:
        if ordinal > 0:
            return (day.day - 1) // 7 + 1 == ordinal
        return (day + timedelta(days=7)).month != day.month

    return {day for day in days if day.weekday() == weekday and nth(day)}


@given(when=answers())
def test_answers_round_trip_through_the_stored_rule(when):
    assert when_it_runs(schedule_for(when)) == when


@given(when=answers())
def test_the_words_name_exactly_the_dates_the_expander_gives(when):
    schedule = schedule_for(when)
    text = describe(schedule)
    first, last = when.starts_on - timedelta(days=3), when.starts_on + timedelta(days=400)
    start = datetime.combine(first, time.min, tzinfo=LONDON)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=LONDON)
    expanded = list(expand(schedule, start, end))
    assert {occ.local_date for occ in expanded} == dates_the_words_mean(text, first, last)
    times = re.search(r", (\S+) to (\S+?)(?:,|$)", text)
    for occurrence in expanded:
        assert occurrence.start.time() == parse_time(times[1])
        assert occurrence.end.time() == parse_time(times[2])
