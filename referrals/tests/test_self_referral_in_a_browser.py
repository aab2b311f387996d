"""A mother asks Together with Baby for help herself, not signed in, in real headless Chromium at
phone width: crisis help first on every page, an email link to confirm her address, then the
request is sent. Once with JavaScript (axe-core on every page) and once without."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.tests.smtp import run_task_worker, smtp_server
from referrals.models import IntakeQuestion, RequestForSupport
from referrals.tests.factories import IntakeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CRISIS = "If you or your baby are in danger now, call 999"


@pytest.fixture
def together_with_baby():
    intake = IntakeFactory(service__name="Together with Baby", response_target_working_days=5)
    IntakeQuestion.objects.create(
        intake=intake, label="Is this your first baby?", kind=IntakeQuestion.Kind.YES_NO, order=1
    )
    return intake


@pytest.fixture(params=["javascript", "no javascript"])
def tab(request, browser, page, axe_violations):
    """The phone-sized tab, and a check to run on each page: axe when scripts run."""
    if request.param == "javascript":
        page.set_viewport_size(PHONE)
        return page, axe_violations
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    request.addfinalizer(context.close)
    return context.new_page(), lambda: []


def test_a_mother_asks_for_help_and_confirms_her_email(
    live_server, tab, together_with_baby, request
):
    page, axe_violations = tab
    service = together_with_baby.service
    due = timezone.localdate() + timedelta(days=70)

    def shows_crisis_help_first() -> None:
        main = page.locator("main").inner_text()
        assert CRISIS in main, page.url
        assert main.index(CRISIS) < main.index(page.get_by_role("heading", level=1).inner_text())
        assert axe_violations() == []

    def continue_() -> None:
        page.get_by_role("button", name="Continue").click()

    def screenshot(name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}-{name}.png", full_page=True)

    page.goto(f"{live_server.url}/services/{service.pk}/")
    page.get_by_role("link", name="Ask for help from Together with Baby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for help")
    assert "They reply within 5 working days" in page.locator("main").inner_text()
    shows_crisis_help_first()
    screenshot("start")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    shows_crisis_help_first()
    continue_()
    assert "Enter your full name" in page.locator(".govuk-error-summary").inner_text()
    shows_crisis_help_first()
    page.get_by_label("Your full name").fill("Amira Example")
    continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your baby")
    shows_crisis_help_first()
    page.get_by_label("No, we are expecting a baby").check()
    page.locator("#id_due_date_0").fill(str(due.day))
    page.locator("#id_due_date_1").fill(str(due.month))
    page.locator("#id_due_date_2").fill(str(due.year))
    continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("Contacting you safely")
    shows_crisis_help_first()
    page.get_by_label("Your email address").fill("amira@example.org")
    page.get_by_label("How and when is it safe to contact you?").fill("Email only, please")
    continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("Interpreter")
    shows_crisis_help_first()
    page.get_by_label("Yes").check()
    page.get_by_label("Which language?").fill("Polish")
    continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("A few more questions")
    shows_crisis_help_first()
    page.get_by_label("Yes").check()
    continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("What you would like help with")
    shows_crisis_help_first()
    page.get_by_label("What would you like help with?").fill("I feel low and cannot sleep")
    continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    shows_crisis_help_first()
    main = page.locator("main").inner_text()
    assert "Amira Example" in main and "Polish" in main and "I feel low" in main
    # A change comes back to check answers.
    page.get_by_role("link", name="Change interpreter").click()
    page.get_by_label("Which language?").fill("Polish and English")
    page.get_by_role("button", name="Save and go back to check answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    assert "Polish and English" in page.locator("main").inner_text()
    screenshot("check-answers")

    with smtp_server() as server:
        page.get_by_role("button", name="Confirm your email address").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        assert "Your request is not sent until you do" in page.locator("main").inner_text()
        shows_crisis_help_first()
        screenshot("check-your-email")
        assert not RequestForSupport.objects.exists()
        run_task_worker()
    body = server.messages[-1].get_body(("plain",)).get_content()
    path = re.search(r"(/requests/confirm/[^\s]+/)", body).group(1)

    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your email address is confirmed")
    shows_crisis_help_first()
    page.get_by_role("button", name="Send your request").click()

    sent = RequestForSupport.objects.get()
    expect(page.locator(".govuk-panel__title")).to_have_text("Request sent")
    assert sent.reference in page.locator(".govuk-panel__body").inner_text()
    assert "reply by" in page.locator("main").inner_text()
    shows_crisis_help_first()
    screenshot("sent")
    assert (sent.kind, sent.interpreter_language) == ("self", "Polish and English")
