"""The issue's journeys in real headless Chromium on a phone-sized screen, with screenshots,
axe-core accessibility checks, and the same search with JavaScript turned off."""

import time as clock
from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from campaigns.tests.factories import CampaignFactory, EventFactory, NewsPostFactory
from conftest import ARTIFACTS
from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tilbury_group():
    PostcodeFactory()
    group = weekly_group(
        "Time for you and baby too",
        description="A weekly support group for expectant parents and parents of under twos.",
        maximum_age=Decimal("2"),
        for_expectant_parents=True,
        application_process="No registration is required: just come along.",
    )
    hub = group.service_at_locations.get().location
    hub.name = "Tilbury Family Hub"
    hub.save()
    return group


def search(page, base_url: str, *, child: str, born: date | None = None) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Your postcode or town").fill("RM18 7AA")
    if child == "expecting":
        page.get_by_label("No, I'm expecting a baby").check()
    else:
        page.get_by_label("Yes", exact=True).check()
        page.locator("#dob_day").fill(str(born.day))
        page.locator("#dob_month").fill(str(born.month))
        page.locator("#dob_year").fill(str(born.year))
    page.get_by_role("button", name="Find support").click()
    page.wait_for_load_state()


def test_expectant_parent_in_tilbury_finds_the_group_learns_to_just_come_along_and_gets_the_calendar(
    page, live_server, tilbury_group, screenshot, axe_violations
):
    started = clock.monotonic()
    search(page, live_server.url, child="expecting")
    screenshot("results")

    result = page.locator(".fh-result", has_text="Time for you and baby too")
    assert result.get_by_text("Just come along").is_visible()
    assert result.get_by_text("Free").is_visible()
    result.get_by_role("link", name="Time for you and baby too").click()
    page.wait_for_load_state()
    screenshot("service")

    assert page.get_by_role("heading", level=1).inner_text() == "Time for you and baby too"
    assert page.get_by_text("No registration is required: just come along.").is_visible()
    calendar = page.get_by_role("link", name="Add every session to your calendar")
    href = calendar.get_attribute("href")
    ics = page.request.get(live_server.url + href)
    assert clock.monotonic() - started < 60

    assert ics.status == 200
    body = ics.text()
    assert "BEGIN:VCALENDAR" in body and "RRULE:FREQ=WEEKLY" in body and "BYDAY=FR" in body
    assert "Time for you and baby too" in body


def test_parent_of_a_20_month_old_is_shown_the_group(page, live_server, tilbury_group, screenshot):
    search(page, live_server.url, child="born", born=date.today() - relativedelta(months=20))
    screenshot("results")

    assert page.get_by_role("link", name="Time for you and baby too").is_visible()


def test_parent_of_a_3_year_old_is_not_shown_the_group(
    page, live_server, tilbury_group, screenshot
):
    search(page, live_server.url, child="born", born=date.today() - relativedelta(years=3))
    screenshot("results")

    assert page.get_by_text("We found no support").is_visible()
    assert page.get_by_role("link", name="Time for you and baby too").count() == 0


def test_bad_input_shows_the_error_summary_and_keeps_what_was_typed(
    page, live_server, tilbury_group, screenshot, axe_violations
):
    page.goto(live_server.url + "/")
    page.get_by_label("Your postcode or town").fill("SW1A 1AA")
    page.get_by_role("button", name="Find support").click()
    page.wait_for_load_state()
    screenshot("error")

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "We could not find the postcode SW1A 1AA" in summary.inner_text()
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    assert page.get_by_label("Your postcode or town").input_value() == "SW1A 1AA"
    assert axe_violations() == []


@pytest.fixture
def campaign_with_event(tilbury_group):
    campaign = CampaignFactory(name="Infant Mental Health Awareness Week 2025")
    campaign.services.add(tilbury_group)
    EventFactory(campaign=campaign, title="Meet the EPUT team at Ockendon Family Hub")
    post = NewsPostFactory(title="Free parent and infant support in Thurrock")
    post.campaigns.add(campaign)
    post.services.add(tilbury_group)
    return campaign


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="home"),
        pytest.param("/find/?where=RM18+7AA&child=expecting", id="results"),
        pytest.param(
            "/find/?where=RM18+7AA&child=born&dob_day=1&dob_month=1&dob_year=2999&topic=x",
            id="results-with-errors",
        ),
        pytest.param("service", id="service"),
        pytest.param("campaign", id="campaign"),
        pytest.param("event", id="event"),
        pytest.param("news-post", id="news-post"),
        pytest.param("/campaigns/", id="campaigns"),
        pytest.param("/campaigns/news/", id="news"),
        pytest.param("/accessibility/", id="accessibility"),
        pytest.param("/privacy/", id="privacy"),
        pytest.param("/cookies/", id="cookies"),
        pytest.param("/contact/", id="contact"),
        pytest.param("/no-such-page/", id="not-found"),
    ],
)
def test_page_has_no_wcag_violations(
    page, live_server, tilbury_group, campaign_with_event, screenshot, axe_violations, path
):
    if path == "service":
        path = f"/services/{tilbury_group.id}/"
    elif path == "campaign":
        path = campaign_with_event.get_absolute_url()
    elif path == "event":
        path = campaign_with_event.events.get().get_absolute_url()
    elif path == "news-post":
        path = campaign_with_event.news.get().get_absolute_url()
    page.goto(live_server.url + path)
    screenshot("page")

    assert axe_violations() == []


def test_server_error_page_has_no_wcag_violations(page, live_server, settings, axe_violations):
    settings.ROOT_URLCONF = "web.tests.failing_urls"
    response = page.goto(live_server.url + "/fail/")

    assert response.status == 500
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Sorry, there is a problem with the service"
    )
    assert axe_violations() == []


def test_search_and_service_page_work_with_javascript_turned_off(
    browser, live_server, tilbury_group
):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="en-GB"
    )
    page = context.new_page()
    try:
        born = date.today() - relativedelta(months=20)
        search(page, live_server.url, child="born", born=born)
        page.screenshot(path=str(ARTIFACTS / "no-javascript-results.png"), full_page=True)

        assert "dob_day=" in page.url  # a plain GET: the address can be shared
        page.get_by_role("link", name="Time for you and baby too").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Add every session to your calendar").is_visible()
    finally:
        context.close()
