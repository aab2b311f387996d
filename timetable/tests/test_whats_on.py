"""What's on as parents use it: near a place or at a hub, in time order from today, filtered by
who it is for, topic, day and time, paged by time; cancelled sessions shown with the reason."""

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from directory.eligibility import Child, is_eligible
from timetable.filters import WhatsOnForm
from timetable.selectors import WHATS_ON_PER_PAGE
from timetable.tests.factories import (
    AddressFactory,
    BankHolidayFactory,
    CancellationFactory,
    ClosureFactory,
    EventFactory,
    HubFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
    tag,
)
from timetable.upcoming import WINDOW
from web.tests.factories import GRAYS, SCUNTHORPE, TILBURY, PostcodeFactory

pytestmark = pytest.mark.django_db
URL = reverse("timetable:whats_on")
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def next_weekday(code: str, after: date | None = None) -> date:
    """The first such weekday after today (never today, so no session has started yet)."""
    day = (after or timezone.localdate()) + timedelta(days=1)
    while day.weekday() != WEEKDAYS.index(code):
        day += timedelta(days=1)
    return day


def hub_at(name: str, point=TILBURY, town: str = "Tilbury", **fields):
    hub = HubFactory(name=name, latitude=point[0], longitude=point[1], **fields)
    AddressFactory(location=hub, city=town)
    return hub


def group(hub, name: str, byday: str = "FR", opens: time = time(10), **service):
    return WeeklyScheduleFactory(
        location=hub,
        service_at_location__location=hub,
        service_at_location__service=ServiceFactory(name=name, **service),
        byday=byday,
        opens_at=opens,
        closes_at=time(opens.hour + 1, opens.minute),
    )


def due_date_params() -> dict:
    due = timezone.localdate() + timedelta(days=120)
    return {"child": "expecting", "due_day": due.day, "due_month": due.month, "due_year": due.year}


def born_params(born: date) -> dict:
    return {"child": "born", "dob_day": born.day, "dob_month": born.month, "dob_year": born.year}


def months_ago(months: int, on: date | None = None) -> date:
    on = on or timezone.localdate()
    index = on.year * 12 + on.month - 1 - months
    return date(index // 12, index % 12 + 1, min(on.day, 28))


@pytest.fixture
def tilbury():
    return hub_at("Tilbury Family Hub", slug="tilbury")


@pytest.fixture
def baby_group(tilbury):
    return group(tilbury, "Time for you and baby too")


@pytest.fixture
def thurrock_hubs():
    """Seven hubs whose names come before Tilbury's, each with a Friday toddler group that is
    not for expectant parents: the old page listed five hubs a page, A to Z."""
    names = ["Aveley", "Blackshots", "Chadwell", "Corringham", "Grays", "Purfleet", "Stanford"]
    return [
        group(
            hub_at(f"{name} Family Hub", point=GRAYS, town="Tilbury"),
            f"Toddler gym at {name}",
            opens=time(9),
            minimum_age=Decimal("1"),
            maximum_age=Decimal("4"),
            for_expectant_parents=False,
        )
        for name in names
    ]


def get_page(client, params: dict) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def test_expectant_parent_searching_a_town_sees_tilburys_friday_group_on_page_1(
    client, baby_group, thurrock_hubs
):
    friday = next_weekday("FR")
    page = get_page(client, {"where": "Tilbury", **due_date_params(), "day": "FR"})
    assert "Sessions near Tilbury" in page
    assert "Time for you and baby too" in page
    assert f"{friday:%A %-d %B}" in page
    assert "10am to 11am" in page
    assert "Toddler gym" not in page
    assert "Nothing on" not in page


def test_expectant_parent_searching_a_postcode_sees_the_group_in_time_order(
    client, baby_group, thurrock_hubs
):
    PostcodeFactory()
    page = get_page(client, {"where": "RM18 7AA", "child": "expecting", "day": "FR"})
    assert "Sessions near RM18 7AA" in page
    friday = next_weekday("FR")
    following = friday + timedelta(days=7)
    first, second = page.index(f"{friday:%A %-d %B}"), page.index(f"{following:%A %-d %B}")
    assert first < page.index("Time for you and baby too") < second


def test_a_chosen_hub_shows_only_its_sessions(client, baby_group, thurrock_hubs):
    page = get_page(client, {"hub": "tilbury", "child": "any"})
    assert "Sessions at Tilbury Family Hub" in page
    assert "Time for you and baby too" in page
    assert "Toddler gym" not in page


def session_starts(page: str) -> list[str]:
    """The local start of every session listed, from its calendar link, in page order."""
    return re.findall(r"/calendar/sessions/[0-9a-f-]{36}/([0-9-]{10}T[0-9]{4})\.ics", page)


def test_sessions_come_in_time_order_across_hubs_and_page_by_time(client, tilbury):
    grays = hub_at("Grays Family Hub", point=GRAYS)
    for day in WEEKDAYS[:5]:
        group(grays, f"Morning group {day}", byday=day, opens=time(9))
        group(tilbury, f"Afternoon group {day}", byday=day, opens=time(14))
    first = get_page(client, {})
    second = get_page(client, {"page": 2})
    on_first, on_second = session_starts(first), session_starts(second)
    assert len(on_first) == len(on_second) == WHATS_ON_PER_PAGE
    assert on_first == sorted(on_first) and on_second == sorted(on_second)
    assert on_first[-1] < on_second[0]
    # Both hubs' sessions are mixed on a page, by time.
    assert "Grays Family Hub" in first and "Tilbury Family Hub" in first
    assert "Showing 1 to 20." in first and "Showing 21 to 40." in second
    assert 'href="?page=2"' in first


def test_cancelled_session_is_shown_as_cancelled_with_the_reason(client, baby_group):
    friday = next_weekday("FR")
    CancellationFactory(schedule=baby_group, date=friday, reason="Staff training")
    page = get_page(client, {"hub": "tilbury"})
    cancelled = page.index("Cancelled: Staff training.")
    assert page.index(f"{friday:%A %-d %B}") < cancelled
    assert cancelled < page.index(f"{friday + timedelta(days=7):%A %-d %B}")
    assert page.count("Cancelled: Staff training.") == 1
    assert '<strong class="govuk-tag govuk-tag--red">Cancelled</strong>' in page
    assert f"{friday:%Y-%m-%d}T1000.ics" not in page
    assert f"{friday + timedelta(days=7):%Y-%m-%d}T1000.ics" in page


def test_closures_and_bank_holidays_show_their_sessions_cancelled(client, tilbury, baby_group):
    friday = next_weekday("FR")
    ClosureFactory(location=tilbury, starts_on=friday, ends_on=friday, reason="Repairs to the roof")
    BankHolidayFactory(date=friday + timedelta(days=7), name="Boxing Day")
    page = get_page(client, {"hub": "tilbury"})
    assert "Cancelled: Repairs to the roof." in page
    assert "Cancelled: Closed for Boxing Day." in page


def test_a_cancelled_event_is_shown_as_cancelled(client, tilbury):
    starts = timezone.now() + timedelta(days=3)
    EventFactory(
        title="Ockendon awareness day",
        location=tilbury,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        cancelled=True,
    )
    page = get_page(client, {"hub": "tilbury"})
    assert "Ockendon awareness day" in page
    assert "One-off event" in page
    assert "Cancelled: This event will not take place." in page


@pytest.mark.parametrize(("months", "shown"), [(20, True), (23, True), (30, False)])
def test_group_for_under_twos_is_shown_by_the_childs_date_of_birth(
    client, baby_group, months, shown
):
    page = get_page(client, {"hub": "tilbury", **born_params(months_ago(months))})
    assert ("Time for you and baby too" in page) is shown


def test_a_child_who_turns_too_old_sees_only_the_sessions_before(client, baby_group):
    """Eligibility is on each session's date (2 years is up to 24 whole months old)."""
    first_friday = next_weekday("FR")
    born = months_ago(24, first_friday) - timedelta(days=1)
    fridays = [first_friday + timedelta(days=7 * n) for n in range(8)]
    eligible = {f: is_eligible(baby_group.service, Child(date_of_birth=born), f) for f in fridays}
    assert True in eligible.values() and False in eligible.values()
    page = get_page(client, {"hub": "tilbury", **born_params(born)})
    for friday, shown in eligible.items():
        assert (f"{friday:%Y-%m-%d}T1000.ics" in page) is shown


def test_day_and_time_of_day_filters(client, tilbury):
    group(tilbury, "Monday morning group", byday="MO", opens=time(9))
    group(tilbury, "Monday afternoon group", byday="MO", opens=time(14))
    group(tilbury, "Friday morning group", byday="FR", opens=time(9))
    page = get_page(client, {"day": "MO", "time": "morning"})
    assert "Monday morning group" in page
    assert "Monday afternoon group" not in page
    assert "Friday morning group" not in page


def test_topic_filter_includes_narrower_topics_and_leaves_out_events(client, tilbury, baby_group):
    parent = TaxonomyTermFactory(code="support-for-families", name="Support for families")
    groups = TaxonomyTermFactory(code="parent-groups", name="Parent groups", parent=parent)
    tag(baby_group.service, groups)
    group(tilbury, "Toddler gym")
    EventFactory(
        location=tilbury,
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
        title="Open day",
    )
    page = get_page(client, {"topic": "support-for-families"})
    assert "Time for you and baby too" in page
    assert "Toddler gym" not in page
    assert "Open day" not in page


def test_starting_from_a_later_date(client, baby_group):
    later = next_weekday("FR") + timedelta(days=21)
    page = get_page(
        client, {"from_day": later.day, "from_month": later.month, "from_year": later.year}
    )
    assert f"from {later:%A %-d %B}" in page
    assert f"{later - timedelta(days=7):%A %-d %B}" not in page
    assert f"{later:%A %-d %B}" in page


def test_near_a_place_leaves_out_hubs_far_away(client, baby_group):
    far = hub_at("Scunthorpe Children's Centre", point=SCUNTHORPE, town="Scunthorpe")
    group(far, "Scunthorpe stay and play")
    page = get_page(client, {"where": "Tilbury"})
    assert "Time for you and baby too" in page
    assert "Scunthorpe stay and play" not in page
    assert "within 20 miles" in page


def test_search_widens_until_a_page_of_sessions_is_found(client, baby_group):
    grays = hub_at("Grays Family Hub", point=GRAYS, town="Grays")
    group(grays, "Grays group")
    near_only = get_page(client, {"where": "Tilbury", "distance": "1"})
    assert "Grays group" not in near_only and "within 1 mile" in near_only
    widened = get_page(client, {"where": "Tilbury"})
    assert "Grays group" in widened and "within 3 miles" in widened
    assert "Grays Family Hub</a> (1.7 miles away)" in widened
    assert "Tilbury Family Hub</a> (less than 0.1 miles away)" in widened


def test_nothing_matching_says_so_and_offers_ways_to_widen(client, baby_group):
    page = get_page(client, {"where": "Tilbury", "distance": "3", "day": "SU"})
    assert "We found no sessions within 3 miles that match your choices" in page
    assert "distance=20" in page


@pytest.mark.parametrize(
    ("params", "anchor", "message"),
    [
        ({"hub": "atlantis"}, "hub", "Select a Family Hub from the list"),
        ({"where": "Atlantis"}, "where", "We could not find &#x27;Atlantis&#x27;"),
        ({"where": "RM19 9ZZ"}, "where", "We could not find the postcode RM19 9ZZ"),
        (
            {"where": "Tilbury", "hub": "tilbury"},
            "hub",
            "Enter a postcode or town, or select a Family Hub, but not both",
        ),
        ({"topic": "knitting"}, "topic", "Select a topic from the list"),
        ({"day": "someday"}, "day", "Select a day from the list"),
        ({"child": "born"}, "dob_day", "Enter your child&#x27;s date of birth"),
        (
            {"child": "born", "dob_day": "31", "dob_month": "2", "dob_year": "2025"},
            "dob_day",
            "Date of birth must be a real date",
        ),
        ({"from_day": "1", "from_month": "1"}, "from_day", "Date must include a year"),
        (
            {"from_day": "1", "from_month": "1", "from_year": "2020"},
            "from_day",
            "Date must be between",
        ),
        (
            {"from_day": "x", "from_month": "1", "from_year": "2027"},
            "from_day",
            "Date must be a real date, in numbers",
        ),
        ({"page": "two"}, "search-results", "Page must be a number, like 2"),
        ({"page": "²"}, "search-results", "Page must be a number, like 2"),
        ({"page": "0"}, "search-results", "Page must be a number, like 2"),
        ({"page": "5"}, "search-results", "There is no page 5. There is 1 page of sessions"),
    ],
)
def test_bad_choices_are_explained_in_the_error_summary(
    client, baby_group, params, anchor, message
):
    AddressFactory(location=baby_group.location, city="Tilbury")
    response = client.get(URL, params)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert f'<a href="#{anchor}">{message}' in page
    assert f'id="{anchor}"' in page
    assert "<title>Error: " in page
    assert "Add to calendar" not in page


def test_what_the_parent_typed_is_kept_after_an_error(client, baby_group):
    params = {
        "hub": "atlantis",
        "from_day": "31",
        "from_month": "2",
        "from_year": "2027",
        **born_params(months_ago(8)),
    }
    page = client.get(URL, params).content.decode()
    assert 'id="from_day" name="from_day" type="text" inputmode="numeric" value="31"' in page
    assert 'id="from_month" name="from_month" type="text" inputmode="numeric" value="2"' in page
    born = months_ago(8)
    assert f'name="dob_year" type="text" inputmode="numeric" value="{born.year}"' in page
    assert 'id="child" name="child" type="radio" value="born" checked' in page


def test_searches_are_not_indexed_or_shared_from_caches(client, baby_group):
    response = client.get(URL, born_params(months_ago(8)))
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "private" in response["Cache-Control"]


def _query_count(client, params: dict) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = get_page(client, params)
    return len(queries), page


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"where": "Tilbury", **due_date_params()},
        {"where": "RM18 7AA", "distance": "5"},
        {"hub": "tilbury", **born_params(months_ago(8))},
    ],
)
def test_query_count_does_not_grow_with_the_number_of_sessions(client, tilbury, params):
    PostcodeFactory()
    AddressFactory(location=tilbury, city="Tilbury")
    group(tilbury, "Only group")
    get_page(client, params)  # the first request of a visitor writes more (rate limits)
    few, page = _query_count(client, params)
    assert page.count('class="fh-timetable__entry') >= 1
    for n in range(6):
        hub = hub_at(f"Hub {n}") if n else tilbury
        for day in WEEKDAYS:
            group(hub, f"Group {n} {day}", byday=day)
    soon = timezone.now() + timedelta(days=2)
    EventFactory(location=tilbury, starts_at=soon, ends_at=soon + timedelta(hours=1))
    many, page = _query_count(client, params)
    assert page.count('class="fh-timetable__entry') == WHATS_ON_PER_PAGE
    assert many == few


@given(params=st.dictionaries(st.sampled_from(list(WhatsOnForm.base_fields)), st.text(max_size=30)))
@example(params={"page": "²"})
@example(params={"from_year": "\x00"})
def test_no_query_string_breaks_the_page(client, searches_unlimited, params):
    response = client.get(URL, params)
    assert response.status_code in {200, 400}
    assert b"What's on at Family Hubs" in response.content.replace(b"&#x27;", b"'")


def test_the_window_is_twelve_weeks(client, baby_group):
    page = get_page(client, {"hub": "tilbury"})
    last = timezone.localdate() + WINDOW - timedelta(days=1)
    assert f"up to {last:%-d %B}" in page


def test_past_what_is_counted_parents_are_asked_to_narrow_the_search(client, tilbury, monkeypatch):
    monkeypatch.setattr("timetable.selectors.WHATS_ON_COUNTED_UP_TO", 30)
    monkeypatch.setattr("timetable.views.WHATS_ON_COUNTED_UP_TO", 30)
    for day in WEEKDAYS:
        group(tilbury, f"Group {day}", byday=day)
    page = get_page(client, {})
    assert "More than 30 sessions" in page
    assert "We list the first 30. Enter a postcode or town" in page
    assert 'aria-label="Page 2"' in page and 'aria-label="Page 3"' not in page
    response = client.get(URL, {"page": "3"})
    assert response.status_code == 400
    assert "There is no page 3. There are 2 pages of sessions" in response.content.decode()


def test_near_a_place_counting_stops_too(client, tilbury, monkeypatch):
    monkeypatch.setattr("timetable.selectors.WHATS_ON_COUNTED_UP_TO", 30)
    monkeypatch.setattr("timetable.views.WHATS_ON_COUNTED_UP_TO", 30)
    AddressFactory(location=tilbury, city="Tilbury")
    for day in WEEKDAYS:
        group(tilbury, f"Group {day}", byday=day)
    page = get_page(client, {"where": "Tilbury"})
    assert "More than 30 sessions within 1 mile" in page
    assert 'aria-label="Page 2"' in page and 'aria-label="Page 3"' not in page
