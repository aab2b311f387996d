"""The review, history, freshness and problem pages: who sees what, and what they see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    UserFactory,
    sign_in_with_two_factor,
)
from directory.listing import listing_snapshot
from directory.models import Service
from directory.tests.factories import OrganizationFactory, ServiceFactory
from editorial import changes, problems
from editorial.models import ListingVersion, PendingChange, ProblemReport
from editorial.tests.factories import provider_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_change():
    service = ServiceFactory(name="Baby group")
    provider = provider_of(service.organization, email="team@trust.example")
    snapshot = listing_snapshot(service)
    snapshot["service"]["name"] = "Baby group at the library"
    changes.submit(service, provider, snapshot)
    return PendingChange.objects.get()


def signed_in(client, user):
    sign_in_with_two_factor(client, user)
    return client


def staff_pages(change: PendingChange, report: ProblemReport) -> list[str]:
    service = change.service
    return [
        reverse("editorial:review_queue"),
        reverse("editorial:review_change", args=[change.pk]),
        reverse("editorial:history", args=[service.pk]),
        reverse("editorial:check", args=[service.pk]),
        reverse("editorial:stale"),
        reverse("editorial:problems"),
        reverse("editorial:problem", args=[report.pk]),
    ]


@pytest.fixture
def report(waiting_change):
    return problems.report_problem(
        waiting_change.service, ProblemReport.Kind.WRONG_TIME, "Now 11am"
    )


def test_anyone_signed_out_is_asked_to_sign_in(client, waiting_change, report):
    for url in staff_pages(waiting_change, report):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:sign_in")), url


@pytest.mark.parametrize("who", ["parent", "hub staff", "provider elsewhere"])
def test_parents_hub_staff_and_other_organisations_get_404_on_every_staff_page(
    client, waiting_change, report, who
):
    user = {
        "parent": UserFactory,
        "hub staff": HubStaffFactory,
        "provider elsewhere": lambda: provider_of(OrganizationFactory()),
    }[who]()
    signed_in(client, user)
    problem_list = reverse("editorial:problems")
    for url in staff_pages(waiting_change, report):
        if url == problem_list and who == "provider elsewhere":
            continue  # their own organisations' list: checked below
        assert client.get(url).status_code == 404, url
    if who == "provider elsewhere":
        page = client.get(problem_list).content.decode()
        assert "There are no reports to deal with" in page
        assert waiting_change.service.name not in page


def test_the_organisations_provider_sees_its_history_check_and_problems_but_not_the_queue(
    client, waiting_change, report
):
    signed_in(client, waiting_change.submitted_by)
    for url in staff_pages(waiting_change, report):
        allowed = "review" not in url and "stale" not in url
        assert client.get(url).status_code == (200 if allowed else 404), url
    history = client.get(reverse("editorial:history", args=[waiting_change.service.pk]))
    assert "Change waiting for review" in history.content.decode()
    assert "Baby group at the library" in history.content.decode()
    assert "Restore" not in history.content.decode()


def test_a_provider_cannot_approve_their_own_change(client, waiting_change):
    signed_in(client, waiting_change.submitted_by)
    response = client.post(
        reverse("editorial:approve", args=[waiting_change.pk]),
        {"revision": waiting_change.revision},
    )
    assert response.status_code == 404
    assert Service.objects.get(pk=waiting_change.service.pk).name == "Baby group"


def test_the_queue_lists_waiting_changes_oldest_first(client, waiting_change):
    newer = ServiceFactory(name="Antenatal class")
    changes.submit(newer, provider_of(newer.organization), listing_snapshot(newer))
    signed_in(client, DirectoryEditorFactory())

    page = client.get(reverse("editorial:review_queue")).content.decode()

    assert "2 changes waiting" in page
    assert page.index("Baby group") < page.index("Antenatal class")


def test_the_editor_sees_the_difference_and_approves(client, waiting_change):
    signed_in(client, DirectoryEditorFactory())
    url = reverse("editorial:review_change", args=[waiting_change.pk])

    page = client.get(url).content.decode()
    assert "Name" in page and "Baby group" in page and "Baby group at the library" in page

    response = client.post(
        reverse("editorial:approve", args=[waiting_change.pk]),
        {"revision": waiting_change.revision},
        follow=True,
    )
    assert "Baby group at the library is published" in response.content.decode()
    assert Service.objects.get(pk=waiting_change.service.pk).name == "Baby group at the library"


def test_an_editor_approving_after_another_is_told_and_nothing_is_published_twice(
    client, waiting_change
):
    changes.approve(waiting_change, waiting_change.revision, DirectoryEditorFactory())
    signed_in(client, DirectoryEditorFactory())

    response = client.post(
        reverse("editorial:approve", args=[waiting_change.pk]),
        {"revision": waiting_change.revision},
        follow=True,
    )

    assert response.status_code == 404  # the change is gone: it was published
    assert ListingVersion.objects.count() == 1


def test_approving_what_the_provider_has_since_changed_says_so(client, waiting_change):
    snapshot = dict(waiting_change.snapshot)
    changes.submit(waiting_change.service, waiting_change.submitted_by, snapshot)
    signed_in(client, DirectoryEditorFactory())

    response = client.post(
        reverse("editorial:approve", args=[waiting_change.pk]),
        {"revision": waiting_change.revision},
        follow=True,
    )

    assert "changed by its provider since you opened it" in response.content.decode()
    assert PendingChange.objects.get().status == PendingChange.Status.WAITING


def test_sending_back_without_a_reason_shows_the_error_and_keeps_the_change(client, waiting_change):
    signed_in(client, DirectoryEditorFactory())
    response = client.post(
        reverse("editorial:send_back", args=[waiting_change.pk]),
        {"revision": waiting_change.revision, "reason": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter why you are sending the change back" in page
    assert PendingChange.objects.get().status == PendingChange.Status.WAITING


def test_sent_back_the_provider_sees_the_reason_on_the_history_page(client, waiting_change):
    signed_in(client, DirectoryEditorFactory())
    client.post(
        reverse("editorial:send_back", args=[waiting_change.pk]),
        {"revision": waiting_change.revision, "reason": "Say which library."},
    )
    client.logout()
    signed_in(client, waiting_change.submitted_by)

    page = client.get(reverse("editorial:history", args=[waiting_change.service.pk]))

    assert "Why it was sent back" in page.content.decode()
    assert "Say which library." in page.content.decode()


def test_an_editor_restores_an_earlier_version_from_the_history_page(client):
    service = ServiceFactory(name="Old name")
    editor = DirectoryEditorFactory()
    first = listing_snapshot(service)
    changes.submit(service, editor, first)
    changes.submit(service, editor, {**first, "service": {**first["service"], "name": "New"}})
    signed_in(client, editor)

    response = client.post(reverse("editorial:restore", args=[service.pk, 1]), follow=True)

    assert "Version 1 is published again as version 3" in response.content.decode()
    assert Service.objects.get(pk=service.pk).name == "Old name"


def test_an_editor_trusts_the_organisation_from_the_history_page(client, waiting_change):
    signed_in(client, DirectoryEditorFactory())
    url = reverse("editorial:trust", args=[waiting_change.service.pk])

    client.post(url, {"trust": "yes"})
    assert changes.is_trusted(waiting_change.service.organization)
    client.post(url, {"trust": "no"})
    assert not changes.is_trusted(waiting_change.service.organization)


def test_one_click_says_the_listing_is_still_right(client):
    service = ServiceFactory(assured_date=None)
    signed_in(client, provider_of(service.organization))

    response = client.post(reverse("editorial:check", args=[service.pk]), follow=True)

    assert "is marked as checked today" in response.content.decode()
    assert Service.objects.get(pk=service.pk).assured_date == timezone.localdate()


def test_parents_see_when_the_listing_was_last_checked_and_how_to_report_a_problem(client):
    service = ServiceFactory(assured_date=timezone.localdate().replace(year=2026, month=3, day=4))
    page = client.get(reverse("web:service", args=[service.pk])).content.decode()
    assert "Listing last checked 4 March 2026" in page
    assert reverse("editorial:report_problem", args=[service.pk]) in page
    assert "Report a problem with this listing" in page


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_and_problem_list_take_the_same_queries_however_many_they_list(client):
    signed_in(client, DirectoryEditorFactory())

    def add_one(number: int) -> None:
        service = ServiceFactory(name=f"Group {number}")
        changes.submit(service, provider_of(service.organization), listing_snapshot(service))
        problems.report_problem(service, ProblemReport.Kind.CLOSED, "")

    add_one(0)
    few = [
        queries_for(client, reverse(name))
        for name in ("editorial:review_queue", "editorial:problems")
    ]
    for number in range(1, 5):
        add_one(number)
    many = [
        queries_for(client, reverse(name))
        for name in ("editorial:review_queue", "editorial:problems")
    ]

    assert few == many
