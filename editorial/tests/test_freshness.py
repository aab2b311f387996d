"""Last checked dates, reminders to check (once per period, through a real SMTP server) and the
editors' list of listings unchecked for a year."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import DirectoryEditorFactory, sign_in_with_two_factor
from directory.models import Service
from directory.tests.factories import OrganizationFactory, ServiceFactory
from editorial.freshness import due_since, remind_listing_checks, stale_services
from editorial.models import CheckReminder
from editorial.tests.factories import provider_of
from notifications.models import Notification
from notifications.tests.smtp import run_task_worker, smtp_server

TODAY = date(2026, 12, 2)


def test_a_listing_is_due_once_a_whole_period_has_passed_since_its_check():
    service = Service(assured_date=date(2026, 6, 2))
    assert due_since(service, TODAY, 6) == date(2026, 12, 2)
    assert due_since(service, TODAY - timedelta(days=1), 6) is None
    assert due_since(Service(assured_date=date(2025, 11, 1)), TODAY, 6) == date(2026, 11, 1)


@pytest.mark.django_db
def test_providers_are_reminded_once_per_period_however_often_the_command_runs():
    organization = OrganizationFactory()
    provider_of(organization, email="team@trust.example")
    due = ServiceFactory(
        organization=organization, name="Baby group", assured_date=date(2026, 5, 1)
    )
    ServiceFactory(organization=organization, assured_date=date(2026, 10, 1))  # checked lately

    assert remind_listing_checks(TODAY) == 1
    assert remind_listing_checks(TODAY) == 0
    assert remind_listing_checks(TODAY + timedelta(days=30)) == 0

    reminder = Notification.objects.get()
    assert reminder.to_address == "team@trust.example"
    assert reminder.subject == "Is the listing for Baby group still right?"
    assert "last checked on 1 May 2026" in reminder.body
    assert reverse("editorial:check", args=[due.pk]) in reminder.body
    # Six months on, both are due: the first for its second period.
    assert remind_listing_checks(date(2027, 5, 1)) == 2
    assert CheckReminder.objects.filter(service=due).count() == 2


@pytest.mark.django_db
@override_settings(LISTING_CHECK_REMINDER_MONTHS=3)
def test_the_period_is_a_setting():
    organization = OrganizationFactory()
    provider_of(organization)
    ServiceFactory(organization=organization, assured_date=date(2026, 9, 1))
    assert remind_listing_checks(TODAY) == 1


@pytest.mark.django_db
def test_listings_without_provider_users_and_closed_ones_are_not_reminded_about():
    ServiceFactory(assured_date=date(2020, 1, 1))
    organization = OrganizationFactory()
    provider_of(organization)
    ServiceFactory(
        organization=organization, assured_date=date(2020, 1, 1), status=Service.Status.DEFUNCT
    )
    assert remind_listing_checks(TODAY) == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_sends_the_reminder_by_email():
    organization = OrganizationFactory()
    provider_of(organization, email="team@trust.example")
    ServiceFactory(organization=organization, name="Baby group", assured_date=date(2020, 1, 1))

    with smtp_server() as server:
        call_command("remind_listing_checks")
        call_command("remind_listing_checks")
        run_task_worker()

    assert len(server.messages) == 1
    message = server.messages[0]
    assert message["To"] == "team@trust.example"
    assert "Baby group" in message["Subject"]


@pytest.mark.django_db
def test_editors_see_listings_unchecked_for_over_a_year_the_longest_first(client):
    today = timezone.localdate()
    ServiceFactory(name="Checked lately", assured_date=today - timedelta(days=30))
    ServiceFactory(name="Two years", assured_date=today - timedelta(days=730))
    ServiceFactory(name="Thirteen months", assured_date=today - timedelta(days=400))
    ServiceFactory(name="Closed", assured_date=today - timedelta(days=900), status="defunct")

    assert [s.name for s in stale_services()] == ["Two years", "Thirteen months"]

    sign_in_with_two_factor(client, DirectoryEditorFactory())
    page = client.get(reverse("editorial:stale")).content.decode()
    assert "2 listings to check" in page
    assert page.index("Two years") < page.index("Thirteen months")
    assert "Checked lately" not in page and "Closed" not in page
