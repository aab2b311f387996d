"""Staff sessions end after 30 minutes idle or 12 hours in all; parents' do not; signing out
deletes the session on the server."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN_AT_SESSION_KEY, SIGNED_IN_AT_SESSION_KEY
from accounts.models import UserSession
from accounts.tests.factories import HubStaffFactory, UserFactory, sign_in_with_two_factor

pytestmark = pytest.mark.django_db


def wind_back(client, key: str, by: timedelta) -> None:
    session = client.session
    session[key] = (timezone.now() - by).timestamp()
    session.save()


def test_a_staff_session_idle_for_over_30_minutes_ends(client):
    sign_in_with_two_factor(client, HubStaffFactory())
    session_key = client.session.session_key
    wind_back(client, LAST_SEEN_AT_SESSION_KEY, timedelta(minutes=31))
    response = client.get(reverse("bookings:staff_day"))
    assert response.url == reverse("accounts:sign_in") + "?next=/bookings/staff/"
    assert not Session.objects.filter(session_key=session_key).exists()
    page = client.get(response.url)
    assert "you had not used the service for 30 minutes" in page.text


def test_a_staff_session_in_use_stays_open_and_its_server_expiry_moves_on(client):
    sign_in_with_two_factor(client, HubStaffFactory())
    wind_back(client, LAST_SEEN_AT_SESSION_KEY, timedelta(minutes=29))
    assert client.get(reverse("bookings:staff_day")).status_code == 200
    row = Session.objects.get(session_key=client.session.session_key)
    assert row.expire_date <= timezone.now() + timedelta(minutes=30)
    assert row.expire_date > timezone.now() + timedelta(minutes=29)


def test_a_staff_session_ends_12_hours_after_sign_in_even_in_use(client):
    sign_in_with_two_factor(client, HubStaffFactory())
    wind_back(client, SIGNED_IN_AT_SESSION_KEY, timedelta(hours=12, minutes=1))
    response = client.get(reverse("bookings:staff_day"))
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert "you signed in more than 12 hours ago" in client.get(response.url).text


@override_settings(STAFF_SESSION_IDLE_MINUTES=5)
def test_the_idle_limit_is_a_setting(client):
    sign_in_with_two_factor(client, HubStaffFactory())
    wind_back(client, LAST_SEEN_AT_SESSION_KEY, timedelta(minutes=6))
    assert client.get(reverse("bookings:staff_day")).url.startswith(reverse("accounts:sign_in"))


def test_a_parents_session_keeps_todays_behaviour(client):
    client.force_login(UserFactory())
    wind_back(client, LAST_SEEN_AT_SESSION_KEY, timedelta(hours=13))
    wind_back(client, SIGNED_IN_AT_SESSION_KEY, timedelta(hours=13))
    assert client.get(reverse("accounts:account")).status_code == 200


def test_signing_out_deletes_the_session_on_the_server(client):
    staff = HubStaffFactory()
    sign_in_with_two_factor(client, staff)
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    response = client.post(reverse("accounts:sign_out"))
    assert response.url == reverse("accounts:sign_in")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not UserSession.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("bookings:staff_day")).status_code == 302
