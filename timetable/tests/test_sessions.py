from datetime import date, datetime, time

import pytest

from directory.models import Service
from timetable.selectors import (
    LONDON,
    events_between,
    next_sessions,
    next_sessions_for_services,
    sessions_between,
    timetable_between,
)
from timetable.tests.factories import (
    BankHolidayFactory,
    CancellationFactory,
    ClosureFactory,
    EventFactory,
    HubFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 0) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def session_dates(occurrences):
    return [o.local_date for o in occurrences]


def test_weekly_group_runs_every_friday_in_range():
    schedule = WeeklyScheduleFactory()
    found = sessions_between(at(date(2025, 6, 2)), at(date(2025, 6, 23)))
    assert session_dates(found) == [date(2025, 6, 6), date(2025, 6, 13), date(2025, 6, 20)]
    assert found[0].service == schedule.service
    assert found[0].location == schedule.location


def test_cancelled_session_vanishes_but_the_rest_of_the_week_stays():
    schedule = WeeklyScheduleFactory()
    CancellationFactory(schedule=schedule, date=date(2025, 6, 13))
    found = sessions_between(at(date(2025, 6, 2)), at(date(2025, 6, 23)))
    assert session_dates(found) == [date(2025, 6, 6), date(2025, 6, 20)]


def test_cancelling_one_schedule_leaves_another_service_on_the_same_day():
    cancelled = WeeklyScheduleFactory()
    other = WeeklyScheduleFactory()
    CancellationFactory(schedule=cancelled, date=date(2025, 6, 13))
    found = sessions_between(at(date(2025, 6, 13)), at(date(2025, 6, 14)))
    assert [o.schedule for o in found] == [other]


def test_hub_closure_removes_every_session_there_and_only_there():
    closed = WeeklyScheduleFactory()
    open_elsewhere = WeeklyScheduleFactory()
    ClosureFactory(location=closed.location, starts_on=date(2025, 8, 1), ends_on=date(2025, 8, 10))
    found = sessions_between(at(date(2025, 7, 28)), at(date(2025, 8, 18)))
    assert {(o.schedule.pk, o.local_date) for o in found} == {
        (open_elsewhere.pk, date(2025, 8, 1)),
        (open_elsewhere.pk, date(2025, 8, 8)),
        (closed.pk, date(2025, 8, 15)),
        (open_elsewhere.pk, date(2025, 8, 15)),
    }


def test_closure_for_all_hubs_closes_every_hub():
    WeeklyScheduleFactory()
    WeeklyScheduleFactory()
    ClosureFactory(location=None, starts_on=date(2025, 12, 22), ends_on=date(2026, 1, 2))
    assert sessions_between(at(date(2025, 12, 20)), at(date(2026, 1, 3))) == []
    assert len(sessions_between(at(date(2026, 1, 3)), at(date(2026, 1, 10)))) == 2


def test_bank_holiday_closes_every_hub():
    WeeklyScheduleFactory()
    BankHolidayFactory(date=date(2025, 12, 26))
    found = sessions_between(at(date(2025, 12, 15)), at(date(2026, 1, 5)))
    assert session_dates(found) == [date(2025, 12, 19), date(2026, 1, 2)]


def test_sessions_of_inactive_services_are_not_shown():
    schedule = WeeklyScheduleFactory()
    Service.objects.filter(pk=schedule.service.pk).update(status=Service.Status.DEFUNCT)
    assert sessions_between(at(date(2025, 6, 2)), at(date(2025, 6, 9))) == []


def test_sessions_can_be_narrowed_to_hubs_and_services():
    here = WeeklyScheduleFactory()
    there = WeeklyScheduleFactory()
    week = (at(date(2025, 6, 2)), at(date(2025, 6, 9)))
    assert [o.schedule for o in sessions_between(*week, locations=[here.location])] == [here]
    assert [o.schedule for o in sessions_between(*week, services=[there.service])] == [there]
    assert sessions_between(*week, locations=[here.location], services=[there.service]) == []


def test_schedule_reaching_its_place_only_through_service_at_location_is_found():
    schedule = WeeklyScheduleFactory(service=None, location=None)
    week = (at(date(2025, 6, 2)), at(date(2025, 6, 9)))
    found = sessions_between(*week, locations=[schedule.service_at_location.location])
    assert [o.service for o in found] == [schedule.service_at_location.service]
    assert found[0].location == schedule.service_at_location.location


@pytest.mark.parametrize("as_list", [True, False], ids=["loaded services", "a queryset"])
def test_sessions_of_services_include_schedules_linked_through_their_place_and_not_inactive(
    as_list,
):
    direct = WeeklyScheduleFactory()
    linked = WeeklyScheduleFactory(service=None, location=None)
    inactive = WeeklyScheduleFactory()
    Service.objects.filter(pk=inactive.service.pk).update(status=Service.Status.DEFUNCT)
    WeeklyScheduleFactory()  # another service's, not asked for
    asked = Service.objects.filter(
        pk__in=[direct.service.pk, linked.service_at_location.service.pk, inactive.service.pk]
    )
    week = (at(date(2025, 6, 2)), at(date(2025, 6, 9)))
    found = sessions_between(*week, services=list(asked) if as_list else asked)
    assert {o.schedule for o in found} == {direct, linked}


def test_schedule_ended_before_the_range_is_not_expanded():
    WeeklyScheduleFactory(valid_to=date(2025, 5, 31))
    assert sessions_between(at(date(2025, 6, 2)), at(date(2025, 6, 9))) == []


def test_next_sessions_skip_cancelled_and_closed_dates():
    schedule = WeeklyScheduleFactory()
    CancellationFactory(schedule=schedule, date=date(2025, 6, 13))
    ClosureFactory(
        location=schedule.location, starts_on=date(2025, 6, 18), ends_on=date(2025, 6, 21)
    )
    found = next_sessions(schedule.service, at(date(2025, 6, 10)), 3)
    assert session_dates(found) == [date(2025, 6, 27), date(2025, 7, 4), date(2025, 7, 11)]


def test_next_sessions_start_after_the_moment_given():
    schedule = WeeklyScheduleFactory()
    found = next_sessions(schedule.service, at(date(2025, 6, 13), 10), 1)
    assert found[0].start == at(date(2025, 6, 13), 10)
    later = next_sessions(schedule.service, at(date(2025, 6, 13), 11), 1)
    assert session_dates(later) == [date(2025, 6, 20)]


def test_next_sessions_for_many_services_take_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    schedules = [WeeklyScheduleFactory() for _ in range(5)]
    services = [s.service for s in schedules]
    with django_assert_num_queries(5):
        found = next_sessions_for_services(services, at(date(2025, 6, 10)), 2)
    assert {service_id: session_dates(runs) for service_id, runs in found.items()} == {
        s.pk: [date(2025, 6, 13), date(2025, 6, 20)] for s in services
    }


def test_cancelled_events_are_left_out_and_events_join_the_timetable():
    hub = HubFactory()
    shown = EventFactory(location=hub)
    EventFactory(location=hub, cancelled=True)
    schedule = WeeklyScheduleFactory(location=hub, service_at_location__location=hub)
    week = (at(date(2025, 6, 9)), at(date(2025, 6, 16)))
    assert events_between(*week) == [shown]
    entries = timetable_between(*week, locations=[hub])
    assert [(e.title, e.local_date) for e in entries] == [
        (shown.title, date(2025, 6, 9)),
        (schedule.service.name, date(2025, 6, 13)),
    ]


def test_events_suit_born_children_and_expectant_parents_only_when_marked():
    from directory.eligibility import Child

    hub = HubFactory()
    for_bumps = EventFactory(location=hub, for_expectant_parents=True)
    for_babies = EventFactory(location=hub, for_expectant_parents=False)
    entries = {e.event: e for e in timetable_between(at(date(2025, 6, 9)), at(date(2025, 6, 10)))}
    expecting, toddler = Child(), Child(date_of_birth=date(2024, 1, 1))
    assert entries[for_bumps].is_for(expecting) and entries[for_bumps].is_for(toddler)
    assert not entries[for_babies].is_for(expecting)
    assert entries[for_babies].is_for(toddler)
    assert entries[for_babies].is_for(None)
