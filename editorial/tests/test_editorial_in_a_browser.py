"""Review and problem reports walked in real Chromium at phone width (375px), with axe on every
page: a provider's change is reviewed and approved and parents see it; a change sent back shows
its reason to the provider; a parent with no account reports a problem and an editor marks it
fixed."""

import pytest
from django.utils import dateformat, timezone

from accounts.tests.factories import DirectoryEditorFactory
from bookings.tests.test_browser_journeys import follow, sign_in
from directory.models import Service
from directory.tests.factories import OrganizationFactory, ServiceFactory
from editorial.models import ProblemReport
from editorial.tests.factories import provider_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def page(browser):
    """A phone-width tab. Each person in a journey takes it in turn, their cookies cleared in
    between."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


def looked_at(tab, axe_violations, screenshot, name: str) -> None:
    """Nothing axe finds, nothing wider than the phone, and a picture to look at."""
    assert axe_violations() == [], name
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    screenshot(name)


@pytest.fixture
def listing():
    return ServiceFactory(
        name="Together with Baby",
        organization=OrganizationFactory(name="EPUT"),
        application_process="Ask your midwife.",
        assured_date=None,
    )


def provider_changes_how_to_join(page, live_server, service, words: str) -> None:
    sign_in(page, live_server, provider_of(service.organization, email="team@eput.example"))
    page.goto(f"{live_server.url}/manage/services/{service.pk}/")
    follow(page, "main a:text-is('How to join')")
    follow(page, "main .govuk-summary-list__row:has-text('What families need to do') a")
    page.fill("#id_application_process", words)
    follow(page, "main button:has-text('Continue')")
    follow(page, "main button:has-text('Save')")
    assert "Waiting for review" in page.inner_text("main")


def test_provider_edits_editor_reviews_the_difference_and_approves_and_parents_see_it(
    live_server, page, axe_violations, screenshot, listing
):
    provider_changes_how_to_join(
        page, live_server, listing, "Ask your midwife or health visitor to refer you."
    )
    page.context.clear_cookies()

    sign_in(page, live_server, DirectoryEditorFactory())
    page.goto(f"{live_server.url}/account/staff/")
    follow(page, "main a:text-is('Review changes')")
    assert page.inner_text("main h1") == "Review changes"
    assert "1 change waiting" in page.inner_text("main")
    looked_at(page, axe_violations, screenshot, "1-queue")

    follow(page, "main a:text-is('Together with Baby')")
    difference = " ".join(page.inner_text("main .govuk-summary-list").split())
    assert difference == (
        "How to join, in words Was: Ask your midwife. "
        "Now: Ask your midwife or health visitor to refer you."
    )
    looked_at(page, axe_violations, screenshot, "2-difference")

    follow(page, "main button:text-is('Approve and publish')")
    assert "Together with Baby is published" in page.inner_text(".govuk-notification-banner")
    assert "There are no changes waiting for review" in page.inner_text("main")
    looked_at(page, axe_violations, screenshot, "3-approved")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/services/{listing.pk}/")
    main = page.inner_text("main")
    assert "Ask your midwife or health visitor to refer you." in main
    today = dateformat.format(timezone.localdate(), "j F Y")
    assert f"Listing last checked {today}." in main
    looked_at(page, axe_violations, screenshot, "4-parent-sees-it")


def test_a_change_sent_back_shows_the_provider_the_reason(
    live_server, page, axe_violations, screenshot, listing
):
    provider_changes_how_to_join(page, live_server, listing, "Ring us.")
    page.context.clear_cookies()

    sign_in(page, live_server, DirectoryEditorFactory())
    page.goto(f"{live_server.url}/manage/review/")
    follow(page, "main a:text-is('Together with Baby')")
    follow(page, "main button:text-is('Send back')")
    assert "Enter why you are sending the change back" in page.inner_text(".govuk-error-summary")
    looked_at(page, axe_violations, screenshot, "1-reason-missing")
    page.fill("#id_reason", "Please give the phone number to ring.")
    follow(page, "main button:text-is('Send back')")
    assert "was sent back" in page.inner_text(".govuk-notification-banner")
    page.context.clear_cookies()

    sign_in(page, live_server, listing.organization.memberships.get().user)
    page.goto(f"{live_server.url}/manage/services/{listing.pk}/")
    assert "Please give the phone number to ring." in page.inner_text("main")
    follow(page, "main a:has-text('Versions and history')")
    main = page.inner_text("main")
    assert "Why it was sent back" in main
    assert "Please give the phone number to ring." in main
    looked_at(page, axe_violations, screenshot, "2-provider-sees-why")
    assert Service.objects.get(pk=listing.pk).application_process == "Ask your midwife."


def test_parent_reports_a_problem_without_an_account_and_an_editor_marks_it_fixed(
    live_server, page, axe_violations, screenshot, listing
):
    page.goto(f"{live_server.url}/services/{listing.pk}/")
    assert "This listing has not been checked yet." in page.inner_text("main")
    follow(page, "main a:text-is('Report a problem with this listing')")
    assert page.inner_text("main h1") == "Report a problem with this listing"
    looked_at(page, axe_violations, screenshot, "1-form")
    follow(page, "main button:text-is('Send report')")
    assert "Select what is wrong with this listing" in page.inner_text(".govuk-error-summary")
    page.fill("#id_details", "It moved to Thursdays")
    page.fill("#id_reply_email", "not-an-address")
    page.check("label:has-text('The days or times are wrong')")
    follow(page, "main button:text-is('Send report')")
    errors = page.inner_text(".govuk-error-summary")
    assert "Enter an email address in the correct format" in errors
    assert page.input_value("#id_details") == "It moved to Thursdays"
    assert page.is_checked("label:has-text('The days or times are wrong')")
    looked_at(page, axe_violations, screenshot, "2-errors-keep-input")
    page.fill("#id_reply_email", "")
    follow(page, "main button:text-is('Send report')")
    assert page.inner_text("main h1") == "Report sent"
    looked_at(page, axe_violations, screenshot, "3-sent")

    sign_in(page, live_server, DirectoryEditorFactory())
    page.goto(f"{live_server.url}/account/staff/")
    follow(page, "main a:text-is('Problems reported')")
    assert "1 report to deal with" in page.inner_text("main")
    looked_at(page, axe_violations, screenshot, "4-problems")
    follow(page, "main a:text-is('Together with Baby')")
    assert "It moved to Thursdays" in page.inner_text("main")
    page.check("label:text-is('Fixed')")
    page.fill("#id_note", "Changed the day to Thursday.")
    follow(page, "main button:text-is('Save')")
    main = page.inner_text("main")
    assert "The report is now: fixed" in page.inner_text(".govuk-notification-banner")
    assert "Changed the day to Thursday." in main
    looked_at(page, axe_violations, screenshot, "5-fixed")
    assert ProblemReport.objects.get().status == ProblemReport.Status.FIXED
