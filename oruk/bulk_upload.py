"""Adding many services at once from a spreadsheet (CSV), all of them or none.

An editor downloads the template, fills in one service per row in plain words, and uploads it.
`check_rows` turns every row into a planned service or into problems that name the row, the
column, what is wrong and how to fix it; nothing is saved until a file has no problems. Then
`add_services` saves every planned service, its cost, place and weekly or monthly time, in one
transaction, and audits each one. The same check runs again when the editor confirms, so a
file checked an hour ago cannot add something that has stopped being true.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models.functions import Lower

from audit import services as audit
from core import csv_safety
from directory.eligibility import who_it_is_for
from directory.models import (
    Address,
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from geo.postcodes import UnknownPostcode, is_uk_postcode, locate, normalise_postcode
from timetable.rules_in_words import MONTHLY, WEEKLY, WhenItRuns, describe, schedule_fields

MAX_ROWS = 500
AUDIT_ACTION = "added by CSV upload"

NAME = "Service name"
ORGANISATION = "Organisation"
DESCRIPTION = "Description"
YOUNGEST = "Youngest age"
OLDEST = "Oldest age"
EXPECTANT = "For expectant parents"
COST = "Cost"
JOIN = "How to join"
PLACE = "Hub or venue name"
ADDRESS = "Address"
TOWN = "Town"
POSTCODE = "Postcode"
DAY = "Day"
STARTS = "Starts"
ENDS = "Ends"
HOW_OFTEN = "How often"
FIRST_DATE = "First date"

# The template's columns in order, each with what to write in it (shown on the upload page).
COLUMNS: dict[str, str] = {
    NAME: "The name parents will see, like Stay and Play. Required.",
    ORGANISATION: "Who runs it, named as it is in the directory, like Thurrock Council. Required.",
    DESCRIPTION: "What happens there, in a sentence or two.",
    YOUNGEST: "The youngest child it is for, like 0, 6 months or 1 year. Blank for no limit.",
    OLDEST: "The oldest child it is for, like 18 months or 2 years. Blank for no limit.",
    EXPECTANT: "Yes if expectant parents may come, otherwise No or blank.",
    COST: "Free, or the price of a session, like £3.50. Blank if you do not know.",
    JOIN: "Just come along, Book a place, or Referral. Required.",
    PLACE: "A hub or venue already in the directory, like Tilbury Family Hub; or a new venue's "
    "name, with its address, town and postcode.",
    ADDRESS: "For a new venue: the first line of its address.",
    TOWN: "For a new venue: its town or city.",
    POSTCODE: "For a new venue: its postcode, like RM18 7AA.",
    DAY: "The day it runs, like Friday. Blank if it has no regular time.",
    STARTS: "The time it starts, like 10am or 10:30am.",
    ENDS: "The time it ends, like 11am.",
    HOW_OFTEN: "Every week (if blank), Every 2 weeks, or a day of the month, like First Friday "
    "of the month.",
    FIRST_DATE: "The first date it runs, like 8/1/2027. Needed for every 2, 3 or 4 weeks.",
}
REQUIRED = (NAME, ORGANISATION, JOIN)

DAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
JOIN_METHODS = {
    "just come along": Service.JoinMethod.DROP_IN,
    "drop in": Service.JoinMethod.DROP_IN,
    "drop-in": Service.JoinMethod.DROP_IN,
    "book a place": Service.JoinMethod.BOOKING,
    "booking": Service.JoinMethod.BOOKING,
    "referral": Service.JoinMethod.REFERRAL,
    Service.JoinMethod.REFERRAL.label.lower(): Service.JoinMethod.REFERRAL,
}
WEEKS_OF_MONTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_EVERY_WEEKS = re.compile(r"every (\d) weeks")
_DAY_OF_MONTH = re.compile(
    r"(first|second|third|fourth|last) (" + "|".join(DAYS) + r") (?:of|in) (?:the|each|every) month"
)
_AGE = re.compile(r"(\d+(?:\.\d+)?)\s*(months?|years?)?")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?")
_MONEY = re.compile(r"£?\s*(\d+(?:\.\d{1,2})?)")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or a whole row, or the file) and how to put it right."""

    row: int  # as the spreadsheet numbers it (the headings are row 1); 0 for the whole file
    column: str
    letter: str
    message: str
    fix: str


@dataclass(frozen=True)
class NewPlace:
    name: str
    address: str
    town: str
    postcode: str


@dataclass(frozen=True)
class Timing:
    """When a service runs, as the schedule pages' answers (`timetable.rules_in_words`)."""

    when: WhenItRuns

    def schedule_fields(self) -> dict:
        return schedule_fields(self.when)

    def in_words(self) -> str:
        """As the schedule pages and the service page say it."""
        return describe(Schedule(**self.schedule_fields()))


@dataclass(frozen=True)
class PlannedService:
    row: int
    name: str
    organization: Organization
    description: str
    minimum_age: Decimal | None
    maximum_age: Decimal | None
    for_expectant_parents: bool
    cost: Decimal | None
    join_method: str
    place: Location | None
    new_place: NewPlace | None
    timing: Timing | None

    @property
    def who_it_is_for(self) -> str:
        """In the words the service page will use."""
        return who_it_is_for(self.as_service())

    @property
    def join_method_label(self) -> str:
        return Service.JoinMethod(self.join_method).label

    def as_service(self) -> Service:
        """The service as it will be saved (unsaved): the one thing `add_services` creates."""
        return Service(
            name=self.name,
            organization=self.organization,
            description=self.description,
            minimum_age=self.minimum_age,
            maximum_age=self.maximum_age,
            for_expectant_parents=self.for_expectant_parents,
            join_method=self.join_method,
            fees_description="Free" if self.cost == 0 else "",
        )

    @property
    def place_name(self) -> str:
        if self.place is not None:
            return self.place.name
        return self.new_place.name if self.new_place else ""


@dataclass
class Checked:
    services: list[PlannedService]
    problems: list[Problem]


def template_csv() -> str:
    """The template to download: the column headings, through the one safe CSV writer."""
    out = io.StringIO()
    csv_safety.writer(out).writerow(COLUMNS)
    return out.getvalue()


def rows_with_numbers(upload) -> list[tuple[int, dict[str, str]]]:
    """The file's rows (checked by `core.csv_safety.read_upload`: size, type, formulas) with the
    row numbers a spreadsheet shows, so every problem points at the right row."""
    rows = csv_safety.read_upload(upload)
    upload.seek(0)
    table = csv.reader(io.StringIO(upload.read().decode("utf-8-sig"), newline=""))
    numbers = [
        number
        for number, row in enumerate(table, start=1)
        if number > 1 and any(cell.strip() for cell in row)
    ]
    return list(zip(numbers, rows, strict=True))


class _Row:
    """One row being checked: its cells by column, and the problems found so far."""

    def __init__(self, number: int, cells: dict[str, str], letters: dict[str, str]):
        self.number = number
        self.cells = {column: (value or "").strip() for column, value in cells.items()}
        self.letters = letters
        self.problems: list[Problem] = []

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def problem(self, column: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.number, column, self.letters[column], message, fix))


def check_rows(rows: list[tuple[int, dict[str, str]]]) -> Checked:
    """Each row as a planned service, or the problems that stop it (see `Problem`)."""
    headings = list(rows[0][1]) if rows else []
    file_problems = _check_headings(headings, rows)
    if file_problems:
        return Checked([], file_problems)
    letters = {h: csv_safety.column_letter(i) for i, h in enumerate(headings)}
    organisations = _by_lower_name(Organization, {r.get(ORGANISATION, "") for _, r in rows})
    places = _by_lower_name(Location, {r.get(PLACE, "") for _, r in rows})
    names = {r.get(NAME, "").strip().lower() for _, r in rows}
    existing = set(
        Service.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in=names)
        .values_list("lower_name", "organization_id")
    )
    services, problems = [], []
    for number, cells in rows:
        row = _Row(number, cells, letters)
        planned = _check_row(row, organisations, places, existing)
        problems.extend(row.problems)
        if planned is not None:
            services.append(planned)
            existing.add((planned.name.lower(), planned.organization.pk))
    return Checked(services if not problems else [], problems)


def _check_headings(headings: list[str], rows: list) -> list[Problem]:
    def whole_file(message: str, fix: str) -> Problem:
        return Problem(0, "", "", message, fix)

    if not rows:
        return [whole_file("The file has no services in it", "Add one service on each row")]
    if len(rows) > MAX_ROWS:
        return [
            whole_file(
                f"The file has {len(rows)} services; one upload can add up to {MAX_ROWS}",
                f"Split it into files of {MAX_ROWS} rows or fewer",
            )
        ]
    problems = [
        whole_file(
            f"The file has no '{column}' column",
            "Download the template and copy your rows into it, keeping its headings in row 1",
        )
        for column in COLUMNS
        if column not in headings
    ]
    problems += [
        whole_file(
            f"Column '{heading}' is not one of the template's columns",
            "Remove the column, or rename it to one of the template's headings",
        )
        for heading in headings
        if heading not in COLUMNS
    ]
    return problems


def _by_lower_name(model, names: set[str]) -> dict[str, list]:
    wanted = {name.strip().lower() for name in names if name.strip()}
    found: dict[str, list] = {}
    for obj in model.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted):
        found.setdefault(obj.lower_name, []).append(obj)
    return found


def _check_row(row: _Row, organisations, places, existing) -> PlannedService | None:
    for column in REQUIRED:
        if not row[column]:
            row.problem(column, f"Enter the {column.lower()}", _REQUIRED_FIX[column])
    name = row[NAME]
    if len(name) > 255:
        row.problem(NAME, "The service name is longer than 255 characters", "Shorten it")
    organisation = _one_named(row, ORGANISATION, organisations, "organisation")
    if organisation is not None and (name.lower(), organisation.pk) in existing:
        row.problem(
            NAME,
            f"{organisation.name} already has a service called '{name}' in the directory "
            "or earlier in this file",
            "Remove this row, or give the service a different name",
        )
    minimum = _age(row, YOUNGEST)
    maximum = _age(row, OLDEST)
    if minimum is not None and maximum is not None and minimum > maximum:
        row.problem(OLDEST, "The oldest age is less than the youngest age", "Swap the two ages")
    expectant = _yes_no(row, EXPECTANT)
    cost = _cost(row)
    join_method = JOIN_METHODS.get(row[JOIN].lower())
    if row[JOIN] and join_method is None:
        row.problem(JOIN, f"'{row[JOIN]}' is not a way to join", _REQUIRED_FIX[JOIN])
    place, new_place = _place(row, places)
    timing = _timing(row)
    if row.problems:
        return None
    return PlannedService(
        row=row.number,
        name=name,
        organization=organisation,
        description=row[DESCRIPTION],
        minimum_age=minimum,
        maximum_age=maximum,
        for_expectant_parents=expectant,
        cost=cost,
        join_method=join_method,
        place=place,
        new_place=new_place,
        timing=timing,
    )


_REQUIRED_FIX = {
    NAME: "Write the name parents will see, like Stay and Play",
    ORGANISATION: "Write who runs it, as it is named in the directory",
    JOIN: "Write Just come along, Book a place, or Referral",
}


def _one_named(row: _Row, column: str, found: dict[str, list], kind: str):
    text = row[column]
    if not text:
        return None
    matches = found.get(text.lower(), [])
    if len(matches) > 1:
        row.problem(
            column,
            f"More than one {kind} is called '{text}'",
            f"Ask an administrator to rename one of them, or add this {kind}'s service by hand",
        )
        return None
    if not matches and column == ORGANISATION:
        row.problem(
            column,
            f"No organisation is called '{text}'",
            "Check the spelling against the directory, or add the organisation first",
        )
    return matches[0] if matches else None


def _age(row: _Row, column: str) -> Decimal | None:
    text = row[column].lower()
    if not text:
        return None
    match = _AGE.fullmatch(text)
    fix = (
        "Write the age in years or months, like 0, 18 months or 2 years. Months must be whole "
        "quarters of a year (3, 6, 9, 15, 18 months) because the directory keeps ages in years"
    )
    if match is None:
        row.problem(column, f"'{row[column]}' is not an age", fix)
        return None
    number = Decimal(match.group(1))
    years = number / 12 if (match.group(2) or "").startswith("month") else number
    if years != years.quantize(Decimal("0.01")) or years >= 1000:
        row.problem(column, f"'{row[column]}' cannot be kept as an age in years", fix)
        return None
    return years.quantize(Decimal("0.01"))


def _yes_no(row: _Row, column: str) -> bool:
    text = row[column].lower()
    if text in ("yes", "y", "true"):
        return True
    if text not in ("", "no", "n", "false"):
        row.problem(column, f"'{row[column]}' is not Yes or No", "Write Yes, No, or leave it blank")
    return False


def _cost(row: _Row) -> Decimal | None:
    text = row[COST].lower()
    if not text:
        return None
    if text == "free":
        return Decimal("0.00")
    match = _MONEY.fullmatch(text)
    if match is None:
        row.problem(COST, f"'{row[COST]}' is not a price", "Write Free, or a price like £3.50")
        return None
    try:
        amount = Decimal(match.group(1)).quantize(Decimal("0.01"))
    except InvalidOperation:
        amount = Decimal(1_000_000)
    if amount >= 100_000:
        row.problem(COST, f"'{row[COST]}' is more than a session can cost", "Check the price")
        return None
    return amount


def _place(row: _Row, places: dict[str, list]) -> tuple[Location | None, NewPlace | None]:
    known = _one_named(row, PLACE, places, "hub or venue")
    address, town, postcode = row[ADDRESS], row[TOWN], row[POSTCODE]
    if known is not None:
        if address or town or postcode:
            row.problem(
                ADDRESS,
                f"{known.name} is already in the directory with its own address",
                "Leave the address, town and postcode blank for a hub or venue in the directory",
            )
        return known, None
    if not (address or town or postcode):
        if row[PLACE]:
            row.problem(
                PLACE,
                f"No hub or venue is called '{row[PLACE]}'",
                "Check the spelling against the directory, or give the new venue's address, "
                "town and postcode",
            )
        return None, None
    for column, value in ((ADDRESS, address), (TOWN, town), (POSTCODE, postcode)):
        if not value:
            row.problem(
                column,
                f"Enter the new venue's {column.lower()}",
                "A new venue needs its address, town and postcode",
            )
    if postcode and not is_uk_postcode(postcode):
        row.problem(
            POSTCODE, f"'{postcode}' is not a UK postcode", "Write a postcode like RM18 7AA"
        )
    if row.problems:
        return None, None
    name = row[PLACE] or address
    return None, NewPlace(name, address, town, normalise_postcode(postcode))


def _timing(row: _Row) -> Timing | None:
    day_text, how_often = row[DAY].lower(), row[HOW_OFTEN].lower()
    if not (day_text or row[STARTS] or row[ENDS] or how_often or row[FIRST_DATE]):
        return None
    monthly = _DAY_OF_MONTH.fullmatch(how_often)
    if monthly and not day_text:
        day_text = monthly.group(2)
    day = DAYS.get(day_text)
    if day is None:
        row.problem(
            DAY,
            f"'{row[DAY]}' is not a day of the week" if day_text else "Enter the day it runs",
            "Write a day like Friday, or leave the day, times and how often blank",
        )
    opens, closes = _time(row, STARTS), _time(row, ENDS)
    if bool(opens) != bool(closes) and not row.problems:
        missing = ENDS if opens else STARTS
        row.problem(missing, f"Enter the time it {missing.lower()}", "Give both times, or neither")
    if opens and closes and closes <= opens:
        row.problem(ENDS, "The end time is not after the start time", "Check the two times")
    first_date = _first_date(row)
    freq, interval, byday = Schedule.Freq.WEEKLY, 1, day or ""
    if monthly:
        if day and monthly.group(2) != day_text:
            row.problem(
                HOW_OFTEN,
                f"'{row[HOW_OFTEN]}' is a different day from '{row[DAY]}'",
                "Make the day and how often name the same day",
            )
        freq, byday = Schedule.Freq.MONTHLY, f"{WEEKS_OF_MONTH[monthly.group(1)]}{day}"
    elif how_often and how_often != "every week":
        every = _EVERY_WEEKS.fullmatch(how_often)
        if every is None or not 2 <= int(every.group(1)) <= 4:
            row.problem(
                HOW_OFTEN,
                f"'{row[HOW_OFTEN]}' is not how often a session can run",
                "Write Every week, Every 2 weeks (up to 4), or a day of the month, like First "
                "Friday of the month",
            )
        else:
            interval = int(every.group(1))
            if first_date is None and not row.problems:
                row.problem(
                    FIRST_DATE,
                    f"Enter the first date: '{row[HOW_OFTEN]}' needs it to know which weeks",
                    "Write the date of the first session, like 8/1/2027",
                )
    if row.problems:
        return None
    monthly_day = byday[-2:] if freq == Schedule.Freq.MONTHLY else ""
    return Timing(
        WhenItRuns(
            how_often=MONTHLY if monthly_day else WEEKLY,
            opens_at=opens,
            closes_at=closes,
            days=() if monthly_day else (byday,),
            every_weeks=interval,
            week_of_month=int(byday[:-2]) if monthly_day else 1,
            day_of_month_week=monthly_day,
            starts_on=first_date,
        )
    )


def _time(row: _Row, column: str) -> time | None:
    text = row[column].lower().replace(" ", "")
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is not None:
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half == "pm" else 0)
        if (half or match.group(2)) and hour < 24 and minute < 60:
            return time(hour, minute)
    row.problem(column, f"'{row[column]}' is not a time", "Write a time like 10am or 1:30pm")
    return None


def _first_date(row: _Row) -> date | None:
    text = row[FIRST_DATE]
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.problem(FIRST_DATE, f"'{text}' is not a date", "Write a date like 8/1/2027")
    return None


def add_services(planned: list[PlannedService], by) -> list[Service]:
    """Save every planned service, its cost, place and time, all or nothing; audit each."""
    added = []
    with transaction.atomic():
        new_places: dict[NewPlace, Location] = {}
        for plan in planned:
            service = plan.as_service()
            service.save()
            if plan.cost is not None:
                CostOption.objects.create(
                    service=service, amount=plan.cost, option="Free" if plan.cost == 0 else ""
                )
            place = plan.place
            if plan.new_place is not None:
                if plan.new_place not in new_places:
                    new_places[plan.new_place] = _add_place(plan.new_place, plan.organization)
                place = new_places[plan.new_place]
            at = (
                ServiceAtLocation.objects.create(service=service, location=place) if place else None
            )
            if plan.timing is not None:
                _add_schedule(plan.timing, service, at)
            added.append(service)
        audit.record_each(by, AUDIT_ACTION, added, detail=f"{len(added)} services in one upload")
    return added


def _add_place(new: NewPlace, organization: Organization) -> Location:
    try:
        point = locate(new.postcode)
        latitude, longitude = point.latitude, point.longitude
    except (ValueError, UnknownPostcode):
        latitude = longitude = None  # found by name and town until the postcode is loaded
    location = Location.objects.create(
        name=new.name,
        location_type=Location.LocationType.PHYSICAL,
        organization=organization,
        latitude=latitude,
        longitude=longitude,
    )
    Address.objects.create(
        location=location,
        address_1=new.address,
        city=new.town,
        state_province="",
        postal_code=new.postcode,
        address_type=Address.AddressType.PHYSICAL,
    )
    return location


def _add_schedule(timing: Timing, service: Service, at: ServiceAtLocation | None) -> None:
    schedule = Schedule(
        service=service,
        location=at.location if at else None,
        service_at_location=at,
        **timing.schedule_fields(),
    )
    schedule.full_clean()
    schedule.save()
