"""The search behind 'find support near you': distance order, eligibility on the session's date,
filters and paging, in a constant number of queries."""

from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.eligibility import Child
from directory.filters import IN_PERSON, ONLINE, ServiceFilters
from directory.models import Location
from geo.postcodes import Place
from timetable.models import Cancellation
from timetable.selectors import LONDON
from web.forms import Search
from web.selectors import RESULTS_PER_PAGE, find_support
from web.tests.factories import (
    GRAYS,
    SCUNTHORPE,
    TILBURY,
    TaxonomyTermFactory,
    tag,
    unscheduled_service,
    weekly_group,
)

pytestmark = pytest.mark.django_db

# A Monday; the groups meet on Fridays, so the next session is Friday 6 June 2025.
MONDAY = datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)
IN_TILBURY = Search(
    place=Place("RM18 7AA", *TILBURY, "unit"),
    child=None,
    weekday="",
    time_of_day="",
    topic=None,
    text="",
    page=1,
)


def names(search: Search, now: datetime = MONDAY) -> list[str]:
    return [result.service.name for result in find_support(search, now).results]


def born(on: date) -> Search:
    return replace(IN_TILBURY, child=Child(date_of_birth=on))


def test_results_are_nearest_first_and_leave_out_far_away_services():
    weekly_group("In Grays", at=GRAYS)
    weekly_group("In Tilbury", at=TILBURY)
    weekly_group("In Scunthorpe", at=SCUNTHORPE)

    assert names(IN_TILBURY) == ["In Tilbury", "In Grays"]


def test_each_result_has_its_distance_and_next_session():
    weekly_group("Time for you and baby too")

    [result] = find_support(IN_TILBURY, MONDAY).results

    assert result.distance_m < 100
    assert result.next_session.start == datetime(2025, 6, 6, 10, 0, tzinfo=LONDON)
    assert result.cost == "Free"
    assert result.who_it_is_for == "Expectant parents and children up to 2 years old"


def test_expectant_parents_see_only_services_for_expectant_parents():
    weekly_group("Bump and baby", for_expectant_parents=True)
    weekly_group("Toddler play", for_expectant_parents=False)

    expecting = replace(IN_TILBURY, child=Child(due_date=date(2025, 9, 1)))

    assert names(expecting) == ["Bump and baby"]


def test_group_for_under_twos_is_shown_to_a_child_who_is_24_months_on_the_day():
    weekly_group("Time for you and baby too", maximum_age=Decimal("2"))

    assert names(born(date(2023, 6, 6))) == ["Time for you and baby too"]


def test_group_for_under_twos_is_not_shown_to_a_child_who_is_25_months_on_the_day():
    weekly_group("Time for you and baby too", maximum_age=Decimal("2"))

    assert names(born(date(2023, 5, 6))) == []


def test_child_who_turns_25_months_before_the_next_session_is_not_shown_the_group():
    weekly_group("Time for you and baby too", maximum_age=Decimal("2"))
    # 24 months on Monday 2 June, 25 months from Tuesday 3 June: the session is on Friday 6th.
    child = born(date(2023, 5, 3))

    assert names(child) == []


def test_child_who_becomes_old_enough_before_the_session_is_shown_it_from_that_session():
    weekly_group("Toddler group", minimum_age=Decimal("1"), maximum_age=Decimal("3"))
    # 11 months on Monday 2 June, 12 months on Thursday 5 June: old enough on Friday 6th.
    [result] = find_support(born(date(2024, 6, 5)), MONDAY).results

    assert result.next_session.local_date == date(2025, 6, 6)


def test_first_session_shown_is_the_first_the_child_is_old_enough_for():
    weekly_group("Toddler group", byday="MO,FR", minimum_age=Decimal("1"), maximum_age=Decimal("3"))
    # 12 months from Thursday 5 June: Monday 2 June is too soon, Friday 6 June is fine.
    [result] = find_support(born(date(2024, 6, 5)), datetime(2025, 6, 1, 9, tzinfo=LONDON)).results

    assert result.next_session.local_date == date(2025, 6, 6)


def test_service_without_sessions_is_judged_on_todays_age():
    unscheduled_service("Together with Baby", maximum_age=Decimal("2"))

    assert names(born(date(2024, 1, 1))) == ["Together with Baby"]
    assert names(born(date(2022, 1, 1))) == []


def test_cancelled_session_is_skipped_for_the_next_one_that_runs():
    service = weekly_group("Time for you and baby too")
    schedule = service.schedules.get()
    Cancellation.objects.create(schedule=schedule, date=date(2025, 6, 6), reason="Training")

    [result] = find_support(IN_TILBURY, MONDAY).results

    assert result.next_session.local_date == date(2025, 6, 13)


def test_topic_finds_services_tagged_with_it_or_a_narrower_topic():
    parent_groups = TaxonomyTermFactory(name="Parent groups")
    infant_mental_health = TaxonomyTermFactory(name="Infant mental health", parent=parent_groups)
    tag(weekly_group("Broad"), parent_groups)
    tag(weekly_group("Narrow"), infant_mental_health)
    weekly_group("Untagged")

    assert sorted(names(replace(IN_TILBURY, topic=parent_groups))) == ["Broad", "Narrow"]
    assert names(replace(IN_TILBURY, topic=infant_mental_health)) == ["Narrow"]


def test_search_words_narrow_the_results_but_distance_still_orders_them():
    weekly_group("Baby massage far", at=GRAYS)
    weekly_group("Baby massage near")
    weekly_group("Storytime")

    assert names(replace(IN_TILBURY, text="massage")) == ["Baby massage near", "Baby massage far"]


def test_day_and_time_of_day_keep_services_meeting_then_and_show_that_session():
    weekly_group("Monday morning", byday="MO", opens=time(9, 30), closes=time(11))
    weekly_group("Friday afternoon", byday="FR", opens=time(13), closes=time(14))

    assert names(replace(IN_TILBURY, weekday="MO")) == ["Monday morning"]
    assert names(replace(IN_TILBURY, time_of_day="afternoon")) == ["Friday afternoon"]
    assert names(replace(IN_TILBURY, weekday="MO", time_of_day="afternoon")) == []


def test_results_are_paged():
    for number in range(RESULTS_PER_PAGE + 3):
        weekly_group(f"Group {number:02d}", at=(TILBURY[0] + number * 0.001, TILBURY[1]))

    first = find_support(IN_TILBURY, MONDAY)
    second = find_support(replace(IN_TILBURY, page=2), MONDAY)
    third = find_support(replace(IN_TILBURY, page=3), MONDAY)

    assert (first.total, first.page_count) == (RESULTS_PER_PAGE + 3, 2)
    assert [r.service.name for r in second.results] == ["Group 10", "Group 11", "Group 12"]
    assert second.first_shown == 11 and second.last_shown == 13
    assert third.is_past_the_end and third.results == []


def queries_for(search: Search) -> int:
    with CaptureQueriesContext(connection) as captured:
        find_support(search, MONDAY)
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_results():
    # Near the 24-month limit, so session dates are checked too; one fixed distance.
    child = replace(born(date(2023, 5, 20)), within_miles=20)
    weekly_group("First", maximum_age=Decimal("2"))
    few = queries_for(child)

    for number in range(RESULTS_PER_PAGE + 5):
        weekly_group(f"More {number}", maximum_age=Decimal("2"))
        unscheduled_service(f"Referral {number}", maximum_age=Decimal("3"))

    assert queries_for(child) == few


def test_search_widens_until_a_page_fills_and_stops_there():
    weekly_group("Far", at=(TILBURY[0] + 0.1, TILBURY[1]))  # about 7 miles away
    assert names(IN_TILBURY) == ["Far"]
    assert find_support(IN_TILBURY, MONDAY).within_miles == 20

    for number in range(RESULTS_PER_PAGE):
        weekly_group(f"Near {number}")
    page = find_support(IN_TILBURY, MONDAY)

    assert page.within_miles == 1
    assert "Far" not in [result.service.name for result in page.results]


def test_a_chosen_distance_is_kept_even_if_it_finds_little():
    weekly_group("In Grays", at=GRAYS)  # about 1.6 miles away

    page = find_support(replace(IN_TILBURY, within_miles=1), MONDAY)

    assert (page.within_miles, page.total) == (1, 0)


def online_group(name: str, at: tuple[float, float]) -> None:
    group = weekly_group(name, at=at)
    Location.objects.filter(service_at_locations__service=group).update(
        location_type=Location.LocationType.VIRTUAL
    )


def test_online_services_are_found_once_per_search_however_many_there_are():
    # One fixed distance, so the count is not that of the widening circles.
    online = replace(
        IN_TILBURY, within_miles=20, filters=ServiceFilters(delivery=(IN_PERSON, ONLINE))
    )
    weekly_group("Hub group")
    online_group("Video group nearby", TILBURY)
    online_group("Video group far away", SCUNTHORPE)
    few = queries_for(online)

    for number in range(RESULTS_PER_PAGE + 5):
        weekly_group(f"More {number}", at=(TILBURY[0] + 0.1, TILBURY[1]))
        online_group(f"Online nearby {number}", TILBURY)
        online_group(f"Online far {number}", SCUNTHORPE)

    assert queries_for(online) == few
    page = find_support(online, MONDAY)
    assert page.total == 3 * (RESULTS_PER_PAGE + 5) + 3
    # Nearby ones (in person or online) by distance, then online ones elsewhere, by name.
    assert [r.service.name for r in page.results][:2] == ["Hub group", "Online nearby 0"]
    last = find_support(replace(online, page=page.page_count), MONDAY).results
    assert [(r.service.name, r.distance_m) for r in last][-1] == ("Video group far away", None)


def test_online_only_lists_nearby_ones_nearest_first_then_the_rest_by_name():
    only_online = replace(IN_TILBURY, filters=ServiceFilters(delivery=(ONLINE,)))
    online_group("Zebra video group", TILBURY)
    online_group("Apple video group", TILBURY)
    online_group("Grays video group", GRAYS)
    online_group("Distant video group", SCUNTHORPE)
    weekly_group("Hub group")

    page = find_support(only_online, MONDAY)
    assert [(r.service.name, r.distance_m is None) for r in page.results] == [
        ("Apple video group", False),
        ("Zebra video group", False),
        ("Grays video group", False),
        ("Distant video group", True),
    ]
    assert page.within_miles == 20

    for number in range(RESULTS_PER_PAGE):
        online_group(f"Tilbury video {number}", TILBURY)
    page = find_support(only_online, MONDAY)
    # A mile holds a page now, so the search stops there; the rest follow by name.
    assert page.within_miles == 1
    assert page.total == RESULTS_PER_PAGE + 4
    later = find_support(replace(only_online, page=2), MONDAY).results
    assert [(r.service.name, r.distance_m) for r in later][-2:] == [
        ("Distant video group", None),
        ("Grays video group", None),
    ]
