"""A commissioner reads a report on a phone in real Chromium, axe-core clean at every step:
last month's attendance with small counts hidden, a chart and its table, dates chosen by hand
(a mistake explained), and the CSV download. Reach by ward beside the area's children. Then the
same page without JavaScript."""

import csv
import io
from calendar import day_name
from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.tests.test_browser_journeys import follow, sign_in
from directory.tests.factories import AddressFactory, LocationFactory
from geo.loading import load_demo_geography
from reports.periods import last_month
from reports.tests import factories as make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def last_months_sessions():
    month = last_month(timezone.localdate())
    aveley = LocationFactory(name="Aveley Family Hub")
    tilbury = LocationFactory(name="Tilbury Family Hub")
    aveley_families = make.families(aveley, 3, month.start - timedelta(days=40))
    make.came(make.session(aveley, month.start + timedelta(days=3)), aveley_families)
    tilbury_families = make.families(tilbury, 12, month.start - timedelta(days=40))
    make.came(make.session(tilbury, month.start + timedelta(days=3)), tilbury_families)
    return month


def test_a_commissioner_reads_last_months_attendance_and_downloads_it(
    live_server, page, screenshot, axe_violations, last_months_sessions
):
    month = last_months_sessions
    sign_in(page, live_server, make.commissioner())

    page.goto(f"{live_server.url}/account/staff/")
    screenshot("your-work")
    follow(page, "main a:has-text('Reach, sessions and attendance')")
    assert page.locator("h1").inner_text() == "Reports"
    assert "fewer than 5" in page.inner_text("main")
    assert axe_violations() == []
    screenshot("reports")

    follow(page, "main a:text-is('Sessions and attendance')")
    assert month.label in page.locator("h1").inner_text()
    table = page.inner_text("main table")
    assert "Aveley Family Hub" in table and "Tilbury Family Hub" in table
    assert "fewer than 5" in table and "not shown" in table
    assert "15" in page.inner_text("main table tbody tr:last-child")
    assert page.locator("svg.fh-chart title").text_content().startswith("Children who came")
    assert axe_violations() == []
    screenshot("attendance")

    # Dates chosen by hand, the end before the start: explained, and what was typed is kept.
    page.click("summary:has-text('Choose the period')")
    page.select_option("#id_period", "custom")
    for prefix, (day, month_number, year) in {
        "start": ("20", "3", "2026"),
        "end": ("1", "3", "2026"),
    }.items():
        page.fill(f"#id_{prefix}_0", day)
        page.fill(f"#id_{prefix}_1", month_number)
        page.fill(f"#id_{prefix}_2", year)
    follow(page, "main button:has-text('Show the report')")
    assert "There is a problem" in page.inner_text(".govuk-error-summary")
    assert "The end date must be on or after the start date" in page.inner_text(
        ".govuk-error-summary"
    )
    assert page.input_value("#id_start_0") == "20"
    assert axe_violations() == []
    screenshot("dates-in-the-wrong-order")

    page.fill("#id_end_0", "31")
    page.check("text=The same period a year earlier")
    follow(page, "main button:has-text('Show the report')")
    assert "20 March 2026 to 31 March 2026" in page.locator("h1").inner_text()
    assert "beside 20 March 2025 to 31 March 2025" in page.inner_text("main h2 >> nth=0")
    assert axe_violations() == []

    page.goto(f"{live_server.url}/reports/attendance/")
    with page.expect_download() as download:
        page.click("main a:has-text('(CSV)')")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    attended = rows[0].index("Children who came")
    assert {row[0]: row[attended] for row in rows[1:]} == {
        "Aveley Family Hub": "<5",
        "Tilbury Family Hub": "[c]",
        "All hubs in this report": "15",
    }


def test_a_commissioner_reads_attendance_by_day_and_time_and_by_age(
    live_server, page, screenshot, axe_violations, last_months_sessions
):
    session_day = last_months_sessions.start + timedelta(days=3)
    sign_in(page, live_server, make.commissioner())
    page.goto(f"{live_server.url}/reports/")

    follow(page, "main a:text-is('Sessions and attendance, by day and time')")
    rows = page.locator("main table tbody tr")
    assert rows.nth(0).locator("th").inner_text() == f"{day_name[session_day.weekday()]} 10:00"
    assert rows.last.inner_text().split("\t")[:2] == ["All sessions in this report", "2"]
    assert axe_violations() == []
    screenshot("attendance-by-day-and-time")

    page.goto(f"{live_server.url}/reports/")
    follow(page, 'main a:text-is("Sessions and attendance, by child\'s age")')
    by_age = {
        row.locator("th").inner_text(): row.locator("td").first.inner_text()
        for row in page.locator("main table tbody tr").all()
    }
    # The fixture's children came before they were born: parents expecting, all 15.
    assert by_age["Not born yet"] == "15"
    assert by_age["1 year"] == "0"
    assert by_age["All children in this report"] == "15"
    assert axe_violations() == []
    screenshot("attendance-by-age")


def test_a_commissioner_reads_reach_by_ward_beside_the_childrens_numbers(
    live_server, page, screenshot, axe_violations
):
    """The illustrative Thurrock areas: Tilbury Riverside has 80 + 72 + 74 = 226 children
    aged 0 to 2; 9 families from RM18 7AA registered, 6 of them seen last month."""
    load_demo_geography()
    month = last_month(timezone.localdate())
    tilbury = LocationFactory(name="Tilbury Family Hub")
    AddressFactory(location=tilbury, postal_code="RM18 7AA")
    registered = make.families(tilbury, 9, month.start - timedelta(days=40))
    make.came(make.session(tilbury, month.start + timedelta(days=3)), registered[:6])
    sign_in(page, live_server, make.commissioner())

    page.goto(f"{live_server.url}/reports/")
    follow(page, "main a:has-text('Families reached, by ward')")
    assert month.label in page.locator("h1").inner_text()
    headings = page.inner_text("main table thead")
    assert "Families seen per 100 children aged 0 to 2" in headings
    assert "Expectant families (estimated from births)" in headings
    row = page.locator("main table tbody tr", has_text="Tilbury Riverside (illustrative)")
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["9", "6"]  # registered, seen
    assert cells[7:9] == ["4", "3"]  # 9 and 6 per 100 of 226 children
    assert page.locator("main table tbody tr", has_text="Ockendon (illustrative)").count() == 1
    # The wide table scrolls inside its own region; the page itself does not widen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations() == []
    screenshot("reach-by-ward")


def test_the_report_works_without_javascript(live_server, browser, last_months_sessions):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server, make.commissioner())
    page.goto(
        f"{live_server.url}/reports/reach/?period=custom&start_0=1&start_1=1&start_2=2026&end_0=31&end_1=1&end_2=2026"
    )
    assert "1 January 2026 to 31 January 2026" in page.locator("h1").inner_text()
    assert page.locator("svg.fh-chart").count() == 1
    context.close()
