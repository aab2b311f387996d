"""The booking rules, through the service functions (no HTTP)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from bookings import services
from bookings.models import Booking, PlacesCountedPer, SessionOccurrence
from bookings.tests.factories import (
    ChildFactory,
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)
from families.services import erase_family
from notifications.models import Notification
from timetable.models import BankHoliday, Cancellation, Closure

pytestmark = pytest.mark.django_db


def occurrence(capacity=10, **kwargs) -> SessionOccurrence:
    return services.occurrence_for(bookable_schedule(capacity, **kwargs), next_friday_at_ten())


def book(occ, adult, children=None, **kwargs) -> Booking:
    children = children if children is not None else list(adult.family.children.all())
    return services.book(adult.family, occ.pk, children, by=adult.user, **kwargs)


def test_a_session_is_written_once_per_schedule_and_start():
    schedule = bookable_schedule()
    first = services.occurrence_for(schedule, next_friday_at_ten())
    again = services.occurrence_for(schedule, next_friday_at_ten())
    assert first.pk == again.pk
    assert first.capacity == 10
    assert SessionOccurrence.objects.count() == 1


def test_a_time_the_schedule_does_not_run_is_not_a_session():
    schedule = bookable_schedule()
    with pytest.raises(services.SessionNotFound):
        services.occurrence_for(schedule, next_friday_at_ten() + timedelta(hours=1))
    assert not SessionOccurrence.objects.exists()


def test_booking_takes_a_place_per_child_and_tells_the_parent():
    occ = occurrence()
    adult, _ = parent_with_child()
    ChildFactory(family=adult.family)
    booking = book(occ, adult)
    occ.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.places == 2
    assert occ.places_taken == 2
    message = Notification.objects.get(recipient=adult.user)
    assert message.kind == "booking_confirmed"
    assert occ.service.name in message.subject


def test_places_counted_per_family_take_one_place_for_many_children():
    occ = occurrence(capacity=1, counted_per=PlacesCountedPer.FAMILY)
    adult, _ = parent_with_child()
    ChildFactory(family=adult.family)
    assert book(occ, adult).places == 1


def test_full_session_is_refused_unless_the_family_joins_the_waiting_list():
    occ = occurrence(capacity=1)
    first, _ = parent_with_child()
    second, _ = parent_with_child()
    book(occ, first)
    with pytest.raises(services.SessionFull):
        book(occ, second)
    assert not Booking.objects.filter(family=second.family).exists()
    waiting = book(occ, second, join_waiting_list=True)
    assert waiting.status == Booking.Status.WAITING
    assert Notification.objects.get(recipient=second.user).kind == "waiting_list_joined"


def test_booking_twice_is_refused_and_changes_nothing():
    occ = occurrence()
    adult, _ = parent_with_child()
    book(occ, adult)
    with pytest.raises(services.AlreadyBooked):
        book(occ, adult)
    occ.refresh_from_db()
    assert occ.places_taken == 1
    assert Booking.objects.count() == 1


def test_database_refuses_a_second_live_booking_even_without_the_service():
    occ = occurrence()
    adult, _ = parent_with_child()
    book(occ, adult)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(occurrence=occ, family=adult.family, places=1)


def test_database_refuses_more_places_than_capacity():
    occ = occurrence(capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionOccurrence.objects.filter(pk=occ.pk).update(places_taken=3)


def test_child_too_old_on_the_session_date_is_refused_by_name():
    occ = occurrence()
    adult, _ = parent_with_child(
        first_name="Ava", date_of_birth=date.today() - timedelta(days=365 * 3)
    )
    with pytest.raises(services.NotEligible, match="Ava cannot come"):
        book(occ, adult)
    assert not Booking.objects.exists()


def test_expected_baby_may_book_a_group_for_expectant_parents():
    occ = occurrence(for_expectant_parents=True)
    adult, _ = parent_with_child(date_of_birth=None, due_date=date.today() + timedelta(days=60))
    assert book(occ, adult).status == Booking.Status.CONFIRMED


def test_past_session_cannot_be_booked():
    occ = occurrence()
    adult, _ = parent_with_child()
    with pytest.raises(services.SessionPast):
        book(occ, adult, now=occ.starts_at + timedelta(minutes=1))
    assert not Booking.objects.exists()


def test_booking_closes_at_the_cut_off():
    occ = occurrence(closes_hours_before=24)
    adult, _ = parent_with_child()
    with pytest.raises(services.BookingClosed, match="Booking closed at"):
        book(occ, adult, now=occ.starts_at - timedelta(hours=23))
    assert book(occ, adult, now=occ.starts_at - timedelta(hours=25)).is_active


def test_cancelled_session_cannot_be_booked():
    occ = occurrence()
    services.cancel_occurrence(occ, by=hub_staff(occ.location), reason="Staff training")
    adult, _ = parent_with_child()
    with pytest.raises(services.SessionCancelled):
        book(occ, adult)


def test_session_at_a_closed_hub_cannot_be_booked():
    schedule = bookable_schedule()
    day = next_friday_at_ten().date()
    Closure.objects.create(location=schedule.location, starts_on=day, ends_on=day, reason="Repairs")
    occ = services.occurrence_for(schedule, next_friday_at_ten())
    adult, _ = parent_with_child()
    with pytest.raises(services.SessionChanged):
        book(occ, adult)
    assert not Booking.objects.exists()


def test_stale_form_is_refused_after_the_session_changed():
    occ = occurrence()
    adult, _ = parent_with_child()
    SessionOccurrence.objects.filter(pk=occ.pk).update(version=occ.version + 1)
    with pytest.raises(services.SessionChanged):
        book(occ, adult, seen_version=occ.version)
    assert not Booking.objects.exists()


def test_more_children_than_the_session_has_places_is_refused():
    occ = occurrence(capacity=1)
    adult, _ = parent_with_child()
    ChildFactory(family=adult.family)
    with pytest.raises(services.TooManyPlaces):
        book(occ, adult, join_waiting_list=True)


def test_another_familys_child_cannot_be_booked():
    occ = occurrence()
    adult, _ = parent_with_child()
    _, stranger = parent_with_child()
    with pytest.raises(services.SessionNotFound):
        book(occ, adult, [stranger])


def test_cancelling_gives_the_place_to_the_waiting_list_in_order():
    occ = occurrence(capacity=1)
    first, second, third = (parent_with_child()[0] for _ in range(3))
    held = book(occ, first)
    waiting_second = book(occ, second, join_waiting_list=True)
    waiting_third = book(occ, third, join_waiting_list=True)
    services.cancel_booking(held, by=first.user)
    waiting_second.refresh_from_db()
    waiting_third.refresh_from_db()
    occ.refresh_from_db()
    assert waiting_second.status == Booking.Status.CONFIRMED
    assert waiting_third.status == Booking.Status.WAITING
    assert occ.places_taken == 1
    assert Notification.objects.filter(recipient=second.user, kind="waiting_list_promoted").exists()


def test_nobody_jumps_the_queue_when_the_first_waiting_needs_more_places():
    occ = occurrence(capacity=2)
    holder, _ = parent_with_child()
    ChildFactory(family=holder.family)
    held = book(occ, holder)
    twins, _ = parent_with_child()
    ChildFactory(family=twins.family)
    waiting_twins = book(occ, twins, join_waiting_list=True)
    single, _ = parent_with_child()
    waiting_single = book(occ, single, join_waiting_list=True)
    assert waiting_single.status == Booking.Status.WAITING
    services.cancel_booking(held)
    waiting_twins.refresh_from_db()
    waiting_single.refresh_from_db()
    assert waiting_twins.status == Booking.Status.CONFIRMED
    assert waiting_single.status == Booking.Status.WAITING


def test_cancelling_twice_is_refused():
    occ = occurrence()
    adult, _ = parent_with_child()
    booking = book(occ, adult)
    services.cancel_booking(booking)
    with pytest.raises(services.AlreadyCancelled):
        services.cancel_booking(booking)
    occ.refresh_from_db()
    assert occ.places_taken == 0


def test_staff_cancelling_a_session_tells_everyone_and_the_timetable():
    occ = occurrence(capacity=1)
    booked, _ = parent_with_child()
    waiting, _ = parent_with_child()
    book(occ, booked)
    book(occ, waiting, join_waiting_list=True)
    services.cancel_occurrence(occ, by=hub_staff(occ.location), reason="Staff training")
    assert set(Booking.objects.values_list("status", flat=True)) == {
        Booking.Status.SESSION_CANCELLED
    }
    told = Notification.objects.filter(kind="session_cancelled")
    assert {n.recipient_id for n in told} == {booked.user_id, waiting.user_id}
    assert "Staff training" in told.first().body
    cancellation = Cancellation.objects.get(schedule=occ.schedule)
    assert cancellation.date == occ.starts_at.date()


def test_erasing_a_family_frees_their_place_for_the_waiting_list():
    occ = occurrence(capacity=1)
    leaving, _ = parent_with_child()
    staying, _ = parent_with_child()
    book(occ, leaving)
    waiting = book(occ, staying, join_waiting_list=True)
    erase_family(leaving.family, by=leaving.user)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_more_places_in_the_settings_go_to_the_waiting_list_at_once():
    occ = occurrence(capacity=1)
    first, second = parent_with_child()[0], parent_with_child()[0]
    book(occ, first)
    waiting = book(occ, second, join_waiting_list=True)
    settings = occ.service.booking_settings
    settings.capacity = 2
    settings.save()
    assert services.apply_settings_to_future_sessions(settings) == 1
    waiting.refresh_from_db()
    occ.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert (occ.capacity, occ.places_taken, occ.version) == (2, 2, 2)


def test_fewer_places_in_the_settings_never_take_a_place_away():
    occ = occurrence(capacity=2)
    adult, _ = parent_with_child()
    ChildFactory(family=adult.family)
    book(occ, adult)
    settings = occ.service.booking_settings
    settings.capacity = 1
    settings.save()
    services.apply_settings_to_future_sessions(settings)
    occ.refresh_from_db()
    assert occ.capacity == 2
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_a_session_cancelled_in_the_timetable_cancels_its_bookings():
    occ = occurrence()
    adult, _ = parent_with_child()
    booking = book(occ, adult)
    Cancellation.objects.create(
        schedule=occ.schedule, date=occ.starts_at.date(), reason="Room flooded"
    )
    booking.refresh_from_db()
    occ.refresh_from_db()
    assert occ.is_cancelled
    assert booking.status == Booking.Status.SESSION_CANCELLED
    told = Notification.objects.get(recipient=adult.user, kind="session_cancelled")
    assert "Room flooded" in told.body


def test_a_booking_cannot_be_cancelled_once_the_session_has_started():
    occ = occurrence()
    adult, _ = parent_with_child()
    booking = book(occ, adult)
    with pytest.raises(services.SessionPast, match="cannot be cancelled"):
        services.cancel_booking(booking, now=occ.starts_at + timedelta(minutes=5))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_closing_the_hub_cancels_bookings_there_and_tells_families():
    occ = occurrence()
    elsewhere = occurrence()
    adult, _ = parent_with_child()
    booking = book(occ, adult)
    other, _ = parent_with_child()
    untouched = book(elsewhere, other)
    day = occ.starts_at.date()
    Closure.objects.create(location=occ.location, starts_on=day, ends_on=day, reason="Repairs")
    booking.refresh_from_db()
    untouched.refresh_from_db()
    assert booking.status == Booking.Status.SESSION_CANCELLED
    assert untouched.status == Booking.Status.CONFIRMED
    told = Notification.objects.get(recipient=adult.user, kind="session_cancelled")
    assert "Repairs" in told.body


def test_a_bank_holiday_cancels_every_hubs_bookings_that_day():
    occ = occurrence()
    adult, _ = parent_with_child()
    booking = book(occ, adult)
    BankHoliday.objects.create(date=occ.starts_at.date(), name="Boxing Day")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.SESSION_CANCELLED
    assert SessionOccurrence.objects.get(pk=occ.pk).cancellation_reason == "Closed for Boxing Day"
