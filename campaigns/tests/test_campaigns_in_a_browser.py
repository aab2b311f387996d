"""The demo's campaigns in real Chromium, at phone and tablet widths: past campaigns and events
say they are over, and the illustrative coming week is listed first. axe finds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024)}


def follow(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_parent_sees_which_demo_campaigns_are_past_and_which_is_coming(
    live_server, page, screenshot, axe_violations, viewport
):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))
    call_command("load_demo")
    starts_on, _ = demo_data.next_awareness_week(timezone.localdate())
    coming_name = f"Infant Mental Health Awareness Week {starts_on.year}"

    page.goto(f"{live_server.url}/campaigns/")
    sections = page.locator("main h2").all_inner_texts()
    assert sections == ["On now and coming up", "Past campaigns"]
    results = [" ".join(text.split()) for text in page.locator(".fh-result").all_inner_texts()]
    # Ongoing and coming campaigns first, then the seeds' past weeks, latest first.
    assert results[0].startswith("Who's Holding the Baby? Ongoing")
    assert results[1].startswith(f"{coming_name} {starts_on:%-d %B %Y}")
    assert "Coming up Illustrative" in results[1]
    assert results[2].startswith("Infant Mental Health Awareness Week 2025 9 June 2025")
    assert results[3].startswith("Infant Mental Health Awareness Week 2018 10 June 2018")
    assert all(" Past " in result for result in results[2:])
    assert not any(" Past " in result for result in results[:2])
    assert axe_violations() == []
    screenshot(f"campaigns-{viewport}")

    follow(page, page.get_by_role("link", name="Infant Mental Health Awareness Week 2025"))
    assert "This campaign has finished." in page.locator(".govuk-inset-text").inner_text()
    event = page.locator(".fh-result", has_text="Ockendon Family Hub")
    assert "Past" in event.locator(".govuk-tag").inner_text()
    follow(page, event.get_by_role("link"))
    assert page.locator(".govuk-caption-l").inner_text() == "Past event"
    assert (
        "This event has finished. It was on Monday 9 June 2025."
        in page.locator(".govuk-inset-text").inner_text()
    )
    assert axe_violations() == []
    screenshot(f"past-event-{viewport}")

    page.goto(f"{live_server.url}/campaigns/")
    follow(page, page.get_by_role("link", name=coming_name))
    assert "This campaign has finished." not in page.locator("main").inner_text()
    assert "illustrative demo data" in page.locator("main").inner_text()
    follow(page, page.locator(".fh-result").get_by_role("link"))
    assert page.locator(".govuk-caption-l").inner_text() == "Event"
    assert f"Monday {starts_on:%-d %B %Y}" in page.locator("dl").inner_text()
    assert "Illustrative times" in page.locator("dl").inner_text()
    assert axe_violations() == []
    screenshot(f"coming-event-{viewport}")
