"""In real headless Chromium at phone width, axe-core on every page: a midwife refers a registered
family with their consent, the service's team accepts, and the family sees it in its account; a
"no consent" answer leads to what to do instead; the midwife withdraws a referral."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from families.tests.factories import AdultFactory, ChildFactory, FamilyFactory
from referrals.models import IntakeQuestion, RequestForSupport
from referrals.tests.factories import (
    IntakeFactory,
    ProfessionalFactory,
    TeamMemberFactory,
    sent_referral,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def sign_in(page, live_server, user, *, staff: bool = True) -> None:
    if staff:
        app = TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator app", defaults={"confirmed": True}
        )[0]
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if staff:
        page.get_by_label("Code from your authenticator app").fill(f"{totp(app.bin_key):06d}")
        page.get_by_role("button", name="Continue").click()


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").click()


@pytest.fixture
def together_with_baby():
    intake = IntakeFactory(service__name="Together with Baby", response_target_working_days=5)
    IntakeQuestion.objects.create(
        intake=intake, label="Is this the first baby?", kind=IntakeQuestion.Kind.YES_NO, order=1
    )
    return intake


def test_midwife_refers_with_consent_team_accepts_family_sees_it(
    live_server, page, axe_violations, screenshot, together_with_baby
):
    page.set_viewport_size(PHONE)
    service = together_with_baby.service
    family = FamilyFactory(with_members=False, home_postcode="RM18 7AA")
    adult = AdultFactory(family=family, first_name="Grace", last_name="Okafor")
    ChildFactory(family=family, date_of_birth=timezone.localdate() - timedelta(days=90))
    midwife = ProfessionalFactory(email="midwife@nhs.example")
    team_member = TeamMemberFactory(intake=together_with_baby).user

    sign_in(page, live_server, midwife)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    page.goto(f"{live_server.url}/services/{service.pk}/")
    page.get_by_role("link", name="Refer a family").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is the family registered with a family hub?"
    )
    assert axe_violations() == []
    continue_(page)
    assert (
        "Select yes if the family is registered"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert axe_violations() == []
    page.get_by_label("Yes, find their record").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Find the family")
    page.get_by_label("Parent's first name").fill("Grace")
    page.get_by_label("Parent's last name").fill("Okafor")
    page.get_by_label("Or the family's home postcode").fill("RM18 7AA")
    assert axe_violations() == []
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the family")
    match = page.get_by_label("Grace Okafor", exact=False)
    assert match.count() == 1
    assert axe_violations() == []
    screenshot("choose-family")
    match.check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("The family's consent")
    page.get_by_label("Yes, they have agreed").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("How the family gave consent")
    page.get_by_label("Who gave consent?").fill("Grace Okafor")
    page.get_by_label("Their relationship to the baby").fill("Mother")
    page.get_by_label("In person").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("What may be shared, and with whom?").fill(
        "Everything in this request, with the Together with Baby team"
    )
    page.get_by_label("I told them what the privacy notice says", exact=False).check()
    assert axe_violations() == []
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Why you are asking for support")
    page.get_by_label("Why are you asking for support for the family?").fill(
        "Low mood since the birth, not sleeping"
    )
    page.get_by_label("Soon").check()
    assert axe_violations() == []
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacting the family safely")
    page.get_by_label("The family's phone number").fill("07700 900123")
    page.get_by_label("How and when is it safe to contact the family?").fill("Text first")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Interpreter")
    page.get_by_label("No").check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("The service's questions")
    page.get_by_label("Yes").check()
    assert axe_violations() == []
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    main = page.locator("main").inner_text()
    assert (
        "Grace Okafor" in main and "Low mood since the birth" in main and "Version 2026-11" in main
    )
    assert axe_violations() == []
    screenshot("check-answers")
    page.get_by_role("button", name="Send the request").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Request sent")
    sent = RequestForSupport.objects.get()
    assert sent.reference in page.locator(".govuk-panel__body").inner_text()
    assert sent.family == family and sent.consent.given_by == "Grace Okafor"
    assert axe_violations() == []
    screenshot("sent")

    # The team accepts, in its inbox.
    page.context.clear_cookies()
    sign_in(page, live_server, team_member)
    page.goto(f"{live_server.url}/manage/requests/{sent.reference}/")
    assert axe_violations() == []
    page.get_by_role("button", name="Accept").click()
    sent.refresh_from_db()
    assert sent.status == "accepted"
    screenshot("team-accepted")

    # The family sees it in its account, without the referrer's words about them.
    page.context.clear_cookies()
    sign_in(page, live_server, adult.user, staff=False)
    page.goto(f"{live_server.url}/requests/yours/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your requests for support")
    assert "Accepted" in page.locator("table").inner_text()
    assert axe_violations() == []
    page.get_by_role("link", name=sent.reference).click()
    text = page.locator("main").inner_text()
    assert "Together with Baby" in text and "Accepted" in text
    assert "Low mood" not in text
    assert axe_violations() == []
    screenshot("family-sees-it")


def test_no_consent_shows_what_to_do_instead(
    live_server, page, axe_violations, screenshot, together_with_baby
):
    page.set_viewport_size(PHONE)
    midwife = ProfessionalFactory()
    sign_in(page, live_server, midwife)
    page.goto(f"{live_server.url}/services/{together_with_baby.service.pk}/")
    page.get_by_role("link", name="Refer a family").click()
    page.get_by_label("No, or I do not know", exact=False).check()
    continue_(page)
    page.get_by_label("The parent's full name").fill("Amira Example")
    continue_(page)
    page.get_by_label("No, we are expecting a baby").check()
    due = timezone.localdate() + timedelta(days=50)
    page.locator("#id_due_date_0").fill(str(due.day))
    page.locator("#id_due_date_1").fill(str(due.month))
    page.locator("#id_due_date_2").fill(str(due.year))
    continue_(page)
    page.get_by_label("No, or I have not been able to ask them").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot send a request without the family's consent"
    )
    text = page.locator("main").inner_text()
    assert f"/services/{together_with_baby.service.pk}/ask-for-help/" in text
    assert "safeguarding procedures" in text
    assert axe_violations() == []
    screenshot("no-consent")
    page.get_by_role("link", name="Print a card with this link for the family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Together with Baby")
    assert "116 123" in page.locator("main").inner_text()
    assert axe_violations() == []
    screenshot("card")
    assert not RequestForSupport.objects.exists()


def test_the_midwife_withdraws_a_referral(live_server, page, axe_violations, screenshot):
    page.set_viewport_size(PHONE)
    midwife = ProfessionalFactory()
    referral = sent_referral(referrer=midwife)
    sign_in(page, live_server, midwife)
    page.get_by_role("link", name="Requests you have sent").click()
    page.get_by_role("link", name=referral.reference).click()
    assert axe_violations() == []
    page.get_by_role("link", name="Withdraw this request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Are you sure you want to withdraw"
    )
    assert axe_violations() == []
    page.get_by_role("button", name="Withdraw the request").click()
    assert f"Request {referral.reference} is withdrawn" in page.locator("main").inner_text()
    assert "Withdrawn" in page.locator("main").inner_text()
    assert axe_violations() == []
    screenshot("withdrawn")
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
