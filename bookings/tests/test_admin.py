"""Booking settings are edited in the back office, and reach sessions already booked."""

import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import sign_in_with_two_factor
from bookings import services
from bookings.models import BookingSettings
from bookings.tests.factories import bookable_schedule, next_friday_at_ten
from directory.models import Service
from directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_with_two_factor(
        client,
        get_user_model().objects.create_superuser("admin@council.example", "admin@council.example"),
    )
    return client


def test_a_service_that_takes_bookings_gets_default_settings_to_edit():
    service = ServiceFactory(join_method=Service.JoinMethod.BOOKING)
    assert service.booking_settings.capacity == 12
    drop_in = ServiceFactory(join_method=Service.JoinMethod.DROP_IN)
    assert not BookingSettings.objects.filter(service=drop_in).exists()


def test_booking_settings_are_added_in_the_admin(admin_client):
    service = ServiceFactory(join_method=Service.JoinMethod.DROP_IN)
    response = admin_client.post(
        "/admin/bookings/bookingsettings/add/",
        {
            "service": service.pk,
            "capacity": "12",
            "places_counted_per": "family",
            "booking_closes_hours_before": "2",
        },
    )
    assert response.status_code == 302
    settings = BookingSettings.objects.get(service=service)
    assert (settings.capacity, settings.places_counted_per) == (12, "family")


def test_zero_places_is_refused_in_the_admin(admin_client):
    service = ServiceFactory(join_method=Service.JoinMethod.BOOKING)
    url = f"/admin/bookings/bookingsettings/{service.booking_settings.pk}/change/"
    response = admin_client.post(
        url,
        {
            "service": service.pk,
            "capacity": "0",
            "places_counted_per": "child",
            "booking_closes_hours_before": "0",
        },
    )
    assert "A bookable session needs at least one place" in response.text
    service.booking_settings.refresh_from_db()
    assert service.booking_settings.capacity == 12


def test_changing_capacity_in_the_admin_updates_upcoming_sessions(admin_client):
    occurrence = services.occurrence_for(bookable_schedule(capacity=3), next_friday_at_ten())
    settings = occurrence.service.booking_settings
    admin_client.post(
        f"/admin/bookings/bookingsettings/{settings.pk}/change/",
        {
            "service": settings.service_id,
            "capacity": "8",
            "places_counted_per": "child",
            "booking_closes_hours_before": "0",
        },
    )
    occurrence.refresh_from_db()
    assert occurrence.capacity == 8


def test_sessions_are_read_only_in_the_admin(admin_client):
    occurrence = services.occurrence_for(bookable_schedule(), next_friday_at_ten())
    url = f"/admin/bookings/sessionoccurrence/{occurrence.pk}/change/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"capacity": "99"})
    occurrence.refresh_from_db()
    assert occurrence.capacity == 10
