"""The what's-on question: where, who it is for, topic, from which day, day of the week, time.

It is the 'find support near you' form (web.forms) with the same questions asked the same way
(postcode or town, a child's date of birth or a due date, topic, day, time of day), plus a hub
to choose instead of a place and the day to start from; search words are not asked.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import NamedTuple
from uuid import UUID

from django import forms

from core.paging import positive_page_number
from directory.eligibility import Child
from directory.models import TaxonomyTerm
from geo.postcodes import Place
from timetable.recurrence import WEEKDAY_NUMBERS
from timetable.upcoming import window_days
from web.forms import DateParts, FindSupportForm
from web.selectors import METRES_PER_MILE, SEARCH_RADII_MILES, TIMES_OF_DAY


class HubChoice(NamedTuple):
    """A hub as the filter knows it: enough to match what was typed and to show its name."""

    pk: UUID
    slug: str | None
    name: str

    @property
    def value(self) -> str:
        return self.slug or str(self.pk)


@dataclass(frozen=True)
class WhatsOnSearch:
    """A valid what's-on search, in domain terms."""

    child: Child | None
    starts_on: date
    page: int
    place: Place | None = None
    # Circles to try, smallest first, until one holds a page of sessions (metres).
    radii_m: tuple[float, ...] = ()
    hub: HubChoice | None = None
    topic: TaxonomyTerm | None = None
    weekday: int | None = None
    # Sessions starting at or after the first time and before the second.
    times: tuple[time, time] | None = None


class WhatsOnForm(FindSupportForm):
    where = forms.CharField(
        label="Postcode or town",
        required=False,
        max_length=60,
        error_messages={"max_length": "Postcode or town must be 60 characters or fewer"},
    )
    hub = forms.CharField(label="Family Hub", required=False, max_length=100)
    from_day = forms.CharField(required=False, max_length=2, strip=True)
    from_month = forms.CharField(required=False, max_length=2, strip=True)
    from_year = forms.CharField(required=False, max_length=4, strip=True)
    page = forms.CharField(required=False, max_length=20)
    q = None  # what's on lists sessions by time: no search words

    field_order = [
        "where",
        "distance",
        "hub",
        "child",
        "dob_day",
        "dob_month",
        "dob_year",
        "due_day",
        "due_month",
        "due_year",
        "topic",
        "from_day",
        "from_month",
        "from_year",
        "day",
        "time",
        "page",
    ]

    def __init__(self, data, *, hubs: list[HubChoice], terms: list[TaxonomyTerm], today: date):
        super().__init__(data, terms=terms, today=today)
        self.hubs = hubs
        self.first_day, self.last_day = window_days(today)
        for part in ("day", "month", "year"):
            self.fields[f"from_{part}"].error_messages = self.fields[f"dob_{part}"].error_messages
        self.fields["page"].error_messages["max_length"] = "Page must be a number, like 2"

    def clean_where(self) -> str:
        if not self.cleaned_data["where"]:
            return ""
        return super().clean_where()

    def clean_hub(self) -> HubChoice | None:
        value = self.cleaned_data["hub"]
        if not value:
            return None
        chosen = next((hub for hub in self.hubs if value in (hub.slug, str(hub.pk))), None)
        if chosen is None:
            raise forms.ValidationError("Select a Family Hub from the list")
        return chosen

    def clean_page(self) -> int:
        value = self.cleaned_data["page"]
        if not value:
            return 1
        number = positive_page_number(value)
        if number is None:
            raise forms.ValidationError("Page must be a number, like 2")
        return number

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.place is not None and cleaned.get("hub"):
            self.add_error("hub", "Enter a postcode or town, or select a Family Hub, but not both")
        cleaned["starts_on"] = self._starts_on(cleaned)
        return cleaned

    def _starts_on(self, cleaned: dict) -> date:
        if any(f"from_{part}" in self.errors for part in ("day", "month", "year")):
            return self.first_day
        asked = DateParts("Date", *(cleaned.get(f"from_{p}", "") for p in ("day", "month", "year")))
        if asked.is_blank:
            return self.first_day
        try:
            day = asked.to_date()
        except forms.ValidationError as error:
            self.add_error("from_day", error)
            return self.first_day
        if not self.first_day <= day <= self.last_day:
            self.add_error(
                "from_day",
                f"Date must be between {self.first_day:%-d %B %Y} and {self.last_day:%-d %B %Y}",
            )
            return self.first_day
        return day

    def search(self) -> WhatsOnSearch:
        """The valid search; call only after is_valid()."""
        data = self.cleaned_data
        miles = [data["distance"]] if data["distance"] else SEARCH_RADII_MILES
        return WhatsOnSearch(
            child=data["child_details"],
            starts_on=data["starts_on"],
            page=data["page"],
            place=self.place,
            radii_m=tuple(m * METRES_PER_MILE for m in miles) if self.place else (),
            hub=data["hub"],
            topic=data["topic"],
            weekday=WEEKDAY_NUMBERS.get(data["day"]),
            times=TIMES_OF_DAY.get(data["time"]),
        )

    def error_links(self) -> list[tuple[str, str]]:
        return [
            ("from_day" if anchor.startswith("from_") else anchor, message)
            for anchor, message in super().error_links()
        ]

    @property
    def from_hint(self) -> str:
        example = self.first_day + timedelta(days=7)
        return (
            f"Leave it empty to start from today. We list sessions up to {self.last_day:%-d %B}. "
            f"For example, {example.day} {example.month} {example.year}"
        )

    @property
    def from_error(self) -> str:
        return self._date_error("from")

    @property
    def from_parts(self) -> list[tuple[str, str, int, str | None]]:
        return self._date_parts("from")
