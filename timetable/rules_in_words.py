"""When a session runs, in the words an editor answers and a parent reads, both ways.

Underneath, a schedule is stored as RFC 5545 fields on `directory.Schedule` (freq, interval,
byday, dtstart, until, opens_at, closes_at), expanded by the one expander in
`timetable.recurrence`. Nobody types those: the questions fill a `WhenItRuns`, `schedule_fields`
turns it into the stored fields, `when_it_runs` reads them back for changing, and `describe`
says any stored schedule in words, including rules from a feed that the questions cannot ask.
"""

from dataclasses import dataclass
from datetime import date, time

from directory.models import WEEKDAY_CODES, Schedule
from timetable.templatetags.timetable_tags import govuk_time

DAY_NAMES = dict(
    zip(
        WEEKDAY_CODES,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
WEEKLY, MONTHLY, ONCE = "weekly", "monthly", "once"
HOW_OFTEN = [
    (WEEKLY, "Every week, or every few weeks"),
    (MONTHLY, "Once a month, on a day such as the first Monday"),
    (ONCE, "On one date only"),
]
# Which week of the month: RFC 5545 ordinals, -1 being the last.
WEEKS_OF_MONTH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
TERM_TIME_WORDS = "in school term time only"


@dataclass(frozen=True)
class WhenItRuns:
    """An editor's answers about when a session runs."""

    how_often: str  # WEEKLY, MONTHLY or ONCE
    opens_at: time
    closes_at: time
    # WEEKLY: the days, and every how many weeks (1: every week).
    days: tuple[str, ...] = ()
    every_weeks: int = 1
    # MONTHLY: the day of the week and which one in the month ("1MO": the first Monday).
    week_of_month: int = 1
    day_of_month_week: str = ""
    # The first date (the only one, for ONCE) and the last date it may run.
    starts_on: date | None = None
    ends_on: date | None = None
    term_time_only: bool = False


def schedule_fields(when: WhenItRuns) -> dict:
    """The RFC 5545 fields of a schedule that runs as the answers say."""
    fields = {
        "freq": "",
        "interval": None,
        "byday": "",
        "bymonthday": "",
        "byweekno": "",
        "byyearday": "",
        "count": None,
        "wkst": "",
        "dtstart": when.starts_on,
        "until": None if when.how_often == ONCE else when.ends_on,
        "opens_at": when.opens_at,
        "closes_at": when.closes_at,
    }
    if when.how_often == WEEKLY:
        fields.update(
            freq=Schedule.Freq.WEEKLY,
            interval=when.every_weeks,
            byday=",".join(code for code in WEEKDAY_CODES if code in when.days),
        )
    elif when.how_often == MONTHLY:
        fields.update(
            freq=Schedule.Freq.MONTHLY,
            interval=1,
            byday=f"{when.week_of_month}{when.day_of_month_week}",
        )
    return fields


def when_it_runs(schedule: Schedule, *, term_time_only: bool = False) -> WhenItRuns | None:
    """The answers that give this schedule, or None when its rule is more than the questions ask
    (month days, counts, week numbers: rules from a feed), which `describe` still says in words."""
    if schedule.bymonthday or schedule.byweekno or schedule.byyearday or schedule.count:
        return None
    if not (schedule.opens_at and schedule.closes_at):
        return None
    common = {
        "opens_at": schedule.opens_at,
        "closes_at": schedule.closes_at,
        "starts_on": schedule.dtstart,
        "ends_on": schedule.until,
        "term_time_only": term_time_only,
    }
    codes = _codes(schedule.byday)
    if not schedule.freq:
        return WhenItRuns(how_often=ONCE, **common) if schedule.dtstart else None
    if schedule.freq == Schedule.Freq.WEEKLY:
        if not codes or any(len(code) != 2 for code in codes):
            return None
        return WhenItRuns(
            how_often=WEEKLY, days=tuple(codes), every_weeks=schedule.interval or 1, **common
        )
    if (schedule.interval or 1) != 1 or len(codes) != 1:
        return None
    ordinal, weekday = codes[0][:-2], codes[0][-2:]
    if not ordinal or int(ordinal) not in WEEKS_OF_MONTH:
        return None
    return WhenItRuns(
        how_often=MONTHLY, week_of_month=int(ordinal), day_of_month_week=weekday, **common
    )


def _codes(byday: str) -> list[str]:
    return [code.strip().upper() for code in byday.split(",") if code.strip()]


def days_in_words(byday: str) -> str:
    """'MO,TU,WE,TH,FR' as 'Monday to Friday'; 'MO,WE' as 'Monday and Wednesday'."""
    codes = _codes(byday)
    days = [code for code in WEEKDAY_CODES if code in codes]
    if not days:
        return ""
    positions = [WEEKDAY_CODES.index(code) for code in days]
    if len(days) > 2 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    return _and([DAY_NAMES[code] for code in days])


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _day_of_month(number: int) -> str:
    """1 as '1st', 22 as '22nd', -1 as 'last day'."""
    if number < 0:
        return "last day" if number == -1 else f"{-number}th last day"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _month_days_in_words(bymonthday: str) -> str:
    numbers = [int(n) for n in bymonthday.replace(" ", "").split(",") if n]
    return _and([_day_of_month(n) for n in numbers])


def _ordinal_days_in_words(byday: str) -> str:
    """'1MO' as 'first Monday'; '2TU,4TU' as 'second and fourth Tuesday'."""
    parts = []
    for code in _codes(byday):
        ordinal, weekday = code[:-2], code[-2:]
        week = WEEKS_OF_MONTH.get(int(ordinal), f"week {ordinal}") if ordinal else "every"
        parts.append(f"{week} {DAY_NAMES[weekday]}")
    return _and(parts)


def rule_in_words(schedule: Schedule) -> str:
    """How often it runs: 'Every week on Friday', 'Every 2 weeks on Tuesday', 'The first Monday
    of each month', 'Once, on Friday 4 December 2026'."""
    interval = schedule.interval or 1
    if not schedule.freq:
        return f"Once, on {schedule.dtstart:%A %-d %B %Y}" if schedule.dtstart else ""
    if schedule.freq == Schedule.Freq.WEEKLY:
        every = "Every week" if interval == 1 else f"Every {interval} weeks"
        days = days_in_words(schedule.byday)
        return f"{every} on {days}" if days else every
    months = "each month" if interval == 1 else f"every {interval} months"
    if schedule.bymonthday:
        return f"The {_month_days_in_words(schedule.bymonthday)} of {months}"
    if any(code[:-2] for code in _codes(schedule.byday)):
        return f"The {_ordinal_days_in_words(schedule.byday)} of {months}"
    days = days_in_words(schedule.byday)
    return f"Every {days} of {months}" if days else months.capitalize()


def describe(schedule: Schedule, *, term_time_only: bool = False, with_dates: bool = True) -> str:
    """Any stored schedule in words: 'Every week on Friday, 10am to 11am, in school term time
    only, from 5 January 2026 until 17 July 2026'. `with_dates` adds its first and last dates."""
    parts = [rule_in_words(schedule)]
    if schedule.opens_at and schedule.closes_at:
        parts.append(f"{govuk_time(schedule.opens_at)} to {govuk_time(schedule.closes_at)}")
    elif schedule.opens_at:
        parts.append(f"from {govuk_time(schedule.opens_at)}")
    if term_time_only:
        parts.append(TERM_TIME_WORDS)
    if schedule.count:
        parts.append(f"{schedule.count} time{'s' if schedule.count != 1 else ''} in all")
    text = ", ".join(part for part in parts if part)
    if with_dates and schedule.freq:
        if schedule.dtstart:
            text += f", from {schedule.dtstart:%-d %B %Y}"
        if schedule.until:
            text += f" until {schedule.until:%-d %B %Y}"
    return text
