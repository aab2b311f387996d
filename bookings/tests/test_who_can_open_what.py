"""Every staff and parent URL that names a family, child, adult, booking, session or register,
opened by each kind of user: whoever is out of scope gets a 404 (anonymous visitors are sent
to sign in), sees nothing of the family and changes nothing.

The table is URL x role: each row names the roles for whom the URL is theirs to use.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory, sign_in_with_two_factor
from bookings import services
from bookings.models import Attendance, Booking, SessionOccurrence, VisitorCount
from bookings.selectors import start_for_url
from bookings.tests.factories import hub_staff, parent_with_child, session_today
from directory.tests.factories import LocationFactory
from families.models import Family
from families.services import claim_token
from families.tests.factories import AdultFactory, ChildFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent A", "parent B", "staff at hub X", "staff at hub Y", "superuser"]
PARENT_A = {"parent A"}
STAFF_X = {"staff at hub X"}
ANY_HUB_STAFF = {"staff at hub X", "staff at hub Y"}


@dataclass
class World:
    """Family A registered at hub X with a booking for today's session there; family B at Y."""

    occurrence: SessionOccurrence
    family: Family
    child: object
    expected: object
    unclaimed: object
    booking: Booking
    users: dict
    names: list[str]


@pytest.fixture
def world() -> World:
    hub_x, hub_y = LocationFactory(name="Hub X"), LocationFactory(name="Hub Y")
    occurrence = session_today(capacity=5, location=hub_x)
    adult, child = parent_with_child(hub=hub_x, first_name="Aishaname")
    expected = ChildFactory(
        family=adult.family,
        first_name="",
        date_of_birth=None,
        due_date=timezone.localdate() + timedelta(days=60),
    )
    unclaimed = AdultFactory(
        family=adult.family, user=None, first_name="Unclaimedname", email="unclaimed@example.org"
    )
    booking = services.book(
        adult.family, occurrence.pk, [child], now=occurrence.starts_at - timedelta(days=1)
    )
    other, _ = parent_with_child(hub=hub_y, first_name="Bettyname")
    users = {
        "anonymous": None,
        "parent A": adult.user,
        "parent B": other.user,
        "staff at hub X": hub_staff(hub_x),
        "staff at hub Y": hub_staff(hub_y),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    names = ["Aishaname", "Unclaimedname", adult.first_name]
    return World(occurrence, adult.family, child, expected, unclaimed, booking, users, names)


def family_pages(w: World):
    f, child, expected = w.family, w.child, w.expected
    return [
        ("get", reverse("families:change_child", args=[child.pk]), {}, PARENT_A),
        ("post", reverse("families:change_child", args=[child.pk]), {}, PARENT_A),
        ("get", reverse("families:record_birth", args=[expected.pk]), {}, PARENT_A),
        ("post", reverse("families:record_birth", args=[expected.pk]), {}, PARENT_A),
        ("get", reverse("families:staff_families"), {}, ANY_HUB_STAFF),
        ("get", reverse("families:staff_register"), {}, ANY_HUB_STAFF),
        ("get", reverse("families:staff_family", args=[f.pk]), {}, STAFF_X),
        ("get", reverse("families:staff_change_household", args=[f.pk]), {}, STAFF_X),
        (
            "post",
            reverse("families:staff_change_household", args=[f.pk]),
            {"home_postcode": "SW1A 1AA"},
            STAFF_X,
        ),
        ("get", reverse("families:staff_record_birth", args=[f.pk, expected.pk]), {}, STAFF_X),
        ("post", reverse("families:staff_record_birth", args=[f.pk, expected.pk]), {}, STAFF_X),
        (
            "post",
            reverse("families:staff_send_claim_link", args=[f.pk, w.unclaimed.pk]),
            {},
            STAFF_X,
        ),
    ]


def booking_pages(w: World):
    occ = w.occurrence
    register = [occ.pk]
    return [
        ("get", reverse("bookings:cancel_booking", args=[w.booking.pk]), {}, PARENT_A),
        ("post", reverse("bookings:cancel_booking", args=[w.booking.pk]), {}, PARENT_A),
        ("get", reverse("bookings:staff_day"), {}, ANY_HUB_STAFF),
        (
            "get",
            reverse(
                "bookings:staff_open_register",
                args=[occ.schedule_id, start_for_url(occ.starts_at)],
            ),
            {},
            STAFF_X,
        ),
        ("get", reverse("bookings:staff_register", args=register), {}, STAFF_X),
        (
            "post",
            reverse("bookings:staff_attendance", args=register),
            {"child": w.child.pk, "status": "attended"},
            STAFF_X,
        ),
        ("get", reverse("bookings:staff_walk_in", args=register), {}, STAFF_X),
        ("post", reverse("bookings:staff_walk_in", args=register), {"q": "Aishaname"}, STAFF_X),
        (
            "post",
            reverse("bookings:staff_walk_in", args=register),
            {"family": w.family.pk, "children": [w.child.pk]},
            STAFF_X,
        ),
        ("get", reverse("bookings:staff_visitors", args=register), {}, STAFF_X),
        (
            "post",
            reverse("bookings:staff_visitors", args=register),
            {"adults": 1, "children": 1},
            STAFF_X,
        ),
        ("get", reverse("bookings:staff_cancel_session", args=register), {}, STAFF_X),
        (
            "post",
            reverse("bookings:staff_cancel_session", args=register),
            {"reason": "Roof leak"},
            STAFF_X,
        ),
    ]


# Rows are built per test (the ids differ each time); this names them for the test ids.
ROW_NAMES = [
    "change child GET",
    "change child POST",
    "record birth GET",
    "record birth POST",
    "staff family list",
    "staff register a family",
    "staff family",
    "staff change household GET",
    "staff change household POST",
    "staff record birth GET",
    "staff record birth POST",
    "staff send claim link",
    "cancel booking GET",
    "cancel booking POST",
    "staff day",
    "staff open register",
    "staff register",
    "staff attendance",
    "staff walk-in GET",
    "staff walk-in search",
    "staff walk-in check in",
    "staff visitors GET",
    "staff visitors POST",
    "staff cancel session GET",
    "staff cancel session POST",
]


def rows(w: World):
    return family_pages(w) + booking_pages(w)


def snapshot(w: World) -> tuple:
    """What an out-of-scope request must leave exactly as it was."""
    w.family.refresh_from_db()
    w.expected.refresh_from_db()
    return (
        w.family.home_postcode,
        w.expected.date_of_birth,
        Booking.objects.get(pk=w.booking.pk).status,
        SessionOccurrence.objects.get(pk=w.occurrence.pk).cancelled_at,
        Attendance.objects.count(),
        VisitorCount.objects.count(),
        Notification.objects.count(),
    )


def test_the_table_names_every_row(world):
    assert len(rows(world)) == len(ROW_NAMES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", range(len(ROW_NAMES)), ids=ROW_NAMES)
def test_url_by_role(client, world, row, role):
    method, url, data, allowed = rows(world)[row]
    user = world.users[role]
    if user is not None:
        sign_in_with_two_factor(client, user)
    before = snapshot(world)
    response = getattr(client, method)(url, data)
    body = response.content.decode()
    if user is None:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
        assert snapshot(world) == before
    elif role in allowed:
        assert response.status_code in (200, 302), body[:500]
        if response.status_code == 302:
            assert not response.url.startswith(reverse("accounts:sign_in"))
    else:
        assert response.status_code == 404
        assert snapshot(world) == before
    if role not in allowed | STAFF_X | PARENT_A:
        for name in world.names:
            assert name not in body, f"{role} saw {name} at {url}"


def test_staff_of_the_familys_hub_see_its_data_where_it_is_theirs(client, world):
    sign_in_with_two_factor(client, world.users["staff at hub X"])
    family_page = client.get(reverse("families:staff_family", args=[world.family.pk])).text
    assert "Unclaimedname" in family_page
    register = client.get(reverse("bookings:staff_register", args=[world.occurrence.pk])).text
    assert "Aishaname" in register


@pytest.mark.parametrize("role", ROLES[1:])
def test_a_claim_link_opened_by_the_wrong_account_says_so_and_shows_nothing(client, world, role):
    sign_in_with_two_factor(client, world.users[role])
    url = reverse("families:claim", args=[claim_token(world.unclaimed)])
    for response in (client.get(url), client.post(url)):
        body = response.content.decode()
        assert response.status_code == 403
        assert "This link is for a different account" in body
        assert "Add it to my account" not in body
        for name in world.names:
            assert name not in body
    world.unclaimed.refresh_from_db()
    assert world.unclaimed.user is None


def test_a_claim_link_asks_anonymous_visitors_to_sign_in_and_shows_nothing(client, world):
    body = client.get(reverse("families:claim", args=[claim_token(world.unclaimed)])).text
    assert "Sign in to see your family" in body
    for name in world.names:
        assert name not in body
