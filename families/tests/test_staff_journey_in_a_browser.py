"""Hub staff register a family in person, in real headless Chromium, axe-core clean."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import PASSWORD, HubStaffFactory
from directory.tests.factories import LocationFactory
from families.models import Family
from notifications.tests.smtp import sent_emails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_a_family_in_person_and_record_the_birth(
    live_server, page, axe_violations, screenshot
):
    hub = LocationFactory(name="Tilbury Family Hub")
    staff = HubStaffFactory(hub=hub, email="worker@council.example")
    app = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    due = timezone.localdate() + timedelta(days=20)

    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Staff give a code from their authenticator app, then land on today's sessions.
    page.get_by_label("Code from your authenticator app").fill(f"{totp(app.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sessions on ")
    page.goto(f"{live_server.url}/family/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Families at your hubs"
    assert axe_violations() == []

    page.get_by_role("button", name="Register a family").click()
    page.get_by_role("button", name="Register the family").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations() == []

    page.locator("#id_adult-first_name").fill("Grace")
    page.locator("#id_adult-last_name").fill("Mensah")
    page.locator("#id_adult-email").fill("grace@example.org")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("No, we are expecting a baby").check()
    page.locator("#id_child-due_date_0").fill(str(due.day))
    page.locator("#id_child-due_date_1").fill(str(due.month))
    page.locator("#id_child-due_date_2").fill(str(due.year))
    page.get_by_label("Home postcode").fill("RM18 7AA")
    page.get_by_label("Tilbury Family Hub").check()
    page.get_by_label("The parent has been given the privacy notice").check()
    screenshot("register-in-person")
    page.get_by_role("button", name="Register the family").click()

    assert page.get_by_role("heading", level=1).inner_text() == "A family's details"
    assert "Not claimed yet" in page.content()
    assert axe_violations() == []
    assert [email.to for email in sent_emails()] == [["grace@example.org"]]

    page.get_by_role("link", name="The baby has arrived").click()
    page.get_by_label("First name").fill("Kwame")
    page.get_by_label("Day").fill(str(timezone.localdate().day))
    page.get_by_label("Month").fill(str(timezone.localdate().month))
    page.get_by_label("Year").fill(str(timezone.localdate().year))
    assert axe_violations() == []
    page.get_by_role("button", name="Save").click()
    assert "Born" in page.locator("main").inner_text()
    screenshot("family-details")
    child = Family.objects.get().children.get()
    assert (child.first_name, child.date_of_birth, child.due_date) == (
        "Kwame",
        timezone.localdate(),
        None,
    )
