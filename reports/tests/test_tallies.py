"""Daily attendance tallies: a report read from them says what the bookings tables say, days
after the last refresh are counted live, and a correction shows once a refresh covers its day."""

from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from bookings.models import Attendance
from directory.tests.factories import LocationFactory
from reports.attendance import attendance_by_hub
from reports.models import AttendanceTally, TalliedThrough
from reports.periods import month
from reports.scopes import command_line_scope
from reports.tests import factories as make

pytestmark = pytest.mark.django_db
NOVEMBER = month(2026, 11)


def _figures(period=NOVEMBER) -> dict:
    table = attendance_by_hub(period, command_line_scope())
    row = next(row for row in table.rows if row.label == "Aveley Family Hub")
    return {
        column.key: figure.value for column, figure in zip(table.columns, row.figures, strict=True)
    }


def _refresh(today: date, *arguments: str) -> str:
    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        call_command("refresh_report_tallies", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def november():
    """Two sessions at Aveley in November 2026, a cancelled one and one counted only."""
    aveley = LocationFactory(name="Aveley Family Hub")
    regulars = make.families(aveley, 12, date(2026, 1, 5))
    first = make.session(aveley, date(2026, 11, 6))
    make.booked(first, regulars[:8])
    make.came(first, regulars[:6])
    make.came(first, regulars[8:10], walk_in=True)
    make.did_not_come(first, regulars[6:8])
    make.session(aveley, date(2026, 11, 13), cancelled=True)
    make.counted(make.session(aveley, date(2026, 11, 20)), adults=3, children=4)
    later = make.session(aveley, date(2026, 11, 27))
    return aveley, regulars, later


def test_tallied_figures_are_the_live_ones(november):
    live = _figures()
    assert live == {
        "sessions": 2,
        "cancelled": 1,
        "places": 30,
        "booked": 8,
        "attended": 8,
        "walk_ins": 2,
        "no_shows": 2,
        "visitors": 7,
    }

    assert "to 2026-12-01" in _refresh(date(2026, 12, 2))

    assert TalliedThrough.objects.get(kind="attendance").day == date(2026, 12, 1)
    assert AttendanceTally.objects.filter(day__month=11).count() == 4
    assert _figures() == live


def test_days_after_the_last_refresh_are_counted_live(november):
    _, regulars, later = november
    _refresh(date(2026, 11, 21))  # tallied up to the 20th

    make.came(later, regulars[10:12])

    assert _figures()["sessions"] == 3
    assert _figures()["attended"] == 10


def test_a_correction_to_a_tallied_day_shows_after_the_next_refresh(november):
    _refresh(date(2026, 12, 2))
    Attendance.objects.filter(status=Attendance.Status.NO_SHOW).update(
        status=Attendance.Status.ATTENDED
    )
    assert _figures()["attended"] == 8  # still the tally

    _refresh(date(2026, 12, 3))

    assert _figures()["attended"] == 10


def test_the_first_refresh_and_all_recount_from_the_first_session(november):
    assert "from 2026-11-06" in _refresh(date(2026, 12, 2))
    assert "from 2026-11-06" in _refresh(date(2026, 12, 3), "--all")
    assert "from 2026-11-05" in _refresh(date(2026, 12, 3), "--days", "28")
    assert _figures()["cancelled"] == 1


def test_a_period_straddling_the_mark_adds_tallies_and_live_counts(november):
    _refresh(date(2026, 11, 14))  # the 6th and 13th tallied; the 20th and 27th live
    both = _figures()
    assert (both["sessions"], both["cancelled"], both["attended"], both["visitors"]) == (
        2,
        1,
        8,
        7,
    )
    assert _figures(month(2026, 10))["sessions"] == 0
