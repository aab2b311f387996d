"""A parent finds a hub in real Chromium, at phone and tablet widths: how to reach it and use it,
this week from today, a cancelled session with its reason, and the same on the service page.
axe finds nothing at any step."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from directory.models import Phone, Schedule
from timetable.tests.factories import (
    AddressFactory,
    CancellationFactory,
    HubFactory,
    ServiceFactory,
    WeeklyScheduleFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024)}


@pytest.fixture
def tilbury():
    """Tilbury Family Hub with a phone, opening hours and a daily group cancelled tomorrow."""
    hub = HubFactory(name="Tilbury Family Hub", slug="tilbury", latitude=51.4625, longitude=0.3585)
    AddressFactory(location=hub, address_1="1 Civic Square", city="Tilbury", postal_code="RM18 7AA")
    Phone.objects.create(location=hub, number="01632 960 100")
    Schedule.objects.create(
        location=hub, freq="WEEKLY", byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17)
    )
    group = WeeklyScheduleFactory(
        location=hub,
        service_at_location__location=hub,
        service_at_location__service=ServiceFactory(name="Time for you and baby too"),
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=time(23),
        closes_at=time(23, 30),
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    CancellationFactory(schedule=group, date=tomorrow, reason="Staff training")
    return tomorrow


def follow(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_parent_sees_how_to_use_the_hub_and_a_cancelled_session(
    live_server, page, screenshot, axe_violations, tilbury, viewport
):
    tomorrow, today = tilbury, timezone.localdate()
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))

    page.goto(live_server.url + "/hubs/")
    assert axe_violations() == []
    follow(page, page.get_by_role("link", name="Tilbury Family Hub"))

    assert page.locator("h1").inner_text() == "Tilbury Family Hub"
    details = page.locator("dl.govuk-summary-list").first
    assert details.get_by_role("link", name="01632 960 100").get_attribute("href") == (
        "tel:01632960100"
    )
    assert "Monday to Friday, 9am to 5pm" in details.inner_text()
    assert "1 Civic Square" in details.inner_text()
    map_link = details.get_by_role("link", name=re.compile("See Tilbury Family Hub on a map"))
    assert map_link.get_attribute("href").startswith("https://www.openstreetmap.org/?mlat=51.46250")
    assert page.get_by_role("link", name="Register your family online").is_visible()
    this_week = page.get_by_role("heading", name=re.compile("^This week"))
    assert this_week.inner_text() == f"This week: from today, {today:%A %-d %B}"
    days = page.locator("h3.govuk-heading-m").all_inner_texts()
    assert days[0] == f"{today:%A %-d %B}"
    cancelled = page.locator(".fh-timetable__entry", has_text="Cancelled: Staff training.")
    assert cancelled.count() == 1
    assert "Cancelled" in cancelled.locator(".govuk-tag--red").inner_text()
    assert cancelled.locator("xpath=preceding::h3[1]").inner_text() == f"{tomorrow:%A %-d %B}"
    assert axe_violations() == []
    screenshot(f"hub-{viewport}")

    follow(page, cancelled.get_by_role("link", name="Time for you and baby too", exact=True))
    assert page.locator("h1").inner_text() == "Time for you and baby too"
    when = page.locator("ul.fh-sessions > li", has_text="Cancelled: Staff training.")
    assert when.count() == 1
    assert when.inner_text().startswith(f"{tomorrow:%A %-d %B}, 11pm to 11:30pm")
    assert axe_violations() == []
    screenshot(f"service-{viewport}")
