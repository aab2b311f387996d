"""Search in real Chromium at phone and tablet widths: the date examples fit today (a due date to
come), and a search by town or by a postcode we only know the area of says, in plain words, that
distances are a guide. axe finds nothing."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024)}


def hint_date(page, field: str) -> datetime:
    hint = page.locator(f"#{field}-hint").inner_text()
    day, month, year = re.fullmatch(r"For example, (\d+) (\d+) (\d{4})", hint).groups()
    return datetime(int(year), int(month), int(day)).date()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_expecting_parent_sees_examples_that_fit_today_and_plain_words_about_distance(
    live_server, page, screenshot, axe_violations, viewport
):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))
    PostcodeFactory(postcode="RM18 7")
    weekly_group("Time for you and baby too", for_expectant_parents=True)
    today = timezone.localdate()

    page.goto(live_server.url + "/")
    assert hint_date(page, "due") > today
    assert hint_date(page, "dob") < today
    due = today + timedelta(days=60)
    page.get_by_label("Your postcode or town").fill("Tilbury")
    page.get_by_label("No, I'm expecting a baby").check()
    page.locator("#due_day").fill(str(due.day))
    page.locator("#due_month").fill(str(due.month))
    page.locator("#due_year").fill(str(due.year))
    with page.expect_navigation():
        page.get_by_role("button", name="Find support").click()

    assert page.locator("h1").inner_text() == "Support near Tilbury"
    note = page.locator(".govuk-inset-text").inner_text()
    assert note == "Distances are a guide: we measured them from the middle of Tilbury."
    assert page.locator(".fh-result", has_text="Time for you and baby too").count() == 1
    assert axe_violations() == []
    screenshot(f"town-{viewport}")

    page.get_by_label("Your postcode or town").fill("RM18 7ZZ")
    with page.expect_navigation():
        page.get_by_role("button", name="Find support").click()
    note = page.locator(".govuk-inset-text").inner_text()
    assert note == (
        "Distances are a guide: we measured them from the middle of the RM18 7 area, "
        "not from your street."
    )
    assert "not in our list" not in page.locator("main").inner_text()
    assert axe_violations() == []
    screenshot(f"postcode-area-{viewport}")
