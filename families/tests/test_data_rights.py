"""A family downloads everything held about it, and deleting the account leaves no personal
data anywhere in the database (attendance stays only as anonymous counts)."""

import io
import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.services import note_sign_in_failure
from accounts.tests.factories import PASSWORD, HubStaffFactory, UserFactory
from audit.models import AuditEvent
from directory.tests.factories import LocationFactory, WeeklyScheduleFactory
from families.models import Adult, Child, Consent, Family
from families.services import erase_family, send_claim_email
from families.tests.factories import AdultFactory, ChildFactory, ConsentFactory, FamilyFactory
from families.tests.test_register_online import about_you, answer_everything, home
from notifications.delivery import deliver
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

NAME, SURNAME, EMAIL = "Zebedee", "Quillfeather", "zebedee.quill@example.org"


def every_text_in_the_database() -> str:
    """Every row of every table, as text: what an erasure must leave no trace in."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks).lower()


@pytest.fixture
def family_with_history():
    """A family with a parent login, two children, consent, a booking and attendance."""
    family = FamilyFactory(
        with_members=False, home_postcode="RM17 5TP", accessibility_needs="Hearing loop please"
    )
    adult = AdultFactory(family=family, first_name=NAME, last_name=SURNAME, user__email=EMAIL)
    ChildFactory(family=family, first_name="Marigold")
    expected = ChildFactory(
        family=family,
        first_name="",
        date_of_birth=None,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    ConsentFactory(family=family)
    schedule = WeeklyScheduleFactory(location=family.hub, service_at_location__location=family.hub)
    starts = timezone.now() - timedelta(days=7)
    occurrence = apps.get_model("bookings", "SessionOccurrence").objects.create(
        schedule=schedule,
        service=schedule.service,
        location=family.hub,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=10,
        places_taken=1,
    )
    booking = apps.get_model("bookings", "Booking").objects.create(
        occurrence=occurrence, family=family, places=1, booked_by=adult.user
    )
    booking.children.add(expected)
    apps.get_model("bookings", "Attendance").objects.create(
        occurrence=occurrence,
        family=family,
        child=family.children.get(first_name="Marigold"),
        booking=booking,
        status="attended",
        child_age_months=12,
        recorded_by=adult.user,
    )
    return family


def test_the_download_holds_every_field_the_family_entered(client, settings):
    settings.FAMILYHUBS_PRIVACY_NOTICE_VERSION = "2027-01"
    client.force_login(UserFactory(email="amira@example.org"))
    hub = LocationFactory(name="Tilbury Family Hub")
    answer_everything(client, hub)
    client.post(reverse("families:register_check"), {"registration": "on", "updates": "on"})

    response = client.get(reverse("families:download"))

    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    family = Family.objects.get()
    for section, model in [("adults", Adult), ("children", Child), ("consents", Consent)]:
        every_field = {field.name for field in model._meta.concrete_fields}
        assert all(every_field <= set(row) for row in data[section]), section
    assert {field.name for field in Family._meta.concrete_fields} <= set(data["family"])
    entered = about_you()
    adult = data["adults"][0]
    assert {key: adult[key] for key in entered} == entered
    assert data["family"]["home_postcode"] == "RM18 7AA"
    assert data["family"]["hub_name"] == "Tilbury Family Hub"
    assert data["family"]["languages"] == home(hub)["languages"]
    assert data["family"]["accessibility_needs"] == home(hub)["accessibility_needs"]
    assert data["children"][0]["due_date"] == family.children.get().due_date.isoformat()
    assert {row["purpose"] for row in data["consents"]} == {"registration", "updates"}
    assert {row["privacy_notice_version"] for row in data["consents"]} == {"2027-01"}
    assert AuditEvent.objects.filter(action="download", object_id=str(family.pk)).exists()


def test_the_download_includes_bookings_and_attendance(client, family_with_history):
    client.force_login(family_with_history.adults.get().user)
    data = json.loads(client.get(reverse("families:download")).content)
    booking = apps.get_model("bookings", "Booking").objects.get()
    assert [row["id"] for row in data["bookings"]] == [booking.pk]
    assert data["bookings"][0]["status"] == booking.status
    assert data["bookings"][0]["children"] == [str(child.pk) for child in booking.children.all()]
    assert data["attendance"][0]["child_age_months"] == 12


def test_the_readable_page_shows_the_same_details_as_the_file_in_plain_words(
    client, family_with_history
):
    client.force_login(family_with_history.adults.get().user)
    data = json.loads(client.get(reverse("families:download")).content)

    response = client.get(reverse("families:your_data"))

    page = response.content.decode()
    sections = response.context["sections"]
    assert [section.key for section in sections] == list(data)
    for section in sections:
        rows = data[section.key] if isinstance(data[section.key], list) else [data[section.key]]
        assert [len(items) for items in section.records] == [len(row) for row in rows]
    due = family_with_history.children.get(first_name="").due_date
    for shown in (
        "Everything we hold about your family",
        "Home postcode",
        "RM17 5TP",
        "Hearing loop please",
        "Marigold",
        f"{due:%-d %B %Y}",
        "What you agreed to",
        "Sessions your children came to",
    ):
        assert shown in page, shown
    assert "home_postcode" not in page
    assert f"{due.isoformat()}<" not in page
    assert AuditEvent.objects.filter(action="download", detail="page").exists()


def test_deleting_asks_for_confirmation_and_without_it_changes_nothing(client, family_with_history):
    client.force_login(family_with_history.adults.get().user)

    response = client.post(reverse("families:delete"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Tick the box to confirm you want to delete your account" in page
    assert Family.objects.filter(pk=family_with_history.pk).exists()
    assert not Notification.objects.exists()


def test_deleting_the_account_emails_the_parent_with_nothing_but_their_name(
    client, family_with_history, mailoutbox
):
    client.force_login(family_with_history.adults.get().user)

    client.post(reverse("families:delete"), {"confirm": "on"})

    goodbye = Notification.objects.get()
    assert (goodbye.recipient, goodbye.to_address) == (None, EMAIL)
    assert goodbye.forget_once_sent
    deliver(goodbye.pk)
    [email] = mailoutbox
    assert email.to == [EMAIL]
    assert email.subject == "Your account and your family's details are deleted"
    assert email.body.startswith(f"Hello {NAME},")
    assert "We have deleted your" in email.body
    for personal in (SURNAME, "Marigold", "Hearing loop", "RM17 5TP", "Tilbury"):
        assert personal.lower() not in email.body.lower(), personal


def test_deleting_the_account_leaves_no_personal_data_anywhere(client, family_with_history):
    family = family_with_history
    parent = family.adults.get().user
    note_sign_in_failure(EMAIL)
    client.force_login(parent)
    assert NAME.lower() in every_text_in_the_database()

    response = client.post(reverse("families:delete"), {"confirm": "on"})

    assert response.url == reverse("families:deleted")
    # Only the goodbye email holds the address and the name, until it is sent.
    deliver(Notification.objects.get().pk)
    everything = every_text_in_the_database()
    for personal in (NAME, SURNAME, EMAIL, "Marigold", "Hearing loop", "RM17 5TP"):
        assert personal.lower() not in everything, personal
    attendance = apps.get_model("bookings", "Attendance").objects.get()
    assert (attendance.family_id, attendance.child_id, attendance.child_age_months) == (
        None,
        None,
        12,
    )
    assert AuditEvent.objects.filter(action="erase", object_id=str(family.pk)).exists()
    assert "_auth_user_id" not in client.session


def test_erasing_a_family_removes_the_emails_queued_for_them_even_without_an_account():
    family = FamilyFactory(with_members=False)
    adult = AdultFactory(family=family, first_name=NAME, last_name=SURNAME, user=None, email=EMAIL)
    send_claim_email(adult, by=HubStaffFactory(hub=family.hub))
    other_parent = AdultFactory(user=None, email="someone.else@example.org")
    send_claim_email(other_parent, by=None)
    assert Notification.objects.filter(recipient=None).count() == 2
    assert EMAIL in every_text_in_the_database()

    erase_family(family, by=None)

    assert EMAIL not in every_text_in_the_database()
    assert Notification.objects.get().to_address == "someone.else@example.org"


def test_erasing_a_family_removes_the_messages_to_the_parents_login(family_with_history):
    parent = family_with_history.adults.get().user
    notify(parent, "booking_confirmed", "booking:1", "Booked", "See you on Friday.")
    erase_family(family_with_history, by=None)
    assert not Notification.objects.exists()


def test_deleting_needs_a_post_and_a_get_changes_nothing(client, family_with_history):
    client.force_login(family_with_history.adults.get().user)
    response = client.get(reverse("families:delete"))
    assert "You cannot undo this" in response.content.decode()
    assert Family.objects.filter(pk=family_with_history.pk).exists()


def test_the_retention_command_erases_only_families_inactive_for_too_long(
    settings, family_with_history
):
    settings.FAMILYHUBS_FAMILY_RETENTION_DAYS = 365
    recent = FamilyFactory()
    Family.objects.filter(pk=family_with_history.pk).update(
        last_active_at=timezone.now() - timedelta(days=366)
    )
    out = io.StringIO()
    call_command("purge_expired_families", stdout=out)
    assert "Erased 1 families" in out.getvalue()
    assert list(Family.objects.all()) == [recent]
    assert NAME.lower() not in every_text_in_the_database()
    assert AuditEvent.objects.get(action="erase").detail == "retention period passed"


def test_signing_in_keeps_a_family_from_expiring(client, family_with_history):
    Family.objects.filter(pk=family_with_history.pk).update(
        last_active_at=timezone.now() - timedelta(days=1000)
    )
    client.post(reverse("accounts:sign_in"), {"email": EMAIL, "password": PASSWORD})
    family_with_history.refresh_from_db()
    assert family_with_history.last_active_at > timezone.now() - timedelta(minutes=1)


def test_withdrawing_news_consent_is_recorded_and_can_be_given_again(client, family_with_history):
    family = family_with_history
    ConsentFactory(family=family, purpose=Consent.Purpose.UPDATES)
    client.force_login(family.adults.get().user)
    client.post(reverse("families:consents"), {"updates": "stop"})
    withdrawn = family.consents.get(purpose=Consent.Purpose.UPDATES)
    assert withdrawn.withdrawn_at is not None
    client.post(reverse("families:consents"), {"updates": "start"})
    assert (
        family.consents.filter(purpose=Consent.Purpose.UPDATES, withdrawn_at__isnull=True).count()
        == 1
    )
    assert AuditEvent.objects.filter(action="withdraw consent").count() == 1


def test_correcting_a_detail_saves_it_and_audits_only_the_field_name(client, family_with_history):
    client.force_login(family_with_history.adults.get().user)
    response = client.post(
        reverse("families:change_adult"),
        about_you(first_name="Zeb", email=EMAIL),
    )
    assert response.url == reverse("families:home")
    assert family_with_history.adults.get().first_name == "Zeb"
    event = AuditEvent.objects.get(action="change")
    assert "first_name" in event.detail and "Zeb" not in event.detail


def test_a_bad_correction_changes_nothing(client, family_with_history):
    client.force_login(family_with_history.adults.get().user)
    response = client.post(reverse("families:change_household"), {"home_postcode": "nonsense"})
    assert "Enter a real UK postcode" in response.content.decode()
    family_with_history.refresh_from_db()
    assert family_with_history.home_postcode == "RM17 5TP"
