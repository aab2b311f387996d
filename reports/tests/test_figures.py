"""Report figures against hand-counted fixtures (November 2026 at two hubs)."""

from datetime import date

import pytest

from bookings.models import Booking
from directory.tests.factories import LocationFactory
from reports.attendance import attendance_by_hub
from reports.periods import month
from reports.reach import reach_by_hub
from reports.scopes import command_line_scope
from reports.tests import factories as make

pytestmark = pytest.mark.django_db
NOVEMBER = month(2026, 11)


@pytest.fixture
def hubs():
    return LocationFactory(name="Aveley Family Hub"), LocationFactory(name="Tilbury Family Hub")


def _row(table, label):
    row = next(row for row in table.rows if row.label == label)
    return {c.key: f.on_page() for c, f in zip(table.columns, row.figures, strict=True)}


def test_attendance_counts_sessions_places_bookings_children_and_visitors(hubs):
    aveley, _ = hubs
    regulars = make.families(aveley, 14, date(2026, 1, 5))
    first = make.session(aveley, date(2026, 11, 6))
    make.session(aveley, date(2026, 11, 13), cancelled=True)
    counted_only = make.session(aveley, date(2026, 11, 20))
    make.session(aveley, date(2026, 12, 4))  # after the period: not counted
    make.session(aveley, date(2026, 11, 27))  # no register taken: offered, not held
    make.booked(first, regulars[:9])
    make.booked(first, regulars[9:10], status=Booking.Status.CANCELLED)
    make.came(first, regulars[:9])
    make.came(first, regulars[9:11], walk_in=True)
    make.did_not_come(first, regulars[11:14])
    make.counted(counted_only, adults=4, children=6)

    table = attendance_by_hub(NOVEMBER, command_line_scope())

    assert _row(table, "Aveley Family Hub") == {
        "sessions": "2",
        "cancelled": "1",
        "places": "30",
        "booked": "9",
        "attended": "11",
        "walk_ins": "fewer than 5",
        "no_shows": "fewer than 5",
        "visitors": "10",
    }
    assert _row(table, "Tilbury Family Hub")["attended"] == "0"
    totals = dict(zip([c.key for c in table.columns], table.total.figures, strict=True))
    assert totals["attended"].on_page() == "11"
    # The totals of 2 walk-ins and 3 no-shows are small counts too.
    assert totals["walk_ins"].on_page() == totals["no_shows"].on_page() == "fewer than 5"


def test_walk_ins_and_no_shows_shown_when_no_hub_has_a_small_count(hubs):
    aveley, _ = hubs
    regulars = make.families(aveley, 16, date(2026, 1, 5))
    first = make.session(aveley, date(2026, 11, 6), capacity=20)
    make.came(first, regulars[:6], walk_in=True)
    make.did_not_come(first, regulars[6:16])

    row = _row(attendance_by_hub(NOVEMBER, command_line_scope()), "Aveley Family Hub")

    assert (row["attended"], row["walk_ins"], row["no_shows"]) == ("6", "6", "10")


def test_reach_splits_families_seen_into_first_time_and_returning(hubs):
    aveley, tilbury = hubs
    known = make.families(aveley, 5, date(2026, 1, 5))
    new_here = make.families(aveley, 6, date(2026, 11, 2))
    make.families(aveley, 3, date(2026, 12, 1))  # registered after the period
    october = make.session(aveley, date(2026, 10, 30))
    make.came(october, known)
    november = make.session(aveley, date(2026, 11, 6))
    later = make.session(aveley, date(2026, 11, 20))
    make.came(november, known + new_here)
    make.came(later, new_here)  # seen twice in the period: still one family
    tilbury_families = make.families(tilbury, 8, date(2026, 3, 1))
    make.came(make.session(tilbury, date(2026, 11, 7)), tilbury_families)

    table = reach_by_hub(NOVEMBER, command_line_scope())

    assert _row(table, "Aveley Family Hub") == {
        "registered": "11",
        "new": "6",
        "seen": "11",
        "first_time": "6",
        "returning": "5",
    }
    assert _row(table, "Tilbury Family Hub") == {
        "registered": "8",
        "new": "0",
        "seen": "8",
        "first_time": "8",
        "returning": "0",
    }
    assert [f.on_page() for f in table.total.figures] == ["19", "6", "19", "14", "5"]


def test_a_small_count_of_returning_families_hides_a_partner_in_its_row_and_column(hubs):
    aveley, tilbury = hubs
    known = make.families(aveley, 2, date(2026, 1, 5))
    make.came(make.session(aveley, date(2026, 10, 30)), known)
    fresh = make.families(aveley, 9, date(2026, 11, 2))
    make.came(make.session(aveley, date(2026, 11, 6)), known + fresh)
    tilbury_known = make.families(tilbury, 7, date(2026, 1, 5))
    make.came(make.session(tilbury, date(2026, 10, 31)), tilbury_known)
    tilbury_fresh = make.families(tilbury, 12, date(2026, 11, 1))
    make.came(make.session(tilbury, date(2026, 11, 7)), tilbury_known + tilbury_fresh)

    table = reach_by_hub(NOVEMBER, command_line_scope())

    aveley_row = _row(table, "Aveley Family Hub")
    assert aveley_row["returning"] == "fewer than 5"
    assert aveley_row["first_time"] == "not shown"
    # Seen (11) is shown, so Tilbury's pair is hidden too, or Aveley's would follow.
    assert _row(table, "Tilbury Family Hub")["returning"] == "not shown"
