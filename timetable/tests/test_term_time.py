"""In school term time only: the council enters school holidays once, as closures of that kind,
and only term-time sessions stop for them, everywhere the timetable is read."""

from datetime import date, datetime, time

import pytest

from bookings.models import SessionOccurrence
from bookings.services import occurrence_for
from timetable.models import Closure, TermTimeOnly, UpcomingSession
from timetable.rules_in_words import WEEKLY, WhenItRuns
from timetable.schedules import Where, preview_dates, save_schedule
from timetable.selectors import LONDON, sessions_between
from timetable.tests.factories import BankHolidayFactory, HubFactory, ServiceFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 9, tzinfo=LONDON)


def fridays(term_time_only: bool) -> WhenItRuns:
    return WhenItRuns(
        WEEKLY,
        time(10),
        time(11),
        days=("FR",),
        starts_on=MONDAY,
        term_time_only=term_time_only,
    )


@pytest.fixture
def hub(monkeypatch):
    monkeypatch.setattr("timetable.signals._today", lambda: MONDAY)
    return HubFactory(is_family_hub=True)


@pytest.fixture
def christmas_holiday():
    return Closure.objects.create(
        kind=Closure.Kind.SCHOOL_HOLIDAY,
        starts_on=date(2026, 12, 19),
        ends_on=date(2027, 1, 3),
        reason="Christmas holiday",
    )


def test_a_term_time_session_stops_for_the_school_holiday_and_others_do_not(hub, christmas_holiday):
    term_time = save_schedule(ServiceFactory(), fridays(True), Where.AT_A_PLACE, hub)
    all_year = save_schedule(ServiceFactory(), fridays(False), Where.AT_A_PLACE, hub)
    holiday_friday = datetime(2026, 12, 25, 10, tzinfo=LONDON)
    term_rows = UpcomingSession.objects.filter(schedule=term_time)
    assert term_rows.get(starts_at=holiday_friday).cancelled_reason == "Christmas holiday"
    assert term_rows.get(starts_at=datetime(2026, 12, 18, 10, tzinfo=LONDON)).cancelled_reason == ""
    assert (
        UpcomingSession.objects.get(schedule=all_year, starts_at=holiday_friday).cancelled_reason
        == ""
    )
    running = sessions_between(
        datetime(2026, 12, 14, tzinfo=LONDON), datetime(2027, 1, 9, tzinfo=LONDON), locations=[hub]
    )
    assert [occ.local_date for occ in running if occ.schedule == term_time] == [
        date(2026, 12, 18),
        date(2027, 1, 8),
    ]
    assert len([occ for occ in running if occ.schedule == all_year]) == 4


def test_a_school_holiday_entered_later_takes_term_time_sessions_away(hub):
    term_time = save_schedule(ServiceFactory(), fridays(True), Where.AT_A_PLACE, hub)
    holiday_friday = datetime(2026, 12, 25, 10, tzinfo=LONDON)
    assert (
        UpcomingSession.objects.get(schedule=term_time, starts_at=holiday_friday).cancelled_reason
        == ""
    )
    Closure.objects.create(
        kind=Closure.Kind.SCHOOL_HOLIDAY,
        starts_on=date(2026, 12, 19),
        ends_on=date(2027, 1, 3),
        reason="Christmas holiday",
    )
    row = UpcomingSession.objects.get(schedule=term_time, starts_at=holiday_friday)
    assert row.cancelled_reason == "Christmas holiday"


def test_making_a_session_all_year_brings_its_holiday_dates_back(hub, christmas_holiday):
    service = ServiceFactory()
    schedule = save_schedule(service, fridays(True), Where.AT_A_PLACE, hub)
    save_schedule(service, fridays(False), Where.AT_A_PLACE, hub, schedule=schedule)
    assert not TermTimeOnly.objects.filter(schedule=schedule).exists()
    assert not UpcomingSession.objects.filter(schedule=schedule).exclude(cancelled_reason="")


def test_the_preview_gives_five_running_dates_and_says_which_are_taken_away(hub, christmas_holiday):
    BankHolidayFactory(date=date(2027, 1, 1), name="New Year's Day")
    proposed = save_schedule(ServiceFactory(), fridays(True), Where.AT_A_PLACE, hub)
    dates = preview_dates(proposed, term_time_only=True, now=datetime(2026, 12, 10, tzinfo=LONDON))
    assert [(d.start.date(), d.reason_off) for d in dates] == [
        (date(2026, 12, 11), ""),
        (date(2026, 12, 18), ""),
        (date(2026, 12, 25), "Christmas holiday"),
        (date(2027, 1, 1), "Closed for New Year's Day"),
        (date(2027, 1, 8), ""),
        (date(2027, 1, 15), ""),
        (date(2027, 1, 22), ""),
    ]
    assert dates[0].start == datetime(2026, 12, 11, 10, tzinfo=LONDON)


def test_a_school_holiday_cancels_bookings_only_of_term_time_sessions(hub):
    term_time = save_schedule(ServiceFactory(), fridays(True), Where.AT_A_PLACE, hub)
    all_year = save_schedule(ServiceFactory(), fridays(False), Where.AT_A_PLACE, hub)
    holiday_friday = datetime(2026, 12, 25, 10, tzinfo=LONDON)
    term_session = occurrence_for(term_time, holiday_friday)
    other_session = occurrence_for(all_year, holiday_friday)
    Closure.objects.create(
        kind=Closure.Kind.SCHOOL_HOLIDAY,
        starts_on=date(2026, 12, 19),
        ends_on=date(2027, 1, 3),
        reason="Christmas holiday",
    )
    assert SessionOccurrence.objects.get(pk=term_session.pk).is_cancelled
    assert not SessionOccurrence.objects.get(pk=other_session.pk).is_cancelled
