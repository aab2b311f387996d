"""Attendance by service, by day and time and by age band: hand-counted, the same whether read
from the monthly tallies, counted live, or both; a correction shows after a refresh."""

from datetime import date, time
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from bookings.models import Attendance
from directory.tests.factories import LocationFactory, ServiceFactory
from reports.attendance_by import (
    attendance_by_age_band,
    attendance_by_day_and_time,
    attendance_by_service,
)
from reports.models import SessionTally, TalliedThrough
from reports.periods import custom, month, quarter, split_for_monthly_tally
from reports.scopes import ReportScope, command_line_scope
from reports.tests import factories as make

pytestmark = pytest.mark.django_db
AUTUMN = custom(date(2026, 10, 1), date(2026, 11, 30))


def _figures(build, period=AUTUMN) -> dict[str, dict]:
    table = build(period, command_line_scope())
    return {
        row.label: {
            column.key: figure.value
            for column, figure in zip(table.columns, row.figures, strict=True)
        }
        for row in (*table.rows, table.total)
    }


def _refresh(today: date, *arguments: str) -> str:
    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        call_command("refresh_report_tallies", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def autumn():
    """Baby massage on Mondays at 10:00 (5 October, 2 November) and Stay and play on Fridays at
    13:30 (20 November; 27 November cancelled), at Aveley."""
    aveley = LocationFactory(name="Aveley Family Hub")
    regulars = make.families(aveley, 12, date(2026, 1, 5))
    massage = ServiceFactory(name="Baby massage")
    play = ServiceFactory(name="Stay and play")
    october = make.session(aveley, date(2026, 10, 5), service=massage)
    make.booked(october, regulars[:5])
    make.came(october, regulars[:3], age_months=2)
    make.came(october, regulars[5:6], walk_in=True, age_months=8)
    Attendance.objects.create(
        occurrence=october,
        family=regulars[3],
        status=Attendance.Status.NO_SHOW,
        child_age_months=3,
    )
    november = make.session(aveley, date(2026, 11, 2), service=massage)
    make.came(november, regulars[:2], age_months=4)
    friday = make.session(aveley, date(2026, 11, 20), service=play, at=time(13, 30), capacity=20)
    make.came(friday, regulars[6:10], age_months=14)
    make.came(friday, regulars[10:11])  # a parent expecting, the baby not born yet
    make.counted(friday, adults=2, children=1)
    make.session(aveley, date(2026, 11, 27), service=play, at=time(13, 30), cancelled=True)
    return aveley, regulars, november


BY_SERVICE = {
    "Baby massage": {
        "sessions": 2,
        "cancelled": 0,
        "places": 20,
        "booked": 5,
        "attended": 6,
        "walk_ins": 1,
        "no_shows": 1,
        "visitors": 0,
    },
    "Stay and play": {
        "sessions": 1,
        "cancelled": 1,
        "places": 20,
        "booked": 0,
        "attended": 5,
        "walk_ins": 0,
        "no_shows": 0,
        "visitors": 3,
    },
    "All services in this report": {
        "sessions": 3,
        "cancelled": 1,
        "places": 40,
        "booked": 5,
        "attended": 11,
        "walk_ins": 1,
        "no_shows": 1,
        "visitors": 3,
    },
}
BY_AGE = {
    "Not born yet": {"attended": 1, "walk_ins": 0, "no_shows": 0},
    "0 to 5 months": {"attended": 5, "walk_ins": 0, "no_shows": 1},
    "6 to 11 months": {"attended": 1, "walk_ins": 1, "no_shows": 0},
    "1 year": {"attended": 4, "walk_ins": 0, "no_shows": 0},
    "2 to 4 years": {"attended": 0, "walk_ins": 0, "no_shows": 0},
    "5 years and over": {"attended": 0, "walk_ins": 0, "no_shows": 0},
    "All children in this report": {"attended": 11, "walk_ins": 1, "no_shows": 1},
}


def test_hand_counted_figures_counted_live(autumn):
    assert _figures(attendance_by_service) == BY_SERVICE
    assert _figures(attendance_by_age_band) == BY_AGE
    by_time = _figures(attendance_by_day_and_time)
    assert list(by_time) == ["Monday 10:00", "Friday 13:30", "All sessions in this report"]
    assert by_time["Monday 10:00"] == BY_SERVICE["Baby massage"]
    assert by_time["Friday 13:30"] == BY_SERVICE["Stay and play"]


def test_tallied_months_give_the_same_figures(autumn):
    assert "from October 2026 to 2026-12-01" in _refresh(date(2026, 12, 2))

    assert TalliedThrough.objects.get(kind="sessions").day == date(2026, 12, 1)
    by_service = SessionTally.objects.filter(dimension=SessionTally.Dimension.SERVICE)
    # Massage in October and November, play in November: at Aveley and at every hub together.
    assert by_service.filter(location__isnull=False).count() == 3
    assert by_service.filter(location__isnull=True).count() == 3
    assert _figures(attendance_by_service) == BY_SERVICE
    assert _figures(attendance_by_age_band) == BY_AGE


def test_a_period_mixing_tallied_months_and_live_days(autumn):
    _refresh(date(2026, 11, 10))  # October whole, November to the 9th tallied
    assert _figures(attendance_by_service) == BY_SERVICE
    # Part of October only: its tally cannot be used, so those days are counted live.
    part = _figures(attendance_by_service, custom(date(2026, 10, 5), date(2026, 11, 2)))
    assert part["Baby massage"]["attended"] == 6
    assert "Stay and play" not in part
    assert _figures(attendance_by_service, month(2026, 11))["Baby massage"]["attended"] == 2


def test_a_correction_to_a_tallied_month_shows_after_the_next_refresh(autumn):
    _, _, november = autumn
    _refresh(date(2026, 12, 2))
    Attendance.objects.filter(occurrence=november).update(child_age_months=30)

    assert _figures(attendance_by_age_band)["2 to 4 years"]["attended"] == 0  # the tally

    _refresh(date(2026, 12, 3))

    assert _figures(attendance_by_age_band)["2 to 4 years"]["attended"] == 2
    assert _figures(attendance_by_age_band)["0 to 5 months"]["attended"] == 3


@pytest.mark.parametrize("refreshed", [False, True])
def test_a_hub_manager_sees_their_hub_and_a_commissioner_every_hub(autumn, refreshed):
    elsewhere = LocationFactory(name="Tilbury Family Hub")
    make.came(make.session(elsewhere, date(2026, 11, 3)), make.families(elsewhere, 5, date.today()))
    if refreshed:
        _refresh(date(2026, 12, 2))
    aveley = attendance_by_service(AUTUMN, ReportScope((autumn[0],), (), everything=False))
    everywhere = attendance_by_service(AUTUMN, command_line_scope())
    assert aveley.total_of("attended").value == 11
    assert everywhere.total_of("attended").value == 16


@pytest.mark.parametrize(
    ("period", "through", "tallied", "live"),
    [
        (month(2026, 10), None, [], [(date(2026, 10, 1), date(2026, 10, 31))]),
        (month(2026, 10), date(2026, 12, 1), [date(2026, 10, 1)], []),
        (
            quarter(2026, 4),
            date(2026, 11, 9),
            [date(2026, 10, 1), date(2026, 11, 1)],
            [(date(2026, 11, 10), date(2026, 12, 31))],
        ),
        (
            custom(date(2026, 9, 15), date(2026, 12, 10)),
            date(2026, 12, 20),
            [date(2026, 10, 1), date(2026, 11, 1)],
            [(date(2026, 9, 15), date(2026, 9, 30)), (date(2026, 12, 1), date(2026, 12, 10))],
        ),
        # The month's tally runs to the 20th, past the period's end: its days are counted live.
        (
            custom(date(2026, 12, 1), date(2026, 12, 10)),
            date(2026, 12, 20),
            [],
            [(date(2026, 12, 1), date(2026, 12, 10))],
        ),
    ],
)
def test_splitting_a_period_for_a_monthly_tally(period, through, tallied, live):
    months, parts = split_for_monthly_tally(period, through)
    assert months == tallied
    assert [(part.start, part.end) for part in parts] == live
