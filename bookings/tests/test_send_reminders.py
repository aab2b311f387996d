"""send_reminders, run by cron, reminds about tomorrow's sessions only."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command

from bookings import services
from bookings.tests.factories import bookable_schedule, parent_with_child
from notifications.models import Notification
from timetable.selectors import LONDON

pytestmark = pytest.mark.django_db

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def booked_session_in(days: int):
    day = datetime.now(LONDON).date() + timedelta(days=days)
    schedule = bookable_schedule()
    schedule.byday = WEEKDAYS[day.weekday()]
    schedule.save()
    occurrence = services.occurrence_for(schedule, datetime.combine(day, time(10), tzinfo=LONDON))
    adult, child = parent_with_child()
    services.book(adult.family, occurrence.pk, [child], by=adult.user)
    return adult


def test_without_a_date_it_reminds_about_tomorrow_only():
    tomorrow = booked_session_in(1)
    next_week = booked_session_in(8)
    call_command("send_reminders", verbosity=0)
    reminded = Notification.objects.filter(kind="booking_reminder")
    assert list(reminded.values_list("recipient", flat=True)) == [tomorrow.user_id]
    assert not reminded.filter(recipient=next_week.user).exists()
