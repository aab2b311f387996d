"""Reach: families registered with the hubs, and families seen at their sessions (first-time,
never seen at any hub before the period, or returning), by hub, and by where families live
(ward, small area or deprivation decile) beside the area's children aged 0, 1 and 2 and its
expectant families, as rates per 100.

Where a family lives comes from their home postcode through the ONS Postcode Directory to a
small area (LSOA); wards and deciles are built from LSOAs, the same way as the population
they are compared with, so that every family counted has a denominator on the same row.
The counting itself, from tallies or live, is in `reports.reach_tallies`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from directory.models import Address
from geo.models import Births, ChildPopulation, Postcode, SmallArea
from geo.postcodes import normalise_postcode
from reports.periods import Period
from reports.reach_tallies import counts_by_hub, counts_by_small_area
from reports.scopes import ReportScope
from reports.tables import Column, Split, Table, protected_table

HUB_COLUMNS = (
    Column("registered", "Families registered at the end of the period"),
    Column("new", "Newly registered in the period"),
    Column("seen", "Families seen at sessions"),
    Column("first_time", "Seen for the first time"),
    Column("returning", "Seen before"),
)
SEEN_SPLIT = Split(parts=("first_time", "returning"), total="seen")
AGES = (0, 1, 2)
# Published ONS estimates, not counts of the families we hold: shown as they are.
AREA_COLUMNS = (
    Column("registered", "Families registered with a hub"),
    Column("seen", "Families seen at least once"),
    Column("first_time", "Seen for the first time"),
    Column("returning", "Seen before"),
    *(
        Column(f"aged_{age}", f"Children aged {age} (ONS estimate)", about_people=False)
        for age in AGES
    ),
    Column(
        "registered_rate",
        "Families registered per 100 children aged 0 to 2",
        about_people=False,
        based_on="registered",
    ),
    Column(
        "seen_rate",
        "Families seen per 100 children aged 0 to 2",
        about_people=False,
        based_on="seen",
    ),
    Column("expecting_registered", "Families expecting a baby, registered"),
    Column("expecting_seen", "Families expecting a baby, seen"),
    Column("expectant", "Expectant families (estimated from births)", about_people=False),
    Column(
        "expecting_registered_rate",
        "Expecting families registered per 100 expectant families",
        about_people=False,
        based_on="expecting_registered",
    ),
    Column(
        "expecting_seen_rate",
        "Expecting families seen per 100 expectant families",
        about_people=False,
        based_on="expecting_seen",
    ),
)
RATES = {
    "registered_rate": ("registered", "children"),
    "seen_rate": ("seen", "children"),
    "expecting_registered_rate": ("expecting_registered", "expectant"),
    "expecting_seen_rate": ("expecting_seen", "expectant"),
}
# A pregnancy lasts about 40 weeks, so at any time about 40/52 of a year's births are on the
# way. Twins and more (about 1 birth in 65) make the estimate a little high; we accept that.
EXPECTANT_PER_BIRTH = 40 / 52
OUTSIDE = "Outside the area, or postcode not found"
DECILE_NOT_KNOWN = "Deprivation decile not known"


def reach_by_hub(period: Period, scope: ReportScope) -> Table:
    """A family seen at two hubs counts once at each (rows add up to the total row)."""
    counts = counts_by_hub(period, [hub.id for hub in scope.hubs])
    rows = []
    for hub in scope.hubs:
        families = counts.get(hub.id, {})
        seen, returning = families.get("seen", 0), families.get("returning", 0)
        rows.append(
            (
                hub.name,
                {
                    "registered": families.get("registered", 0),
                    "new": families.get("new", 0),
                    "first_time": seen - returning,
                    "returning": returning,
                },
            )
        )
    return protected_table(
        "Family hub",
        HUB_COLUMNS,
        rows,
        splits=[SEEN_SPLIT],
        total_label="All hubs in this report",
    )


# Reach by where families live.


@dataclass
class _AreaRow:
    label: str
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    children: list[int] = field(default_factory=lambda: [0, 0, 0])
    expectant: float = 0.0


def _estimate_year[T](model: type[T], period: Period) -> int | None:
    """The latest year of figures not after the period's end (or the earliest held)."""
    years = model.objects.values_list("year", flat=True).distinct()
    before = [year for year in years if year <= period.end.year]
    return max(before) if before else min(years, default=None)


def area_of_hubs(scope: ReportScope) -> QuerySet[SmallArea]:
    """The small areas of the councils the hubs stand in (by their postcodes); every small area
    held when no hub's postcode is in the Postcode Directory."""
    postcodes = {
        normalise_postcode(code)
        for code in Address.objects.filter(location__in=scope.hubs).values_list(
            "postal_code", flat=True
        )
    }
    councils = set(
        Postcode.objects.filter(postcode__in=postcodes)
        .exclude(local_authority_code="")
        .values_list("local_authority_code", flat=True)
    )
    areas = SmallArea.objects.all()
    return areas.filter(local_authority_code__in=councils) if councils else areas


def _area_table(
    period: Period, scope: ReportScope, heading: str, row_of: Callable[[SmallArea], str]
) -> Table:
    """Families reached by where they live, grouped by `row_of(small area)` (a row label),
    beside the children and expectant families of those small areas."""
    areas = {area.code: area for area in area_of_hubs(scope).order_by("code")}
    rows: dict[str, _AreaRow] = {}
    for area in areas.values():
        label = row_of(area)
        rows.setdefault(label, _AreaRow(label))
    outside = _AreaRow(OUTSIDE)
    for code, counts in counts_by_small_area(period, [h.id for h in scope.hubs]).items():
        row = rows[row_of(areas[code])] if code in areas else outside
        for key, value in counts.items():
            row.counts[key] += value
    _add_denominators(period, areas, rows, row_of)

    ordered = [*sorted(rows.values(), key=lambda row: _order(row.label)), outside]
    counts = [(row.label, _row_counts(row)) for row in ordered]
    totals = {key: sum(values[key] for _, values in counts) for key in ("children", "expectant")}
    for key in ("registered", "seen", "expecting_registered", "expecting_seen"):
        totals[key] = sum(values[key] for _, values in counts)
    return protected_table(
        heading,
        AREA_COLUMNS,
        counts,
        splits=[SEEN_SPLIT],
        total_label="All areas in this report",
        total_values={rate: _per_100(totals[n], totals[d]) for rate, (n, d) in RATES.items()},
    )


def _add_denominators(
    period: Period,
    areas: dict[str, SmallArea],
    rows: dict[str, _AreaRow],
    row_of: Callable[[SmallArea], str],
) -> None:
    """Children aged 0 to 2 and expectant families: a council's births shared out over its
    small areas by their babies aged 0 (ONS publishes births by council, not by LSOA)."""
    year = _estimate_year(ChildPopulation, period)
    population = ChildPopulation.objects.filter(year=year)
    babies: dict[str, int] = {}
    for code, age, count in population.filter(small_area__in=areas).values_list(
        "small_area_id", "age", "count"
    ):
        rows[row_of(areas[code])].children[age] += count
        if age == 0:
            babies[code] = count
    councils = {areas[code].local_authority_code for code in babies}
    babies_in_council = dict(
        population.filter(age=0, small_area__local_authority_code__in=councils)
        .values("small_area__local_authority_code")
        .annotate(total=Sum("count"))
        .values_list("small_area__local_authority_code", "total")
    )
    births = dict(
        Births.objects.filter(
            year=_estimate_year(Births, period), local_authority_code__in=councils
        ).values_list("local_authority_code", "count")
    )
    for code, count in babies.items():
        council = areas[code].local_authority_code
        if births.get(council) and babies_in_council.get(council):
            share = count / babies_in_council[council]
            rows[row_of(areas[code])].expectant += births[council] * share * EXPECTANT_PER_BIRTH


def _row_counts(row: _AreaRow) -> dict[str, int | None]:
    seen, returning = row.counts["seen"], row.counts["returning"]
    values: dict[str, int | None] = {
        "registered": row.counts["registered"],
        "first_time": seen - returning,
        "returning": returning,
        "expecting_registered": row.counts["expecting_registered"],
        "expecting_seen": row.counts["expecting_seen"],
        "children": sum(row.children),
        "expectant": round(row.expectant),
        "seen": seen,
    }
    values |= {f"aged_{age}": row.children[age] for age in AGES}
    values |= {rate: _per_100(values[n], values[d]) for rate, (n, d) in RATES.items()}
    return values


def _per_100(numerator: int, denominator: int) -> int | None:
    return round(100 * numerator / denominator) if denominator else None


def _order(label: str) -> tuple[int, str]:
    """Deciles in number order (1 is the most deprived), 'not known' last; names A to Z."""
    number = label.split(" ", 1)[0]
    return (int(number), label) if number.isdigit() else (11, label)


def reach_by_ward(period: Period, scope: ReportScope) -> Table:
    return _area_table(period, scope, "Ward", _ward_label)


def reach_by_small_area(period: Period, scope: ReportScope) -> Table:
    return _area_table(period, scope, "Small area (LSOA)", lambda area: area.name or area.code)


def reach_by_deprivation(period: Period, scope: ReportScope) -> Table:
    return _area_table(period, scope, "Deprivation decile", _decile_label)


def _ward_label(area: SmallArea) -> str:
    return area.ward_name or area.ward_code or "Ward not known"


def _decile_label(area: SmallArea) -> str:
    if area.imd_decile is None:
        return DECILE_NOT_KNOWN
    if area.imd_decile == 1:
        return "1 (most deprived 10% in England)"
    if area.imd_decile == 10:
        return "10 (least deprived 10% in England)"
    return str(area.imd_decile)
