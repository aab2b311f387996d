"""The what's-on filters: read from the query string, checked, with errors worded for parents.

Every value the user typed is kept (in `raw`) so the form can show it back with the errors.
A child is described by their age in years and months, never a date of birth, so a shared
or logged address says as little as possible about a family.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple
from uuid import UUID

from django.http import QueryDict

from directory.eligibility import Child
from directory.models import TaxonomyTerm
from timetable.selectors import week_starting


class HubChoice(NamedTuple):
    """A hub as the filter knows it: enough to match what was typed and to show its name."""

    pk: UUID
    slug: str | None
    name: str

    @property
    def value(self) -> str:
        return self.slug or str(self.pk)


EXPECTING = "expecting"
CHILD = "child"
# Weeks a parent may look at: far enough back for last year's campaigns, two years ahead.
WEEKS_BACK = timedelta(days=5 * 366)
WEEKS_AHEAD = timedelta(days=2 * 366)
OLDEST_CHILD_YEARS = 18


@dataclass
class WhatsOnFilters:
    raw: dict[str, str]
    week: date
    hub: HubChoice | None = None
    topic: TaxonomyTerm | None = None
    child: Child | None = None
    page: int = 1
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def error_for(self) -> dict[str, str]:
        return dict(self.errors)

    @property
    def is_valid(self) -> bool:
        return not self.errors


FIELDS = ("week", "hub", "who", "age-years", "age-months", "topic", "page")
# The order the fields come on the page: the error summary lists problems in that order.
PAGE_ORDER = ("page", "hub", "who", "age-years", "age-months", "topic", "week")


def _find_hub(value: str, hubs: list[HubChoice]) -> HubChoice | None:
    return next((h for h in hubs if value in (h.slug, str(h.pk))), None)


def _find_topic(value: str, terms: list[TaxonomyTerm]) -> TaxonomyTerm | None:
    return next((t for t in terms if value in (t.code, str(t.pk))), None)


def months_before(day: date, months: int) -> date:
    """The same day of the month, `months` earlier (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _child_of_age(raw: dict[str, str], today: date) -> tuple[Child | None, tuple[str, str] | None]:
    """A child the age typed today (as if their birthday were today): (child, (field, problem))."""
    years, months = raw["age-years"], raw["age-months"]
    if not years and not months:
        return None, ("age-years", "Enter your child's age, or choose 'I'm expecting a baby'")
    if years and not (years.isdigit() and int(years) <= OLDEST_CHILD_YEARS):
        return None, (
            "age-years",
            f"Years must be a whole number from 0 to {OLDEST_CHILD_YEARS}, like 1",
        )
    if months and not (months.isdigit() and int(months) <= 11):
        return None, ("age-months", "Months must be a whole number from 0 to 11, like 8")
    total = int(years or 0) * 12 + int(months or 0)
    return Child(date_of_birth=months_before(today, total)), None


def read_filters(
    params: QueryDict, *, hubs: list[HubChoice], terms: list[TaxonomyTerm], today: date
) -> WhatsOnFilters:
    """Check the query string against the hubs and topics there are; never raises."""
    raw = {name: params.get(name, "").strip()[:100] for name in FIELDS}
    this_week = week_starting(today)
    found = WhatsOnFilters(raw=raw, week=this_week)
    errors = found.errors

    if raw["week"]:
        try:
            asked = date.fromisoformat(raw["week"])
        except ValueError:
            errors.append(("week", f"Enter the week as a date, for example {this_week:%Y-%m-%d}"))
        else:
            first, last = week_starting(today - WEEKS_BACK), week_starting(today + WEEKS_AHEAD)
            if not first <= asked <= last + timedelta(days=6):
                errors.append(
                    (
                        "week",
                        f"Choose a week between {first:%-d %B %Y} and {last:%-d %B %Y}",
                    )
                )
            else:
                found.week = week_starting(asked)

    if raw["hub"]:
        found.hub = _find_hub(raw["hub"], hubs)
        if found.hub is None:
            errors.append(("hub", "Choose a hub from the list"))

    if raw["who"] == EXPECTING:
        found.child = Child()
    elif raw["who"] == CHILD:
        found.child, problem = _child_of_age(raw, today)
        if problem:
            errors.append(problem)
    elif raw["who"]:
        errors.append(("who", "Choose who the sessions are for"))

    if raw["topic"]:
        found.topic = _find_topic(raw["topic"], terms)
        if found.topic is None:
            errors.append(("topic", "Choose a topic from the list"))

    if raw["page"]:
        if raw["page"].isdigit() and int(raw["page"]) >= 1:
            found.page = int(raw["page"])
        else:
            errors.append(("page", "The page number must be a whole number, like 2"))
    errors.sort(key=lambda error: PAGE_ORDER.index(error[0]))
    return found
