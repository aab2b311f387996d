from datetime import UTC, date, datetime, time

import pytest

from timetable.recurrence import expand
from timetable.selectors import LONDON
from timetable.tests.factories import WeeklyScheduleFactory

pytestmark = pytest.mark.django_db


def local_times(occurrences):
    return [
        (o.start.date(), o.start.time(), o.start.utcoffset().total_seconds()) for o in occurrences
    ]


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


def test_sunday_session_on_the_day_the_clocks_go_forward_is_at_ten_local():
    schedule = WeeklyScheduleFactory(byday="SU")
    found = list(
        expand(schedule, datetime(2025, 3, 29, tzinfo=LONDON), datetime(2025, 4, 1, tzinfo=LONDON))
    )
    assert local_times(found) == [(date(2025, 3, 30), time(10, 0), 3600)]
    assert found[0].end.time() == time(11, 0)


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
