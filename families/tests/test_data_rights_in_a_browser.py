"""A parent reads everything held about their family, then deletes it, in real Chromium at phone
and tablet widths: the page they can read, the confirmation they must give, the email after.
axe finds nothing at any step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from directory.tests.factories import LocationFactory
from families.models import Family
from families.tests.factories import AdultFactory, ChildFactory, ConsentFactory, FamilyFactory
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024)}


def words(text: str) -> str:
    """Text with its layout (new lines at phone width, tabs at tablet width) as single spaces."""
    return " ".join(text.split())


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_parent_reads_their_data_then_deletes_their_account(
    live_server, page, screenshot, axe_violations, viewport
):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))
    family = FamilyFactory(
        with_members=False,
        hub=LocationFactory(name="Tilbury Family Hub"),
        home_postcode="RM18 7AA",
    )
    user = UserFactory(email=f"amira.{viewport}@example.org")
    AdultFactory(family=family, user=user, first_name="Amira", last_name="Haddad")
    due = timezone.localdate() + timedelta(days=90)
    ChildFactory(family=family, first_name="", date_of_birth=None, due_date=due)
    ConsentFactory(family=family)

    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/family/")
    assert page.locator("h1").inner_text() == "Your family"

    with page.expect_navigation():
        page.get_by_role("link", name="See and save everything we hold about your family").click()
    assert page.locator("h1").inner_text() == "Everything we hold about your family"
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:4] == ["Your household", "Adults", "Children", "What you agreed to"]
    household = words(page.locator("dl.govuk-summary-list").first.inner_text())
    assert "Home postcode RM18 7AA" in household
    assert "Family hub Tilbury Family Hub" in household
    assert f"Due date {due:%-d %B %Y}" in words(page.locator("h2#children + dl").inner_text())
    assert page.get_by_role("link", name="download the same details as a data file").is_visible()
    assert axe_violations() == []
    screenshot(f"your-data-{viewport}")

    page.goto(f"{live_server.url}/family/delete/")
    assert page.locator("h1").inner_text() == "Delete your account and your family's details"
    with page.expect_navigation():
        page.get_by_role("button", name="Delete everything").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Tick the box to confirm you want to delete your account" in summary
    assert Family.objects.filter(pk=family.pk).exists()
    assert axe_violations() == []
    screenshot(f"delete-not-confirmed-{viewport}")

    page.get_by_label("I understand that this deletes my account").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Delete everything").click()
    assert page.locator("h1").inner_text() == "Your details are deleted"
    assert "We have sent you an email to say so." in page.locator("main").inner_text()
    assert not Family.objects.filter(pk=family.pk).exists()
    goodbye = Notification.objects.get(to_address=user.email)
    assert goodbye.body.startswith("Hello Amira,")
    assert axe_violations() == []
    screenshot(f"deleted-{viewport}")
