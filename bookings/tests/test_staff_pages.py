"""Hub staff run registers: check in, no-shows, walk-ins, visitor counts and cancellations, audited."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import sign_in_with_two_factor
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
    session_today,
)
from families.models import Family
from families.tests.test_register_in_person_and_claim import staff_form
from families.views import JUST_REGISTERED_KEY
from notifications.models import Notification
from timetable.models import Cancellation

pytestmark = pytest.mark.django_db


@pytest.fixture
def occurrence():
    """Today's session: who came is recorded on the day."""
    return session_today(capacity=5)


@pytest.fixture
def staff(client, occurrence):
    user = hub_staff(occurrence.location)
    sign_in_with_two_factor(client, user)
    return user


def book_the_day_before(occurrence, adult, children, **options):
    the_day_before = occurrence.starts_at - timedelta(days=1)
    return services.book(
        adult.family, occurrence.pk, children, by=adult.user, now=the_day_before, **options
    )


def booked_child(occurrence, **child_fields):
    adult, child = parent_with_child(**child_fields)
    book_the_day_before(occurrence, adult, [child])
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
        book_the_day_before(occurrence, adult, list(adult.family.children.all()))
    queries_for_hundred = count_queries(client, register_url(occurrence))
    assert 0 < queries_for_hundred == queries_for_one


def test_register_query_count_is_the_same_for_1_and_20_booked_waiting_and_walked_in(
    client, staff, occurrence
):
    def one_of_each() -> None:
        # Rows written directly: once anyone waits, the booking service books nobody else.
        for status in (Booking.Status.CONFIRMED, Booking.Status.WAITING):
            adult, child = parent_with_child()
            booking = Booking.objects.create(
                occurrence=occurrence, family=adult.family, places=1, status=status
            )
            booking.children.add(child)
        _, walked_in = parent_with_child(hub=occurrence.location)
        services.record_walk_in(occurrence, [walked_in], by=staff)

    one_of_each()
    queries_for_one = count_queries(client, register_url(occurrence))
    for _ in range(19):
        one_of_each()
    page = client.get(register_url(occurrence)).text
    assert "Booked (20)" in page and "Waiting list (20)" in page and "Walk-ins (20)" in page
    assert count_queries(client, register_url(occurrence)) == queries_for_one


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


def test_nothing_is_recorded_before_the_sessions_day(client):
    future = services.occurrence_for(bookable_schedule(), next_friday_at_ten())
    adult, child = parent_with_child(hub=future.location, first_name="Early")
    sign_in_with_two_factor(client, hub_staff(future.location))
    register = client.get(register_url(future)).text
    day = f"{future.starts_at:%A} {future.starts_at.day} {future.starts_at:%B}"
    assert f"You can record who came from {day}, the day of the session." in register
    assert "Did not come" not in register
    assert "Record a walk-in" not in register
    response = client.post(
        reverse("bookings:staff_attendance", args=[future.pk]),
        {"child": child.pk, "status": "attended"},
        follow=True,
    )
    assert f"You can record who came from {day}" in response.text
    for page in ("bookings:staff_walk_in", "bookings:staff_visitors"):
        assert client.get(reverse(page, args=[future.pk])).url == register_url(future)
    response = client.post(
        reverse("bookings:staff_walk_in", args=[future.pk]),
        {"family": adult.family.pk, "children": [child.pk]},
    )
    assert response.url == register_url(future)
    client.post(reverse("bookings:staff_visitors", args=[future.pk]), {"adults": 1, "children": 1})
    assert not Attendance.objects.exists()
    assert not VisitorCount.objects.exists()


def test_booked_children_stay_booked_after_the_session_is_cancelled(client, staff, occurrence):
    _, came = booked_child(occurrence, first_name="Amara")
    booked_child(occurrence, first_name="Bea")
    client.post(
        reverse("bookings:staff_attendance", args=[occurrence.pk]),
        {"child": came.pk, "status": "attended"},
    )
    services.cancel_occurrence(occurrence, by=staff, reason="Flooded hall")
    page = client.get(register_url(occurrence)).text
    booked, walk_ins = page.split("Walk-ins (")
    assert "Booked (2)" in booked
    assert "Amara" in booked and "Bea" in booked
    assert booked.count("Told the session is cancelled") == 2
    assert walk_ins.startswith("0)")
    assert "Amara" not in walk_ins
    assert "Did not come" not in page


def test_a_child_checked_in_stays_booked_if_the_booking_is_cancelled_later(
    client, staff, occurrence
):
    _, child = booked_child(occurrence, first_name="Cato")
    client.post(
        reverse("bookings:staff_attendance", args=[occurrence.pk]),
        {"child": child.pk, "status": "attended"},
    )
    Booking.objects.update(status=Booking.Status.CANCELLED)
    booked, walk_ins = client.get(register_url(occurrence)).text.split("Walk-ins (")
    assert "Cato" in booked
    assert "Cancelled after check-in" in booked
    assert "Cato" not in walk_ins


def test_walk_ins_show_the_parents_name(client, staff, occurrence):
    adult, child = parent_with_child(hub=occurrence.location, first_name="Dara")
    client.post(
        reverse("bookings:staff_walk_in", args=[occurrence.pk]),
        {"family": adult.family.pk, "children": [child.pk]},
    )
    walk_ins = client.get(register_url(occurrence)).text.split("Walk-ins (")[1]
    assert walk_ins.startswith("1)")
    assert "Dara" in walk_ins
    assert f"{adult.first_name} {adult.last_name}" in walk_ins


def test_the_waiting_list_is_listed_by_name_in_the_order_families_joined(client, staff, occurrence):
    occurrence.capacity = 1
    occurrence.save()
    booked_child(occurrence, first_name="Booked")
    first, first_child = parent_with_child(first_name="Elif")
    second, second_child = parent_with_child(first_name="Femi")
    book_the_day_before(occurrence, first, [first_child], join_waiting_list=True)
    book_the_day_before(occurrence, second, [second_child], join_waiting_list=True)
    waiting = client.get(register_url(occurrence)).text.split("Waiting list (2)")[1]
    waiting = waiting.split("Walk-ins (")[0]
    assert waiting.index("Elif") < waiting.index("Femi")
    assert f"{first.first_name} {first.last_name}" in waiting
    assert "Booked (born" not in waiting


def test_a_waiting_family_who_walks_in_comes_off_the_list(client, staff, occurrence):
    occurrence.capacity = 1
    occurrence.save()
    booked_child(occurrence)
    adult, child = parent_with_child(first_name="Gus")
    waiting = book_the_day_before(occurrence, adult, [child], join_waiting_list=True)
    client.post(
        reverse("bookings:staff_attendance", args=[occurrence.pk]),
        {"child": child.pk, "status": "attended"},
    )
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CAME_FROM_WAITING_LIST
    attendance = Attendance.objects.get(child=child)
    assert attendance.walk_in and attendance.status == "attended"
    page = client.get(register_url(occurrence)).text
    assert "Waiting list" not in page
    assert "Gus" in page.split("Walk-ins (1)")[1]
    assert AuditEvent.objects.filter(actor=staff, action="came_from_waiting_list").exists()
    # A place freeing up later never goes to a family that already came.
    services.cancel_booking(
        Booking.objects.get(status="confirmed"), now=occurrence.starts_at - timedelta(minutes=5)
    )
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CAME_FROM_WAITING_LIST


def test_a_waiting_family_found_by_the_walk_in_search_comes_off_the_list(client, staff, occurrence):
    occurrence.capacity = 1
    occurrence.save()
    booked_child(occurrence)
    adult, child = parent_with_child(first_name="Hana")
    waiting = book_the_day_before(occurrence, adult, [child], join_waiting_list=True)
    url = reverse("bookings:staff_walk_in", args=[occurrence.pk])
    assert "Hana (born" in client.post(url, {"q": "Hana"}).text
    client.post(url, {"q": "Hana", "family": adult.family.pk, "children": [child.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CAME_FROM_WAITING_LIST


def test_a_family_registered_from_the_register_comes_back_ready_to_check_in(
    client, staff, occurrence
):
    register = client.get(register_url(occurrence))
    new_family_url = register.context["register_new_family_url"]
    assert new_family_url in register.text.replace("&amp;", "&")
    form_page = client.get(new_family_url)
    assert f'name="next" value="{register_url(occurrence)}"' in form_page.text
    response = client.post(
        reverse("families:staff_register"),
        {**staff_form(occurrence.location), "next": register_url(occurrence)},
    )
    assert response.url == register_url(occurrence)
    family = Family.objects.get()
    page = client.get(register_url(occurrence)).text
    just_now = page.split("Registered just now")[1].split("Booked (")[0]
    assert "Kofi" in just_now and "Grace Mensah" in just_now
    child = family.children.get()
    client.post(
        reverse("bookings:staff_attendance", args=[occurrence.pk]),
        {"child": child.pk, "status": "attended"},
    )
    page = client.get(register_url(occurrence)).text
    assert "Registered just now" not in page
    assert "Grace Mensah" in page.split("Walk-ins (1)")[1]
    assert Attendance.objects.get(child=child).walk_in


def test_a_family_registered_from_one_register_is_not_offered_on_another(client, staff, occurrence):
    other = session_today(location=occurrence.location, name="Stay and Play")
    client.post(
        reverse("families:staff_register"),
        {**staff_form(occurrence.location), "next": register_url(occurrence)},
    )
    assert "Registered just now" in client.get(register_url(occurrence)).text
    assert "Registered just now" not in client.get(register_url(other)).text


def test_registering_a_family_never_goes_back_to_another_site(client, staff, occurrence):
    response = client.post(
        reverse("families:staff_register"),
        {**staff_form(occurrence.location), "next": "https://example.com/register/"},
    )
    assert response.url == reverse("families:staff_family", args=[Family.objects.get().pk])


def test_a_family_staff_may_not_see_is_never_shown_as_just_registered(client, staff, occurrence):
    adult, _ = parent_with_child(first_name="Kofi")  # registered at another hub
    session = client.session
    session[JUST_REGISTERED_KEY] = {
        "family": str(adult.family.pk),
        "from": register_url(occurrence),
    }
    session.save()
    page = client.get(register_url(occurrence)).text
    assert "Registered just now" not in page
    assert "Kofi" not in page
