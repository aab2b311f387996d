"""The timetable's management pages walked in real Chromium at phone width (375px), with axe on
every page: an editor adds a weekly group through the service task list and it appears in search,
what's on, the hub page, the calendar feed and the ORUK API; hub staff cancel a date and parents
see it cancelled in what's on."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import DirectoryEditorFactory, HubStaffFactory
from bookings.tests.test_browser_journeys import follow, sign_in
from directory.models import Service
from directory.tests.factories import OrganizationFactory
from directory.tests.test_manage_in_a_browser import answer_section
from timetable.tests.factories import AddressFactory, HubFactory, WeeklyScheduleFactory
from web.tests.factories import TILBURY, PostcodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[False, True], ids=["without-javascript", "with-javascript"])
def page(browser, request):
    """A phone-width tab (375px), with JavaScript off or on."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="en-GB", java_script_enabled=request.param
    )
    tab = context.new_page()
    # axe and page measurements run as scripts in the page: only when JavaScript is on.
    tab.javascript_on = request.param
    yield tab
    context.close()


@pytest.fixture
def tilbury():
    hub = HubFactory(
        name="Tilbury Family Hub",
        slug="tilbury",
        is_family_hub=True,
        latitude=TILBURY[0],
        longitude=TILBURY[1],
    )
    AddressFactory(location=hub, postal_code="RM18 7AA")
    PostcodeFactory(postcode="RM18 7AA")
    return hub


def heading(page) -> str:
    return page.inner_text("main h1")


def check(page, axe_violations, screenshot, name: str) -> None:
    """Nothing axe finds, nothing wider than the phone, and a picture to look at."""
    if page.javascript_on:
        assert axe_violations() == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    screenshot(name)


def next_friday():
    today = timezone.localdate()
    return today + timedelta(days=(4 - today.weekday()) % 7)


def test_editor_adds_a_weekly_group_that_appears_everywhere_parents_look(
    live_server, page, axe_violations, screenshot, tilbury
):
    OrganizationFactory(name="Thurrock Council")
    sign_in(page, live_server, DirectoryEditorFactory())
    page.goto(f"{live_server.url}/manage/")
    follow(page, "main a:has-text('Add a service')")
    page.fill("#id_name", "Bumps and babies")
    page.check("label:has-text('Thurrock Council')")
    page.fill("#id_description", "A friendly group for parents-to-be and new babies.")
    follow(page, "main button:has-text('Save and continue')")
    assert heading(page) == "Bumps and babies"

    follow(page, "main a:text-is('Where and when it runs')")
    assert heading(page) == "Where and when it runs"
    assert "No sessions yet" in page.inner_text("main")
    check(page, axe_violations, screenshot, "1-when")
    follow(page, "main a:text-is('Add a session')")
    follow(page, "main button:has-text('Continue')")
    summary = page.inner_text(".govuk-error-summary")
    assert "Select where it runs" in summary and "Enter the start time" in summary
    check(page, axe_violations, screenshot, "2-errors")
    page.check("label:text-is('Tilbury Family Hub')")
    page.check("label:has-text('Every week, or every few weeks')")
    page.check("label:text-is('Friday') >> nth=0")
    page.fill("#id_opens_at", "10am")
    page.fill("#id_closes_at", "11am")
    check(page, axe_violations, screenshot, "3-answered")
    follow(page, "main button:has-text('Continue')")

    assert heading(page) == "Check the session before you save it"
    assert page.inner_text("[data-testid=when-in-words]").startswith(
        "Every week on Friday, 10am to 11am"
    )
    dates = page.locator("[data-testid=next-dates] li").all_inner_texts()
    fridays = [next_friday() + timedelta(weeks=n) for n in range(5)]
    assert dates == [f"{day:%A %-d %B %Y}, 10am to 11am" for day in fridays]
    check(page, axe_violations, screenshot, "4-check")
    follow(page, "main button:has-text('Change the answers')")
    assert page.input_value("#id_opens_at") == "10am"
    follow(page, "main button:has-text('Continue')")
    follow(page, "main button:has-text('Save the session')")
    assert "Session saved" in page.inner_text(".govuk-notification-banner")
    listed = page.inner_text("main .govuk-summary-list")
    assert "Every week on Friday, 10am to 11am" in listed and "Tilbury Family Hub" in listed
    check(page, axe_violations, screenshot, "5-saved")

    follow(page, "a.govuk-back-link")
    answer_section(
        page,
        "Who it is for",
        lambda: page.check("label:has-text('Expectant parents can come')"),
    )
    answer_section(page, "Cost", lambda: page.check("label:has-text('Yes, it is free')"))

    def how_to_join():
        page.check("label:has-text('They just turn up')")
        page.fill("#id_application_process", "Just come along, no need to book.")

    answer_section(page, "How to join", how_to_join)
    answer_section(page, "Contact details", lambda: page.fill("#id_phone_1", "01375 123456"))
    follow(page, "main button:has-text('Publish the service')")
    service = Service.objects.get(name="Bumps and babies")
    assert service.status == Service.Status.ACTIVE

    page.goto(f"{live_server.url}/find/?where=RM18+7AA")
    assert "Bumps and babies" in page.inner_text("main")
    check(page, axe_violations, screenshot, "6-find")
    page.goto(f"{live_server.url}/whats-on")
    first = f"{next_friday():%A %-d %B}"
    whats_on = page.inner_text("main")
    assert "Bumps and babies" in whats_on and first in whats_on
    check(page, axe_violations, screenshot, "7-whats-on")
    page.goto(f"{live_server.url}/hubs/tilbury/")
    assert "Bumps and babies" in page.inner_text("main")
    check(page, axe_violations, screenshot, "8-hub")

    feed = Calendar.from_ical(
        page.request.get(f"{live_server.url}/calendar/hubs/tilbury.ics").body()
    )
    groups = [e for e in feed.walk("VEVENT") if str(e["SUMMARY"]).startswith("Bumps and babies")]
    assert len(groups) == 1
    assert groups[0]["RRULE"]["FREQ"] == ["WEEKLY"] and groups[0]["RRULE"]["BYDAY"] == ["FR"]
    assert groups[0]["DTSTART"].dt.hour == 10

    record = page.request.get(f"{live_server.url}/api/services/{service.pk}").json()
    assert [s["location"]["name"] for s in record["service_at_locations"]] == ["Tilbury Family Hub"]
    schedules = record["schedules"]
    assert [(s["freq"], s["byday"], s["opens_at"][:5]) for s in schedules] == [
        ("WEEKLY", "FR", "10:00")
    ]
    assert schedules[0]["description"] == "Every week on Friday, 10am to 11am"


def test_hub_staff_cancel_a_date_and_parents_see_it_cancelled(
    live_server, page, axe_violations, screenshot, tilbury
):
    schedule = WeeklyScheduleFactory(
        service_at_location__location=tilbury,
        service_at_location__service__name="Time for you and baby too",
        dtstart=timezone.localdate() - timedelta(weeks=4),
    )
    sign_in(page, live_server, HubStaffFactory(hub=tilbury))
    page.goto(f"{live_server.url}/manage/hubs/{tilbury.pk}/timetable/")
    assert heading(page) == "Timetable"
    assert "Every week on Friday, 10am to 11am" in page.inner_text("main table")
    check(page, axe_violations, screenshot, "1-timetable")
    follow(page, "main a:has-text('Cancel a date')")
    follow(page, "main button:has-text('Cancel this session')")
    assert "Select the session that will not run" in page.inner_text(".govuk-error-summary")
    check(page, axe_violations, screenshot, "2-errors")
    friday = next_friday() if next_friday() > timezone.localdate() else next_friday() + timedelta(7)
    page.check(f"label:text-is('{friday:%A %-d %B %Y}')")
    page.fill("#id_reason", "Staff training")
    follow(page, "main button:has-text('Cancel this session')")
    assert "cancelled" in page.inner_text(".govuk-notification-banner")
    assert f"{friday:%A %-d %B %Y}: Staff training" in page.inner_text("main")
    check(page, axe_violations, screenshot, "3-cancelled")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/whats-on")
    assert page.locator("main h3", has_text=f"{friday:%A %-d %B}").count() == 1
    cancelled = page.locator("main li.fh-timetable__entry").filter(has_text="Cancelled: Staff")
    assert "Time for you and baby too" in cancelled.first.inner_text()
    check(page, axe_violations, screenshot, "4-parents-whats-on")
    assert schedule.cancellations.get().date == friday
