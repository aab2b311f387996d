"""A bookable session can be booked wherever it is shown, and the way there loses nothing:
a visitor signs up, confirms their email and registers their family, and lands back on that
session's booking page. Afterwards the confirmation and "My bookings" offer the calendar file,
and a parent who cancels is told by email and sees the booking under "Cancelled"."""

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from bookings import services
from bookings.links import calendar_path
from bookings.models import Booking, SessionOccurrence
from bookings.selectors import start_for_url
from bookings.tests.factories import bookable_schedule, next_friday_at_ten, parent_with_child
from directory.models import Service
from families.models import Family
from families.tests.test_register_online import about_you, date_parts, expecting, home
from notifications.models import Notification
from web.tests.factories import PostcodeFactory, weekly_group

pytestmark = pytest.mark.django_db


def book_path(schedule) -> str:
    return reverse("bookings:book", args=[schedule.pk, start_for_url(next_friday_at_ten())])


def bookable_group(name="Baby Massage"):
    service = weekly_group(name, join_method=Service.JoinMethod.BOOKING)
    return service, service.service_at_locations.get().schedules.get()


def test_search_results_offer_book_a_place_for_a_bookable_session(client):
    PostcodeFactory()
    service, schedule = bookable_group()
    weekly_group("Stay and Play")  # drop in: nothing to book
    html = client.get(reverse("web:find"), {"where": "RM18 7AA", "child": "expecting"}).text
    assert html.count(">Book a place<span") == 1
    # Results offer the first session still to come: on a Thursday, tomorrow's (which
    # next_friday_at_ten skips, wanting a few days' notice).
    friday = next_friday_at_ten()
    if friday - timedelta(days=7) > timezone.now():
        friday -= timedelta(days=7)
    next_session = reverse("bookings:book", args=[schedule.pk, start_for_url(friday)])
    assert f'href="{next_session}"' in html
    assert f'Book a place<span class="govuk-visually-hidden">: {service.name}, Friday' in html


def test_the_service_page_offers_book_a_place_for_each_session(client):
    service, schedule = bookable_group()
    html = client.get(reverse("web:service", args=[service.pk])).text
    assert f'href="{book_path(schedule)}"' in html
    assert html.count(">Book a place<span") == html.count(">Add to calendar<span") > 1


def test_a_drop_in_service_page_has_nothing_to_book(client):
    service = weekly_group("Stay and Play")
    assert ">Book a place<span" not in client.get(reverse("web:service", args=[service.pk])).text


def test_a_visitor_is_asked_to_sign_in_or_create_an_account_and_nothing_is_written(client):
    _, schedule = bookable_group()
    page = client.get(book_path(schedule))
    assert page.status_code == 200
    assert "Sign in to book a place" in page.text
    assert f'href="/account/create/?next={book_path(schedule)}"' in page.text
    assert f'href="/account/sign-in/?next={book_path(schedule)}"' in page.text
    assert not SessionOccurrence.objects.exists()


def emailed_link() -> str:
    body = Notification.objects.get(kind="accounts.verify").body
    return re.search(r"http://\S+", body).group(0).removeprefix("http://127.0.0.1:8000")


def test_sign_up_confirm_and_register_come_back_to_the_session_with_nothing_lost(client):
    service, schedule = bookable_group()
    booking_page = book_path(schedule)
    client.post(
        reverse("accounts:sign_up") + f"?next={booking_page}",
        {"email": "amira@example.org", "password": PASSWORD, "password_again": PASSWORD},
    )
    confirmed = client.get(emailed_link())
    assert confirmed.url == booking_page

    first_visit = client.get(booking_page)
    assert first_visit.status_code == 403
    assert "Register your family first" in first_visit.text
    register_url = reverse("families:register", args=["about-you"]) + f"?next={booking_page}"
    assert f'href="{register_url}"' in first_visit.text

    client.get(register_url)
    client.post(reverse("families:register", args=["about-you"]), about_you())
    client.post(reverse("families:register", args=["child"]), expecting(first_name="Bump"))
    client.post(reverse("families:register", args=["home"]), home(schedule_location(schedule)))
    registered = client.post(reverse("families:register_check"), {"registration": "on"})
    assert registered.url == booking_page
    assert Family.objects.count() == 1

    page = client.get(booking_page)
    assert page.status_code == 200
    assert service.name in page.text
    assert "Bump (due" in page.text


def schedule_location(schedule):
    return schedule.service_at_location.location


def test_a_registration_destination_off_the_site_is_ignored(client):
    _, schedule = bookable_group()
    adult, _ = parent_with_child()
    user = adult.user
    adult.family.delete()
    client.force_login(user)
    client.get(reverse("families:register", args=["about-you"]), {"next": "//evil.example/"})
    client.post(reverse("families:register", args=["about-you"]), about_you(email=user.email))
    client.post(reverse("families:register", args=["child"]), expecting())
    client.post(reverse("families:register", args=["home"]), home(schedule_location(schedule)))
    registered = client.post(reverse("families:register_check"), {"registration": "on"})
    assert registered.url == reverse("families:home")


def booked(client, capacity=5):
    schedule = bookable_schedule(capacity=capacity, name="Rhyme Time")
    adult, child = parent_with_child(first_name="Leo")
    client.force_login(adult.user)
    occurrence = services.occurrence_for(schedule, next_friday_at_ten())
    booking = services.book(adult.family, occurrence.pk, [child], by=adult.user)
    return adult, booking


def test_the_confirmation_offers_the_sessions_calendar_file(client):
    _, booking = booked(client)
    page = client.get(reverse("bookings:booked", args=[booking.pk]))
    assert "Place booked" in page.text
    ics = calendar_path(booking.occurrence)
    assert re.fullmatch(r"/calendar/sessions/[0-9a-f-]{36}/\d{4}-\d\d-\d\dT1000\.ics", ics)
    assert f'href="{ics}">Add to calendar' in page.text
    assert client.get(ics)["Content-Type"].startswith("text/calendar")


def test_another_familys_confirmation_is_not_found(client):
    _, booking = booked(client)
    other, _ = parent_with_child()
    client.force_login(other.user)
    assert client.get(reverse("bookings:booked", args=[booking.pk])).status_code == 404


def test_my_bookings_offers_the_calendar_and_lists_cancelled_bookings_apart(client):
    adult, booking = booked(client)
    my_bookings = client.get(reverse("bookings:my_bookings")).text
    assert f'href="{calendar_path(booking.occurrence)}">Add to calendar' in my_bookings
    assert "Cancelled</h2>" not in my_bookings

    response = client.post(reverse("bookings:cancel_booking", args=[booking.pk]), follow=True)
    assert "Your booking is cancelled. We have emailed you to say so." in response.text
    coming_up, cancelled = response.text.split("Cancelled</h2>")
    assert "Rhyme Time" not in coming_up.split("Coming up</h2>")[1]
    assert "Rhyme Time" in cancelled and "Cancelled by you" in cancelled
    assert "Add to calendar" not in cancelled

    email = Notification.objects.get(kind="booking_cancelled")
    assert email.recipient == adult.user
    assert email.subject.startswith("Booking cancelled: Rhyme Time on Friday")
    assert "Who is coming: Leo" in email.body
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_erasing_a_family_frees_its_places_without_a_cancellation_email(client):
    adult, _ = booked(client)
    services.release_family_places(adult.family)
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert not Notification.objects.filter(kind="booking_cancelled").exists()


def test_the_hub_page_and_whats_on_offer_book_a_place(client):
    service, schedule = bookable_group()
    hub = schedule.service_at_location.location
    hub.is_family_hub, hub.slug = True, "baby-massage-hub"
    hub.save()
    call_command("rebuild_whats_on", verbosity=0)
    hub_page = client.get(reverse("timetable:hub", args=[hub.slug])).text
    whats_on = client.get(reverse("timetable:whats_on"), {"hub": hub.slug}).text
    for html in (hub_page, whats_on):
        assert f'href="{book_path(schedule)}"' in html
        assert f'Book a place<span class="govuk-visually-hidden">: {service.name}, Friday' in html


def test_a_parent_with_no_child_who_can_come_adds_one_and_comes_back_to_the_session(client):
    _, schedule = bookable_group()
    adult, _ = parent_with_child(date_of_birth=date(2019, 1, 1))
    client.force_login(adult.user)
    page = client.get(book_path(schedule)).text
    add_child = f"{reverse('families:add_child')}?next={book_path(schedule)}"
    assert f'href="{add_child}">Add a child or baby</a>' in page
    due = timezone.localdate() + timedelta(days=30)
    added = client.post(add_child, {"born": "no", "first_name": "", **date_parts("due_date", due)})
    assert added.url == book_path(schedule)
    assert "Your baby (due " in client.get(book_path(schedule)).text


def test_adding_a_child_never_leads_off_the_site(client):
    adult, _ = parent_with_child()
    client.force_login(adult.user)
    due = timezone.localdate() + timedelta(days=30)
    added = client.post(
        f"{reverse('families:add_child')}?next=https://evil.example/",
        {"born": "no", "first_name": "", **date_parts("due_date", due)},
    )
    assert added.url == reverse("families:home")
