"""Reporting a problem with a listing (no account) and tracking it to done."""

import pytest
from django.urls import reverse

from accounts.tests.factories import DirectoryEditorFactory, sign_in_with_two_factor
from directory.tests.factories import ServiceFactory
from editorial import problems
from editorial.models import ProblemReport
from editorial.tests.factories import provider_of
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def report_url(service) -> str:
    return reverse("editorial:report_problem", args=[service.pk])


def test_a_parent_reports_a_problem_without_an_account_and_it_reaches_provider_and_editors(
    client,
):
    service = ServiceFactory(name="Baby group")
    provider_of(service.organization, email="team@trust.example")
    DirectoryEditorFactory(email="editor@council.example")

    response = client.post(
        report_url(service),
        {"kind": "wrong time", "details": "It is on Thursdays now", "reply_email": ""},
        follow=True,
    )

    assert "Report sent" in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.kind, report.details, report.status) == (
        "wrong time",
        "It is on Thursdays now",
        "open",
    )
    told = sorted(Notification.objects.values_list("to_address", flat=True))
    assert told == ["editor@council.example", "team@trust.example"]
    body = Notification.objects.first().body
    assert "The days or times are wrong" in body and "It is on Thursdays now" in body


def test_errors_are_shown_and_what_was_typed_is_kept(client):
    service = ServiceFactory()
    response = client.post(
        report_url(service),
        {"kind": "other", "details": "", "reply_email": "not an address"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Tell us what is wrong with the listing" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="not an address"' in page
    assert 'value="other" checked' in page
    assert not ProblemReport.objects.exists()


def test_choosing_nothing_asks_what_is_wrong(client):
    response = client.post(report_url(ServiceFactory()), {})
    assert "Select what is wrong with this listing" in response.content.decode()


def test_reports_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "problem_report": {"per_address": 2, "per_account": 2, "minutes": 60},
    }
    service = ServiceFactory()
    for _ in range(2):
        client.post(report_url(service), {"kind": "closed"})
    response = client.post(report_url(service), {"kind": "closed"})
    assert response.status_code == 429
    assert ProblemReport.objects.count() == 2


def test_the_email_address_is_never_logged(client, caplog):
    service = ServiceFactory()
    client.post(report_url(service), {"kind": "closed", "reply_email": "parent@example.org"})
    assert ProblemReport.objects.get().reply_email == "parent@example.org"
    assert "parent@example.org" not in caplog.text


def test_a_report_moves_to_done_with_who_when_and_a_note_and_the_reporter_hears_once(client):
    service = ServiceFactory(name="Baby group")
    provider = provider_of(service.organization)
    report = problems.report_problem(service, "closed", "", "parent@example.org")
    Notification.objects.all().delete()
    sign_in_with_two_factor(client, provider)
    url = reverse("editorial:problem", args=[report.pk])

    client.post(url, {"status": "in hand", "note": "Calling the venue"})
    response = client.post(url, {"status": "fixed", "note": "Marked as closed"}, follow=True)

    page = response.content.decode()
    assert "The report is now: fixed" in page
    assert "Calling the venue" in page and "Marked as closed" in page
    report.refresh_from_db()
    assert report.status == "fixed"
    assert report.reply_email == ""
    assert [(u.status, u.changed_by) for u in report.updates.all()] == [
        ("in hand", provider),
        ("fixed", provider),
    ]
    reply = Notification.objects.get()
    assert "corrected the listing" in reply.body
    assert reply.forget_once_sent


def test_a_done_report_cannot_be_moved_again(client):
    report = problems.report_problem(ServiceFactory(), "closed", "")
    editor = DirectoryEditorFactory()
    problems.move_problem(report, "not a problem", editor)
    with pytest.raises(problems.ReportAlreadyMoved):
        problems.move_problem(report, "fixed", editor)


def test_the_list_shows_reports_to_deal_with_and_those_dealt_with(client):
    open_one = problems.report_problem(ServiceFactory(name="Open group"), "closed", "")
    done = problems.report_problem(ServiceFactory(name="Done group"), "closed", "")
    editor = DirectoryEditorFactory()
    problems.move_problem(done, "fixed", editor)
    sign_in_with_two_factor(client, editor)

    to_do = client.get(reverse("editorial:problems")).content.decode()
    dealt_with = client.get(reverse("editorial:problems") + "?show=done").content.decode()

    assert open_one.service.name in to_do and "Done group" not in to_do
    assert "Done group" in dealt_with and "Open group" not in dealt_with
