"""Reach tallies: a standard period read from its tally says what the live count says, first-time
and returning families across period boundaries, a family seen at two hubs, scopes of one hub,
of several and of all, and what a refresh changes. Hand-counted fixtures:

Aveley has families A1 to A6 (living in small area X) registered in January 2025 and A7 (X)
registered on 20 May; Tilbury has T1 to T4 (small area Y). A4 is expecting in September 2025.
Sessions: Aveley 11 April (A1, A2), Aveley 9 May (A1 to A4), Tilbury 16 May (A3, T1, T2),
Tilbury 6 June (T1, T3).
"""

from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from directory.tests.factories import LocationFactory
from families.models import Family
from families.tests.factories import ChildFactory
from geo.models import Postcode
from reports.models import FirstAttendance, ReachTallied, ReachTally
from reports.periods import custom, month, quarter
from reports.reach import reach_by_hub
from reports.reach_tallies import (
    MEASURES,
    count_reach,
    counts_by_hub,
    counts_by_small_area,
    refresh_reach_tallies,
    standard_periods,
)
from reports.scopes import command_line_scope
from reports.tests import factories as make

pytestmark = pytest.mark.django_db
APRIL, MAY, JUNE, Q2 = month(2025, 4), month(2025, 5), month(2025, 6), quarter(2025, 2)
X, Y = "E01000001", "E01000003"


def _families(hub, postcode: str, count: int, registered_on=date(2025, 1, 6)) -> list[Family]:
    made = make.families(hub, count, registered_on)
    Family.objects.filter(pk__in=[family.pk for family in made]).update(home_postcode=postcode)
    return made


@pytest.fixture
def hubs():
    Postcode.objects.create(postcode="RM18 7AA", latitude=51.46, longitude=0.36, small_area_code=X)
    Postcode.objects.create(postcode="RM15 5EE", latitude=51.51, longitude=0.29, small_area_code=Y)
    aveley, tilbury = LocationFactory(name="Aveley"), LocationFactory(name="Tilbury")
    a = _families(aveley, "RM18 7AA", 6)
    _families(aveley, "RM18 7AA", 1, registered_on=date(2025, 5, 20))
    t = _families(tilbury, "RM15 5EE", 4)
    ChildFactory(family=a[3], date_of_birth=None, due_date=date(2025, 9, 1))
    make.came(make.session(aveley, date(2025, 4, 11)), a[:2])
    make.came(make.session(aveley, date(2025, 5, 9)), a[:4])
    make.came(make.session(tilbury, date(2025, 5, 16)), [a[2], t[0], t[1]])
    make.came(make.session(tilbury, date(2025, 6, 6)), [t[0], t[2]])
    return aveley, tilbury, a, t


def _by_hub(period, *hubs) -> dict[str, tuple[int, int, int, int]]:
    """(registered, new, seen, returning) by hub name."""
    counts = counts_by_hub(period, [hub.id for hub in hubs])
    return {
        hub.name: tuple(counts[hub.id][m] for m in ("registered", "new", "seen", "returning"))
        for hub in hubs
    }


def _by_area(period, *hubs) -> dict[str, tuple[int, int, int, int, int]]:
    """(registered, seen, returning, expecting registered, expecting seen) by small area."""
    measures = ("registered", "seen", "returning", "expecting_registered", "expecting_seen")
    counts = counts_by_small_area(period, [hub.id for hub in hubs])
    return {area: tuple(values[m] for m in measures) for area, values in counts.items()}


def _refresh(today: date, *arguments: str) -> str:
    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        call_command("refresh_report_tallies", *arguments, stdout=out)
    return out.getvalue()


def _tallied(*periods) -> bool:
    return all(ReachTallied.objects.filter(period=period.key).exists() for period in periods)


def test_hand_counted_figures_are_the_same_live_and_tallied(hubs):
    aveley, tilbury, *_ = hubs
    may_by_hub = {"Aveley": (7, 1, 4, 2), "Tilbury": (4, 0, 3, 0)}
    may_by_area = {X: (7, 4, 2, 1, 1), Y: (4, 2, 0, 0, 0)}
    q2_by_hub = {"Aveley": (7, 1, 4, 0), "Tilbury": (4, 0, 4, 0)}
    assert _by_hub(MAY, aveley, tilbury) == may_by_hub
    assert _by_area(MAY, aveley, tilbury) == may_by_area
    assert _by_hub(Q2, aveley, tilbury) == q2_by_hub

    refresh_reach_tallies(date(2025, 7, 1), None)

    assert _tallied(APRIL, MAY, JUNE, Q2, month(2025, 1), quarter(2025, 1))
    # July was running on the 1st: counted to that day.
    assert ReachTallied.objects.get(period="2025-07").through == date(2025, 7, 1)
    assert _by_hub(MAY, aveley, tilbury) == may_by_hub
    assert _by_area(MAY, aveley, tilbury) == may_by_area
    assert _by_hub(Q2, aveley, tilbury) == q2_by_hub
    # Every place's rows and the all-hubs rows are what a live count says.
    for period in (APRIL, MAY, JUNE, Q2):
        rows = ReachTally.objects.filter(period=period.key).values(
            "location_id", "small_area", *MEASURES
        )
        tallied = {(row.pop("location_id"), row.pop("small_area")): row for row in rows}
        live = count_reach(period, None, by_hub=True, by_area=True)
        together = count_reach(period, [aveley.id, tilbury.id], by_hub=False, by_area=True)
        assert tallied == {**live, **together}


def test_first_time_and_returning_across_period_boundaries(hubs):
    aveley, tilbury, *_ = hubs
    refresh_reach_tallies(date(2025, 7, 1), None)

    # A1 and A2 came in April: returning in May, but first-time in the quarter that has April.
    assert _by_hub(MAY, aveley)["Aveley"][2:] == (4, 2)
    assert _by_hub(Q2, aveley)["Aveley"][2:] == (4, 0)
    # T1 came on 16 May: returning in June; T3 first-time.
    assert _by_hub(JUNE, tilbury)["Tilbury"][2:] == (2, 1)
    assert _by_area(JUNE, aveley, tilbury)[Y][1:3] == (2, 1)
    assert FirstAttendance.objects.count() == 7


def test_a_family_seen_at_two_hubs_counts_at_each_but_once_in_its_area(hubs):
    aveley, tilbury, *_ = hubs
    refresh_reach_tallies(date(2025, 7, 1), None)
    table = reach_by_hub(MAY, command_line_scope())

    assert table.total_of("seen").value == 7  # A3 at Aveley and at Tilbury
    assert _by_area(MAY, aveley, tilbury)[X][1] == 4  # A1 to A4 once
    assert _by_area(MAY, tilbury) == {X: (0, 1, 0, 0, 0), Y: (4, 2, 0, 0, 0)}
    assert _by_area(MAY, aveley) == {X: (7, 4, 2, 1, 1)}


def test_a_scope_of_some_hubs_but_not_all_is_counted_live(hubs):
    aveley, tilbury, a, _ = hubs
    grays = LocationFactory(name="Grays")
    refresh_reach_tallies(date(2025, 7, 1), None)
    make.came(make.session(grays, date(2025, 5, 23)), a[4:6])  # after the refresh

    # Aveley and Tilbury without Grays: counted live, without Grays' register.
    assert _by_area(MAY, aveley, tilbury)[X] == (7, 4, 2, 1, 1)
    # Grays alone reads its own rows, tallied before its register was taken; all three hubs
    # read the all-hubs rows.
    assert _by_area(MAY, grays) == {}
    assert _by_area(MAY, aveley, tilbury, grays)[X] == (7, 4, 2, 1, 1)

    refresh_reach_tallies(date(2025, 7, 1), None)

    assert _by_area(MAY, grays) == {X: (0, 2, 0, 0, 0)}
    assert _by_area(MAY, aveley, tilbury, grays)[X] == (7, 6, 2, 1, 1)


def test_a_custom_period_and_one_counted_before_it_ended_are_counted_live(hubs):
    _, tilbury, _, t = hubs
    refresh_reach_tallies(date(2025, 6, 1), None)  # the first sessions are known up to 1 June
    later = make.session(tilbury, date(2025, 6, 20))
    make.came(later, [t[0], t[2], t[3]])

    # T1 came on 16 May and T3 on 6 June (after the mark, before the 10th): both returning.
    june_from_the_10th = custom(date(2025, 6, 10), date(2025, 6, 30))
    assert _by_hub(june_from_the_10th, tilbury)["Tilbury"][2:] == (3, 2)
    # June was counted to the 1st, while it ran; it has ended since: counted live.
    assert ReachTallied.objects.get(period=JUNE.key).through == date(2025, 6, 1)
    assert _by_hub(JUNE, tilbury)["Tilbury"][2:] == (3, 1)


def test_a_period_in_progress_is_read_as_counted_last_night(hubs):
    _, tilbury, _, t = hubs
    today = date(2025, 6, 21)
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        refresh_reach_tallies(today - timedelta(days=1), 28)
        make.came(make.session(tilbury, date(2025, 6, 20)), [t[3]])  # recorded after the run

        # To the 20th: T1 and T3 came on 6 June (T1 returning), T4's register came later.
        assert _by_hub(JUNE, tilbury)["Tilbury"][2:] == (2, 1)
        assert ReachTallied.objects.get(period=Q2.key).through == date(2025, 6, 20)

    with mock.patch("django.utils.timezone.localdate", return_value=today + timedelta(days=2)):
        assert _by_hub(JUNE, tilbury)["Tilbury"][2:] == (3, 1)  # a night missed: live


def test_a_refresh_recounts_the_periods_with_its_days_and_all_of_them_with_all(hubs):
    _, tilbury, _, t = hubs
    # Every period from January (the first registrations), ended or running on 1 July.
    assert "12 periods tallied" in _refresh(date(2025, 7, 2), "--all")
    make.came(make.session(tilbury, date(2025, 5, 30)), [t[3]])  # a May register put right
    make.came(make.session(tilbury, date(2025, 6, 27)), [t[3]])

    assert _by_hub(MAY, tilbury)["Tilbury"][2] == 3  # still the tally
    assert _by_hub(custom(MAY.start, MAY.end), tilbury)["Tilbury"][2] == 4  # live

    out = _refresh(date(2025, 7, 3), "--days", "28")  # 5 June to 2 July

    assert "5 periods tallied (FY2025, 2025-Q2, 2025-Q3, 2025-06, 2025-07)" in out
    assert _by_hub(JUNE, tilbury)["Tilbury"][2:] == (3, 2)  # T4 came in May, as corrected
    assert _by_hub(Q2, tilbury)["Tilbury"][2] == 5
    assert _by_hub(MAY, tilbury)["Tilbury"][2] == 3  # May is not recounted nightly

    _refresh(date(2025, 7, 3), "--all")

    assert _by_hub(MAY, tilbury)["Tilbury"][2] == 4


def test_a_changed_list_of_hubs_recounts_the_all_hubs_rows_of_every_period(hubs):
    aveley, tilbury, *_ = hubs
    refresh_reach_tallies(date(2025, 7, 1), None)
    tilbury.is_family_hub = False
    tilbury.save()

    assert _by_area(MAY, aveley)[X] == (7, 4, 2, 1, 1)  # Aveley's own rows
    out = refresh_reach_tallies(date(2025, 7, 2), 1)

    assert "2025-05" in out and "FY2024" in out
    assert ReachTallied.objects.get(period="2025-05").hubs == [str(aveley.id)]
    assert _by_area(MAY, aveley) == {X: (7, 4, 2, 1, 1)}


def test_standard_periods_are_those_with_any_of_the_days_ended_or_running():
    keys = [p.key for p in standard_periods(date(2025, 3, 15), date(2025, 7, 1))]
    assert sorted(keys) == sorted(
        [
            *("2025-03", "2025-04", "2025-05", "2025-06", "2025-07"),
            *("2025-Q1", "2025-Q2", "2025-Q3", "FY2024", "FY2025"),
        ]
    )


def test_before_any_refresh_the_first_sessions_are_looked_up_live(hubs):
    _, tilbury, *_ = hubs
    assert not FirstAttendance.objects.exists()
    assert _by_hub(JUNE, tilbury)["Tilbury"][2:] == (2, 1)
    assert _by_hub(MAY, tilbury)["Tilbury"][2:] == (3, 0)
