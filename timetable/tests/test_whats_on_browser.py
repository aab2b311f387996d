"""What's on in real Chromium, at phone and tablet widths: an expectant parent searching from
Tilbury finds the Friday group on page 1, sees a cancelled session and its reason, pages on by
time and fixes a mistyped date. axe finds nothing at any step."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from timetable.tests.factories import (
    AddressFactory,
    CancellationFactory,
    HubFactory,
    ServiceFactory,
    WeeklyScheduleFactory,
)
from web.tests.factories import GRAYS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024)}


def weekly(hub, name: str, byday: str, opens: time, **service):
    return WeeklyScheduleFactory(
        location=hub,
        service_at_location__location=hub,
        service_at_location__service=ServiceFactory(name=name, **service),
        byday=byday,
        opens_at=opens,
        closes_at=time(opens.hour + 1),
    )


@pytest.fixture
def thurrock():
    """Tilbury's Friday group and, at a hub whose name comes first, toddler groups every day."""
    tilbury = HubFactory(name="Tilbury Family Hub", slug="tilbury")
    AddressFactory(location=tilbury, city="Tilbury")
    aveley = HubFactory(name="Aveley Family Hub", latitude=GRAYS[0], longitude=GRAYS[1])
    AddressFactory(location=aveley, city="Tilbury")
    for day in ("MO", "TU", "WE", "TH", "FR"):
        weekly(aveley, f"Toddler gym {day}", day, time(9), for_expectant_parents=False)
        weekly(aveley, f"Bumps and babies {day}", day, time(13))
    group = weekly(tilbury, "Time for you and baby too", "FR", time(10))
    today = timezone.localdate()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    CancellationFactory(schedule=group, date=friday, reason="Staff training")
    return friday


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_expectant_parent_finds_the_friday_group_and_pages_on_by_time(
    live_server, page, screenshot, axe_violations, thurrock, viewport
):
    friday = thurrock
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    due = timezone.localdate() + timedelta(days=100)

    page.goto(live_server.url + reverse("timetable:whats_on"))
    assert page.locator("h1").inner_text() == "What's on at Family Hubs"
    assert "Sessions at every hub" in page.locator("#results-heading").inner_text()
    assert axe_violations() == []
    screenshot(f"{viewport}-1-start")

    page.fill("#where", "Tilbury")
    page.check("#child-expecting")
    page.fill("#due_day", str(due.day))
    page.fill("#due_month", str(due.month))
    page.fill("#due_year", str(due.year))
    page.select_option("#day", "FR")
    page.click("button:has-text('Show sessions')")
    assert "where=Tilbury" in page.url and "day=FR" in page.url
    assert page.locator("#results-heading").inner_text() == "Sessions near Tilbury"
    first_day = page.locator("h3.govuk-heading-m").first.inner_text()
    assert first_day == f"{friday:%A %-d %B}"
    first = page.locator(".fh-timetable__entry").filter(has_text="Time for you and baby too")
    assert "Cancelled: Staff training." in first.first.inner_text()
    assert first.count() > 1
    assert "Add to calendar" in first.nth(1).inner_text()
    assert page.locator("text=Toddler gym").count() == 0
    assert axe_violations() == []
    screenshot(f"{viewport}-2-fridays")

    page.select_option("#day", "")
    page.click("button:has-text('Show sessions')")
    status = page.locator("[role=status]").inner_text()
    assert "Showing 1 to 20." in status
    page.click("a[rel=next]")
    assert "page=2" in page.url and "where=Tilbury" in page.url
    assert "Showing 21 to 40." in page.locator("[role=status]").inner_text()
    assert page.locator("text=Toddler gym").count() == 0
    assert axe_violations() == []
    screenshot(f"{viewport}-3-page-2")

    page.fill("#from_day", "31")
    page.fill("#from_month", "2")
    page.fill("#from_year", str(due.year))
    page.click("button:has-text('Show sessions')")
    summary = page.locator(".govuk-error-summary")
    assert "Date must be a real date" in summary.inner_text()
    assert page.input_value("#from_day") == "31"
    assert page.input_value("#where") == "Tilbury"
    assert axe_violations() == []
    screenshot(f"{viewport}-4-error")
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "from_day"
