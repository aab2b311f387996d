"""Waiting clocks in working days: weekends and England and Wales bank holidays do not count;
the reply target is the service's own; the team is reminded once, the day before."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from notifications.models import Notification
from referrals import clocks, services
from referrals.selectors import inbox_requests
from referrals.tests.factories import IntakeFactory, TeamMemberFactory, sent_referral
from timetable.tests.factories import BankHolidayFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

FRIDAY = datetime.date(2026, 12, 18)
CHRISTMAS, BOXING_DAY_SUBSTITUTE = datetime.date(2026, 12, 25), datetime.date(2026, 12, 28)


def at(moment: datetime.datetime):
    """The clock reads `moment` (timezone.now and everything built on it)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def christmas():
    BankHolidayFactory(date=CHRISTMAS, name="Christmas Day")
    BankHolidayFactory(date=BOXING_DAY_SUBSTITUTE, name="Boxing Day (substitute day)")


def test_weekends_do_not_count():
    assert clocks.add_working_days(datetime.date(2026, 12, 4), 1) == datetime.date(2026, 12, 7)
    assert clocks.working_days_between(FRIDAY, datetime.date(2026, 12, 21)) == 1


def test_bank_holidays_do_not_count(christmas):
    # Friday 18th + 5 working days: 21, 22, 23, 24, (25 and 28 are holidays) 29.
    assert clocks.add_working_days(FRIDAY, 5) == datetime.date(2026, 12, 29)
    assert clocks.working_days_between(FRIDAY, datetime.date(2026, 12, 29)) == 5
    # Sent on Sunday 20th or before, a request has waited 5 working days by the 29th.
    assert clocks.working_days_before(datetime.date(2026, 12, 29), 5) == datetime.date(2026, 12, 20)


def test_a_request_sent_on_saturday_starts_counting_on_monday():
    saturday_evening = datetime.datetime(2026, 12, 5, 20, 0, tzinfo=LONDON)
    assert clocks.respond_by(saturday_evening, 1) == datetime.date(2026, 12, 7)


def test_no_target_means_no_due_date_and_never_overdue():
    with at(datetime.datetime(2026, 12, 1, 9, tzinfo=LONDON)):
        request = sent_referral(IntakeFactory(response_target_working_days=None))
    assert request.respond_by is None
    assert not clocks.is_overdue(request, datetime.date(2027, 6, 1))


def test_the_clocks_of_a_request_count_working_days_to_each_step(christmas):
    member = TeamMemberFactory(intake__response_target_working_days=5)
    with at(datetime.datetime(2026, 12, 18, 9, tzinfo=LONDON)):
        request = sent_referral(member.intake)
    with at(datetime.datetime(2026, 12, 21, 9, tzinfo=LONDON)):
        request = services.open_request(request, by=member.user)
    with at(datetime.datetime(2026, 12, 29, 9, tzinfo=LONDON)):
        request = services.accept(request, by=member.user, version=request.version)
    with at(datetime.datetime(2026, 12, 30, 9, tzinfo=LONDON)):
        request = services.record_first_contact(request, by=member.user, version=request.version)
        found = clocks.clocks_for(request)
    assert (found.to_first_response, found.to_acceptance, found.to_first_contact) == (1, 5, 6)
    assert found.target == 5 and found.waiting == 6 and not found.overdue
    request.refresh_from_db()
    assert (
        request.working_days_to_response,
        request.working_days_to_acceptance,
        request.working_days_to_first_contact,
    ) == (1, 5, 6)


def test_a_request_still_unanswered_after_its_date_is_overdue_and_in_the_overdue_list(christmas):
    member = TeamMemberFactory(intake__response_target_working_days=5)
    with at(datetime.datetime(2026, 12, 18, 9, tzinfo=LONDON)):
        request = sent_referral(member.intake)
    assert request.respond_by == datetime.date(2026, 12, 29)
    assert not clocks.is_overdue(request, datetime.date(2026, 12, 29))
    assert clocks.is_overdue(request, datetime.date(2026, 12, 30))
    overdue = inbox_requests(member.user, waiting="overdue", today=datetime.date(2026, 12, 30))
    assert list(overdue) == [request]


def test_the_team_is_reminded_once_on_the_last_working_day_before_the_reply_is_due(christmas):
    member = TeamMemberFactory(intake__response_target_working_days=5)
    with at(datetime.datetime(2026, 12, 18, 9, tzinfo=LONDON)):
        request = sent_referral(member.intake)  # due Tuesday 29th
    quiet = open("/dev/null", "w")  # noqa: SIM115

    with at(datetime.datetime(2026, 12, 23, 7, tzinfo=LONDON)):
        call_command("remind_overdue_requests", stdout=quiet)
    assert not Notification.objects.filter(kind="request_due_soon").exists()

    # Thursday 24th is the last working day before Tuesday 29th (25th and 28th are holidays);
    # running again that day or on the due day sends nothing more.
    for day in (24, 24, 29):
        with at(datetime.datetime(2026, 12, day, 7, tzinfo=LONDON)):
            call_command("remind_overdue_requests", stdout=quiet)
    [reminder] = Notification.objects.filter(kind="request_due_soon")
    assert reminder.recipient == member.user
    assert request.reference in reminder.body and "29 December 2026" in reminder.body
    assert "Amira" not in reminder.body and "Low mood" not in reminder.body


def test_no_reminder_for_a_request_already_answered():
    member = TeamMemberFactory(intake__response_target_working_days=1)
    request = services.open_request(sent_referral(member.intake), by=member.user)
    services.accept(request, by=member.user, version=request.version)
    call_command("remind_overdue_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Notification.objects.filter(kind="request_due_soon").exists()


@given(
    start=st.dates(datetime.date(2025, 1, 1), datetime.date(2028, 12, 31)),
    span=st.integers(-10, 800),
    holidays=st.frozensets(st.dates(datetime.date(2025, 1, 1), datetime.date(2031, 1, 1))),
)
def test_counting_by_whole_weeks_agrees_with_counting_day_by_day(start, span, holidays):
    end = start + datetime.timedelta(days=span)
    day_by_day = sum(
        clocks.is_working_day(start + datetime.timedelta(days=offset), holidays)
        for offset in range(1, span + 1)
    )
    assert clocks.working_days_between(start, end, holidays) == day_by_day
    if day_by_day:
        assert (
            clocks.working_days_between(
                start, clocks.add_working_days(start, day_by_day, holidays), holidays
            )
            == day_by_day
        )
