"""The 'Find support near you' question page, read from the query string (GET, so it can be shared)."""

import dataclasses
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms

from core.forms import PlainErrorsMixin
from core.paging import whole_number
from directory.eligibility import Child
from directory.filters import (
    ACCESS_FEATURES,
    DELIVERY_CHOICES,
    JOIN_CHOICES,
    ServiceFilters,
    languages_offered,
    send_needs,
)
from directory.models import TaxonomyTerm
from geo.postcodes import Place
from web.places import PlaceNotFound, examples, find_place

WEEKDAYS = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
]
TIMES_OF_DAY = [
    ("morning", "Morning (before 12pm)"),
    ("afternoon", "Afternoon (12pm to 5pm)"),
    ("evening", "Evening (after 5pm)"),
]
DISTANCES = [
    ("", "Any distance up to 20 miles"),
    *((str(m), f"{m} mile{'s' if m > 1 else ''}") for m in (1, 3, 5, 10, 20)),
]
BORN, EXPECTING, ANY_AGE = "born", "expecting", "any"
# A due date further ahead than this is almost certainly a typing mistake.
LONGEST_PREGNANCY_AHEAD = relativedelta(months=10)
OLDEST_CHILD = relativedelta(years=19)


@dataclass(frozen=True)
class Search:
    """A valid search: everything the results need, in domain terms."""

    place: Place
    child: Child | None
    weekday: str
    time_of_day: str
    topic: TaxonomyTerm | None
    text: str
    page: int
    within_miles: int | None = None
    filters: ServiceFilters = dataclasses.field(default_factory=ServiceFilters)


ANY_SEND_NEED = "any"


class DateParts:
    """Reads a GOV.UK date input (day, month and year boxes) and says what is wrong in words."""

    def __init__(self, label: str, day: str, month: str, year: str):
        self.label, self.day, self.month, self.year = label, day, month, year

    @property
    def is_blank(self) -> bool:
        return not (self.day or self.month or self.year)

    def to_date(self) -> date:
        missing = [
            name
            for name, value in (("day", self.day), ("month", self.month), ("year", self.year))
            if not value
        ]
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        day, month, year = (whole_number(part) for part in (self.day, self.month, self.year))
        if day is None or month is None or year is None:
            raise forms.ValidationError(f"{self.label} must be a real date, in numbers")
        if len(self.year) != 4:
            raise forms.ValidationError(f"Year must include 4 numbers, like {date.today().year}")
        try:
            return date(year, month, day)
        except ValueError as error:
            raise forms.ValidationError(f"{self.label} must be a real date") from error


class FindSupportForm(PlainErrorsMixin, forms.Form):
    where = forms.CharField(
        label="Postcode or town",
        max_length=60,
        error_messages={
            "max_length": "Postcode or town must be 60 characters or fewer",
        },
    )
    child = forms.ChoiceField(
        label="Is your child born yet?",
        required=False,
        choices=[
            (BORN, "Yes"),
            (EXPECTING, "No, I'm expecting a baby"),
            (ANY_AGE, "I'd rather not say: show support for all ages"),
        ],
        error_messages={
            "invalid_choice": "Select yes if your child is born, or no if you are expecting"
        },
    )
    dob_day = forms.CharField(required=False, max_length=2, strip=True)
    dob_month = forms.CharField(required=False, max_length=2, strip=True)
    dob_year = forms.CharField(required=False, max_length=4, strip=True)
    due_day = forms.CharField(required=False, max_length=2, strip=True)
    due_month = forms.CharField(required=False, max_length=2, strip=True)
    due_year = forms.CharField(required=False, max_length=4, strip=True)
    day = forms.ChoiceField(
        label="Day",
        required=False,
        choices=[("", "Any day"), *WEEKDAYS],
        error_messages={"invalid_choice": "Select a day from the list"},
    )
    time = forms.ChoiceField(
        label="Time of day",
        required=False,
        choices=[("", "Any time"), *TIMES_OF_DAY],
        error_messages={"invalid_choice": "Select a time of day from the list"},
    )
    distance = forms.TypedChoiceField(
        label="How far can you travel?",
        required=False,
        choices=DISTANCES,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a distance from the list"},
    )
    topic = forms.CharField(label="Topic", required=False, max_length=255)
    q = forms.CharField(
        label="Search words (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search words must be 100 characters or fewer"},
    )
    language = forms.ChoiceField(
        label="Language",
        required=False,
        error_messages={"invalid_choice": "Select a language from the list"},
    )
    free = forms.BooleanField(label="Only show free support", required=False)
    delivery = forms.MultipleChoiceField(
        label="How do you want to take part?",
        required=False,
        choices=DELIVERY_CHOICES,
        error_messages={"invalid_choice": "Select in person, online or by phone"},
    )
    join = forms.MultipleChoiceField(
        label="How do you want to join?",
        required=False,
        choices=JOIN_CHOICES,
        error_messages={"invalid_choice": "Select just turn up, book a place or by referral"},
    )
    access = forms.MultipleChoiceField(
        label="What does the venue need to have?",
        required=False,
        choices=ACCESS_FEATURES,
        error_messages={"invalid_choice": "Select venue features from the list"},
    )
    send = forms.ChoiceField(
        label="Support for children with additional needs (SEND)",
        required=False,
        error_messages={"invalid_choice": "Select a need from the list"},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": "Page must be a number, like 2",
            "min_value": "Page must be 1 or more",
            "max_value": "There is no page that far on. Go back to page 1",
        },
    )

    def __init__(self, data, *, terms: list[TaxonomyTerm], today: date):
        super().__init__(data)
        self.terms = terms
        self.today = today
        self.place: Place | None = None
        self.topic_choices = [(topic_value(term), term.name) for term in terms]
        self.fields["language"].choices = [("", "Any language"), *languages_offered()]
        self.send_terms = {topic_value(term): term for term in send_needs()}
        self.fields["send"].choices = [
            ("", "No additional needs"),
            (ANY_SEND_NEED, "Any additional needs"),
            *((value, term.name) for value, term in self.send_terms.items()),
        ]
        self.example_postcode, self.example_town = examples()
        self.fields["where"].error_messages["required"] = (
            f"Enter a postcode or town, like {self.example_postcode} or {self.example_town}"
        )
        self.fields["dob_day"].error_messages["max_length"] = "Day must be 1 or 2 numbers"
        self.fields["dob_month"].error_messages["max_length"] = "Month must be 1 or 2 numbers"
        self.fields["dob_year"].error_messages["max_length"] = "Year must include 4 numbers"
        for part in ("day", "month", "year"):
            self.fields[f"due_{part}"].error_messages = self.fields[f"dob_{part}"].error_messages
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = (
                "Remove the unusual characters from your answer"
            )

    def clean_where(self) -> str:
        where = self.cleaned_data["where"]
        try:
            self.place = find_place(where)
        except PlaceNotFound as not_found:
            raise forms.ValidationError(str(not_found)) from not_found
        return where

    def clean_topic(self) -> TaxonomyTerm | None:
        value = self.cleaned_data["topic"]
        if not value:
            return None
        for term in self.terms:
            if topic_value(term) == value:
                return term
        raise forms.ValidationError("Select a topic from the list")

    def clean(self) -> dict:
        cleaned = super().clean()
        dob = DateParts(
            "Date of birth", *(cleaned.get(f"dob_{p}", "") for p in ("day", "month", "year"))
        )
        due = DateParts(
            "Due date", *(cleaned.get(f"due_{p}", "") for p in ("day", "month", "year"))
        )
        choice = cleaned.get("child") or (BORN if not dob.is_blank else "")
        cleaned["child_details"] = None
        if self._has_errors("dob") or self._has_errors("due"):
            return cleaned
        if choice == BORN:
            cleaned["child_details"] = self._born_child(dob)
        elif choice == EXPECTING:
            cleaned["child_details"] = self._expected_child(due)
        return cleaned

    def _has_errors(self, prefix: str) -> bool:
        return any(f"{prefix}_{part}" in self.errors for part in ("day", "month", "year"))

    def _born_child(self, dob: DateParts) -> Child | None:
        if dob.is_blank:
            self.add_error("dob_day", "Enter your child's date of birth")
            return None
        try:
            born = dob.to_date()
        except forms.ValidationError as error:
            self.add_error("dob_day", error)
            return None
        if born > self.today:
            self.add_error("dob_day", "Date of birth must be today or in the past")
            return None
        if born < self.today - OLDEST_CHILD:
            self.add_error("dob_day", "Date of birth must be for a child aged 18 or under")
            return None
        return Child(date_of_birth=born)

    def _expected_child(self, due: DateParts) -> Child | None:
        if due.is_blank:
            return Child()
        try:
            expected = due.to_date()
        except forms.ValidationError as error:
            self.add_error("due_day", error)
            return None
        if expected < self.today:
            self.add_error(
                "due_day",
                "Due date must be today or in the future. If your baby is born, choose yes and "
                "enter their date of birth",
            )
            return None
        if expected > self.today + LONGEST_PREGNANCY_AHEAD:
            self.add_error("due_day", "Due date must be within the next 10 months")
            return None
        return Child(due_date=expected)

    @property
    def filters_chosen(self) -> bool:
        """Whether any of the 'more ways to narrow' filters has a value (to show them open)."""
        names = ("language", "free", "delivery", "join", "access", "send")
        return any(self[name].value() for name in names)

    def search(self) -> Search:
        """The valid search; call only after is_valid()."""
        data = self.cleaned_data
        return Search(
            place=self.place,
            child=data["child_details"],
            weekday=data["day"],
            time_of_day=data["time"],
            topic=data["topic"],
            text=data["q"],
            page=data["page"] or 1,
            within_miles=data["distance"],
            filters=ServiceFilters(
                language=data["language"],
                free_only=data["free"],
                delivery=tuple(data["delivery"]),
                join=tuple(data["join"]),
                access=tuple(data["access"]),
                send_need=self.send_terms.get(data["send"]),
                any_send_need=data["send"] == ANY_SEND_NEED,
            ),
        )

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the GOV.UK error summary, in the order the fields appear."""
        links = []
        for name, errors in self.errors.items():
            if name.startswith(("dob_", "due_")):
                anchor = f"{name[:3]}_day"
            elif name == "page":
                anchor = "search-results"
            else:
                anchor = name
            order = list(self.fields).index(name) if name in self.fields else len(self.fields)
            links.extend((order, anchor, message) for message in errors)
        return [(anchor, message) for _, anchor, message in sorted(links, key=lambda link: link[0])]

    def _date_error(self, prefix: str) -> str:
        """The first error of a date input (day, month or year boxes)."""
        for part in ("day", "month", "year"):
            errors = self.errors.get(f"{prefix}_{part}")
            if errors:
                return errors[0]
        return ""

    def _date_parts(self, prefix: str) -> list[tuple[str, str, int, str | None]]:
        """(part, label, input width, what was typed) for each box of a date input."""
        return [
            (part, part.title(), 4 if part == "year" else 2, self[f"{prefix}_{part}"].value())
            for part in ("day", "month", "year")
        ]

    @property
    def dob_error(self) -> str:
        return self._date_error("dob")

    @property
    def due_error(self) -> str:
        return self._date_error("due")

    @property
    def dob_parts(self) -> list[tuple[str, str, int, str | None]]:
        return self._date_parts("dob")

    @property
    def due_parts(self) -> list[tuple[str, str, int, str | None]]:
        return self._date_parts("due")


def topic_value(term: TaxonomyTerm) -> str:
    """A term's value in the query string: its code where it has one, so URLs read well."""
    return term.code or str(term.id)


class EmailShortlistForm(PlainErrorsMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
