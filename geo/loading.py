"""Loading the ONS files behind postcode search and the reach reports: the Postcode Directory,
the LSOA to ward lookup, mid-year population estimates, births and the Indices of Deprivation.

Each loader reads its file as published (CSV, or .xlsx where ONS publishes a spreadsheet), in
batches, inside one transaction: a wrong file, or a bad row half-way, loads nothing. Loading
again updates what is there (every write is an upsert), so a new year's file can be laid over
the last. Each loader writes only its own fields, so they may run in any order, except that
deprivation deciles need the small areas to exist.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import batched
from pathlib import Path

from django.db import connection, models, transaction

from geo.models import Births, ChildPopulation, Postcode, SmallArea
from geo.postcodes import normalise_postcode
from geo.readers import Heading, WrongFile, read_rows, whole_number

DATA = Path(__file__).parent / "data"
DEMO_POSTCODES = DATA / "demo_postcodes.csv"
# Small made-up files for the demo area (Thurrock), in the real files' formats: see its README.
ILLUSTRATIVE = DATA / "illustrative"
ILLUSTRATIVE_YEAR = 2024
BATCH_SIZE = 5000
AGES = (0, 1, 2)


class NotReady(RuntimeError):
    """Something this file refers to has not been loaded yet."""


# The ONS Postcode Directory names its columns pcds (postcode with a space), lat, long, doterm
# (the date a postcode was ended), lsoa21 or lsoa11 (newer releases: lsoa21cd), osward and
# oslaua. Code-Point Open style files use postcode, latitude and longitude.
POSTCODE_HEADINGS = (
    Heading("postcode", "pcds", ("pcds", "postcode", "pcd")),
    Heading("lat", "lat", ("lat", "latitude")),
    Heading("long", "long", ("long", "longitude", "lon")),
    Heading("ended", "doterm", ("doterm",), required=False),
    Heading("lsoa", "lsoa21cd", ("lsoa21cd", "lsoa21", "lsoa11cd", "lsoa11"), required=False),
    Heading("ward", "osward", ("osward", r"wd\d\dcd"), required=False),
    Heading("la", "oslaua", ("oslaua", r"lad\d\dcd"), required=False),
)
# ONS "LSOA (2021) to Electoral Ward (2024) to LAD (2024) Best Fit Lookup"; the ward and
# council years in the headings change with each release.
WARD_LOOKUP_HEADINGS = (
    Heading("lsoa", "LSOA21CD", (r"lsoa\d\dcd",)),
    Heading("lsoa_name", "LSOA21NM", (r"lsoa\d\dnm",)),
    Heading("ward", "WD24CD", (r"wd\d\dcd",)),
    Heading("ward_name", "WD24NM", (r"wd\d\dnm",)),
    Heading("la", "LAD24CD", (r"lad\d\dcd",)),
    Heading("la_name", "LAD24NM", (r"lad\d\dnm",)),
)
# ONS "Lower layer Super Output Area population estimates" by single year of age and sex (the
# sheet "Mid-2022 LSOA 2021" and its successors): F0..F90 and M0..M90 after the area's names.
POPULATION_HEADINGS = (
    Heading("lsoa", "LSOA 2021 Code", (r"LSOA \d{4} Code",)),
    Heading("lsoa_name", "LSOA 2021 Name", (r"LSOA \d{4} Name",)),
    Heading("la", "LAD 2021 Code", (r"LAD \d{4} Code",)),
    Heading("la_name", "LAD 2021 Name", (r"LAD \d{4} Name",)),
    *(Heading(f"{sex}{age}", f"{sex}{age}", (f"{sex}{age}",)) for sex in "FM" for age in AGES),
)
# English Indices of Deprivation: File 1 of IoD2019 (LSOA 2011 codes) or of IoD2025 (2021
# codes). The CSV of all the indices (File 7) adds "(where 1 is most deprived 10% of LSOAs)".
DEPRIVATION_HEADINGS = (
    Heading("lsoa", "LSOA code (2011)", (r"LSOA code \(2021\)", r"LSOA code \(2011\)")),
    Heading(
        "decile",
        "Index of Multiple Deprivation (IMD) Decile",
        (r"Index of Multiple Deprivation \(IMD\) Decile( \(where 1 is most deprived.*\))?",),
    ),
)
# ONS births by local authority of the mother's usual residence, one row per authority.
BIRTHS_HEADINGS = (
    Heading("la", "Area code", ("Area code", r"lad\d\dcd", "Local authority code")),
    Heading(
        "la_name", "Area name", ("Area name", r"lad\d\dnm", "Local authority name"), required=False
    ),
    Heading("births", "Live births", ("Live births", "Number of live births", "Births")),
)


def _save_in_batches[T](items: Iterable[T], save: Callable[[list[T]], None]) -> int:
    """Save `items` BATCH_SIZE at a time (memory stays flat however long the file)."""
    total = 0
    for batch in batched(items, BATCH_SIZE):
        save(list(batch))
        total += len(batch)
    return total


def _upsert(model: type[models.Model], unique: list[str], fields: list[str]):
    def save(batch: list) -> None:
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=unique, update_fields=fields
        )

    return save


def read_centroids(path: Path) -> Iterator[Postcode]:
    """Live postcodes with a grid reference, and the LSOA, ward and council each lies in."""
    for row in read_rows(path, POSTCODE_HEADINGS, "the ONS Postcode Directory"):
        if row.get("ended"):
            continue
        code = normalise_postcode(row["postcode"])
        if not code or not row["lat"] or not row["long"]:
            continue
        latitude, longitude = float(row["lat"]), float(row["long"])
        if latitude > 90:  # ONSPD marks postcodes with no grid reference as 99.999999
            continue
        yield Postcode(
            postcode=code,
            latitude=latitude,
            longitude=longitude,
            source=path.stem,
            small_area_code=row.get("lsoa", ""),
            ward_code=row.get("ward", ""),
            local_authority_code=row.get("la", ""),
        )


POSTCODE_FIELDS = [
    "latitude",
    "longitude",
    "source",
    "small_area_code",
    "ward_code",
    "local_authority_code",
]


@transaction.atomic
def load_centroids(path: Path) -> int:
    """Insert or update every postcode in the file; returns how many."""
    if connection.vendor == "postgresql":
        return _copy_postcodes(read_centroids(path))
    return _save_in_batches(read_centroids(path), _upsert(Postcode, ["postcode"], POSTCODE_FIELDS))


def _copy_postcodes(postcodes: Iterator[Postcode]) -> int:
    """PostgreSQL: COPY the rows into a temporary table, then upsert them all in one statement,
    which for the 2.7 million row directory is much cheaper than batches of INSERTs."""
    columns = ["postcode", *POSTCODE_FIELDS]
    listed = ", ".join(columns)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in POSTCODE_FIELDS)
    total = 0
    with connection.cursor() as cursor:
        # Created and dropped inside the load's transaction: a failed load leaves nothing.
        cursor.execute("CREATE TEMPORARY TABLE geo_postcode_load (LIKE geo_postcode)")
        with cursor.cursor.copy(f"COPY geo_postcode_load ({listed}) FROM STDIN") as copy:
            for postcode in postcodes:
                copy.write_row([getattr(postcode, name) for name in columns])
                total += 1
        # DISTINCT ON: one upsert may not touch a row twice, should a file list a postcode twice.
        # The names are our own constants, never from the file.
        upsert = (
            f"INSERT INTO geo_postcode ({listed}) SELECT DISTINCT ON (postcode) {listed} "  # noqa: S608
            f"FROM geo_postcode_load ON CONFLICT (postcode) DO UPDATE SET {updates}"
        )
        cursor.execute(upsert)
        cursor.execute("DROP TABLE geo_postcode_load")
    return total


@transaction.atomic
def load_ward_lookup(path: Path, source: str = "ONS") -> int:
    """Each LSOA's name, the ward it best fits and its council; returns how many LSOAs."""
    areas = (
        SmallArea(
            code=row["lsoa"],
            name=row["lsoa_name"],
            ward_code=row["ward"],
            ward_name=row["ward_name"],
            local_authority_code=row["la"],
            local_authority_name=row["la_name"],
            source=source,
        )
        for row in read_rows(path, WARD_LOOKUP_HEADINGS, "the ONS LSOA to ward lookup")
    )
    fields = ["name", "ward_code", "ward_name", "local_authority_code"]
    fields += ["local_authority_name", "source"]
    return _save_in_batches(areas, _upsert(SmallArea, ["code"], fields))


@transaction.atomic
def load_population(path: Path, year: int, sheet: str | None = None, source: str = "ONS") -> int:
    """Children aged 0, 1 and 2 (girls and boys added) in each LSOA at mid-`year`; returns
    how many LSOAs. An .xlsx file is read from the sheet "Mid-YEAR LSOA 2021" unless told."""
    if path.suffix.lower() == ".xlsx" and sheet is None:
        sheet = f"Mid-{year} LSOA 2021"
    rows = read_rows(path, POPULATION_HEADINGS, "ONS LSOA population estimates", sheet=sheet)
    area_fields = ["name", "local_authority_code", "local_authority_name", "source"]
    save_area = _upsert(SmallArea, ["code"], area_fields)
    save_counts = _upsert(ChildPopulation, ["small_area", "year", "age"], ["count"])

    def save(batch: list[tuple[SmallArea, list[ChildPopulation]]]) -> None:
        save_area([area for area, _ in batch])
        save_counts([count for _, counts in batch for count in counts])

    def areas() -> Iterator[tuple[SmallArea, list[ChildPopulation]]]:
        for line, row in enumerate(rows, start=2):
            area = SmallArea(
                code=row["lsoa"],
                name=row["lsoa_name"],
                local_authority_code=row["la"],
                local_authority_name=row["la_name"],
                source=source,
            )
            counts = [
                ChildPopulation(
                    small_area=area,
                    year=year,
                    age=age,
                    count=sum(
                        whole_number(row[f"{sex}{age}"], f"{sex}{age}", line) for sex in "FM"
                    ),
                )
                for age in AGES
            ]
            yield area, counts

    return _save_in_batches(areas(), save)


@dataclass(frozen=True)
class DeprivationLoaded:
    matched: int
    not_matched: int  # LSOAs in the file that we hold no population for (e.g. codes changed)


@transaction.atomic
def load_deprivation(path: Path) -> DeprivationLoaded:
    """Set the IMD decile of each LSOA we hold. IoD2019 uses 2011 LSOA codes: an LSOA whose
    code changed in 2021 (about 1 in 20) is left without a decile and counted as not matched."""
    if not SmallArea.objects.exists():
        raise NotReady(
            "Load the LSOA population estimates first (manage.py load_population): "
            "deciles are kept on the small areas they describe."
        )
    matched = not_matched = 0
    rows = read_rows(path, DEPRIVATION_HEADINGS, "the English Indices of Deprivation (File 1)")
    numbered = enumerate(rows, start=2)
    for batch in batched(numbered, BATCH_SIZE):
        deciles = {row["lsoa"]: _decile(row["decile"], line) for line, row in batch}
        held = set(SmallArea.objects.filter(code__in=deciles).values_list("code", flat=True))
        SmallArea.objects.bulk_create(
            [SmallArea(code=code, imd_decile=deciles[code]) for code in held],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["imd_decile"],
        )
        matched += len(held)
        not_matched += len(deciles) - len(held)
    return DeprivationLoaded(matched, not_matched)


def _decile(text: str, line: int) -> int:
    decile = whole_number(text, "the IMD decile", line)
    if not 1 <= decile <= 10:
        raise WrongFile(f"Row {line}: the IMD decile should be from 1 to 10, not {decile}.")
    return decile


@transaction.atomic
def load_births(path: Path, year: int, source: str = "ONS") -> int:
    """Live births in `year` by local authority; returns how many authorities."""
    births = (
        Births(
            local_authority_code=row["la"],
            local_authority_name=row.get("la_name", ""),
            year=year,
            count=whole_number(row["births"], "Live births", line),
            source=source,
        )
        for line, row in enumerate(
            read_rows(path, BIRTHS_HEADINGS, "ONS births by local authority"), start=2
        )
    )
    fields = ["local_authority_name", "count", "source"]
    return _save_in_batches(births, _upsert(Births, ["local_authority_code", "year"], fields))


@transaction.atomic
def load_demo_geography() -> dict[str, int]:
    """The demo's postcodes and the illustrative Thurrock areas, population, births and
    deciles, through the same loaders as the real files."""
    source = "illustrative"
    return {
        "postcodes": load_centroids(DEMO_POSTCODES)
        + load_centroids(ILLUSTRATIVE / "onspd_thurrock.csv"),
        "small areas": load_ward_lookup(ILLUSTRATIVE / "lsoa_ward_lookup_thurrock.csv", source),
        "population": load_population(
            ILLUSTRATIVE / "population_thurrock.csv", ILLUSTRATIVE_YEAR, source=source
        ),
        "births": load_births(ILLUSTRATIVE / "births_thurrock.csv", ILLUSTRATIVE_YEAR, source),
        "deprivation": load_deprivation(ILLUSTRATIVE / "imd_thurrock.csv").matched,
    }
