"""A parent's and a staff journey with unusual names, dates of birth, postcodes and emails leave
none of them in any log line, any web address the site sends people to, or any error page."""

import io
import logging
import re
from datetime import timedelta
from urllib.parse import quote, quote_plus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import sign_in_with_two_factor
from bookings import services as bookings_services
from bookings.models import Attendance, Booking
from bookings.selectors import start_for_url
from bookings.tests.factories import (
    bookable_schedule,
    hub_staff,
    next_friday_at_ten,
    session_today,
)
from core.logging import JsonFormatter, RequestIdFilter
from families.models import Family
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PARENT = {"first": "Zebedee", "last": "Quillfeather-Ng", "email": "qzx.unusual@example.org"}
PARENT_CHILD = "Xanthippa"
WALK_IN = {"first": "Ottoline", "last": "Vexworth-Ahn", "email": "qzx.walkin@example.org"}
WALK_IN_CHILD = "Bartholomew-Quince"
POSTCODES = ["SS17 9QZ", "RM16 4XJ"]


def birthdays() -> list:
    today = timezone.localdate()
    return [today - timedelta(days=321), today - timedelta(days=173)]


def forms_of(text: str) -> set[str]:
    """The ways a value can be written in a log or an address: as typed, in other cases, and
    URL-encoded."""
    return {
        text,
        text.lower(),
        text.upper(),
        text.replace(" ", ""),
        text.replace(" ", "").lower(),
        quote(text),
        quote_plus(text),
        quote(text).lower(),
        quote_plus(text).lower(),
    }


def personal_values() -> set[str]:
    values = set()
    for person in (PARENT, WALK_IN):
        for text in (person["first"], person["last"], person["email"]):
            values |= forms_of(text)
    for text in (PARENT_CHILD, WALK_IN_CHILD, *POSTCODES):
        values |= forms_of(text)
    for day in birthdays():
        for text in (day.isoformat(), f"{day:%d/%m/%Y}", f"{day:%Y%m%d}", f"{day.day} {day:%B %Y}"):
            values |= forms_of(text)
    return values


class EverythingLogged(logging.Handler):
    """Every record any logger writes, at every level, formatted as it would be written out."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.stream = io.StringIO()
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.stream.write(self.format(record) + "\n")


@pytest.fixture
def logged():
    """Listens on the root logger and on every logger that does not pass records up to it,
    each turned down to DEBUG for the test."""
    handler = EverythingLogged()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


class Journey:
    """A test client that notes every address it is sent to and every error page it is shown."""

    def __init__(self) -> None:
        self.client = Client()
        self.addresses: list[str] = []
        self.error_pages: list[str] = []
        self.requests = 0

    def get(self, path: str, data=None):
        return self._note(self.client.get(path, data))

    def post(self, path: str, data: dict):
        return self._note(self.client.post(path, data))

    def _note(self, response):
        self.requests += 1
        query = response.wsgi_request.META.get("QUERY_STRING", "")
        self.addresses.append(response.wsgi_request.path + (f"?{query}" if query else ""))
        if "Location" in response:
            self.addresses.append(response["Location"])
            return self._note(self.client.get(response["Location"]))
        if response.status_code >= 400:
            self.error_pages.append(response.content.decode())
        return response


def date_fields(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def parent_journey(schedule) -> Journey:
    """Search, sign up, confirm, register the family (with one mistake on the way), book."""
    born, _ = birthdays()
    parent = Journey()
    search = parent.get(
        reverse("web:find"),
        {
            "where": POSTCODES[0],
            "dob_day": born.day,
            "dob_month": born.month,
            "dob_year": born.year,
        },
    )
    assert search.status_code == 200
    # A search may carry a date of birth in its address (see DESIGN.md); no other address may.
    parent.addresses.remove(search.wsgi_request.get_full_path())

    password = "a long unusual passphrase 81"
    parent.post(
        reverse("accounts:sign_up"),
        {"email": PARENT["email"], "password": password, "password_again": password},
    )
    link = re.search(
        r"http://127.0.0.1:8000(\S+)", Notification.objects.get(kind="accounts.verify").body
    )
    parent.get(link[1])
    assert "_auth_user_id" in parent.client.session

    register = "families:register"
    parent.post(
        reverse(register, args=["about-you"]),
        {
            "first_name": PARENT["first"],
            "last_name": PARENT["last"],
            "email": PARENT["email"],
            "phone": "",
            "preferred_contact": "email",
        },
    )
    mistake = parent.post(
        reverse(register, args=["child"]),
        {"first_name": PARENT_CHILD, "born": "yes", "date_of_birth_0": born.day},
    )
    assert "govuk-error-summary" in mistake.content.decode()
    parent.post(
        reverse(register, args=["child"]),
        {"first_name": PARENT_CHILD, "born": "yes", **date_fields("date_of_birth", born)},
    )
    parent.post(
        reverse(register, args=["home"]),
        {"home_postcode": POSTCODES[0], "hub": str(schedule.location.pk), "languages": ""},
    )
    parent.post(reverse("families:register_check"), {"registration": "on"})
    family = Family.objects.get(adults__last_name=PARENT["last"])
    child = family.children.get()

    starts = next_friday_at_ten()
    book = reverse("bookings:book", args=[schedule.pk, start_for_url(starts)])
    parent.get(book)
    occurrence = bookings_services.occurrence_for(schedule, starts)
    parent.post(book, {"version": occurrence.version, "children": [child.pk]})
    assert Booking.objects.filter(family=family, occurrence=occurrence).exists()
    parent.get(reverse("bookings:my_bookings"))
    return parent


def staff_journey() -> Journey:
    """On the day of a session: register a family at the desk, find them by name, date of birth
    and postcode, and check them in."""
    _, born = birthdays()
    occurrence = session_today(name="Rhyme Time")
    staff = Journey()
    sign_in_with_two_factor(staff.client, hub_staff(occurrence.location))
    staff.get(reverse("families:staff_register"))
    staff.post(
        reverse("families:staff_register"),
        {
            "adult-first_name": WALK_IN["first"],
            "adult-last_name": WALK_IN["last"],
            "adult-email": WALK_IN["email"],
            "adult-phone": "",
            "adult-preferred_contact": "email",
            "child-first_name": WALK_IN_CHILD,
            "child-born": "yes",
            **date_fields("child-date_of_birth", born),
            "home-home_postcode": POSTCODES[1],
            "home-hub": str(occurrence.location.pk),
            "consent-registration": "on",
        },
    )
    family = Family.objects.get(adults__last_name=WALK_IN["last"])
    staff.post(reverse("families:staff_families"), {"q": WALK_IN["last"]})
    staff.get(reverse("families:staff_family", args=[family.pk]))

    walk_in = reverse("bookings:staff_walk_in", args=[occurrence.pk])
    staff.get(walk_in)
    for query in (WALK_IN["first"], f"{born:%d/%m/%Y}", POSTCODES[1], PARENT["email"]):
        found = staff.post(walk_in, {"q": query})
        assert found.status_code == 200
    assert WALK_IN_CHILD in staff.post(walk_in, {"q": WALK_IN["last"]}).content.decode()
    staff.post(
        walk_in,
        {"q": WALK_IN["last"], "family": family.pk, "children": [family.children.get().pk]},
    )
    assert Attendance.objects.filter(child__family=family, walk_in=True).exists()
    return staff


def test_journeys_leave_no_personal_data_in_logs_addresses_or_error_pages(logged):
    schedule = bookable_schedule(name="Stay and Play")
    journeys = [parent_journey(schedule), staff_journey()]

    log_text = logged.stream.getvalue()
    access_lines = [r for r in logged.records if r.name == "familyhubs.access"]
    # The journeys ran and were logged: one access line per request, each with its id.
    assert len(access_lines) == sum(journey.requests for journey in journeys)
    assert all(line.request_id for line in access_lines)
    assert "/bookings/staff/register/<int:occurrence_id>/walk-in/" in log_text

    addresses = "\n".join(address for journey in journeys for address in journey.addresses)
    error_pages = "\n".join(page for journey in journeys for page in journey.error_pages)
    for value in sorted(personal_values()):
        assert value not in log_text, f"{value!r} is in the logs"
        assert value not in addresses, f"{value!r} is in a web address"
        assert value not in error_pages, f"{value!r} is on an error page"
