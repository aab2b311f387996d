"""A booking's cost is pinned: a fixed number of queries, and the one-query timetable check
agrees with the timetable itself for every rule that takes a session away."""

from datetime import timedelta
from decimal import Decimal

import pytest

from bookings import services
from bookings.models import BookingSettings, SessionOccurrence
from bookings.tests.factories import (
    ChildFactory,
    bookable_schedule,
    next_friday_at_ten,
    parent_with_child,
)
from directory.models import Service
from directory.tests.factories import LocationFactory
from timetable.models import BankHoliday, Cancellation, Closure, TermTimeOnly
from timetable.selectors import active_schedules, running_occurrences

pytestmark = pytest.mark.django_db

# Read the session, ask the timetable, then under the lock (a savepoint here, BEGIN and COMMIT
# in production): lock, take places, write the booking, its children, find the parent's
# contact, write the confirmation.
QUERIES_PER_BOOKING = 10


def book(occurrence_id, adult, children=None, **kwargs):
    children = list(adult.family.children.all()) if children is None else children
    return services.book(adult.family, occurrence_id, children, by=adult.user, **kwargs)


def test_a_booking_is_a_fixed_number_of_queries_whatever_the_family(django_assert_num_queries):
    occurrence = services.occurrence_for(bookable_schedule(capacity=10), next_friday_at_ten())
    one_child, _ = parent_with_child()
    twins, _ = parent_with_child()
    ChildFactory(family=twins.family)
    for adult in (one_child, twins):
        children = list(adult.family.children.all())
        with django_assert_num_queries(QUERIES_PER_BOOKING):
            booking = book(occurrence.pk, adult, children)
        assert booking.status == "confirmed"


def test_joining_the_waiting_list_costs_the_same_queries(django_assert_num_queries):
    occurrence = services.occurrence_for(bookable_schedule(capacity=1), next_friday_at_ten())
    first, _ = parent_with_child()
    book(occurrence.pk, first)
    second, _ = parent_with_child()
    children = list(second.family.children.all())
    with django_assert_num_queries(QUERIES_PER_BOOKING):
        booking = book(occurrence.pk, second, children, join_waiting_list=True)
    assert booking.status == "waiting"


def test_booking_twice_at_once_is_refused_by_the_database_rule_as_already_booked():
    """The second booking of a family fails on the unique rule (no query asks first)."""
    occurrence = services.occurrence_for(bookable_schedule(capacity=10), next_friday_at_ten())
    adult, _ = parent_with_child()
    book(occurrence.pk, adult)
    with pytest.raises(services.AlreadyBooked):
        book(occurrence.pk, adult, join_waiting_list=True)
    occurrence.refresh_from_db()
    assert occurrence.places_taken == 1


def test_a_full_session_tells_a_family_already_booked_that_they_are():
    occurrence = services.occurrence_for(bookable_schedule(capacity=1), next_friday_at_ten())
    adult, _ = parent_with_child()
    book(occurrence.pk, adult)
    with pytest.raises(services.AlreadyBooked):
        book(occurrence.pk, adult)


def _concrete_values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def test_the_plain_sql_read_of_a_session_gives_what_the_orm_gives(django_assert_num_queries):
    """Every column of the session, its service, booking settings, place and schedule, converted
    as the ORM converts them (SQLite's dates, decimals and UUIDs), in one query."""
    occurrence = services.occurrence_for(
        bookable_schedule(capacity=7, closes_hours_before=2, minimum_age=Decimal("1.5")),
        next_friday_at_ten(),
    )
    expected = SessionOccurrence.objects.select_related(
        "service__booking_settings", "location", "schedule"
    ).get(pk=occurrence.pk)
    with django_assert_num_queries(1):
        read = services.session_to_book(occurrence.pk)
        pairs = [
            (read, expected),
            (read.service, expected.service),
            (read.service.booking_settings, expected.service.booking_settings),
            (read.location, expected.location),
            (read.schedule, expected.schedule),
        ]
        for got, wanted in pairs:
            assert _concrete_values(got) == _concrete_values(wanted)
    assert read.service.minimum_age == Decimal("1.5")
    assert read.starts_at == next_friday_at_ten()


def test_a_session_whose_service_lost_its_booking_settings_reads_as_having_none(
    django_assert_num_queries,
):
    occurrence = services.occurrence_for(bookable_schedule(), next_friday_at_ten())
    BookingSettings.objects.filter(service_id=occurrence.service_id).delete()
    read = services.session_to_book(occurrence.pk)
    with django_assert_num_queries(0):
        with pytest.raises(BookingSettings.DoesNotExist):
            read.service.booking_settings  # noqa: B018 (reading it is the test)
        assert services.booking_closes_at(read) == read.starts_at


def test_a_session_that_does_not_exist_is_not_found():
    with pytest.raises(services.SessionNotFound):
        services.session_to_book(999_999)


def _nothing(schedule, day) -> None:
    pass


def _cancelled_that_day(schedule, day) -> None:
    Cancellation.objects.create(schedule=schedule, date=day, reason="Staff training")


def _cancelled_the_week_before(schedule, day) -> None:
    Cancellation.objects.create(schedule=schedule, date=day - timedelta(days=7), reason="Ill")


def _bank_holiday(schedule, day) -> None:
    BankHoliday.objects.create(date=day, name="Boxing Day")


def _its_hub_closed(schedule, day) -> None:
    place = schedule.service_at_location.location
    Closure.objects.create(location=place, starts_on=day, ends_on=day, reason="Repairs")


def _another_hub_closed(schedule, day) -> None:
    Closure.objects.create(location=LocationFactory(), starts_on=day, ends_on=day, reason="Leak")


def _every_hub_closed_that_week(schedule, day) -> None:
    Closure.objects.create(
        starts_on=day - timedelta(days=2), ends_on=day + timedelta(days=2), reason="Training"
    )


def _school_holiday(schedule, day) -> None:
    Closure.objects.create(
        kind=Closure.Kind.SCHOOL_HOLIDAY, starts_on=day, ends_on=day, reason="Half term"
    )


def _school_holiday_for_a_term_time_session(schedule, day) -> None:
    TermTimeOnly.objects.create(schedule=schedule)
    _school_holiday(schedule, day)


def _service_withdrawn(schedule, day) -> None:
    Service.objects.filter(pk=schedule.service_at_location.service_id).update(
        status=Service.Status.DEFUNCT
    )


def _moved_to_eleven(schedule, day) -> None:
    schedule.opens_at = schedule.opens_at.replace(hour=11)
    schedule.closes_at = schedule.closes_at.replace(hour=12)
    schedule.save()


@pytest.mark.parametrize(
    "change, runs",
    [
        (_nothing, True),
        (_cancelled_that_day, False),
        (_cancelled_the_week_before, True),
        (_bank_holiday, False),
        (_its_hub_closed, False),
        (_another_hub_closed, True),
        (_every_hub_closed_that_week, False),
        (_school_holiday, True),
        (_school_holiday_for_a_term_time_session, False),
        (_service_withdrawn, False),
        (_moved_to_eleven, False),
    ],
)
def test_the_booking_check_agrees_with_the_timetable(change, runs, django_assert_max_num_queries):
    schedule = bookable_schedule()
    start = next_friday_at_ten()
    occurrence = services.occurrence_for(schedule, start)
    change(schedule, start.date())
    in_timetable = running_occurrences(
        active_schedules().filter(pk=schedule.pk), start, start + timedelta(seconds=1)
    )
    assert bool(in_timetable) is runs
    session = services.session_to_book(occurrence.pk)
    with django_assert_max_num_queries(1):
        assert services.still_runs(session) is runs
