from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import HubStaffFactory, sign_in_with_two_factor
from audit.models import AuditEvent
from families.tests.factories import ChildFactory, FamilyFactory, parent_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def expected_baby():
    family = FamilyFactory()
    return ChildFactory(
        family=family,
        first_name="",
        date_of_birth=None,
        due_date=timezone.localdate() + timedelta(days=5),
    )


def birth(day) -> dict:
    return {
        "first_name": "Ada",
        "date_of_birth_0": day.day,
        "date_of_birth_1": day.month,
        "date_of_birth_2": day.year,
    }


def test_parent_records_the_birth_and_the_due_date_becomes_a_date_of_birth(client, expected_baby):
    client.force_login(parent_of(expected_baby.family))
    born = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("families:record_birth", args=[expected_baby.pk]), birth(born))
    assert response.url == reverse("families:home")
    expected_baby.refresh_from_db()
    assert (expected_baby.first_name, expected_baby.date_of_birth, expected_baby.due_date) == (
        "Ada",
        born,
        None,
    )


def test_staff_at_the_hub_record_the_birth_and_it_is_audited(client, expected_baby):
    staff = HubStaffFactory(hub=expected_baby.family.hub)
    sign_in_with_two_factor(client, staff)
    born = timezone.localdate()
    client.post(
        reverse("families:staff_record_birth", args=[expected_baby.family.pk, expected_baby.pk]),
        birth(born),
    )
    expected_baby.refresh_from_db()
    assert expected_baby.date_of_birth == born
    assert AuditEvent.objects.get(action="record birth").actor == staff


def test_a_birth_in_the_future_is_refused_and_nothing_changes(client, expected_baby):
    client.force_login(parent_of(expected_baby.family))
    response = client.post(
        reverse("families:record_birth", args=[expected_baby.pk]),
        birth(timezone.localdate() + timedelta(days=1)),
    )
    assert "The date of birth must be today or in the past" in response.content.decode()
    expected_baby.refresh_from_db()
    assert expected_baby.date_of_birth is None and expected_baby.due_date is not None


def test_a_child_already_born_has_no_birth_to_record(client, expected_baby):
    born = expected_baby.family.children.exclude(pk=expected_baby.pk).get()
    client.force_login(parent_of(expected_baby.family))
    assert client.get(reverse("families:record_birth", args=[born.pk])).status_code == 404
