"""The booking settings staff choose reach parents: a service without a waiting list says it is
full and takes nobody onto a list, even from a form posted to join one."""

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import Booking, BookingSettings, SessionOccurrence
from bookings.selectors import start_for_url
from bookings.tests.factories import bookable_schedule, next_friday_at_ten, parent_with_child

pytestmark = pytest.mark.django_db


def test_a_full_session_without_a_waiting_list_offers_none(client):
    schedule = bookable_schedule(capacity=1)
    BookingSettings.objects.filter(service=schedule.service).update(has_waiting_list=False)
    first, first_child = parent_with_child()
    services.book(
        first.family, services.occurrence_for(schedule, next_friday_at_ten()).pk, [first_child]
    )
    adult, child = parent_with_child()
    client.force_login(adult.user)
    url = reverse("bookings:book", args=[schedule.pk, start_for_url(next_friday_at_ten())])
    page = client.get(url).text
    assert "This session is full." in page
    assert "Join the waiting list" not in page
    occurrence = SessionOccurrence.objects.get()
    response = client.post(
        url,
        {"version": occurrence.version, "children": [child.pk], "join_waiting_list": "1"},
    )
    assert response.status_code == 400
    assert "This session is full." in response.text
    assert "Join the waiting list" not in response.text
    assert not Booking.objects.filter(status=Booking.Status.WAITING).exists()
