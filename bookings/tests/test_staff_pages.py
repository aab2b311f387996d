"""Hub staff run registers: check in, no-shows, walk-ins, visitor counts and cancellations, audited."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from bookings import services
from bookings.models import Attendance, Booking, VisitorCount
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    ChildFactory,
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)
from notifications.models import Notification
from timetable.models import Cancellation

pytestmark = pytest.mark.django_db


@pytest.fixture
def occurrence():
    return services.occurrence_for(bookable_schedule(capacity=5), next_friday_at_ten())


@pytest.fixture
def staff(client, occurrence):
    user = hub_staff(occurrence.location)
    client.force_login(user)
    return user


def booked_child(occurrence, **child_fields):
    adult, child = parent_with_child(**child_fields)
    services.book(adult.family, occurrence.pk, [child], by=adult.user)
    return adult, child


def register_url(occurrence) -> str:
    return reverse("bookings:staff_register", args=[occurrence.pk])


def test_the_day_lists_sessions_at_my_hubs_with_a_register_link(client, staff, occurrence):
    day = occurrence.starts_at.date().isoformat()
    response = client.get(reverse("bookings:staff_day"), {"date": day})
    assert occurrence.service.name in response.text
    open_url = reverse(
        "bookings:staff_open_register",
        args=[occurrence.schedule_id, start_for_url(occurrence.starts_at)],
    )
    assert open_url in response.text
    assert client.get(open_url).url == register_url(occurrence)


def test_a_bad_date_shows_today(client, staff):
    response = client.get(reverse("bookings:staff_day"), {"date": "31/02/2026"})
    assert response.status_code == 200
    assert "Sessions on" in response.text


def test_register_lists_booked_children_and_is_audited(client, staff, occurrence):
    adult, _ = booked_child(occurrence, first_name="Noor")
    response = client.get(register_url(occurrence))
    assert "Noor" in response.text
    assert adult.last_name in response.text
    assert AuditEvent.objects.filter(actor=staff, action="view_register").count() == 1


def test_staff_check_in_and_mark_no_show(client, staff, occurrence):
    _, came = booked_child(occurrence)
    _, stayed_home = booked_child(occurrence)
    url = reverse("bookings:staff_attendance", args=[occurrence.pk])
    client.post(url, {"child": came.pk, "status": "attended"})
    client.post(url, {"child": stayed_home.pk, "status": "no_show"})
    assert Attendance.objects.get(child=came).status == "attended"
    absent = Attendance.objects.get(child=stayed_home)
    assert absent.status == "no_show"
    assert absent.booking is not None
    assert not absent.walk_in
    assert AuditEvent.objects.filter(actor=staff, action="attendance_attended").count() == 1
    # Changing your mind changes the one row, not adds another.
    client.post(url, {"child": stayed_home.pk, "status": "attended"})
    assert Attendance.objects.filter(child=stayed_home).get().status == "attended"


def test_check_in_of_a_family_staff_may_not_see_is_refused(client, staff, occurrence):
    _, stranger = parent_with_child()
    url = reverse("bookings:staff_attendance", args=[occurrence.pk])
    assert client.post(url, {"child": stranger.pk, "status": "attended"}).status_code == 404
    assert not Attendance.objects.exists()


def test_walk_in_found_by_childs_date_of_birth(client, staff, occurrence):
    adult, child = parent_with_child(first_name="Zara", date_of_birth=date(2025, 6, 1))
    adult.family.hub = occurrence.location
    adult.family.save()
    url = reverse("bookings:staff_walk_in", args=[occurrence.pk])
    response = client.post(url, {"q": "01/06/2025"})
    assert "Zara" in response.text
    assert "Zara" in client.post(url, {"q": adult.first_name}).text
    assert "Zara" in client.post(url, {"q": "rm187aa"}).text
    response = client.post(
        url, {"q": "01/06/2025", "family": adult.family.pk, "children": [child.pk]}
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get(child=child)
    assert attendance.walk_in
    assert attendance.status == "attended"
    assert attendance.child_age_months is not None
    assert AuditEvent.objects.filter(actor=staff, action="search_families").exists()


def test_walk_in_search_does_not_find_families_of_other_hubs(client, staff, occurrence):
    parent_with_child(first_name="Elsewhere")
    url = reverse("bookings:staff_walk_in", args=[occurrence.pk])
    response = client.post(url, {"q": "Elsewhere"})
    assert "Elsewhere (born" not in response.text
    assert "No registered family matches" in response.text


def test_walk_in_with_nobody_ticked_says_so(client, staff, occurrence):
    adult, _ = parent_with_child()
    adult.family.hub = occurrence.location
    adult.family.save()
    url = reverse("bookings:staff_walk_in", args=[occurrence.pk])
    response = client.post(url, {"family": adult.family.pk})
    assert response.status_code == 400
    assert "Select the children who came" in response.text
    assert not Attendance.objects.exists()


def test_visitor_count(client, staff, occurrence):
    url = reverse("bookings:staff_visitors", args=[occurrence.pk])
    response = client.post(url, {"adults": "0", "children": "0"})
    assert "Enter at least one adult or child" in response.text
    response = client.post(url, {"adults": "two", "children": "1"})
    assert "Enter the number of adults as a number" in response.text
    assert not VisitorCount.objects.exists()
    client.post(url, {"adults": "2", "children": "3"})
    assert "2 adults, 3 children" in client.get(register_url(occurrence)).text


def test_staff_cancel_a_session_and_families_are_told(client, staff, occurrence):
    adult, _ = booked_child(occurrence)
    url = reverse("bookings:staff_cancel_session", args=[occurrence.pk])
    assert "1 family booked or waiting" in client.get(url).text
    response = client.post(url, {"reason": ""})
    assert "Enter why the session is cancelled" in response.text
    assert not Cancellation.objects.exists()
    client.post(url, {"reason": "Heating broken"})
    assert Booking.objects.get().status == Booking.Status.SESSION_CANCELLED
    assert Notification.objects.get(recipient=adult.user, kind="session_cancelled")
    assert Cancellation.objects.get().reason == "Heating broken"
    assert "This session is cancelled: Heating broken" in client.get(register_url(occurrence)).text


def test_register_query_count_is_the_same_for_1_and_100_bookings(client, staff, occurrence):
    occurrence.capacity = 200
    occurrence.save()
    booked_child(occurrence)
    queries_for_one = count_queries(client, register_url(occurrence))
    for _ in range(99):
        adult, _ = parent_with_child()
        ChildFactory(family=adult.family)
        services.book(adult.family, occurrence.pk, list(adult.family.children.all()))
    queries_for_hundred = count_queries(client, register_url(occurrence))
    assert 0 < queries_for_hundred == queries_for_one


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_checking_in_a_child_who_did_not_book_records_a_walk_in(client, staff, occurrence):
    adult, child = parent_with_child()
    adult.family.hub = occurrence.location
    adult.family.save()
    url = reverse("bookings:staff_attendance", args=[occurrence.pk])
    client.post(url, {"child": child.pk, "status": "attended"})
    assert Attendance.objects.get(child=child).walk_in


def test_walk_in_search_is_posted_so_names_stay_out_of_urls(client, staff, occurrence):
    parent_with_child(hub=occurrence.location, first_name="Yusuf")
    url = reverse("bookings:staff_walk_in", args=[occurrence.pk])
    assert 'method="post"' in client.get(url).text
    found = client.post(url, {"q": "Yusuf"})
    assert "Yusuf (born" in found.text
    assert "q=Yusuf" not in found.text
    empty = client.post(url, {"q": " "})
    assert empty.status_code == 400
    assert "Enter a name, a child" in empty.text
