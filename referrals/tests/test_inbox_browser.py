"""The receiving team's work in real Chromium at phone width, with axe-core on every page:
accept a request and see it through to closing; decline it with a reason; transfer it to
another service; see the overdue ones and get the reminder."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import sign_in_with_two_factor
from notifications.models import Notification
from referrals.models import RequestForSupport
from referrals.states import Status
from referrals.tests.factories import IntakeFactory, TeamMemberFactory, sent_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    """375px wide: the narrowest phone the team is likely to use on a home visit."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page, live_server, user) -> None:
    """Give the browser a signed-in session (two-factor sign-in is tested by accounts)."""
    client = Client()
    sign_in_with_two_factor(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def follow(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def heading(page) -> str:
    return page.inner_text("main h1")


def check_page(page, axe_violations, screenshot, name: str) -> None:
    assert axe_violations() == [], name
    screenshot(name)


@pytest.fixture
def member():
    return TeamMemberFactory(intake__service__name="Together with Baby")


def open_from_the_list(page, live_server, referral, axe_violations, screenshot) -> None:
    page.goto(f"{live_server.url}/account/staff/")
    follow(page, "main a:has-text('Requests your services have received')")
    assert heading(page) == "Requests for support"
    row = page.locator("tbody tr", has_text=referral.reference)
    assert "Amira Example" in row.inner_text() and "Soon" in row.inner_text()
    check_page(page, axe_violations, screenshot, "inbox")
    follow(page, f"a:has-text('{referral.reference}')")
    assert heading(page) == f"Request {referral.reference}"
    assert "Opened" in page.inner_text("main p .govuk-tag")


def test_the_team_accepts_a_request_records_contact_and_closes_it(
    page, live_server, member, axe_violations, screenshot
):
    referral = sent_referral(member.intake)
    sign_in(page, live_server, member.user)
    open_from_the_list(page, live_server, referral, axe_violations, screenshot)
    main = page.inner_text("main")
    assert "Low mood since the scan" in main and "Text first, weekdays after 6pm" in main
    assert "In person" in main and "Illustrative NHS Trust" in main
    check_page(page, axe_violations, screenshot, "opened")

    follow(page, "main button:has-text('Accept')")
    assert "You accepted the request" in page.inner_text(".govuk-notification-banner")
    assert "Accepted" in page.inner_text("main p .govuk-tag")
    assert page.locator("main button:has-text('Accept')").count() == 0
    check_page(page, axe_violations, screenshot, "accepted")

    follow(page, "main button:has-text('Record first contact')")
    follow(page, "main a:has-text('Close')")
    assert heading(page) == "Close"
    check_page(page, axe_violations, screenshot, "close-form")
    follow(page, "main form button:has-text('Close')")
    assert "Select what happened" in page.inner_text(".govuk-error-summary")
    check_page(page, axe_violations, screenshot, "close-error")
    page.check("label:has-text('Seen by the service')")
    follow(page, "main form button:has-text('Close')")
    assert "You closed the request" in page.inner_text(".govuk-notification-banner")
    history = page.inner_text("main ol")
    for step in ["Sent", "Opened", "Accepted", "Family contacted", "Closed"]:
        assert step in history
    check_page(page, axe_violations, screenshot, "closed")
    assert RequestForSupport.objects.get(pk=referral.pk).outcome == "seen"


def test_the_team_declines_a_request_with_a_reason_the_family_reads(
    page, live_server, member, axe_violations, screenshot
):
    referral = sent_referral(member.intake)
    sign_in(page, live_server, member.user)
    open_from_the_list(page, live_server, referral, axe_violations, screenshot)
    follow(page, "main a:has-text('Decline')")
    assert heading(page) == "Decline"
    follow(page, "main form button:has-text('Decline')")
    summary = page.inner_text(".govuk-error-summary")
    assert "Select why the service cannot take it" in summary
    assert "Enter explain it to the family" not in summary
    check_page(page, axe_violations, screenshot, "decline-errors")

    page.check("label:has-text('Needs are better met by another service')")
    page.fill("textarea[name=reason]", "The health visiting team can help sooner: ask them.")
    follow(page, "main form button:has-text('Decline')")
    assert "told why" in page.inner_text(".govuk-notification-banner")
    assert "Declined" in page.inner_text("main p .govuk-tag")
    assert "The health visiting team can help sooner" in page.inner_text("main")
    check_page(page, axe_violations, screenshot, "declined")
    declined = Notification.objects.filter(kind="request_declined")
    assert declined.count() == 2
    assert all("health visiting" not in n.body for n in declined)


def test_the_team_transfers_a_request_to_another_service(
    page, live_server, member, axe_violations, screenshot
):
    other = IntakeFactory(service__name="Perinatal Mental Health Team")
    TeamMemberFactory(intake=other)
    referral = sent_referral(member.intake)
    sign_in(page, live_server, member.user)
    open_from_the_list(page, live_server, referral, axe_violations, screenshot)
    follow(page, "main a:has-text('Transfer to another service')")
    page.select_option("select[name=service]", label="Perinatal Mental Health Team")
    page.fill("input[name=note]", "Needs a specialist perinatal team")
    check_page(page, axe_violations, screenshot, "transfer-form")
    follow(page, "main form button:has-text('Transfer')")

    new = RequestForSupport.objects.get(transferred_from__pk=referral.pk)
    banner = page.inner_text(".govuk-notification-banner")
    assert "Perinatal Mental Health Team" in banner and new.reference in banner
    assert f"as request {new.reference}" in page.inner_text("main")
    assert "Transferred" in page.inner_text("main p .govuk-tag")
    check_page(page, axe_violations, screenshot, "transferred")
    assert new.status == Status.SENT and new.reason == referral.reason


def test_overdue_requests_are_flagged_listed_and_the_team_reminded_the_day_before(
    page, live_server, member, axe_violations, screenshot
):
    overdue = sent_referral(member.intake)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    RequestForSupport.objects.filter(pk=overdue.pk).update(
        sent_at=long_ago, respond_by=long_ago.date() + datetime.timedelta(days=7)
    )
    due_today = sent_referral(member.intake)
    RequestForSupport.objects.filter(pk=due_today.pk).update(respond_by=timezone.localdate())
    call_command("remind_overdue_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [reminder] = Notification.objects.filter(kind="request_due_soon")
    assert due_today.reference in reminder.body

    sign_in(page, live_server, member.user)
    page.goto(f"{live_server.url}/manage/requests/")
    assert "1 request is waiting past the reply date" in page.inner_text(".govuk-warning-text")
    check_page(page, axe_violations, screenshot, "inbox-with-overdue")
    follow(page, "a:has-text('See the overdue requests')")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and overdue.reference in rows.inner_text()
    assert "Overdue" in rows.inner_text()
    check_page(page, axe_violations, screenshot, "overdue-list")
