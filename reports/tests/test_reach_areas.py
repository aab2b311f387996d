"""Reach by where families live, against hand-counted fixtures: May 2025 at Tilbury, whose
council (E06000034) has three small areas, A and B in Tilbury ward, C in Ockendon ward.

Children (mid-2024): A has 10 of each age 0, 1 and 2, B 20 and C 30, so Tilbury ward 30 of
each age (90 aged 0 to 2) and Ockendon 90. The council's 780 births in 2024 are shared by babies
aged 0 (10, 20 and 30 of 60) and 40/52 of them are on the way at any time: 100, 200 and 300
expectant families.
"""

from datetime import date, datetime, time

import pytest

from directory.tests.factories import AddressFactory, LocationFactory
from families.models import Family
from families.tests.factories import ChildFactory, FamilyFactory
from geo.models import Births, ChildPopulation, Postcode, SmallArea
from reports.periods import LONDON, month
from reports.reach import reach_by_deprivation, reach_by_small_area, reach_by_ward
from reports.scopes import ReportScope, command_line_scope
from reports.tests import factories as make

pytestmark = pytest.mark.django_db
MAY = month(2025, 5)
COUNCIL = "E06000034"
AREAS = {  # code: (postcode, ward, decile, children of each age 0 to 2 at mid-2024)
    "E01000001": ("RM18 7AA", "Tilbury", 1, 10),
    "E01000002": ("RM18 8AA", "Tilbury", 2, 20),
    "E01000003": ("RM15 5EE", "Ockendon", None, 30),
}


@pytest.fixture
def tilbury():
    for code, (postcode, ward, decile, children) in AREAS.items():
        area = SmallArea.objects.create(
            code=code,
            name=f"Thurrock {code[-1]}",
            ward_code=f"E0500000{len(ward)}",
            ward_name=ward,
            local_authority_code=COUNCIL,
            imd_decile=decile,
        )
        Postcode.objects.create(
            postcode=postcode, latitude=51.46, longitude=0.36, small_area_code=code
        )
        Postcode.objects.filter(postcode=postcode).update(local_authority_code=COUNCIL)
        for age in (0, 1, 2):
            ChildPopulation.objects.create(small_area=area, year=2024, age=age, count=children)
            # An older estimate, and one after the period: neither is used for May 2025.
            ChildPopulation.objects.create(small_area=area, year=2023, age=age, count=1)
            ChildPopulation.objects.create(small_area=area, year=2026, age=age, count=1)
    # A small area of a neighbouring council: its families are outside the area.
    basildon = SmallArea.objects.create(code="E01000009", local_authority_code="E07000066")
    ChildPopulation.objects.create(small_area=basildon, year=2024, age=0, count=500)
    Postcode.objects.create(
        postcode="SS14 1AA", latitude=51.57, longitude=0.46, small_area_code="E01000009"
    )
    Births.objects.create(local_authority_code=COUNCIL, year=2024, count=780)
    Births.objects.create(local_authority_code=COUNCIL, year=2023, count=52)
    hub = LocationFactory(name="Tilbury Family Hub")
    AddressFactory(location=hub, postal_code="RM18 7AA")
    return hub


def families(hub, postcode: str, count: int, registered_on=date(2025, 1, 6)) -> list[Family]:
    made = [
        FamilyFactory(hub=hub, home_postcode=postcode, with_members=False) for _ in range(count)
    ]
    moment = datetime.combine(registered_on, time(12), LONDON)
    Family.objects.filter(pk__in=[f.pk for f in made]).update(created=moment)
    return made


@pytest.fixture
def reached(tilbury):
    """A: 12 registered, 10 seen in May (5 came in April too), 5 of them expecting in May and
    1 whose baby was born in March. B: 8 registered, 5 seen for the first time. Outside: 6
    with a postcode we do not hold and 5 from the neighbouring council, none seen."""
    in_a = families(tilbury, "RM18 7AA", 12)
    in_b = families(tilbury, "RM18 8AA", 8)
    families(tilbury, "ZE1 0AA", 6)
    families(tilbury, "SS14 1AA", 5)
    families(tilbury, "RM18 8AA", 7, registered_on=date(2025, 6, 2))  # after May
    for family in in_a[:5]:
        ChildFactory(family=family, date_of_birth=None, due_date=date(2025, 12, 1))
    ChildFactory(family=in_a[5], date_of_birth=date(2025, 3, 2), due_date=date(2025, 3, 1))
    ChildFactory(family=in_a[6], date_of_birth=None, due_date=date(2026, 4, 1))  # not yet
    april, may = make.session(tilbury, date(2025, 4, 11)), make.session(tilbury, date(2025, 5, 9))
    make.came(april, in_a[5:10])
    make.came(may, in_a[:10] + in_b[:5])
    make.came(make.session(tilbury, date(2025, 5, 16)), in_a[:3])  # seen twice: counted once
    return tilbury


def _rows(table) -> dict[str, dict[str, str]]:
    keys = [column.key for column in table.columns]
    return {
        row.label: dict(zip(keys, (f.on_page() for f in row.figures), strict=True))
        for row in (*table.rows, table.total)
    }


def test_reach_by_ward_beside_the_children_and_expectant_families_living_there(reached):
    rows = _rows(reach_by_ward(MAY, command_line_scope()))

    assert list(rows) == [
        "Ockendon",
        "Tilbury",
        "Outside the area, or postcode not found",
        "All areas in this report",
    ]
    assert rows["Tilbury"] == {
        "registered": "20",
        "seen": "15",
        "first_time": "10",
        "returning": "5",
        "aged_0": "30",
        "aged_1": "30",
        "aged_2": "30",
        "registered_rate": "22",  # 20 of 90
        "seen_rate": "17",  # 15 of 90
        "expecting_registered": "5",
        "expecting_seen": "5",
        "expectant": "300",
        "expecting_registered_rate": "2",  # 5 of 300
        "expecting_seen_rate": "2",
    }
    assert rows["Ockendon"]["registered"] == rows["Ockendon"]["seen"] == "0"
    assert (rows["Ockendon"]["aged_2"], rows["Ockendon"]["seen_rate"]) == ("30", "0")
    outside = rows["Outside the area, or postcode not found"]
    assert (outside["registered"], outside["aged_0"], outside["seen_rate"]) == ("11", "0", "none")
    total = rows["All areas in this report"]
    assert (total["registered"], total["seen"], total["expectant"]) == ("31", "15", "600")
    assert (total["registered_rate"], total["seen_rate"]) == ("17", "8")  # 31 and 15 of 180


def test_reach_by_deprivation_decile_most_deprived_first(reached):
    rows = _rows(reach_by_deprivation(MAY, command_line_scope()))

    assert list(rows)[:3] == [
        "1 (most deprived 10% in England)",
        "2",
        "Deprivation decile not known",
    ]
    most = rows["1 (most deprived 10% in England)"]
    assert (most["registered"], most["seen"], most["registered_rate"], most["seen_rate"]) == (
        "12",
        "10",
        "40",  # 12 of 30
        "33",  # 10 of 30
    )
    assert (rows["2"]["first_time"], rows["2"]["returning"], rows["2"]["expectant"]) == (
        "5",
        "0",
        "200",
    )


def test_every_small_area_of_the_council_has_a_row_even_with_no_family(reached):
    rows = _rows(reach_by_small_area(MAY, command_line_scope()))
    assert [label for label in rows if label.startswith("Thurrock")] == [
        "Thurrock 1",
        "Thurrock 2",
        "Thurrock 3",
    ]
    assert rows["Thurrock 3"]["expectant"] == "300"


def test_a_rate_on_a_small_count_is_hidden_with_it(tilbury):
    in_b = families(tilbury, "RM18 8AA", 3)
    families(tilbury, "RM18 7AA", 9)
    make.came(make.session(tilbury, date(2025, 5, 9)), in_b)

    rows = _rows(reach_by_small_area(MAY, command_line_scope()))

    assert (rows["Thurrock 2"]["registered"], rows["Thurrock 2"]["registered_rate"]) == (
        "fewer than 5",
        "not shown",
    )
    assert rows["Thurrock 2"]["seen"] == "fewer than 5"
    assert rows["Thurrock 2"]["seen_rate"] == "not shown"
    # 9 in A could give away the 3 in B from the total of 12: one of them is hidden too.
    assert "not shown" in (
        rows["Thurrock 1"]["registered"],
        rows["All areas in this report"]["registered"],
    )
    assert rows["Thurrock 2"]["aged_1"] == "20"  # published estimates are never hidden


def test_a_hub_manager_sees_only_their_hubs_families_against_the_whole_area(reached):
    other = LocationFactory(name="Grays Family Hub")
    families(other, "RM18 7AA", 9)

    rows = _rows(reach_by_ward(MAY, ReportScope((other,), (), everything=False)))

    # Grays has no address, so the area is every small area held, Basildon's too.
    assert rows["Tilbury"]["registered"] == "9"
    assert rows["Tilbury"]["seen"] == "0"
    assert rows["All areas in this report"]["aged_0"] == str(10 + 20 + 30 + 500)
