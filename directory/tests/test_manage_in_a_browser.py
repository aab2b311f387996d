"""The management pages walked in real Chromium at phone width (375px), with axe on every page:
an editor adds a service through its task list, without JavaScript, and publishes it; a provider
user changes their organisation's listing through check answers and sees it wait for review."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import OrganisationMembership
from accounts.roles import PROVIDERS
from accounts.tests.factories import DirectoryEditorFactory, UserFactory
from bookings.tests.test_browser_journeys import follow, sign_in
from directory.models import Service
from directory.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[False, True], ids=["without-javascript", "with-javascript"])
def page(browser, request):
    """A phone-width tab (375px), with JavaScript off or on."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="en-GB", java_script_enabled=request.param
    )
    tab = context.new_page()
    tab.javascript_on = request.param
    yield tab
    context.close()


def heading(page) -> str:
    return page.inner_text("main h1")


def banner(page) -> str:
    return page.inner_text(".govuk-notification-banner")


def check(page, axe_violations, screenshot, name: str) -> None:
    """Nothing axe finds, nothing wider than the phone, and a picture to look at. (axe runs in
    the page's JavaScript: the same journey with JavaScript on checks every page.)"""
    if page.javascript_on:
        assert axe_violations() == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    screenshot(name)


def task_status(page, title: str) -> str:
    item = page.locator(".govuk-task-list__item", has=page.locator(f"a:text-is('{title}')"))
    return item.locator(".govuk-task-list__status").inner_text().strip()


def answer_section(page, title: str, fill) -> None:
    """From the task list: open a section, answer its question, save on check answers."""
    follow(page, f"main a:text-is('{title}')")
    fill()
    follow(page, "main button:has-text('Continue')")
    assert heading(page).startswith("Check your answers")
    follow(page, "main button:has-text('Save')")
    assert task_status(page, title) == "Completed"


def test_editor_adds_a_weekly_group_through_the_task_list_and_publishes_it(
    live_server, page, axe_violations, screenshot
):
    OrganizationFactory(name="Thurrock Council")
    sign_in(page, live_server, DirectoryEditorFactory())

    page.goto(f"{live_server.url}/manage/")
    assert heading(page) == "Manage the directory"
    check(page, axe_violations, screenshot, "1-services")
    follow(page, "main a:has-text('Add a service')")
    assert heading(page) == "Service details"
    follow(page, "main button:has-text('Save and continue')")
    assert "Enter name of the service" in page.inner_text(".govuk-error-summary")
    check(page, axe_violations, screenshot, "2-add-with-errors")
    page.fill("#id_name", "Bumps and babies")
    page.check("label:has-text('Thurrock Council')")
    page.fill("#id_description", "A friendly group for parents-to-be and new babies.")
    follow(page, "main button:has-text('Save and continue')")

    assert heading(page) == "Bumps and babies"
    assert "Draft" in page.inner_text("main")
    assert task_status(page, "Who it is for") == "Incomplete"
    check(page, axe_violations, screenshot, "3-task-list")

    def who_for():
        page.check("label:has-text('Expectant parents can come')")
        page.fill("#id_maximum_age", "12")
        check(page, axe_violations, screenshot, "4-question")

    answer_section(page, "Who it is for", who_for)
    answer_section(page, "Cost", lambda: page.check("label:has-text('Yes, it is free')"))

    def how_to_join():
        page.check("label:has-text('They just turn up')")
        page.fill("#id_application_process", "Just come along, no need to book.")

    answer_section(page, "How to join", how_to_join)

    def contacts():
        page.fill("#id_phone_1", "01375 123456")
        page.fill("#id_phone_1_description", "Monday to Friday, 9am to 5pm")

    answer_section(page, "Contact details", contacts)
    check(page, axe_violations, screenshot, "5-ready")
    follow(page, "main button:has-text('Publish the service')")
    assert "parents can find it now" in banner(page)
    assert "Published" in page.inner_text("main")
    check(page, axe_violations, screenshot, "6-published")

    follow(page, "main a:has-text('See the service as parents see it')")
    assert heading(page) == "Bumps and babies"
    assert "01375 123456" in page.inner_text("main")
    check(page, axe_violations, screenshot, "7-public")
    assert Service.objects.get(name="Bumps and babies").status == Service.Status.ACTIVE


def test_provider_changes_their_listing_and_it_waits_for_review(
    live_server, page, axe_violations, screenshot
):
    service = ServiceFactory(
        name="Together with Baby",
        organization=OrganizationFactory(name="EPUT"),
        application_process="Ask your midwife.",
    )
    ServiceFactory(name="Another trust's group")
    provider = UserFactory(email="team@eput.example")
    provider.groups.add(Group.objects.get_or_create(name=PROVIDERS)[0])
    OrganisationMembership.objects.create(user=provider, organization=service.organization)
    sign_in(page, live_server, provider)

    page.goto(f"{live_server.url}/manage/")
    listed = page.inner_text("main table")
    assert "Together with Baby" in listed and "Another trust" not in listed
    follow(page, "main a:has-text('Together with Baby')")
    assert "Published" in page.inner_text("main")
    follow(page, "main a:text-is('How to join')")
    assert heading(page) == "Check your answers: how to join"
    check(page, axe_violations, screenshot, "1-check-answers")
    follow(page, "main .govuk-summary-list__row:has-text('What families need to do') a")
    page.fill("#id_application_process", "Ask your midwife or health visitor to refer you.")
    follow(page, "main button:has-text('Continue')")
    assert heading(page) == "Check your answers: how to join"
    assert "health visitor to refer you" in page.inner_text("main")
    follow(page, "main button:has-text('Save')")

    assert "waiting for review" in banner(page)
    assert "Waiting for review" in page.inner_text("main")
    check(page, axe_violations, screenshot, "2-waiting")
    service.refresh_from_db()
    assert service.application_process == "Ask your midwife."
