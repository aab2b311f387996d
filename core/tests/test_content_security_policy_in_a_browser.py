"""In real Chromium, public and staff pages break no rule of the content security policy, and
GOV.UK Frontend's JavaScript still runs (it adds govuk-frontend-supported to the body)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.tests.factories import sign_in_with_two_factor
from bookings import services as bookings_services
from bookings.tests.factories import bookable_schedule, hub_staff, next_friday_at_ten

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Listens from the first byte of each page: every blocked script, style or image is noted.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


def sign_in_with_both_steps(page, live_server, user) -> None:
    """Give the browser a session signed in with password and authenticator app."""
    client = Client()
    sign_in_with_two_factor(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def watched_page(page):
    """The phone-sized page, noting policy violations and console errors as they happen."""
    page.add_init_script(COLLECT_VIOLATIONS)
    page.console_errors = []
    # A missing favicon or the "not found" page is a failed load, not a script error.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and page.console_errors.append(message.text)
        ),
    )
    return page


def assert_policy_kept(page, url: str) -> None:
    assert page.evaluate("window.__cspViolations") == [], url
    assert page.console_errors == [], url
    body_classes = page.locator("body").get_attribute("class").split()
    assert "govuk-frontend-supported" in body_classes, url
    assert "js-enabled" in body_classes, url


def test_public_pages_keep_the_policy_and_run_govuk_frontend(live_server, watched_page, screenshot):
    page = watched_page
    schedule = bookable_schedule(name="Baby Sensory")
    for width, height in [(390, 844), (768, 1024)]:
        page.set_viewport_size({"width": width, "height": height})
        for path in [
            "/",
            "/find/?postcode=RM18+7AA",
            "/whats-on",
            "/hubs/",
            f"/services/{schedule.service.pk}/",
            "/account/sign-in/",
            "/account/create/",
            "/no-such-page/",
        ]:
            page.goto(live_server.url + path)
            assert_policy_kept(page, path)
        screenshot(f"sign-up-{width}")
    # The menu button is GOV.UK Frontend's JavaScript at work: it opens the navigation.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
    screenshot("home")


def test_staff_pages_and_the_back_office_keep_the_policy(
    live_server, watched_page, screenshot, admin_user
):
    page = watched_page
    schedule = bookable_schedule(name="Stay and Play")
    occurrence = bookings_services.occurrence_for(schedule, next_friday_at_ten())
    staff = hub_staff(schedule.location)
    for width, height in [(390, 844), (768, 1024)]:
        page.set_viewport_size({"width": width, "height": height})
        page.context.clear_cookies()
        sign_in_with_both_steps(page, live_server, staff)
        for path in [
            "/bookings/staff/",
            f"/bookings/staff/register/{occurrence.pk}/",
            f"/bookings/staff/register/{occurrence.pk}/walk-in/",
            "/family/staff/",
            "/family/staff/register/",
        ]:
            page.goto(live_server.url + path)
            assert_policy_kept(page, path)
        screenshot(f"walk-in-{width}")
    page.context.clear_cookies()
    sign_in_with_both_steps(page, live_server, admin_user)
    for path in ["/admin/", "/admin/directory/service/", "/admin/directory/service/add/"]:
        page.goto(live_server.url + path)
        assert page.evaluate("window.__cspViolations") == [], path
        assert page.console_errors == [], path
        assert re.search(r"back office", page.title()), path
    screenshot("admin-add-service")
