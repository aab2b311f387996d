from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timetable.filters import FIELDS
from timetable.selectors import week_starting
from timetable.tests.factories import (
    BankHolidayFactory,
    CancellationFactory,
    ClosureFactory,
    HubFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    WeeklyScheduleFactory,
    tag,
)
from timetable.views import HUBS_PER_PAGE

pytestmark = pytest.mark.django_db
URL = reverse("timetable:whats_on")


def this_friday() -> date:
    return week_starting(timezone.localdate()) + timedelta(days=4)


def at_hub(hub, **service):
    return WeeklyScheduleFactory(
        location=hub,
        service_at_location__location=hub,
        service_at_location__service=ServiceFactory(**service),
    )


def age_params(months: int) -> dict:
    return {"who": "child", "age-years": months // 12, "age-months": months % 12}


@pytest.fixture
def tilbury():
    return HubFactory(name="Tilbury Family Hub", slug="tilbury")


@pytest.fixture
def baby_group(tilbury):
    return at_hub(tilbury, name="Time for you and baby too")


def test_this_weeks_sessions_are_shown_monday_to_sunday(client, baby_group):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    monday = week_starting(timezone.localdate())
    assert f"{monday:%A %-d %B}" in page
    assert f"{monday + timedelta(days=6):%A %-d %B}" in page
    assert "Time for you and baby too" in page
    assert "Tilbury Family Hub" in page
    assert reverse("timetable:hub", args=["tilbury"]) in page
    assert reverse("web:service", args=[baby_group.service.pk]) in page
    assert "10am to 11am" in page
    assert (
        reverse(
            "timetable:occurrence_ics", args=[str(baby_group.pk), f"{this_friday():%Y-%m-%d}T1000"]
        )
        in page
    )


def test_previous_and_next_week_links_keep_the_filters(client, baby_group):
    response = client.get(URL, {"hub": "tilbury", "week": "2025-06-11"})
    page = response.content.decode()
    assert "9 June to 15 June 2025" in page
    assert "?hub=tilbury&amp;week=2025-06-02" in page
    assert "?hub=tilbury&amp;week=2025-06-16" in page


def test_cancelled_session_is_gone_from_its_week_only(client, baby_group):
    CancellationFactory(schedule=baby_group, date=date(2025, 6, 13))
    assert (
        "Time for you and baby too" not in client.get(URL, {"week": "2025-06-09"}).content.decode()
    )
    assert "Time for you and baby too" in client.get(URL, {"week": "2025-06-16"}).content.decode()


def test_hub_filter_shows_only_that_hub(client, baby_group):
    other = at_hub(HubFactory(name="Grays Family Hub"), name="Stay and Play at Grays")
    page = client.get(URL, {"hub": "tilbury"}).content.decode()
    assert "Time for you and baby too" in page
    assert other.service.name not in page


def test_expecting_shows_only_groups_for_expectant_parents(client, tilbury, baby_group):
    at_hub(tilbury, name="Toddler gym", for_expectant_parents=False)
    page = client.get(URL, {"who": "expecting"}).content.decode()
    assert "Time for you and baby too" in page
    assert "Toddler gym" not in page


@pytest.mark.parametrize(("months", "shown"), [(20, True), (24, True), (25, False)])
def test_group_for_under_twos_is_shown_by_the_childs_age(client, baby_group, months, shown):
    page = client.get(URL, age_params(months)).content.decode()
    assert ("Time for you and baby too" in page) is shown


def test_topic_filter_includes_narrower_topics(client, tilbury, baby_group):
    parent = TaxonomyTermFactory(code="support-for-families", name="Support for families")
    groups = TaxonomyTermFactory(code="parent-groups", name="Parent groups", parent=parent)
    tag(baby_group.service, groups)
    at_hub(tilbury, name="Toddler gym")
    page = client.get(URL, {"topic": "support-for-families"}).content.decode()
    assert "Time for you and baby too" in page
    assert "Toddler gym" not in page


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"hub": "atlantis"}, "hub", "Choose a hub from the list"),
        ({"topic": "knitting"}, "topic", "Choose a topic from the list"),
        ({"week": "next tuesday"}, "week", "Enter the week as a date"),
        ({"week": "1999-01-04"}, "week", "Choose a week between"),
        ({"week": "9999-12-31"}, "week", "Choose a week between"),
        ({"who": "grandparents"}, "who", "Choose who the sessions are for"),
        ({"who": "child"}, "age-years", "Enter your child&#x27;s age"),
        ({"who": "child", "age-years": "one"}, "age-years", "Years must be a whole number"),
        ({"who": "child", "age-years": "-1"}, "age-years", "Years must be a whole number"),
        ({"who": "child", "age-years": "19"}, "age-years", "from 0 to 18"),
        ({"who": "child", "age-months": "12"}, "age-months", "Months must be a whole number"),
        ({"who": "child", "age-years": "1", "age-months": "1.5"}, "age-months", "from 0 to 11"),
        ({"page": "two"}, "page", "whole number"),
        ({"page": "0"}, "page", "whole number"),
        ({"page": "5"}, "page", "There is only 1 page of hubs"),
    ],
)
def test_bad_filters_are_explained_in_the_error_summary(client, baby_group, params, field, message):
    response = client.get(URL, params)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert f'<a href="#{field}">' in page
    assert message in page
    assert "<title>Error: " in page
    assert "Time for you and baby too" not in page


def test_what_the_user_typed_is_kept_after_an_error(client, baby_group):
    params = {
        "hub": "atlantis",
        "week": "2025-13-01",
        "who": "child",
        "age-years": "3",
        "age-months": "x",
    }
    page = client.get(URL, params).content.decode()
    assert 'value="atlantis" selected' in page
    assert 'value="2025-13-01"' in page
    assert 'id="age-years" name="age-years" type="text" inputmode="numeric" value="3"' in page
    assert 'id="age-months" name="age-months" type="text" inputmode="numeric" value="x"' in page
    assert 'id="who-child" name="who" type="radio" value="child" checked' in page


def test_hubs_are_paged_when_there_are_many(client):
    count = HUBS_PER_PAGE + 2
    for n in range(count):
        at_hub(HubFactory(name=f"Hub {n:02d}"), name=f"Group at Hub {n:02d}")
    last = f"Group at Hub {count - 1:02d}"
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": "2"}).content.decode()
    assert "Group at Hub 00" in first and last not in first
    assert last in second and "Group at Hub 00" not in second
    assert f"hubs 1 to {HUBS_PER_PAGE} of {count}" in first
    assert "page=2" in first


def test_query_count_does_not_grow_with_the_number_of_sessions(client, tilbury):
    at_hub(tilbury)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"who": "expecting"}).status_code == 200
    for n in range(4):
        hub = HubFactory()
        for _ in range(5):
            at_hub(hub, maximum_age=Decimal(n))
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL, {"who": "expecting"}).content.decode()
    assert page.count("Add to calendar<span") == 21
    assert len(many) == len(few) <= 9


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(params=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30)))
def test_no_query_string_breaks_the_page(client, params):
    response = client.get(URL, params)
    assert response.status_code in {200, 400}
    assert b"What's on at Family Hubs" in response.content.replace(b"&#x27;", b"'")


def test_closures_and_bank_holidays_in_the_week_are_explained(client, tilbury, baby_group):
    ClosureFactory(
        location=tilbury, starts_on=date(2025, 8, 4), ends_on=date(2025, 8, 8), reason="Repairs"
    )
    ClosureFactory(
        location=HubFactory(name="Far Away Hub"),
        starts_on=date(2025, 8, 4),
        ends_on=date(2025, 8, 8),
    )
    BankHolidayFactory(date=date(2025, 8, 25), name="Summer bank holiday")
    page = client.get(URL, {"week": "2025-08-04", "hub": "tilbury"}).content.decode()
    assert (
        "Tilbury Family Hub is closed from Monday 4 August to Friday 8 August 2025: Repairs."
        in page
    )
    assert "Far Away Hub is closed" not in page
    assert "Time for you and baby too" not in page
    later = client.get(URL, {"week": "2025-08-25"}).content.decode()
    assert "All hubs are closed on Monday 25 August 2025 for Summer bank holiday." in later


def test_age_is_counted_on_each_sessions_date(client, baby_group):
    """A 24-month-old today is 25 months from the same date next month: ages are per session."""
    from timetable.filters import months_before

    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 25) == date(2023, 12, 15)
    next_month_friday = this_friday() + timedelta(days=35)
    page = client.get(
        URL, {**age_params(24), "week": f"{week_starting(next_month_friday):%Y-%m-%d}"}
    ).content.decode()
    assert "Time for you and baby too" not in page


def test_error_summary_lists_problems_in_the_order_of_the_fields(client, baby_group):
    page = client.get(
        URL, {"week": "soon", "topic": "knitting", "hub": "atlantis", "page": "9"}
    ).content.decode()
    links = [page.index(f'<a href="#{field}">') for field in ("page", "hub", "topic", "week")]
    assert links == sorted(links)
