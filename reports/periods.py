"""The periods reports cover: a month, a quarter, a financial year (April to March, as councils
report) or dates chosen by hand, and the period each is compared with."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year or custom
    start: date
    end: date  # the last day, included

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            return (
                f"{MONTH_NAMES[self.start.month - 1]} to {MONTH_NAMES[self.end.month - 1]} "
                f"{self.end.year}"
            )
        if self.kind == "year":
            return f"April {self.start.year} to March {self.end.year}"
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def key(self) -> str:
        """How the period is named in a URL (and chosen from the list)."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"FY{self.start.year}"
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"

    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min, LONDON)

    def ends_before(self) -> datetime:
        """The first moment after the period, for half-open ranges over datetimes."""
        return datetime.combine(self.end + timedelta(days=1), time.min, LONDON)

    def previous(self) -> "Period":
        """The period of the same kind just before: last month, last quarter, last year, or as
        many days just before for dates chosen by hand."""
        if self.kind == "month":
            return _month_before(self.start)
        if self.kind == "quarter":
            year, month_number = self.start.year, self.start.month - 3
            if month_number < 1:
                year, month_number = year - 1, month_number + 12
            return quarter(year, (month_number - 1) // 3 + 1)
        if self.kind == "year":
            return financial_year(self.start.year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period("custom", end - length, end)

    def a_year_earlier(self) -> "Period":
        return replace(self, start=_year_before(self.start), end=_year_before(self.end))


def month(year: int, month_number: int) -> Period:
    start = date(year, month_number, 1)
    following = date(year + month_number // 12, month_number % 12 + 1, 1)
    return Period("month", start, following - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * (number - 1) + 1, 1)
    return Period("quarter", start, month(year, 3 * number).end)


def financial_year(starting: int) -> Period:
    return Period("year", date(starting, 4, 1), date(starting + 1, 3, 31))


def from_key(key: str) -> Period | None:
    """The period a URL names, or None for anything else (never an error page)."""
    try:
        if key.startswith("FY") and len(key) == 6:
            return financial_year(int(key[2:]))
        if len(key) == 7 and key[4] == "-" and key[5] == "Q" and key[6] in "1234":
            return quarter(int(key[:4]), int(key[6]))
        if len(key) == 7 and key[4] == "-":
            return month(int(key[:4]), int(key[5:]))
        if ".." in key:
            first, last = (date.fromisoformat(part) for part in key.split("..", 1))
            return custom(first, last)
    except ValueError:
        return None
    return None


def custom(first: date, last: date) -> Period:
    if last < first:
        raise ValueError("The end date must be on or after the start date")
    return Period("custom", first, last)


def choices(today: date) -> list[Period]:
    """What the period list offers: the last 13 months, 8 quarters and 4 financial years."""
    months = [month(today.year, today.month)]
    for _ in range(12):
        months.append(_month_before(months[-1].start))
    quarters = [quarter(today.year, (today.month - 1) // 3 + 1)]
    for _ in range(7):
        quarters.append(quarters[-1].previous())
    this_year = today.year if today.month >= 4 else today.year - 1
    years = [financial_year(this_year - back) for back in range(4)]
    return months + quarters + years


def last_month(today: date) -> Period:
    return _month_before(today)


def _month_before(day: date) -> Period:
    first = months_after(day, -1)
    return month(first.year, first.month)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def months_after(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day` (before it, if negative)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_starts(first: date, last: date) -> Iterator[date]:
    """The first day of each month from the month of `first` to that of `last`."""
    start = first.replace(day=1)
    while start <= last:
        yield start
        start = months_after(start, 1)


def split_for_monthly_tally(
    period: Period, through: date | None
) -> tuple[list[date], list[Period]]:
    """Split `period` for a tally kept a row a month and counted through day `through`: the
    months (their first days) whose tallied days all fall in the period, read from the tally,
    and the runs of days left over (parts of months, days after `through`), counted live."""
    tallied: list[date] = []
    live: list[Period] = []
    for first in month_starts(period.start, period.end):
        whole = month(first.year, first.month)
        live_from = whole.start
        if through is not None and through >= whole.start:
            tallied_to = min(whole.end, through)
            if period.start <= whole.start and tallied_to <= period.end:
                tallied.append(whole.start)
                live_from = tallied_to + timedelta(days=1)
        live_from, live_to = max(live_from, period.start), min(whole.end, period.end)
        if live_from <= live_to:
            if live and live[-1].end + timedelta(days=1) == live_from:
                live[-1] = custom(live[-1].start, live_to)
            else:
                live.append(custom(live_from, live_to))
    return tallied, live
