"""Unmet need: searches are counted by district or town and age band only, once each, and the
reports show where searches found nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.tests.factories import sign_in_with_two_factor
from directory.eligibility import Child
from geo.postcodes import Place
from reports.models import SearchTally
from reports.periods import month
from reports.scopes import command_line_scope
from reports.searches import age_band, record_search, searches_by_area, searches_by_topic
from reports.tests import factories as make
from web.tests.factories import LocationFactory, PostcodeFactory, weekly_group

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 16)
TILBURY = Place("RM18 7AA", 51.46, 0.36, "unit")


@pytest.mark.parametrize(
    ("child", "band"),
    [
        (None, "Not said"),
        (Child(due_date=TODAY + timedelta(days=60)), "Expecting"),
        (Child(date_of_birth=TODAY - timedelta(days=200)), "Under 1"),
        (Child(date_of_birth=date(2025, 11, 16)), "1 year old"),
        (Child(date_of_birth=date(2025, 11, 17)), "Under 1"),
        (Child(date_of_birth=date(2024, 6, 1)), "2 years old"),
        (Child(date_of_birth=date(2022, 11, 17)), "3 to 4"),
        (Child(date_of_birth=date(2021, 11, 16)), "5 or older"),
    ],
)
def test_a_child_becomes_an_age_band(child, band):
    assert age_band(child, TODAY) == band


def test_only_the_district_and_the_age_band_are_kept():
    record_search(TILBURY, Child(date_of_birth=date(2026, 3, 9)), "Stay and play", 3, True, TODAY)
    record_search(TILBURY, Child(date_of_birth=date(2026, 1, 2)), "Stay and play", 3, True, TODAY)

    tally = SearchTally.objects.get()
    assert (tally.area, tally.age_band, tally.searches) == ("RM18", "Under 1", 2)
    stored = " ".join(str(value) for value in SearchTally.objects.values().get().values())
    assert "7AA" not in stored and "2026-03-09" not in stored


def test_a_town_is_kept_as_typed():
    record_search(Place("Grays", 51.47, 0.32, "town"), None, "", 20, False, TODAY)
    assert SearchTally.objects.get().area == "Grays"


def test_the_area_report_shows_where_searches_found_nothing():
    for _ in range(12):
        record_search(TILBURY, None, "Stay and play", 3, True, TODAY)
    for _ in range(6):
        record_search(TILBURY, None, "Baby massage", 3, False, TODAY)
    far = Place("SS17 0AA", 51.5, 0.45, "unit")
    for _ in range(2):
        record_search(far, None, "Stay and play", 10, False, TODAY)
    for _ in range(9):
        record_search(far, None, "", 10, True, TODAY)

    by_area = searches_by_area(month(2026, 11), command_line_scope())
    by_topic = searches_by_topic(month(2026, 11), command_line_scope())

    rows = {row.label: [f.on_page() for f in row.figures] for row in by_area.rows}
    # SS17's 2 is small; with two areas a rectangle of four is hidden so that it cannot be
    # worked out from the row or the column totals.
    assert rows["SS17"] == ["11", "not shown", "fewer than 5"]
    assert rows["RM18"] == ["18", "not shown", "not shown"]
    assert [f.on_page() for f in by_area.total.figures] == ["29", "21", "8"]
    topics = {row.label: [f.on_page() for f in row.figures] for row in by_topic.rows}
    assert topics["Stay and play"] == ["14", "not shown", "fewer than 5"]
    assert topics["Any topic"] == ["9", "9", "0"]


def test_searching_on_the_find_page_is_counted_once_not_per_page(client, searches_unlimited):
    PostcodeFactory()
    for number in range(12):
        weekly_group(f"Stay and play {number}")
    client.get(reverse("web:find"), {"where": "RM18 7AA"})
    client.get(reverse("web:find"), {"where": "RM18 7AA", "page": "2"})

    tally = SearchTally.objects.get()
    assert (tally.area, tally.age_band, tally.found_something, tally.searches) == (
        "RM18",
        "Not said",
        True,
        1,
    )


def test_search_reports_are_for_commissioners_only(client):
    sign_in_with_two_factor(client, make.hub_manager(LocationFactory()))
    assert client.get(reverse("reports:report", args=["searches-by-area"])).status_code == 404
