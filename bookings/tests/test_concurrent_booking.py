"""Capacity holds under concurrent bookings: proven on PostgreSQL, where requests really overlap."""

import threading

import pytest
from django.db import connection, connections

from bookings import services
from bookings.models import Booking, SessionOccurrence
from bookings.tests.factories import bookable_schedule, next_friday_at_ten, parent_with_child

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REQUESTS = 50
CAPACITY = 10


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite runs one write at a time, so nothing here would overlap. "
            "Run with DATABASE_URL=postgres://..."
        )


def book_all_at_once(occurrence_id: int, parents) -> list[BaseException]:
    """Each parent books from their own thread (and so their own connection), all released together."""
    start = threading.Barrier(len(parents))
    errors: list[BaseException] = []

    def request(adult) -> None:
        try:
            start.wait()
            services.book(
                adult.family,
                occurrence_id,
                list(adult.family.children.all()),
                by=adult.user,
                join_waiting_list=True,
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(adult,)) for adult in parents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_fifty_simultaneous_bookings_fill_ten_places_and_wait_forty_in_order():
    occurrence = services.occurrence_for(bookable_schedule(capacity=CAPACITY), next_friday_at_ten())
    parents = [parent_with_child()[0] for _ in range(REQUESTS)]

    assert book_all_at_once(occurrence.pk, parents) == []

    occurrence.refresh_from_db()
    bookings = Booking.objects.filter(occurrence=occurrence)
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == CAPACITY
    assert bookings.filter(status=Booking.Status.WAITING).count() == REQUESTS - CAPACITY
    assert occurrence.places_taken == CAPACITY

    # Three families cancel: the first three on the waiting list, in the order they joined, get in.
    waiting_in_order = list(
        bookings.filter(status=Booking.Status.WAITING).order_by("created_at", "id")
    )
    for cancelled in bookings.filter(status=Booking.Status.CONFIRMED)[:3]:
        services.cancel_booking(cancelled)
    promoted = set(
        bookings.filter(status=Booking.Status.CONFIRMED, pk__in=[b.pk for b in waiting_in_order])
    )
    assert promoted == set(waiting_in_order[:3])
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == CAPACITY
    assert SessionOccurrence.objects.get(pk=occurrence.pk).places_taken == CAPACITY


def test_simultaneous_first_requests_write_the_session_once():
    schedule = bookable_schedule()
    start = next_friday_at_ten()
    barrier = threading.Barrier(20)
    found: list[int] = []

    def open_session() -> None:
        barrier.wait()
        found.append(services.occurrence_for(schedule, start).pk)
        connections.close_all()

    threads = [threading.Thread(target=open_session) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1
    assert SessionOccurrence.objects.filter(schedule=schedule).count() == 1


def test_cancellations_racing_new_bookings_promote_the_waiting_list_in_order():
    occurrence = services.occurrence_for(bookable_schedule(capacity=CAPACITY), next_friday_at_ten())
    first_come = [parent_with_child()[0] for _ in range(2 * CAPACITY)]
    for adult in first_come:
        services.book(
            adult.family,
            occurrence.pk,
            list(adult.family.children.all()),
            join_waiting_list=True,
        )
    bookings = Booking.objects.filter(occurrence=occurrence)
    waiting_in_order = list(
        bookings.filter(status=Booking.Status.WAITING).order_by("created_at", "id")
    )
    leaving = list(bookings.filter(status=Booking.Status.CONFIRMED)[:5])
    newcomers = [parent_with_child()[0] for _ in range(10)]
    start = threading.Barrier(len(leaving) + len(newcomers))
    errors: list[BaseException] = []

    def run(action) -> None:
        try:
            start.wait()
            action()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    actions = [lambda b=b: services.cancel_booking(b) for b in leaving] + [
        lambda a=a: services.book(
            a.family, occurrence.pk, list(a.family.children.all()), join_waiting_list=True
        )
        for a in newcomers
    ]
    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    confirmed = set(bookings.filter(status=Booking.Status.CONFIRMED))
    assert len(confirmed) == CAPACITY
    assert SessionOccurrence.objects.get(pk=occurrence.pk).places_taken == CAPACITY
    assert set(waiting_in_order[:5]) <= confirmed
    assert not set(waiting_in_order[5:]) & confirmed
    assert not {b for b in confirmed if b.family_id in {a.family_id for a in newcomers}}
