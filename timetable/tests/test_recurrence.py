from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.models import Schedule
from timetable.recurrence import build_rule, expand, plain_weekly_days
from timetable.selectors import LONDON
from timetable.tests.factories import WeeklyScheduleFactory


def local_times(occurrences):
    return [
        (o.start.date(), o.start.time(), o.start.utcoffset().total_seconds()) for o in occurrences
    ]


@pytest.mark.django_db
def test_friday_group_stays_at_ten_across_the_march_clock_change():
    schedule = WeeklyScheduleFactory(byday="FR")
    found = list(
        expand(schedule, datetime(2025, 3, 24, tzinfo=LONDON), datetime(2025, 4, 7, tzinfo=LONDON))
    )
    assert local_times(found) == [
        (date(2025, 3, 28), time(10, 0), 0),
        (date(2025, 4, 4), time(10, 0), 3600),
    ]
    assert [o.start.astimezone(UTC).hour for o in found] == [10, 9]


@pytest.mark.django_db
def test_sunday_session_on_the_day_the_clocks_go_forward_is_at_ten_local():
    schedule = WeeklyScheduleFactory(byday="SU")
    found = list(
        expand(schedule, datetime(2025, 3, 29, tzinfo=LONDON), datetime(2025, 4, 1, tzinfo=LONDON))
    )
    assert local_times(found) == [(date(2025, 3, 30), time(10, 0), 3600)]
    assert found[0].end.time() == time(11, 0)


@pytest.mark.django_db
def test_sunday_session_on_the_day_the_clocks_go_back_is_at_ten_local():
    schedule = WeeklyScheduleFactory(byday="SU")
    found = list(
        expand(
            schedule, datetime(2025, 10, 19, tzinfo=LONDON), datetime(2025, 11, 3, tzinfo=LONDON)
        )
    )
    assert local_times(found) == [
        (date(2025, 10, 19), time(10, 0), 3600),
        (date(2025, 10, 26), time(10, 0), 0),
        (date(2025, 11, 2), time(10, 0), 0),
    ]
    assert [o.start.astimezone(UTC).hour for o in found] == [9, 10, 10]


WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@settings(max_examples=200, deadline=None)
@given(
    days=st.sets(st.sampled_from(WEEKDAY_CODES), min_size=1),
    dtstart=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    valid_from=st.none() | st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    until=st.none() | st.dates(date(2024, 1, 1), date(2027, 6, 30)),
    window_start=st.dates(date(2024, 1, 1), date(2027, 1, 1)),
    window_days=st.integers(1, 60),
    opens=st.sampled_from([time(0, 30), time(1, 30), time(9, 15), time(10), time(23, 30)]),
)
def test_every_week_expansion_gives_the_dates_dateutil_gives(
    days, dtstart, valid_from, until, window_start, window_days, opens
):
    schedule = Schedule(
        freq="WEEKLY",
        interval=1,
        byday=",".join(sorted(days)),
        dtstart=dtstart,
        valid_from=valid_from,
        until=until,
        opens_at=opens,
        closes_at=None,
    )
    assert plain_weekly_days(schedule) is not None
    start = datetime.combine(window_start, time.min, tzinfo=LONDON)
    end = start + timedelta(days=window_days)
    rule = build_rule(schedule)
    expected = [
        naive.replace(tzinfo=LONDON)
        for naive in rule.between(start.replace(tzinfo=None), end.replace(tzinfo=None), inc=True)
        if (valid_from is None or naive.date() >= valid_from)
        and start <= naive.replace(tzinfo=LONDON) < end
    ]
    assert [o.start for o in expand(schedule, start, end)] == expected


def test_rules_other_than_plain_weekly_days_go_through_dateutil():
    assert plain_weekly_days(Schedule(freq="WEEKLY", interval=2, byday="FR")) is None
    assert plain_weekly_days(Schedule(freq="MONTHLY", byday="1MO")) is None
    assert plain_weekly_days(Schedule(freq="WEEKLY", byday="FR", count=5)) is None
    assert plain_weekly_days(Schedule(freq="WEEKLY", byday="2FR")) is None
    assert plain_weekly_days(Schedule(freq="WEEKLY", byday="MO, fr")) == frozenset({0, 4})
