"""List pages cost the same number of queries however long the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import sign_in_with_two_factor
from bookings import services
from bookings.tests.factories import (
    ChildFactory,
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_my_bookings_queries_do_not_grow_with_bookings(client):
    adult, _ = parent_with_child()
    ChildFactory(family=adult.family)
    client.force_login(adult.user)
    url = reverse("bookings:my_bookings")

    def book_one(weeks_ahead: int) -> None:
        occurrence = services.occurrence_for(bookable_schedule(), next_friday_at_ten(weeks_ahead))
        services.book(adult.family, occurrence.pk, list(adult.family.children.all()))

    book_one(1)
    with_one = queries_for(client, url)
    for weeks in range(2, 12):
        book_one(weeks)
    assert queries_for(client, url) == with_one


def test_sessions_and_staff_day_queries_do_not_grow_with_sessions(client):
    first = bookable_schedule()
    services.occurrence_for(first, next_friday_at_ten())
    staff = hub_staff(first.location)
    day = {"date": next_friday_at_ten().date().isoformat()}
    sessions_one = queries_for(client, reverse("bookings:sessions"))
    sign_in_with_two_factor(client, staff)
    day_one = queries_for(client, reverse("bookings:staff_day"), day)
    for _ in range(10):
        schedule = bookable_schedule(location=first.location)
        services.occurrence_for(schedule, next_friday_at_ten())
    client.logout()
    assert queries_for(client, reverse("bookings:sessions")) == sessions_one
    sign_in_with_two_factor(client, staff)
    assert queries_for(client, reverse("bookings:staff_day"), day) == day_one


def test_cancelled_sessions_stay_on_the_staff_day_without_extra_queries(client):
    first = bookable_schedule()
    staff = hub_staff(first.location)
    sign_in_with_two_factor(client, staff)
    day = {"date": next_friday_at_ten().date().isoformat()}
    services.cancel_occurrence(
        services.occurrence_for(first, next_friday_at_ten()), by=staff, reason="Training"
    )
    with_one = queries_for(client, reverse("bookings:staff_day"), day)
    for _ in range(5):
        schedule = bookable_schedule(location=first.location)
        services.cancel_occurrence(
            services.occurrence_for(schedule, next_friday_at_ten()), by=staff, reason="Training"
        )
    response = client.get(reverse("bookings:staff_day"), day)
    assert response.text.count(">Cancelled</strong>") == 6
    assert queries_for(client, reverse("bookings:staff_day"), day) == with_one
