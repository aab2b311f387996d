"""What reports count: children who came, first-time and returning families, children by age band."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Attendance
from bookings.selectors import attendance_summary
from bookings.tests.factories import (
    ChildFactory,
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)
from directory.models import Location
from families.services import erase_family

pytestmark = pytest.mark.django_db


def fridays_ago(weeks: int):
    return next_friday_at_ten() - timedelta(weeks=weeks + 1)


def the_day_before(occurrence):
    return occurrence.starts_at - timedelta(days=1)


def test_first_time_and_returning_families_and_age_bands():
    schedule = bookable_schedule(capacity=20)
    # Attendance is recorded on the day or after: these sessions are past.
    last_week = services.occurrence_for(schedule, fridays_ago(2))
    this_week = services.occurrence_for(schedule, fridays_ago(1))
    staff = hub_staff(last_week.location)
    on = this_week.starts_at.date()
    returning, baby = parent_with_child(date_of_birth=on - timedelta(days=100))  # 3 months
    toddler = ChildFactory(family=returning.family, date_of_birth=on - timedelta(days=550))
    _, expected = parent_with_child(date_of_birth=None, due_date=on + timedelta(days=30))
    services.book(returning.family, last_week.pk, [baby], now=the_day_before(last_week))
    services.book(returning.family, this_week.pk, [baby, toddler], now=the_day_before(this_week))
    services.record_attendance(last_week, baby, Attendance.Status.ATTENDED, by=staff)
    services.record_attendance(this_week, baby, Attendance.Status.ATTENDED, by=staff)
    services.record_attendance(this_week, toddler, Attendance.Status.ATTENDED, by=staff)
    services.record_walk_in(this_week, [expected], by=staff)
    _, absent = parent_with_child()
    services.record_attendance(this_week, absent, Attendance.Status.NO_SHOW, by=staff)
    services.record_visitors(this_week, adults=2, children=1, by=staff)

    hubs = Location.objects.filter(pk=this_week.location_id)
    summary = attendance_summary(hubs, this_week.starts_at, this_week.ends_at)

    assert summary["children_attended"] == 3
    assert summary["walk_ins"] == 1
    assert summary["no_shows"] == 1
    assert summary["families"] == 2
    assert summary["first_time_families"] == 1
    assert summary["returning_families"] == 1
    assert summary["children_by_age_band"]["expected"] == 1
    assert summary["children_by_age_band"]["0-5m"] == 1
    assert summary["children_by_age_band"]["12-23m"] == 1
    assert summary["children_by_age_band"]["24-59m"] == 0
    assert summary["visitor_adults"] == 2
    assert summary["visitor_children"] == 1


def test_attendance_stays_as_an_anonymous_count_after_the_family_is_erased():
    occurrence = services.occurrence_for(bookable_schedule(), fridays_ago(1))
    staff = hub_staff(occurrence.location)
    adult, child = parent_with_child()
    services.book(
        adult.family, occurrence.pk, [child], by=adult.user, now=the_day_before(occurrence)
    )
    services.record_attendance(occurrence, child, Attendance.Status.ATTENDED, by=staff)
    erase_family(adult.family, by=adult.user)
    attendance = Attendance.objects.get()
    assert attendance.child is None and attendance.family is None and attendance.booking is None
    assert attendance.child_age_months is not None
    hubs = Location.objects.filter(pk=occurrence.location_id)
    summary = attendance_summary(hubs, occurrence.starts_at, occurrence.ends_at)
    assert summary["children_attended"] == 1
    assert summary["families"] == 0


def test_summary_is_a_fixed_number_of_queries(django_assert_num_queries):
    occurrence = services.occurrence_for(bookable_schedule(), next_friday_at_ten())
    hubs = Location.objects.filter(pk=occurrence.location_id)
    with django_assert_num_queries(5):
        attendance_summary(hubs, occurrence.starts_at, occurrence.ends_at)
