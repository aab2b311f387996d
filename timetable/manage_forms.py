"""The questions staff answer about a session: where and when it runs, a cancelled date, a
closure and a school holiday. Answers become RFC 5545 fields in `timetable.rules_in_words`."""

import re
from collections.abc import Iterable
from datetime import date, time

from django import forms

from core.forms import PlainErrorsMixin
from directory.models import WEEKDAY_CODES, Location
from families.forms import DateField
from timetable.rules_in_words import (
    DAY_NAMES,
    HOW_OFTEN,
    MONTHLY,
    ONCE,
    WEEKLY,
    WEEKS_OF_MONTH,
    WhenItRuns,
)
from timetable.schedules import Where
from timetable.selectors import week_starting

DAY_CHOICES = [(code, DAY_NAMES[code]) for code in WEEKDAY_CODES]
EVERY_WEEKS_CHOICES = [("1", "Every week"), ("2", "Every 2 weeks"), ("3", "Every 3 weeks")]
EVERY_WEEKS_CHOICES += [("4", "Every 4 weeks")]
WEEK_OF_MONTH_CHOICES = [(str(n), words.capitalize()) for n, words in WEEKS_OF_MONTH.items()]
TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
TIME_WORDS = {"midday": time(12), "noon": time(12), "midnight": time(0)}


def parse_time(text: str) -> time | None:
    """'10am', '10:30am', '2.15pm', '14:00' and 'midday' as times; None if it is not one."""
    text = text.strip().lower().replace(" ", "")
    if text in TIME_WORDS:
        return TIME_WORDS[text]
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeField(forms.Field):
    """A time typed as people write it: 10am, 10:30am, 14:00."""

    widget = forms.TextInput

    def __init__(self, *, what: str, **kwargs) -> None:
        self.what = what
        kwargs.setdefault("help_text", "For example, 10am, 1:30pm or 14:00")
        kwargs.setdefault("error_messages", {"required": f"Enter the {what}"})
        super().__init__(**kwargs)

    def to_python(self, value) -> time | None:
        if isinstance(value, time):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        parsed = parse_time(text[:20])
        if parsed is None or len(text) > 20:
            raise forms.ValidationError(f"Enter the {self.what} like 10am, 1:30pm or 14:00")
        return parsed

    def prepare_value(self, value):
        if isinstance(value, time):
            hour = value.hour % 12 or 12
            suffix = "am" if value.hour < 12 else "pm"
            return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"
        return value


class WhenAndWhereForm(PlainErrorsMixin, forms.Form):
    """Where and when one session runs. Questions that do not apply to the answer about how
    often are ignored, so nothing typed is lost by changing one's mind."""

    where = forms.ChoiceField(
        label="Where does it run?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where it runs",
            "invalid_choice": "Select where it runs from the list",
        },
    )
    how_often = forms.ChoiceField(
        label="How often does it run?",
        choices=HOW_OFTEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often it runs",
            "invalid_choice": "Select how often it runs from the list",
        },
    )
    days = forms.MultipleChoiceField(
        label="If every week or every few weeks: on which days?",
        choices=DAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    every_weeks = forms.ChoiceField(
        label="If every week or every few weeks: how often?",
        choices=EVERY_WEEKS_CHOICES,
        initial="1",
        required=False,
        widget=forms.RadioSelect,
    )
    week_of_month = forms.ChoiceField(
        label="If once a month: which week of the month?",
        choices=WEEK_OF_MONTH_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    day_of_month_week = forms.ChoiceField(
        label="If once a month: on which day?",
        choices=DAY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    starts_on = DateField(
        what="first date",
        label="First date",
        required=False,
        help_text=(
            "The date of a one-off session. For a regular session, the first week it runs: "
            "leave it empty to start this week. For example, 27 3 2026"
        ),
    )
    ends_on = DateField(
        what="last date",
        label="Last date",
        required=False,
        help_text="Leave it empty if it carries on. For example, 17 7 2026",
    )
    opens_at = TimeField(what="start time", label="Start time")
    closes_at = TimeField(what="end time", label="End time")
    term_time_only = forms.BooleanField(
        label="In school term time only (not in the school holidays the council has entered)",
        required=False,
    )

    def __init__(self, *args, places: Iterable[Location], today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.places = {str(place.pk): place for place in places}
        self.fields["where"].choices = [(pk, place.name) for pk, place in self.places.items()] + [
            (Where.ONLINE.value, Where.ONLINE.label),
            (Where.BY_PHONE.value, Where.BY_PHONE.label),
        ]

    def clean(self) -> dict:
        data = super().clean()
        how_often = data.get("how_often")
        if how_often == WEEKLY and not data.get("days"):
            self.add_error("days", "Select the days it runs")
        if how_often == MONTHLY:
            if not data.get("week_of_month"):
                self.add_error("week_of_month", "Select which week of the month it runs")
            if not data.get("day_of_month_week"):
                self.add_error("day_of_month_week", "Select the day it runs")
        if how_often == ONCE and not data.get("starts_on") and "starts_on" not in self.errors:
            self.add_error("starts_on", "Enter the date of the session")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The end time must be after the start time")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if how_often != ONCE and starts and ends and ends < starts:
            self.add_error("ends_on", "The last date must be the same as or after the first date")
        return data

    def place(self) -> Location | None:
        return self.places.get(self.cleaned_data["where"])

    def where_kind(self) -> Where:
        answer = self.cleaned_data["where"]
        return Where.AT_A_PLACE if answer in self.places else Where(answer)

    def when(self) -> WhenItRuns:
        data = self.cleaned_data
        how_often = data["how_often"]
        # A regular session's weeks count from its first date: this week's Monday by default.
        starts_on = data.get("starts_on") or (
            None if how_often == ONCE else week_starting(self.today)
        )
        return WhenItRuns(
            how_often=how_often,
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            days=tuple(data.get("days") or ()),
            every_weeks=int(data.get("every_weeks") or 1),
            week_of_month=int(data.get("week_of_month") or 1),
            day_of_month_week=data.get("day_of_month_week") or "",
            starts_on=starts_on,
            ends_on=data.get("ends_on"),
            term_time_only=bool(data.get("term_time_only")),
        )

    @classmethod
    def initial_for(cls, when: WhenItRuns | None, where: str) -> dict:
        """The answers that give a stored schedule, to change it."""
        if when is None:
            return {"where": where}
        return {
            "where": where,
            "how_often": when.how_often,
            "days": list(when.days),
            "every_weeks": str(when.every_weeks),
            "week_of_month": str(when.week_of_month) if when.how_often == MONTHLY else None,
            "day_of_month_week": when.day_of_month_week,
            "starts_on": when.starts_on,
            "ends_on": when.ends_on,
            "opens_at": when.opens_at,
            "closes_at": when.closes_at,
            "term_time_only": when.term_time_only,
        }


class CancelDateForm(PlainErrorsMixin, forms.Form):
    """One date of a session that will not run; families who booked are told."""

    starts = forms.ChoiceField(
        label="Which session will not run?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the session that will not run"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Families see this, for example 'Staff training'.",
        max_length=255,
        error_messages={"required": "Enter the reason families will see"},
    )

    def __init__(self, *args, sessions: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts"].choices = sessions


class ClosureForm(PlainErrorsMixin, forms.Form):
    """Dates a hub is closed, or a school holiday (the same dates for every school)."""

    starts_on = DateField(what="first day", label="First day", help_text="For example, 21 7 2026")
    ends_on = DateField(what="last day", label="Last day", help_text="For example, 1 9 2026")
    reason = forms.CharField(
        label="Reason",
        help_text="Families see this, for example 'Closed for repairs'.",
        max_length=255,
        error_messages={"required": "Enter the reason families will see"},
    )

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        return data


class SchoolHolidayForm(ClosureForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Name of the holiday"
        self.fields["reason"].help_text = "Families see this, for example 'Summer holiday'."
        self.fields["reason"].error_messages["required"] = "Enter the name of the holiday"
