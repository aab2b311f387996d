"""Every booking and register URL is refused to anonymous users, other parents and other hubs' staff."""

import pytest
from django.urls import reverse

from accounts.tests.factories import sign_in_with_two_factor
from bookings import services
from bookings.models import Attendance, Booking, SessionOccurrence, VisitorCount
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)
from directory.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """A session at one hub with one family booked."""
    occurrence = services.occurrence_for(bookable_schedule(capacity=5), next_friday_at_ten())
    adult, child = parent_with_child(first_name="Private")
    booking = services.book(adult.family, occurrence.pk, [child], by=adult.user)
    return {"occurrence": occurrence, "adult": adult, "child": child, "booking": booking}


def staff_urls(setting) -> list[tuple[str, str, dict]]:
    occ = setting["occurrence"]
    return [
        ("get", reverse("bookings:staff_register", args=[occ.pk]), {}),
        (
            "get",
            reverse(
                "bookings:staff_open_register", args=[occ.schedule_id, start_for_url(occ.starts_at)]
            ),
            {},
        ),
        (
            "post",
            reverse("bookings:staff_attendance", args=[occ.pk]),
            {"child": setting["child"].pk, "status": "attended"},
        ),
        ("post", reverse("bookings:staff_walk_in", args=[occ.pk]), {"q": "Private"}),
        (
            "post",
            reverse("bookings:staff_walk_in", args=[occ.pk]),
            {"family": setting["adult"].family.pk, "children": [setting["child"].pk]},
        ),
        ("post", reverse("bookings:staff_visitors", args=[occ.pk]), {"adults": 1, "children": 1}),
        ("post", reverse("bookings:staff_cancel_session", args=[occ.pk]), {"reason": "Nope"}),
    ]


def parent_urls(setting) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("bookings:cancel_booking", args=[setting["booking"].pk]), {}),
        ("post", reverse("bookings:cancel_booking", args=[setting["booking"].pk]), {}),
    ]


def assert_nothing_changed(setting) -> None:
    assert not Attendance.objects.exists()
    assert not VisitorCount.objects.exists()
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_anonymous_users_are_sent_to_sign_in(client, setting):
    urls = staff_urls(setting) + parent_urls(setting)
    urls += [
        ("get", reverse("bookings:my_bookings"), {}),
        ("get", reverse("bookings:staff_day"), {}),
    ]
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:sign_in")), url
    assert_nothing_changed(setting)


def test_another_parent_gets_not_found(client, setting):
    other, _ = parent_with_child()
    client.force_login(other.user)
    for method, url, data in staff_urls(setting) + parent_urls(setting):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
        assert "Private" not in response.text
    assert client.get(reverse("bookings:staff_day")).status_code == 404
    assert "Private" not in client.get(reverse("bookings:my_bookings")).text
    assert_nothing_changed(setting)


def test_staff_of_another_hub_get_not_found(client, setting):
    sign_in_with_two_factor(client, hub_staff(LocationFactory()))
    for method, url, data in staff_urls(setting):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
        assert "Private" not in response.text
    day = client.get(
        reverse("bookings:staff_day"), {"date": setting["occurrence"].starts_at.date().isoformat()}
    )
    assert setting["occurrence"].service.name not in day.text
    assert_nothing_changed(setting)


def test_staff_cannot_use_a_parents_booking_pages(client, setting):
    sign_in_with_two_factor(client, hub_staff(setting["occurrence"].location))
    for method, url, data in parent_urls(setting):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert_nothing_changed(setting)


def test_staff_of_another_hub_cannot_even_create_a_session_of_a_hub_not_theirs(client):
    schedule = bookable_schedule()
    sign_in_with_two_factor(client, hub_staff(LocationFactory()))
    url = reverse(
        "bookings:staff_open_register", args=[schedule.pk, start_for_url(next_friday_at_ten())]
    )
    assert client.get(url).status_code == 404
    assert not SessionOccurrence.objects.exists()


def test_tampered_family_id_on_a_walk_in_is_not_found(client, setting):
    sign_in_with_two_factor(client, hub_staff(setting["occurrence"].location))
    url = reverse("bookings:staff_walk_in", args=[setting["occurrence"].pk])
    for tampered in ("not-a-uuid", "", "00000000-0000-0000-0000-000000000000"):
        assert client.post(url, {"family": tampered}).status_code == 404
    assert_nothing_changed(setting)
