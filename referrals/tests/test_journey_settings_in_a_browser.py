"""A directory editor sets up a service to take requests for support, in real headless Chromium at
phone width, axe-core on every page: who may ask, the reply target, the team, and a question of
the service's own, added, moved and removed."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, DirectoryEditorFactory
from directory.tests.factories import ServiceFactory
from referrals.models import ServiceIntake
from referrals.tests.factories import ServiceTeamUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_sets_up_a_service_to_take_requests(
    live_server, page, axe_violations, screenshot
):
    page.set_viewport_size({"width": 375, "height": 812})
    service = ServiceFactory(name="Together with Baby")
    member = ServiceTeamUserFactory(email="team@eput.example")
    editor = DirectoryEditorFactory()
    app = TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(f"{totp(app.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()

    page.goto(f"{live_server.url}/manage/services/{service.pk}/requests-for-support/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Requests for support")
    assert axe_violations() == []
    page.get_by_label("Professionals and families themselves").check()
    page.get_by_label("Reply within (working days)").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 1 working day")
    assert page.get_by_label("Professionals and families themselves").is_checked()
    assert axe_violations() == []
    page.get_by_label("Reply within (working days)").fill("5")
    page.get_by_label("team@eput.example", exact=False).check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    intake = ServiceIntake.objects.get(service=service)
    assert intake.response_target_working_days == 5
    assert list(intake.team_members.values_list("user", flat=True)) == [member.pk]

    for label, kind in [
        ("Is this your first baby?", "Yes or no"),
        ("Who is your midwife?", "Text"),
    ]:
        page.get_by_role("link", name="Add a question").click()
        expect(heading).to_have_text("Add a question")
        page.get_by_label("Question", exact=True).fill(label)
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Yes", exact=True).check()
        assert axe_violations() == []
        page.get_by_role("button", name="Save question").click()
        expect(heading).to_have_text("Requests for support")

    page.get_by_role("button", name="Move up question 2").click()
    expect(page.locator(".govuk-summary-list__key").first).to_have_text("1. Who is your midwife?")
    assert axe_violations() == []
    screenshot("settings")
    page.get_by_role("link", name="Remove question 2").click()
    expect(heading).to_have_text("Are you sure you want to remove this question?")
    assert axe_violations() == []
    page.get_by_role("button", name="Remove the question").click()
    assert list(intake.questions.values_list("label", flat=True)) == ["Who is your midwife?"]

    # The service page now offers both ways in.
    page.goto(f"{live_server.url}/services/{service.pk}/")
    expect(page.get_by_role("link", name="Ask for help from Together with Baby")).to_be_visible()
    assert "The team replies within 5 working days" in page.locator("main").inner_text()
