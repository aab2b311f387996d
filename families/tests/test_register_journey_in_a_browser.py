"""The register journey in real headless Chromium, with axe-core clean on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from directory.tests.factories import LocationFactory
from families.models import Family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_signs_in_and_registers_their_family(
    live_server, page, axe_violations, screenshot
):
    parent = UserFactory(email="amira@example.org")
    LocationFactory(name="Tilbury Family Hub")
    LocationFactory(name="Ockendon Family Hub")
    due = timezone.localdate() + timedelta(days=100)

    page.goto(f"{live_server.url}/account/sign-in/")
    assert axe_violations() == []
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Register your family with a family hub"
    )
    assert axe_violations() == []
    page.get_by_role("button", name="Start now").click()

    # A mistake first: the error summary names it and links to the field.
    page.get_by_label("First name").fill("")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the first name" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert axe_violations() == []
    screenshot("about-you-error")

    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Phone number (optional)").fill("07700 900982")
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your child or baby"
    assert axe_violations() == []
    page.get_by_label("No, we are expecting a baby").check()
    page.locator("#id_due_date_0").fill(str(due.day))
    page.locator("#id_due_date_1").fill(str(due.month))
    page.locator("#id_due_date_2").fill(str(due.year))
    page.get_by_role("button", name="Continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your home and family hub"
    assert axe_violations() == []
    page.get_by_label("Home postcode").fill("rm18 7aa")
    page.get_by_label("Tilbury Family Hub").check()
    page.get_by_label("Languages spoken at home (optional)").fill("English, Yoruba")
    page.get_by_role("button", name="Continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert axe_violations() == []
    screenshot("check-your-answers")
    page.get_by_label("I agree that the family hub holds these details").check()
    page.get_by_role("button", name="Agree and register").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your family"
    assert "Your family is registered" in page.locator(".govuk-notification-banner").inner_text()
    assert axe_violations() == []
    screenshot("your-family")
    family = Family.objects.get()
    assert family.adults.get().user == parent
    assert family.home_postcode == "RM18 7AA"
    assert family.children.get().due_date == due
