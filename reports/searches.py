"""Unmet need: what parents search for, and how often a search finds nothing nearby, by area
and by topic. A search is counted once (its first page), by postcode district or town and age
band only."""

from datetime import date

from django.db import connection
from django.db.models import Sum

from directory.eligibility import Child
from geo.postcodes import Place
from reports.models import SearchTally
from reports.periods import Period
from reports.scopes import ReportScope
from reports.tables import Column, Split, Table, protected_table

AGE_BANDS = ("Expecting", "Under 1", "1 year old", "2 years old", "3 to 4", "5 or older")
NOT_SAID = "Not said"

COLUMNS = (
    Column("searches", "Searches"),
    Column("found", "Found support nearby"),
    Column("nothing", "Found nothing nearby"),
)
FOUND_SPLIT = Split(parts=("found", "nothing"), total="searches")


def age_band(child: Child | None, today: date) -> str:
    if child is None:
        return NOT_SAID
    if child.is_expected_on(today):
        return AGE_BANDS[0]
    born = child.date_of_birth
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years < 3:
        return AGE_BANDS[years + 1]
    return AGE_BANDS[4] if years < 5 else AGE_BANDS[5]


def area_of(postcode_or_town: str, precision: str) -> str:
    """A town as typed, or a postcode's district (its outward code): never a full postcode."""
    if precision == "town":
        return postcode_or_town[:60]
    return postcode_or_town.split()[0].upper()


def record_search(
    place: Place, child: Child | None, topic: str, within_miles: int, found: bool, today: date
) -> None:
    """Add one to the day's tally for this kind of search, in one statement whatever came
    before (so the find page's queries stay the same from search to search). The place becomes
    its district or town and the child an age band here, so nothing finer is ever written."""
    table = SearchTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} "  # noqa: S608 (the table name is ours; values are parameters)
            "(day, area, topic, age_band, within_miles, found_something, searches) "
            "VALUES (%s, %s, %s, %s, %s, %s, 1) "
            "ON CONFLICT (day, area, topic, age_band, within_miles, found_something) "
            f"DO UPDATE SET searches = {table}.searches + 1",
            [
                today,
                area_of(place.postcode, place.precision),
                topic,
                age_band(child, today),
                within_miles,
                found,
            ],
        )


def _table(period: Period, dimension: str, heading: str) -> Table:
    rows = (
        SearchTally.objects.filter(day__range=(period.start, period.end))
        .values(dimension, "found_something")
        .annotate(n=Sum("searches"))
        .order_by(dimension)
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        label = row[dimension] or "Any topic"
        tally = counts.setdefault(label, {"found": 0, "nothing": 0})
        tally["found" if row["found_something"] else "nothing"] += row["n"]
    return protected_table(
        heading, COLUMNS, list(counts.items()), splits=[FOUND_SPLIT], total_label="All searches"
    )


def searches_by_area(period: Period, scope: ReportScope) -> Table:
    return _table(period, "area", "Postcode district or town")


def searches_by_topic(period: Period, scope: ReportScope) -> Table:
    return _table(period, "topic", "Topic")
