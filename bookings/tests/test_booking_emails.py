"""Booking emails go through a real SMTP server with the right words, once each."""

import pytest
from django.core.management import call_command

from bookings import services
from bookings.links import calendar_path
from bookings.tests.factories import (
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    parent_with_child,
)
from notifications.models import Notification
from notifications.tests.smtp import run_task_worker, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)


def by_subject(server, start: str) -> list:
    return [m for m in server.messages if m["Subject"].startswith(start)]


def test_confirmation_promotion_and_cancellation_emails():
    schedule = bookable_schedule(capacity=1, name="Baby Massage")
    occurrence = services.occurrence_for(schedule, next_friday_at_ten())
    first, first_child = parent_with_child(first_name="Isla")
    second, second_child = parent_with_child(first_name="Omar")
    with smtp_server() as server:
        held = services.book(first.family, occurrence.pk, [first_child], by=first.user)
        services.book(
            second.family, occurrence.pk, [second_child], by=second.user, join_waiting_list=True
        )
        services.cancel_booking(held, by=first.user)
        services.cancel_occurrence(occurrence, by=hub_staff(occurrence.location), reason="Flooding")
        run_task_worker()
        run_task_worker()

    confirmed = by_subject(server, "Booking confirmed: Baby Massage")
    assert len(confirmed) == 1
    assert confirmed[0]["To"] == first.email
    body = confirmed[0].get_content()
    assert "Who is coming: Isla" in body
    assert f"http://127.0.0.1:8000{calendar_path(occurrence)}" in body
    assert "Friday" in body and "10am to 11am" in body
    assert occurrence.location.name in body

    promoted = by_subject(server, "A place came up: Baby Massage")
    assert [m["To"] for m in promoted] == [second.email]
    assert "Who is coming: Omar" in promoted[0].get_content()

    cancelled = by_subject(server, "Cancelled: Baby Massage")
    assert [m["To"] for m in cancelled] == [second.email]
    assert "Flooding" in cancelled[0].get_content()

    cancelled_by_parent = by_subject(server, "Booking cancelled: Baby Massage")
    assert [m["To"] for m in cancelled_by_parent] == [first.email]
    assert "You have cancelled this booking" in cancelled_by_parent[0].get_content()

    assert len(server.messages) == 5  # also "on the waiting list" for the second parent
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def remind(occurrence) -> None:
    call_command("send_reminders", "--date", occurrence.starts_at.date().isoformat(), verbosity=0)


def test_reminders_go_the_day_before_once_however_often_cron_runs():
    schedule = bookable_schedule(name="Rhyme Time")
    occurrence = services.occurrence_for(schedule, next_friday_at_ten())
    adult, child = parent_with_child(first_name="Leo")
    services.book(adult.family, occurrence.pk, [child], by=adult.user)
    with smtp_server() as server:
        remind(occurrence)
        remind(occurrence)
        run_task_worker()
    reminders = by_subject(server, "Reminder: Rhyme Time tomorrow at 10am")
    assert len(reminders) == 1
    assert "Who is coming: Leo" in reminders[0].get_content()


def test_no_reminder_for_a_cancelled_booking():
    occurrence = services.occurrence_for(bookable_schedule(), next_friday_at_ten())
    adult, child = parent_with_child()
    booking = services.book(adult.family, occurrence.pk, [child], by=adult.user)
    services.cancel_booking(booking)
    remind(occurrence)
    assert not Notification.objects.filter(kind="booking_reminder").exists()
