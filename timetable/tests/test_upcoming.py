"""What's on's table of upcoming sessions stays current when anything it is made from changes."""

from datetime import date, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from core.demo import load_demo
from directory.eligibility import Child, is_eligible
from directory.models import Service
from timetable.models import UpcomingSession
from timetable.tests.factories import (
    BankHolidayFactory,
    CancellationFactory,
    ClosureFactory,
    EventFactory,
    HubFactory,
    ServiceFactory,
    WeeklyScheduleFactory,
)
from timetable.upcoming import WINDOW, born_between, rebuild

pytestmark = pytest.mark.django_db


def next_friday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=(4 - today.weekday()) % 7 or 7)


@pytest.fixture
def hub():
    return HubFactory(name="Tilbury Family Hub", slug="tilbury")


@pytest.fixture
def schedule(hub):
    return WeeklyScheduleFactory(
        location=hub,
        service_at_location__location=hub,
        service_at_location__service=ServiceFactory(name="Time for you and baby too"),
    )


def sessions(**filters) -> list[UpcomingSession]:
    return list(UpcomingSession.objects.filter(**filters).order_by("starts_at"))


def reason_on(day: date) -> str:
    return next(s.cancelled_reason for s in sessions() if s.starts_at.date() == day)


def test_a_new_schedule_fills_the_window_and_no_further(schedule):
    rows = sessions(schedule=schedule)
    assert len(rows) in {11, 12}
    assert all(row.weekday == 4 and row.local_start_time == time(10) for row in rows)
    assert rows[-1].starts_at.date() < timezone.localdate() + WINDOW
    assert rows[0].title == "Time for you and baby too"


def test_editing_the_time_moves_its_sessions(schedule):
    schedule.opens_at, schedule.closes_at = time(13, 30), time(14, 30)
    schedule.save()
    assert {row.local_start_time for row in sessions(schedule=schedule)} == {time(13, 30)}


def test_a_service_that_closes_leaves_what_s_on(schedule):
    service = schedule.service
    service.status = Service.Status.INACTIVE
    service.save()
    assert sessions() == []


def test_a_service_renamed_or_given_new_ages_is_written_again(schedule):
    service = schedule.service
    service.name, service.maximum_age = "Baby group", Decimal("1")
    service.save()
    row = sessions()[0]
    assert row.title == "Baby group"
    assert row.born_from == born_between(Decimal("0"), Decimal("1"), row.starts_at.date())[0]


def test_a_place_that_stops_being_a_hub_leaves_what_s_on(hub, schedule):
    hub.is_family_hub = False
    hub.save()
    assert sessions() == []


def test_cancelling_and_uncancelling_a_session(schedule):
    friday = next_friday()
    cancellation = CancellationFactory(schedule=schedule, date=friday, reason="Staff training")
    assert reason_on(friday) == "Staff training"
    assert reason_on(friday + timedelta(days=7)) == ""
    cancellation.delete()
    assert reason_on(friday) == ""


def test_a_closure_moved_to_other_dates_frees_the_first_ones(hub, schedule):
    friday = next_friday()
    closure = ClosureFactory(location=hub, starts_on=friday, ends_on=friday, reason="Repairs")
    assert reason_on(friday) == "Repairs"
    closure.starts_on = closure.ends_on = friday + timedelta(days=7)
    closure.save()
    assert reason_on(friday) == ""
    assert reason_on(friday + timedelta(days=7)) == "Repairs"
    closure.delete()
    assert reason_on(friday + timedelta(days=7)) == ""


def test_a_closure_of_another_hub_changes_nothing_here(schedule):
    friday = next_friday()
    ClosureFactory(location=HubFactory(), starts_on=friday, ends_on=friday)
    assert reason_on(friday) == ""


def test_bank_holidays_close_every_hub(schedule):
    friday = next_friday()
    holiday = BankHolidayFactory(date=friday, name="Boxing Day")
    assert reason_on(friday) == "Closed for Boxing Day"
    holiday.delete()
    assert reason_on(friday) == ""


def test_events_at_hubs_are_listed_and_follow_their_changes(hub):
    soon = timezone.now() + timedelta(days=3)
    event = EventFactory(location=hub, starts_at=soon, ends_at=soon + timedelta(hours=2))
    assert [row.event_id for row in sessions()] == [event.pk]
    event.cancelled = True
    event.save()
    assert sessions()[0].is_cancelled
    event.delete()
    assert sessions() == []


def test_deleting_a_schedule_with_cancellations_deletes_its_sessions(schedule):
    CancellationFactory(schedule=schedule, date=next_friday())
    schedule.delete()
    assert sessions() == []


def test_rebuild_command_starts_the_window_today(schedule):
    UpcomingSession.objects.all().delete()
    out = StringIO()
    call_command("rebuild_whats_on", stdout=out)
    assert len(sessions(schedule=schedule)) in {11, 12}
    assert "What's on holds" in out.getvalue()


def test_rebuild_matches_what_the_signals_wrote(hub, schedule):
    CancellationFactory(schedule=schedule, date=next_friday(), reason="Staff training")
    soon = timezone.now() + timedelta(days=1)
    EventFactory(location=hub, starts_at=soon, ends_at=soon + timedelta(hours=1))
    kept = [
        (r.schedule_id, r.event_id, r.starts_at, r.cancelled_reason, r.born_from, r.born_to)
        for r in sessions()
    ]
    rebuild(timezone.localdate())
    assert kept == [
        (r.schedule_id, r.event_id, r.starts_at, r.cancelled_reason, r.born_from, r.born_to)
        for r in sessions()
    ]


def test_the_demo_loader_leaves_what_s_on_filled():
    load_demo()
    assert UpcomingSession.objects.filter(title="Time for you and baby too").exists()


AGES = st.one_of(st.none(), st.sampled_from([Decimal(n) / 2 for n in range(0, 37)]))


@given(
    minimum=AGES,
    maximum=AGES,
    on=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    days_old=st.integers(0, 20 * 366),
)
@example(minimum=None, maximum=Decimal("2"), on=date(2026, 3, 31), days_old=3 * 365 // 1)
@example(minimum=Decimal("1"), maximum=Decimal("2"), on=date(2026, 2, 28), days_old=365)
def test_dates_of_birth_kept_for_what_s_on_agree_with_the_eligibility_rule(
    minimum, maximum, on, days_old
):
    if minimum is not None and maximum is not None and minimum > maximum:
        minimum, maximum = maximum, minimum
    service = Service(minimum_age=minimum, maximum_age=maximum, for_expectant_parents=False)
    born = on - timedelta(days=days_old)
    earliest, latest = born_between(minimum, maximum, on)
    kept = (earliest is None or earliest <= born) and (latest is None or born <= latest)
    assert kept == is_eligible(service, Child(date_of_birth=born), on)
