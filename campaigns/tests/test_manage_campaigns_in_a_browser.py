"""The campaign management pages walked in real Chromium at phone width (375px), with JavaScript
on and off and axe on every page: an editor adds a campaign, an event at a hub and a news post,
and parents then see them on the campaign page, in what's on and in the news."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import DirectoryEditorFactory
from bookings.tests.test_browser_journeys import follow, sign_in
from campaigns.models import Campaign
from directory.tests.factories import OrganizationFactory
from timetable.tests.factories import HubFactory

# The phone-width tab with JavaScript off and on, and the checks every page gets.
from timetable.tests.test_manage_timetable_in_a_browser import (  # noqa: F401
    check,
    heading,
    page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(tab, name: str, day) -> None:
    tab.fill(f"#id_{name}_0", str(day.day))
    tab.fill(f"#id_{name}_1", str(day.month))
    tab.fill(f"#id_{name}_2", str(day.year))


def test_editor_adds_a_campaign_an_event_and_news_that_parents_then_see(
    live_server,
    page,  # noqa: F811
    axe_violations,
    screenshot,
):
    HubFactory(name="Tilbury Family Hub", slug="tilbury", is_family_hub=True)
    OrganizationFactory(name="Thurrock Council")
    today = timezone.localdate()
    event_day = today + timedelta(days=7)
    sign_in(page, live_server, DirectoryEditorFactory())

    page.goto(f"{live_server.url}/manage/")
    follow(page, "main a:text-is('Campaigns and news')")
    assert heading(page) == "Campaigns and news"
    check(page, axe_violations, screenshot, "1-list")

    follow(page, "main a:has-text('Add a campaign')")
    fill_date(page, "ends_on", today)
    fill_date(page, "starts_on", today + timedelta(days=1))
    follow(page, "main button:has-text('Save the campaign')")
    summary = page.inner_text(".govuk-error-summary")
    assert "Enter the campaign's name" in summary and "Enter a summary" in summary
    assert "The end date must be the same as or after the start date" in summary
    assert page.input_value("#id_starts_on_0") == str((today + timedelta(days=1)).day)
    check(page, axe_violations, screenshot, "2-errors")
    page.fill("#id_name", "Bump to baby week")
    fill_date(page, "starts_on", today)
    fill_date(page, "ends_on", today + timedelta(days=13))
    page.fill("#id_summary", "Two weeks of help for new and expectant parents.")
    page.fill("#id_description", "Come and meet the people who can help.\n\nEverything is free.")
    page.check("label:text-is('Thurrock Council')")
    follow(page, "main button:has-text('Save the campaign')")
    assert "Bump to baby week is saved." in page.inner_text(".govuk-notification-banner")
    assert "No events yet." in page.inner_text("main")
    check(page, axe_violations, screenshot, "3-campaign")

    follow(page, "main a:has-text('Add an event')")
    page.fill("#id_title", "Meet the midwives")
    page.select_option("#id_location", label="Tilbury Family Hub")
    fill_date(page, "starts_on", event_day)
    page.fill("#id_starts_at_time", "10am")
    page.fill("#id_ends_at_time", "9am")
    page.fill("#id_description", "Ask the midwives anything.")
    follow(page, "main button:has-text('Save the event')")
    assert "The event must end after it starts" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_title") == "Meet the midwives"
    check(page, axe_violations, screenshot, "4-event-errors")
    page.fill("#id_ends_at_time", "11:30am")
    follow(page, "main button:has-text('Save the event')")
    events = page.inner_text("[data-testid=events]")
    assert (
        f"Meet the midwives: {event_day:%A %-d %B %Y}, 10am to 11:30am, Tilbury Family Hub"
        in events
    )
    check(page, axe_violations, screenshot, "5-campaign-with-event")

    follow(page, "a.govuk-back-link")
    follow(page, "main a:text-is('News')")
    follow(page, "main a:has-text('Add a news post')")
    page.fill("#id_title", "Midwives at Tilbury next week")
    fill_date(page, "published_on", today)
    page.fill("#id_summary", "Meet the midwives at Tilbury Family Hub.")
    page.fill("#id_body", "The midwives are coming to Tilbury.")
    page.check("label:text-is('Bump to baby week')")
    check(page, axe_violations, screenshot, "6-news-form")
    follow(page, "main button:has-text('Save the news post')")
    assert "Midwives at Tilbury next week" in page.inner_text("main table")
    check(page, axe_violations, screenshot, "7-news-list")

    page.context.clear_cookies()
    slug = Campaign.objects.get().slug
    page.goto(f"{live_server.url}/campaigns/{slug}/")
    campaign_page = page.inner_text("main")
    assert "Meet the midwives" in campaign_page and "Midwives at Tilbury next week" in campaign_page
    assert "With Thurrock Council." in campaign_page
    check(page, axe_violations, screenshot, "8-parents-campaign")
    page.goto(f"{live_server.url}/whats-on")
    event = page.locator("main li.fh-timetable__entry", has_text="Meet the midwives")
    assert event.count() == 1
    assert page.locator("main h3", has_text=f"{event_day:%A %-d %B}").count() == 1
    check(page, axe_violations, screenshot, "9-parents-whats-on")
    page.goto(f"{live_server.url}/campaigns/news/")
    follow(page, "main a:text-is('Midwives at Tilbury next week')")
    assert "The midwives are coming to Tilbury." in page.inner_text("main")
    check(page, axe_violations, screenshot, "10-parents-news")
