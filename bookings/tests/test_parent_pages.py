"""Parents book, see and cancel through the pages; bad input gets a clear message and changes nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import Booking, SessionOccurrence
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    AdultFactory,
    ChildFactory,
    bookable_schedule,
    next_friday_at_ten,
    parent_with_child,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule():
    return bookable_schedule(capacity=1)


def book_url(schedule, start=None) -> str:
    return reverse(
        "bookings:book", args=[schedule.pk, start_for_url(start or next_friday_at_ten())]
    )


def signed_in(client, adult):
    client.force_login(adult.user)
    return client


def form_data(occurrence, children, **extra) -> dict:
    return {"version": occurrence.version, "children": [c.pk for c in children], **extra}


def test_bookable_sessions_are_listed_with_a_book_link(client, schedule):
    response = client.get(reverse("bookings:sessions"))
    assert response.status_code == 200
    assert schedule.service.name in response.text
    assert book_url(schedule) in response.text


def test_parent_books_a_child_and_sees_the_booking(client, schedule):
    adult, child = parent_with_child(first_name="Noor")
    signed_in(client, adult)
    page = client.get(book_url(schedule))
    assert page.status_code == 200
    assert "Noor" in page.text
    occurrence = SessionOccurrence.objects.get()
    response = client.post(book_url(schedule), form_data(occurrence, [child]), follow=True)
    booking = Booking.objects.get()
    assert response.redirect_chain == [(reverse("bookings:booked", args=[booking.pk]), 302)]
    assert "Place booked" in response.text
    assert schedule.service.name in response.text
    assert "We have sent you an email" in response.text
    assert booking.status == Booking.Status.CONFIRMED


def test_full_session_offers_the_waiting_list(client, schedule):
    first, first_child = parent_with_child()
    services.book(
        first.family,
        services.occurrence_for(schedule, next_friday_at_ten()).pk,
        [first_child],
    )
    adult, child = parent_with_child()
    signed_in(client, adult)
    occurrence = SessionOccurrence.objects.get()
    page = client.get(book_url(schedule))
    assert "This session is full. Join the waiting list" in page.text
    # A form posted without choosing the waiting list (opened before it filled up) is refused.
    response = client.post(book_url(schedule), form_data(occurrence, [child]))
    assert response.status_code == 400
    assert "This session is full" in response.text
    assert "Join the waiting list" in response.text
    assert not Booking.objects.filter(family=adult.family).exists()
    response = client.post(
        book_url(schedule), form_data(occurrence, [child], join_waiting_list="1"), follow=True
    )
    assert "You are on the waiting list" in response.text
    assert "We will email you if a place comes up" in response.text
    assert "number 1 on the list" in client.get(reverse("bookings:my_bookings")).text


def test_booking_twice_says_so_and_changes_nothing(client):
    schedule = bookable_schedule(capacity=5)
    adult, child = parent_with_child()
    signed_in(client, adult)
    client.get(book_url(schedule))
    occurrence = SessionOccurrence.objects.get()
    client.post(book_url(schedule), form_data(occurrence, [child]))
    response = client.post(book_url(schedule), form_data(occurrence, [child]))
    assert "You have already booked this session" in response.text
    assert Booking.objects.count() == 1


def test_child_too_old_is_not_offered_and_the_page_says_why(client, schedule):
    adult, child = parent_with_child(first_name="Ava", date_of_birth=date(2019, 1, 1))
    signed_in(client, adult)
    page = client.get(book_url(schedule))
    assert f'value="{child.pk}"' not in page.text
    assert "Who cannot come" in page.text
    assert "Ava (born 1 January 2019)</strong>: Not for their age on" in page.text
    assert "it is for expectant parents and children up to 2 years old" in page.text
    assert "None of your children can come to this session" in page.text
    # Posted anyway (a tampered form): refused with a message, nothing booked.
    response = client.post(book_url(schedule), form_data(SessionOccurrence.objects.get(), [child]))
    assert response.status_code == 400
    assert "Select who is coming from the list" in response.text
    assert not Booking.objects.exists()


def test_past_session_cannot_be_booked(client, schedule):
    adult, child = parent_with_child()
    signed_in(client, adult)
    last_friday = next_friday_at_ten() - timedelta(days=14)
    client.get(book_url(schedule, last_friday))
    occurrence = SessionOccurrence.objects.get()
    response = client.post(book_url(schedule, last_friday), form_data(occurrence, [child]))
    assert "already started" in response.text
    assert not Booking.objects.exists()


def test_cancelled_session_cannot_be_booked(client, schedule):
    adult, child = parent_with_child()
    signed_in(client, adult)
    client.get(book_url(schedule))
    occurrence = SessionOccurrence.objects.get()
    seen = occurrence.version
    services.cancel_occurrence(occurrence, by=None, reason="Staff training")
    response = client.post(book_url(schedule), {"version": seen, "children": [child.pk]})
    assert "changed after you opened the page" in response.text
    response = client.post(book_url(schedule), form_data(SessionOccurrence.objects.get(), [child]))
    assert "has been cancelled" in response.text
    assert not Booking.objects.exists()


def test_tampered_child_id_is_refused_without_booking(client, schedule):
    adult, _ = parent_with_child()
    _, stranger = parent_with_child(first_name="Stranger")
    signed_in(client, adult)
    client.get(book_url(schedule))
    response = client.post(
        book_url(schedule), form_data(SessionOccurrence.objects.get(), [stranger])
    )
    assert response.status_code == 400
    assert "Select who is coming from the list" in response.text
    assert "Stranger" not in response.text
    assert not Booking.objects.exists()


def test_tampered_or_unknown_session_is_not_found(client, schedule):
    adult, _ = parent_with_child()
    signed_in(client, adult)
    wrong_time = next_friday_at_ten() + timedelta(hours=2)
    assert client.get(book_url(schedule, wrong_time)).status_code == 404
    bad = reverse("bookings:book", args=[schedule.pk, "not-a-time"])
    assert client.get(bad).status_code == 404
    assert not SessionOccurrence.objects.exists()


def test_drop_in_session_has_no_booking_page(client):
    schedule = bookable_schedule()
    schedule.service.join_method = "drop_in"
    schedule.service.save()
    adult, _ = parent_with_child()
    signed_in(client, adult)
    assert client.get(book_url(schedule)).status_code == 404


def test_parent_cancels_and_the_place_goes_to_the_waiting_list(client, schedule):
    adult, child = parent_with_child()
    occurrence = services.occurrence_for(schedule, next_friday_at_ten())
    booking = services.book(adult.family, occurrence.pk, [child], by=adult.user)
    other, other_child = parent_with_child()
    waiting = services.book(other.family, occurrence.pk, [other_child], join_waiting_list=True)
    signed_in(client, adult)
    url = reverse("bookings:cancel_booking", args=[booking.pk])
    assert "Cancel your booking?" in client.get(url).text
    response = client.post(url, follow=True)
    assert "Your booking is cancelled" in response.text
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.CONFIRMED
    again = client.post(url, follow=True)
    assert "already cancelled" in again.text


def test_my_bookings_lists_only_my_familys_bookings(client, schedule):
    adult, child = parent_with_child(first_name="Mine")
    ChildFactory(family=adult.family, first_name="Sibling")
    occurrence = services.occurrence_for(schedule, next_friday_at_ten())
    services.book(adult.family, occurrence.pk, [child])
    other, other_child = parent_with_child(first_name="Theirs")
    services.book(other.family, occurrence.pk, [other_child], join_waiting_list=True)
    response = signed_in(client, adult).get(reverse("bookings:my_bookings"))
    assert "Mine" in response.text
    assert "Theirs" not in response.text


def test_parent_without_a_family_is_asked_to_register(client):
    adult = AdultFactory()
    user = adult.user
    adult.delete()
    client.force_login(user)
    response = client.get(reverse("bookings:my_bookings"))
    assert response.status_code == 403
    assert "Register your family first" in response.text


def test_sessions_are_shown_for_the_familys_own_hub_first_and_any_hub_on_request(client):
    here = bookable_schedule(name="Here Group")
    there = bookable_schedule(name="There Group")
    adult, _ = parent_with_child()
    adult.family.hub = here.location
    adult.family.save()
    here.location.slug, there.location.slug = "here", "there"
    here.location.save()
    there.location.save()
    signed_in(client, adult)
    mine = client.get(reverse("bookings:sessions")).text
    assert "Here Group" in mine and "There Group" not in mine
    theirs = client.get(reverse("bookings:sessions"), {"hub": "there"}).text
    assert "There Group" in theirs and "Here Group" not in theirs
    everywhere = client.get(reverse("bookings:sessions"), {"hub": ""}).text
    assert "Here Group" in everywhere and "There Group" in everywhere


def test_sessions_come_a_page_at_a_time(client):
    for _ in range(6):
        bookable_schedule()
    first = client.get(reverse("bookings:sessions"))
    assert first.text.count("govuk-summary-card__title-wrapper") == 20
    assert 'rel="next"' in first.text
    last = client.get(reverse("bookings:sessions"), {"page": "99"})
    assert last.status_code == 200
    assert 'rel="next"' not in last.text
