"""Booking and cancelling in real Chromium, with axe-core on every page (registers: see
test_staff_register_in_a_browser.py)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.tests.factories import sign_in_with_two_factor
from bookings import services
from bookings.models import Booking
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    bookable_schedule,
    next_friday_at_ten,
    parent_with_child,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    """Give the browser a signed-in session (sign-in itself is tested by the accounts app)."""
    client = Client()
    sign_in_with_two_factor(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def follow(page, target) -> None:
    """Click a link or button (a selector or a locator) and wait for the next page to load."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


@pytest.fixture
def schedule():
    return bookable_schedule(capacity=1, name="Baby Sensory")


def test_parent_books_then_cancels(live_server, page, screenshot, axe_violations, schedule):
    adult, _ = parent_with_child(hub=schedule.location, first_name="Noor")
    sign_in(page, live_server, adult.user)
    page.goto(live_server.url + "/bookings/sessions/")
    assert axe_violations() == []
    screenshot("sessions")
    follow(page, page.get_by_role("link", name=re.compile(r"^Book Baby Sensory")).first)
    assert page.locator("h1").inner_text() == "Baby Sensory"
    follow(page, "main button:has-text('Book')")
    assert "Select who is coming" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations() == []
    screenshot("book-error")
    page.check("text=Noor")
    follow(page, "main button:has-text('Book')")
    assert page.locator("h1").inner_text() == "Place booked"
    assert axe_violations() == []
    follow(page, page.get_by_role("link", name="See all your bookings"))
    assert page.locator(".govuk-tag:has-text('Booked')").is_visible()
    assert axe_violations() == []
    screenshot("my-bookings")
    follow(page, "main a:has-text('Cancel')")
    assert axe_violations() == []
    follow(page, "main button:has-text('Cancel booking')")
    assert "Your booking is cancelled" in page.inner_text("main")
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    screenshot("cancelled")


def test_full_session_offers_the_waiting_list(
    live_server, page, screenshot, axe_violations, schedule
):
    occurrence = services.occurrence_for(schedule, next_friday_at_ten())
    first, child = parent_with_child()
    services.book(first.family, occurrence.pk, [child])
    adult, _ = parent_with_child(hub=schedule.location, first_name="Omar")
    sign_in(page, live_server, adult.user)
    page.goto(live_server.url + "/bookings/sessions/")
    # The full session's own link: on a Thursday, tomorrow's session comes first.
    full = f"a[href$='/{start_for_url(occurrence.starts_at)}/']"
    follow(page, page.locator("main").locator(full).first)
    assert "This session is full" in page.inner_text("main .govuk-inset-text")
    assert page.locator("main button:has-text('Book')").count() == 0
    assert axe_violations() == []
    page.check("text=Omar")
    screenshot("full")
    follow(page, "main button:has-text('Join the waiting list')")
    assert page.locator("h1").inner_text() == "You are on the waiting list"
    follow(page, page.get_by_role("link", name="See all your bookings"))
    assert "number 1 on the list" in page.inner_text("main")
    assert axe_violations() == []


def test_booking_works_without_javascript(live_server, browser, schedule):
    adult, _ = parent_with_child(hub=schedule.location, first_name="Ada")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1024, "height": 800}
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, adult.user)
        page.goto(live_server.url + "/bookings/sessions/")
        follow(page, page.get_by_role("link", name=re.compile(r"^Book Baby Sensory")).first)
        page.check("text=Ada")
        follow(page, "main button:has-text('Book')")
        assert "Place booked" in page.inner_text("main h1")
    finally:
        context.close()
    assert Booking.objects.get().status == Booking.Status.CONFIRMED
