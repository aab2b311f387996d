"""Every family-data URL is refused to another parent, hub staff of another hub, directory
editors and anonymous users; a tampered id is a 404, never another family's data."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import (
    DirectoryEditorFactory,
    HubStaffFactory,
    sign_in_with_two_factor,
)
from audit.models import AuditEvent
from directory.tests.factories import LocationFactory, WeeklyScheduleFactory
from families.selectors import families_visible_to
from families.tests.factories import AdultFactory, ChildFactory, FamilyFactory, parent_of

pytestmark = pytest.mark.django_db

# Pages that act on the signed-in parent's own family (no id in the address).
OWN_FAMILY_PAGES = [
    "families:home",
    "families:change_adult",
    "families:change_household",
    "families:add_child",
    "families:consents",
    "families:download",
    "families:delete",
]


@pytest.fixture
def victim():
    """A family at Tilbury with an expected baby, and everything an attacker might aim at."""
    family = FamilyFactory(hub=LocationFactory(name="Tilbury Family Hub"))
    expected = ChildFactory(
        family=family,
        first_name="",
        date_of_birth=None,
        due_date=timezone.localdate() + timedelta(days=60),
    )
    unclaimed = AdultFactory(
        family=family, user=None, first_name="Unclaimedname", email="unclaimed@example.org"
    )
    return {"family": family, "expected": expected, "unclaimed": unclaimed}


def family_urls(victim) -> list[tuple[str, str]]:
    """(method, url) for every page that names a family's record by id."""
    family, expected, child = (
        victim["family"],
        victim["expected"],
        victim["family"].children.first(),
    )
    return [
        ("get", reverse("families:change_child", args=[child.pk])),
        ("post", reverse("families:change_child", args=[child.pk])),
        ("get", reverse("families:record_birth", args=[expected.pk])),
        ("post", reverse("families:record_birth", args=[expected.pk])),
        ("get", reverse("families:staff_family", args=[family.pk])),
        ("get", reverse("families:staff_change_household", args=[family.pk])),
        ("post", reverse("families:staff_change_household", args=[family.pk])),
        ("get", reverse("families:staff_record_birth", args=[family.pk, expected.pk])),
        ("post", reverse("families:staff_record_birth", args=[family.pk, expected.pk])),
        (
            "post",
            reverse("families:staff_send_claim_link", args=[family.pk, victim["unclaimed"].pk]),
        ),
    ]


def all_urls(victim):
    return (
        [("get", reverse(name)) for name in OWN_FAMILY_PAGES]
        + [
            ("get", reverse("families:staff_families")),
            ("get", reverse("families:staff_register")),
        ]
        + family_urls(victim)
    )


def names_of(family) -> list[str]:
    return [adult.first_name for adult in family.adults.all()] + [
        child.first_name for child in family.children.all() if child.first_name
    ]


def assert_nothing_leaks(response, family):
    body = response.content.decode()
    for name in names_of(family):
        assert name not in body


def test_anonymous_visitors_are_sent_to_sign_in_for_every_family_page(client, victim):
    for method, url in all_urls(victim):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:sign_in")), url


def test_another_parent_gets_a_404_for_every_id_of_the_family_and_sees_only_their_own(
    client, victim
):
    other = FamilyFactory()
    client.force_login(parent_of(other))
    before = {
        child.pk: (child.first_name, child.date_of_birth)
        for child in victim["family"].children.all()
    }
    for method, url in family_urls(victim):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert_nothing_leaks(response, victim["family"])
    for name in OWN_FAMILY_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_nothing_leaks(response, victim["family"])
    after = {
        child.pk: (child.first_name, child.date_of_birth)
        for child in victim["family"].children.all()
    }
    assert before == after


def test_hub_staff_of_another_hub_get_a_404_and_do_not_see_the_family_listed(client, victim):
    sign_in_with_two_factor(
        client, HubStaffFactory(hub=LocationFactory(name="Ockendon Family Hub"))
    )
    household_before = victim["family"].home_postcode
    for method, url in family_urls(victim):
        if "/staff/" not in url:
            continue
        response = getattr(client, method)(url, {"home_postcode": "SW1A 1AA"})
        assert response.status_code == 404, url
        assert_nothing_leaks(response, victim["family"])
    listing = client.get(reverse("families:staff_families"))
    assert listing.status_code == 200
    assert_nothing_leaks(listing, victim["family"])
    victim["family"].refresh_from_db()
    assert victim["family"].home_postcode == household_before
    assert not AuditEvent.objects.filter(object_id=str(victim["family"].pk), action="view").exists()


def test_directory_editors_get_a_404_for_every_staff_page_and_every_id(client, victim):
    sign_in_with_two_factor(client, DirectoryEditorFactory())
    named = [url for _, url in family_urls(victim)]
    for method, url in all_urls(victim):
        if "/staff/" not in url and url not in named:
            continue
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert_nothing_leaks(response, victim["family"])
    assert not families_visible_to(DirectoryEditorFactory()).exists()


def test_hub_staff_at_the_familys_hub_see_it_and_the_read_is_audited(client, victim):
    staff = HubStaffFactory(hub=victim["family"].hub)
    sign_in_with_two_factor(client, staff)
    response = client.get(reverse("families:staff_family", args=[victim["family"].pk]))
    assert response.status_code == 200
    assert "Unclaimedname" in response.content.decode()
    event = AuditEvent.objects.get(action="view", object_id=str(victim["family"].pk))
    assert event.actor == staff


def test_hub_staff_see_a_family_booked_into_their_hub_but_registered_elsewhere(victim):
    occurrence_model = apps.get_model("bookings", "SessionOccurrence")
    booking_model = apps.get_model("bookings", "Booking")
    schedule = WeeklyScheduleFactory()
    starts = timezone.now() + timedelta(days=3)
    occurrence = occurrence_model.objects.create(
        schedule=schedule,
        service=schedule.service,
        location=schedule.location,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=10,
    )
    booking_model.objects.create(occurrence=occurrence, family=victim["family"], places=1)
    staff_there = HubStaffFactory(hub=schedule.location)
    staff_elsewhere = HubStaffFactory()
    assert list(families_visible_to(staff_there)) == [victim["family"]]
    assert not families_visible_to(staff_elsewhere).exists()


def test_a_parent_sees_only_their_own_family(victim):
    other = FamilyFactory()
    assert list(families_visible_to(parent_of(other))) == [other]
    assert not families_visible_to(AnonymousUser()).exists()
