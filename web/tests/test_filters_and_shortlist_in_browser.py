"""A parent on a phone with JavaScript off narrows a search, keeps a shortlist and emails it."""

import re

import pytest

from directory.models import Accessibility, Language, Location
from notifications.tests.smtp import run_task_worker, smtp_server
from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():
    PostcodeFactory()
    polish = weekly_group("Polish speaking baby group")
    polish.languages.create(name="Polish", code="pl")
    hub = Location.objects.get(service_at_locations__service=polish)
    Accessibility.objects.create(location=hub, description="Step-free access")
    paid = weekly_group("Paid Polish music class", free=False)
    Language.objects.create(service=paid, name="Polish", code="pl")
    weekly_group("English stay and play")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (768, 1024)])
def test_parent_narrows_the_search_keeps_a_list_and_emails_it_without_javascript(
    browser, live_server, directory, width, height, request
):
    from conftest import ARTIFACTS, AXE_SCRIPT

    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)

    def look(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)

    def axe() -> list:
        # axe needs script: check the same page in a JavaScript context.
        checker = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        tab = checker.new_page()
        tab.goto(page.url)
        tab.add_script_tag(path=str(AXE_SCRIPT))
        result = tab.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
        )
        checker.close()
        return [v["id"] for v in result["violations"]]

    page.goto(live_server.url + "/")
    page.get_by_label("Your postcode or town").fill("RM18 7AA")
    page.get_by_text("More ways to narrow your search").click()  # <details> opens without script
    page.get_by_label("Language").select_option("pl")
    page.get_by_label("Only show free support").check()
    page.get_by_label("Step-free access").check()
    look("filters")
    page.get_by_role("button", name="Find support").click()
    page.wait_for_load_state()
    look("results")

    results = page.locator(".fh-result")
    assert results.count() == 1
    assert "Polish speaking baby group" in results.first.inner_text()
    assert re.search(r"Languages\s+Polish", results.first.inner_text())
    assert page.get_by_label("Only show free support").is_checked()
    assert axe() == []

    results.first.get_by_role("button", name="Add Polish speaking baby group to your list").click()
    page.wait_for_load_state()
    assert "Polish speaking baby group is on your list" in page.inner_text("main")
    assert results.count() == 1  # back on the same results
    page.get_by_role("link", name="See your list of support").click()
    page.wait_for_load_state()
    look("list")
    assert page.get_by_role("heading", name="Your list of support").is_visible()
    assert "Polish speaking baby group" in page.inner_text("main")
    assert axe() == []

    page.get_by_role("button", name="Send my list").click()
    page.wait_for_load_state()
    assert "Enter your email address" in page.inner_text(".govuk-error-summary")
    assert "Polish speaking baby group" in page.inner_text("main")  # nothing lost

    with smtp_server() as server:
        page.get_by_label("Email it to yourself").fill("parent@example.com")
        page.get_by_role("button", name="Send my list").click()
        page.wait_for_load_state()
        look("sent")
        assert "We have sent your list to parent@example.com" in page.inner_text("main")
        run_task_worker()
    [message] = server.messages
    assert "Polish speaking baby group" in message.get_content()
    context.close()
