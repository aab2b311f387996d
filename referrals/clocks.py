"""How long a family waits, in working days: weekends and England and Wales bank holidays
(timetable.BankHoliday, loaded from GOV.UK's list) do not count.

A service's response target is a promise to reply (accept or decline) within so many working
days. A request sent on a Friday evening with a 5-day target is due by the next Friday; it is
overdue from the day after that, and the team is reminded on the last working day before it.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from referrals.states import AWAITING_REPLY
from timetable.models import BankHoliday

# Far enough ahead for any target a service sets (a year of working days).
_LOOKAHEAD = datetime.timedelta(days=400)


def bank_holidays(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    return frozenset(
        BankHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def is_working_day(day: datetime.date, holidays: frozenset[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime.date, days: int, holidays: frozenset[datetime.date] | None = None
) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself never counts)."""
    if holidays is None:
        holidays = bank_holidays(start, start + _LOOKAHEAD + datetime.timedelta(days=days * 2))
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day


def working_days_before(end: datetime.date, days: int) -> datetime.date:
    """The date `days` working days before `end`: sent on or before it, a request has waited at
    least that long by `end`."""
    holidays = bank_holidays(end - datetime.timedelta(days=days * 2 + 30), end)
    day = end
    while days > 0:
        if is_working_day(day, holidays):
            days -= 1
        day -= datetime.timedelta(days=1)
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: frozenset[datetime.date] | None = None
) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later).
    Counted by whole weeks, so a request two years old costs no more than one from last week."""
    if end <= start:
        return 0
    if holidays is None:
        holidays = bank_holidays(start, end)
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    weekdays = weeks * 5 + sum(
        (start + datetime.timedelta(days=offset)).weekday() < 5 for offset in range(1, rest + 1)
    )
    return weekdays - sum(1 for day in holidays if start < day <= end and day.weekday() < 5)


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def respond_by(sent_at: datetime.datetime, target_working_days: int | None) -> datetime.date | None:
    """The date a reply is due, or None when the service makes no promise."""
    if target_working_days is None:
        return None
    return add_working_days(local_date(sent_at), target_working_days)


@dataclass(frozen=True)
class Clocks:
    """A request's waits in working days (None: not reached yet, or not applicable)."""

    to_first_response: int | None
    to_acceptance: int | None
    to_first_contact: int | None
    waiting: int  # since sending, up to today or the end
    target: int | None
    overdue: bool


def clocks_for(request, today: datetime.date | None = None) -> Clocks:
    """The waits of one request (one query for the bank holidays in range)."""
    today = today or timezone.localdate()
    sent = local_date(request.sent_at)
    end = local_date(request.closed_at) if request.closed_at else today
    holidays = bank_holidays(sent, max(end, today))

    def since_sent(moment: datetime.datetime | None) -> int | None:
        return None if moment is None else working_days_between(sent, local_date(moment), holidays)

    target = request.service.intake.response_target_working_days if _has_intake(request) else None
    return Clocks(
        to_first_response=since_sent(request.received_at),
        to_acceptance=since_sent(request.accepted_at),
        to_first_contact=since_sent(request.first_contact_at),
        waiting=working_days_between(sent, end, holidays),
        target=target,
        overdue=is_overdue(request, today),
    )


def waits(requests: list, today: datetime.date | None = None) -> dict:
    """Working days each request has waited (to today, or to when it ended), keyed by id: one
    query for the bank holidays, however many requests."""
    if not requests:
        return {}
    today = today or timezone.localdate()
    start = min(local_date(request.sent_at) for request in requests)
    holidays = bank_holidays(start, today)
    return {
        request.pk: working_days_between(
            local_date(request.sent_at),
            local_date(request.closed_at) if request.closed_at else today,
            holidays,
        )
        for request in requests
    }


def _has_intake(request) -> bool:
    return hasattr(request.service, "intake")


def is_overdue(request, today: datetime.date | None = None) -> bool:
    """Still waiting for the team's reply after the day it was due."""
    today = today or timezone.localdate()
    return (
        request.status in AWAITING_REPLY
        and request.respond_by is not None
        and request.respond_by < today
    )
