"""A hub page in real Chromium: the journey works without help, and axe finds nothing.

What's on has its own journey in test_whats_on_browser.py."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from timetable.tests.factories import (
    AddressFactory,
    ClosureFactory,
    HubFactory,
    ServiceFactory,
    WeeklyScheduleFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tilbury_group():
    hub = HubFactory(
        name="Tilbury Family Hub", slug="tilbury", transportation="Buses stop outside."
    )
    AddressFactory(location=hub, address_1="1 Civic Square", postal_code="RM18 8AB")
    return WeeklyScheduleFactory(
        location=hub,
        service_at_location__location=hub,
        service_at_location__service=ServiceFactory(name="Time for you and baby too"),
    )


def test_hub_page_is_accessible(live_server, page, screenshot, axe_violations, tilbury_group):
    today = timezone.localdate()
    ClosureFactory(
        location=tilbury_group.location,
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=22),
        reason="Repairs to the roof",
    )
    page.goto(live_server.url + reverse("timetable:hub", args=["tilbury"]))
    assert page.locator("h1").inner_text() == "Tilbury Family Hub"
    assert page.locator("text=Subscribe to Tilbury Family Hub's calendar").is_visible()
    assert "Repairs to the roof" in page.locator(".govuk-notification-banner").inner_text()
    assert axe_violations() == []
    screenshot("hub")
