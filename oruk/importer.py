"""Loading an Open Referral UK / HSDS 3.0 feed into the directory, all of it or none of it.

Sources: a JSON file (one record, an array of records, a paged API response, or the
tabular JSON package of per-table arrays), a directory of HSDS CSV files, or the base URL
of an ORUK API (every page of it). Files are streamed with ijson, never loaded whole.

Records are upserted by id: a record already held with the same values is left alone, a
changed one is updated in the fields the feed gives, a new one is created. A record met in
several places (the same phone under a service and under its contact) is one row that
keeps every link. Every record is checked against its HSDS table schema and our database's
rules first; the rejected ones are reported with id, field and reason.

Each organisation, service and location remembers the feed it came from (`oruk.feeds`); a
complete pull (an API walked page by page, or a file declared complete) retires that feed's
services it no longer lists. A dry run does all of it, reports it, and saves nothing.
"""

import csv
import json
import queue
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import IO

import ijson
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.csv_safety import unescape_cell
from oruk import feeds, hsds
from oruk.models import FeedRecord, FeedSource

PLAIN = {str, int, float, bool}
BATCH_RECORDS = 2000  # top-level records held before writing (bounds memory on big feeds)
URL_PER_PAGE = 100
URL_TIMEOUT_S = 60


@dataclass(frozen=True)
class Rejection:
    table: str
    id: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.table} {self.id or '(no id)'}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Change:
    """One record a (dry) run creates or changes; `fields` are the HSDS fields that differ."""

    action: str  # "create" or "change"
    table: str
    id: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    rejected: list[Rejection] = field(default_factory=list)
    records_read: int = 0
    # Services a complete pull made inactive, and retired ones the feed lists again: (id, name).
    retired: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    reactivated: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    # Every record created (listed records only) or changed; kept only when asked (dry runs).
    changes: list[Change] | None = None

    def summary(self) -> str:
        tables = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        lines = [
            f"{name}: {self.created[name]} created, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in tables
        ]
        if self.retired:
            lines.append(f"service: {len(self.retired)} retired (no longer in the feed)")
        if self.reactivated:
            lines.append(f"service: {len(self.reactivated)} back in the feed")
        return "\n".join(lines) or "Nothing to import."


class ImportRejected(Exception):
    """The feed had invalid records and --skip-invalid was not given: nothing was saved."""

    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.rejected)} invalid record(s); nothing was imported.")
        self.report = report


class Rows:
    """Rows waiting to be written, merged by table and id (ids as canonical text)."""

    def __init__(self):
        self.by_table: dict[str, dict[str, dict]] = defaultdict(dict)
        # Our extras carried by flat attribute rows, applied once their records are in:
        # (table, id) -> {field: value}.
        self.extras: dict[tuple[str, str], dict] = defaultdict(dict)

    def add(self, table: str, values: dict) -> None:
        self.by_table[table].setdefault(values["id"], {}).update(values)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.by_table.values())

    def take(self) -> "Batch":
        """The rows so far, to be written; the extras stay until every record is in."""
        batch, self.by_table = self.by_table, defaultdict(dict)
        return batch


Batch = dict[str, dict[str, dict]]  # table -> id -> values


# Reading records --------------------------------------------------------------------


# Ids stay text from the feed to COPY, in the canonical spelling (lower case, with hyphens)
# that nearly every feed gives and PostgreSQL prints: no uuid.UUID objects, whose creation,
# hashing and comparison are Python code (a third of the import process's CPU time). Any other
# spelling (upper case, braces, "urn:uuid:") takes uuid.UUID's path and comes out canonical.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}")
_RESERVED_IDS = frozenset(str(i) for i in hsds.RESERVED_IDS)


_INTEGER_MAX = 2_147_483_647


def _whole_numbers(f: hsds.Field) -> tuple[Callable[[int], object], int, int] | None:
    """How the field's column stores a whole number, and the range it takes (as
    `hsds.to_python` checks it); None if the column holds no numbers."""
    if f.kind == "decimal":
        largest = 10 ** (f.model_field.max_digits - f.model_field.decimal_places) - 1
        return Decimal, -largest, largest
    return {
        "integer": (int, -_INTEGER_MAX, _INTEGER_MAX),
        "positive": (int, 0, _INTEGER_MAX),
        "float": (float, -(2**53), 2**53),  # exactly representable
    }.get(f.kind)


def _field_converter(f: hsds.Field) -> Callable[[object], object]:
    """The field's conversion (`hsds.to_python`), with a short path for the values nearly every
    record holds: ids, whole numbers and text. Anything off the short path takes the full
    one, which gives the same values and the same reasons."""

    def full(value):
        return hsds.to_python(f, value)

    if f.kind == "uuid":
        short_path = f.json_type == "string" and not f.enum

        def convert_id(value):
            if short_path and type(value) is str and _CANONICAL_UUID.fullmatch(value):
                return value
            return str(full(value))

        return convert_id
    whole_numbers = _whole_numbers(f)
    if whole_numbers is not None and f.json_type == "number" and not f.enum:
        as_stored, low, high = whole_numbers

        def convert_whole_number(value):
            # Whole numbers (ages, amounts) within the column's range need no other check.
            if type(value) is int and low <= value <= high:
                return as_stored(value)
            return full(value)

        return convert_whole_number
    if f.kind == "text" and f.json_type == "string":
        limit = f.model_field.max_length or float("inf")
        allowed = frozenset(f.enum) if f.enum else None

        def convert_text(value):
            if type(value) is str and len(value) <= limit and (allowed is None or value in allowed):
                return value
            return full(value)

        return convert_text
    return full


@dataclass(frozen=True)
class _TableReading:
    """What reading a table's records needs, worked out once per table, not per field."""

    converters: dict[str, tuple[str, hsds.Field, Callable[[object], object]]]
    required: tuple[str, ...]
    parents: tuple[tuple[str, str, str], ...]  # (key, parent table, our link field)
    children: tuple[tuple[str, str, str], ...]  # (key, child table, the child's link field)


@cache
def _reading(table_name: str) -> _TableReading:
    spec = hsds.table(table_name)
    return _TableReading(
        converters={f.name: (f.attname, f, _field_converter(f)) for f in spec.fields},
        required=spec.required,
        parents=tuple((k, t, link) for k, (t, link) in hsds.PARENTS.get(table_name, {}).items()),
        children=tuple((k, t, link) for k, (t, link) in hsds.CHILDREN.get(table_name, {}).items()),
    )


def _convert(table_name: str, record: dict, from_csv: bool) -> tuple[dict, list[Rejection]]:
    """Our model's values for the record's scalar fields, or the reasons it is not valid."""
    reading = _reading(table_name)
    record_id = str(record.get("id") or "")
    problems = [
        Rejection(table_name, record_id, name, "is required")
        for name in reading.required
        if record.get(name) is None or (from_csv and record[name] == "")
    ]
    values: dict = {}
    converters = reading.converters
    for name, raw in record.items():  # only the fields given: nested records give few
        converter = converters.get(name)
        if converter is None or raw is None or (from_csv and raw == ""):
            continue
        attname, f, convert = converter
        try:
            values[attname] = convert(hsds.from_csv(f, raw) if from_csv else raw)
        except hsds.Invalid as invalid:
            problems.append(Rejection(table_name, record_id, f.name, str(invalid)))
    if not problems:
        problems = [
            Rejection(table_name, record_id, name, reason)
            for name, reason in _rule_breaks(table_name, values)
        ]
    return values, problems


def _rule_breaks(table_name: str, v: dict) -> Iterator[tuple[str, str]]:
    """Our database's check constraints, tested before writing so the report can name them."""
    if table_name == "service":
        low, high = v.get("minimum_age"), v.get("maximum_age")
        if low is not None and low < 0:
            yield "minimum_age", "cannot be negative"
        if high is not None and high < 0:
            yield "maximum_age", "cannot be negative"
        if low is not None and high is not None and low > high:
            yield "minimum_age", "must not be more than maximum_age"
    elif table_name == "schedule":
        opens, closes = v.get("opens_at"), v.get("closes_at")
        if opens and closes and closes <= opens:
            yield "closes_at", "must be after opens_at"
        if not v.get("byday") and not v.get("bymonthday") and not v.get("dtstart"):
            yield "byday", "give byday, bymonthday or dtstart: the days or date it runs"
        start, end = v.get("valid_from"), v.get("valid_to")
        if start and end and end < start:
            yield "valid_to", "must not be before valid_from"
        for name in ("interval", "count"):
            if v.get(name) is not None and v[name] < 1:
                yield name, "must be 1 or more"
    elif table_name == "location":
        if (v.get("latitude") is None) != (v.get("longitude") is None):
            yield "latitude", "give both latitude and longitude, or neither"
    elif table_name == "cost_option" and v.get("amount") is not None and v["amount"] < 0:
        yield "amount", "cannot be negative"


# A nested record missing a link we require may take it from the record it is nested in:
# a service's program belongs to the service's organisation.
INHERITED = {("service", "program"): {"organization_id": "organization_id"}}


class Reader:
    """Turns nested HSDS records into rows, checking each one."""

    def __init__(self, rows: Rows, report: ImportReport):
        self.rows = rows
        self.report = report
        # Nested parents (a service's organisation, a place's location) repeat across a feed;
        # one already read, unchanged, need not be read again.
        self.parents_seen: dict[tuple[str, object], dict] = {}

    def read(
        self,
        table_name: str,
        record,
        links: dict | None = None,
        defaults: dict | None = None,
        from_csv: bool = False,
    ) -> str | None:
        """Adds the record and everything nested in it; returns its id if it was valid."""
        if not isinstance(record, dict):
            self.report.rejected.append(Rejection(table_name, "", "(record)", "must be an object"))
            return None
        values, problems = _convert(table_name, record, from_csv)
        if problems:
            self.report.rejected.extend(problems)
            return None
        for name, value in (defaults or {}).items():
            values.setdefault(name, value)
        values.update(links or {})
        record_id = values["id"]
        if record_id in _RESERVED_IDS:
            return record_id  # our own taxonomy for our service extras: made, not stored
        reading = _reading(table_name)
        for key, parent_table, link in reading.parents:
            if record.get(key) is not None:
                inherited = {
                    parent_field: values[ours]
                    for parent_field, ours in INHERITED.get((table_name, key), {}).items()
                    if values.get(ours) is not None
                }
                parent_id = self._read_parent(parent_table, record[key], inherited)
                if parent_id is not None:
                    values.setdefault(link, parent_id)
        attributes = self._nested_list(table_name, record, "attributes")
        if table_name in hsds.EXTRAS:
            attributes = self._take_extras(table_name, attributes, values)
        elif table_name == "attribute" and self._is_extra(values):
            return record_id
        self.rows.add(table_name, values)
        for key, child_table, link in reading.children:
            if key in record:  # most records nest few of the tables they could
                for child in self._nested_list(table_name, record, key):
                    self.read(child_table, child, links={link: record_id})
        if table_name not in hsds.WITHOUT_ATTRIBUTES:
            for attribute in attributes:
                self.read(
                    "attribute",
                    attribute,
                    links={"link_id": record_id},
                    defaults={"link_entity": table_name},
                )
        if table_name not in hsds.WITHOUT_METADATA:
            for change in self._nested_list(table_name, record, "metadata"):
                self.read(
                    "metadata",
                    change,
                    links={"resource_id": record_id},
                    defaults={"resource_type": table_name},
                )
        return record_id

    def _read_parent(self, table_name: str, record, inherited: dict) -> str | None:
        key = (table_name, record.get("id") if isinstance(record, dict) else None)
        seen = self.parents_seen.get(key)
        if seen is not None and seen["record"] == record and seen["inherited"] == inherited:
            return seen["id"]
        parent_id = self.read(table_name, record, defaults=inherited)
        if parent_id is not None and key[1] is not None:
            self.parents_seen[key] = {"record": record, "inherited": inherited, "id": parent_id}
        return parent_id

    def _nested_list(self, table_name: str, record: dict, key: str) -> list:
        nested = record.get(key)
        if nested is None:
            return []
        if not isinstance(nested, list):
            self.report.rejected.append(
                Rejection(table_name, str(record.get("id", "")), key, "must be a list")
            )
            return []
        return nested

    def _take_extras(self, table_name: str, attributes: list, values: dict) -> list:
        """Our own fields, carried as attributes, go back into the record's columns."""
        others = []
        for attribute in attributes:
            term_id = isinstance(attribute, dict) and str(attribute.get("taxonomy_term_id", ""))
            extra = hsds.EXTRA_BY_TERM.get(term_id or "")
            if extra is None or extra[0] != table_name:
                others.append(attribute)
                continue
            try:
                values[extra[1]] = hsds.extra_value(*extra, attribute.get("value"))
            except hsds.Invalid as invalid:
                self.report.rejected.append(
                    Rejection("attribute", str(attribute.get("id", "")), "value", str(invalid))
                )
        return others

    def _is_extra(self, values: dict) -> bool:
        """A flat attribute row (CSV, tabular JSON) carrying one of our own fields."""
        extra = hsds.EXTRA_BY_TERM.get(str(values.get("taxonomy_term_id")))
        if extra is None:
            return False
        try:
            value = hsds.extra_value(*extra, values.get("value", ""))
        except hsds.Invalid as invalid:
            self.report.rejected.append(
                Rejection("attribute", str(values["id"]), "value", str(invalid))
            )
            return True
        self.rows.extras[(extra[0], values["link_id"])][extra[1]] = value
        return True


def detect_table(record: dict) -> str | None:
    """Which HSDS table a lone JSON record belongs to, from the fields only it has."""
    if not isinstance(record, dict):
        return None
    keys = set(record)
    if "location_type" in keys:
        return "location"
    if "status" in keys:
        return "service"
    if keys & {"code", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri"}:
        return "taxonomy_term"
    if keys & {"location", "service", "service_id", "location_id"} and "name" not in keys:
        return "service_at_location"
    organization_only = set(hsds.CHILDREN["organization"]) | {
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "parent_organization_id",
        "alternate_name",
    }
    if keys & organization_only:
        return "organization"
    if keys <= {"id", "name", "description", "uri", "version", "metadata"}:
        return "taxonomy"
    return None


# Sources --------------------------------------------------------------------------------

Records = Iterator[tuple[str | None, dict, bool]]  # (table or None to detect, record, from CSV)


def _json_records(path: Path, table_name: str | None) -> Records:
    with path.open("rb") as handle:
        first = _first_character(handle)
    if first == b"[":
        with path.open("rb") as handle:
            for record in ijson.items(handle, "item", use_float=True):
                yield table_name, record, False
        return
    with path.open("rb") as handle:
        keys = list(_top_level_keys(handle))
    if "contents" in keys:
        with path.open("rb") as handle:
            for record in ijson.items(handle, "contents.item", use_float=True):
                yield table_name, record, False
        return
    # The tabular package in JSON (like the official tabular.json): {"services.csv": [...], ...}
    packaged = {name: csv_name for name, csv_name in hsds.CSV_FILES.items() if csv_name in keys}
    if packaged:
        for name, key in packaged.items():
            with path.open("rb") as handle:
                for record in ijson.items(handle, f"{key}.item", use_float=True):
                    yield name, record, False
        return
    with path.open("rb") as handle:
        for record in ijson.items(handle, "", use_float=True):
            yield table_name, record, False


def _first_character(handle: IO[bytes]) -> bytes:
    while True:
        char = handle.read(1)
        if not char or not char.isspace():
            return char


def _top_level_keys(handle: IO[bytes]) -> Iterator[str]:
    for prefix, event, value in ijson.parse(handle):
        if prefix == "" and event == "map_key":
            yield value


def _csv_records(directory: Path) -> Records:
    known = set(hsds.CSV_FILES.values()) | hsds.IGNORED_CSV_FILES
    for path in sorted(directory.iterdir()):
        if path.name not in known:
            raise ValueError(f"{path.name} is not an HSDS table file.")
    for name, csv_name in hsds.CSV_FILES.items():
        path = directory / csv_name
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                # Cells our export escaped against formula injection read back as they were.
                yield (
                    name,
                    {k: unescape_cell(v) if isinstance(v, str) else v for k, v in row.items()},
                    True,
                )


def _url_records(base_url: str, fetch: Callable[[str], dict]) -> Records:
    base = base_url.rstrip("/") + "/"
    for endpoint, table_name, extra in [
        ("taxonomies", "taxonomy", {}),
        ("taxonomy_terms", "taxonomy_term", {}),
        ("organizations", "organization", {"full": "true"}),
        ("services", "service", {"full": "true"}),
    ]:
        page = 1
        while True:
            query = urllib.parse.urlencode({**extra, "page": page, "per_page": URL_PER_PAGE})
            body = fetch(f"{base}{endpoint}?{query}")
            contents = body.get("contents") or []
            for record in contents:
                yield table_name, record, False
            if not contents or body.get("last_page", True) or page >= body.get("total_pages", 1):
                break
            page += 1


def fetch_json(url: str) -> dict:
    """One page of an ORUK API (http or https only)."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise ValueError(f"{url} is not an http or https address.")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=URL_TIMEOUT_S) as response:  # noqa: S310
        return json.load(response)


def records_from(source: str, table_name: str | None = None, fetch=fetch_json) -> Records:
    if source.startswith(("http://", "https://")):
        return _url_records(source, fetch)
    path = Path(source)
    if path.is_dir():
        return _csv_records(path)
    if path.is_file():
        return _json_records(path, table_name)
    raise FileNotFoundError(f"{source} is not a file, a directory or an http(s) address.")


# Writing ------------------------------------------------------------------------------


def _same(old, new) -> bool:
    return old == new or (old in (None, "") and new in (None, ""))


def _write_table(table_name: str, rows: dict[str, dict], report: ImportReport) -> None:
    model = hsds.MODELS[table_name]
    columns = [f.attname for f in model._meta.concrete_fields]
    existing = {str(row["id"]): row for row in _held(model, list(rows)).values(*columns)}
    new, changed = [], defaultdict(list)
    now = timezone.now()
    for row_id, values in rows.items():
        held = existing.get(row_id)
        if held is None:
            new.append(values)
            continue
        # Compared as the feed's values are: ids as text.
        old = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in held.items()}
        diff = frozenset(name for name, value in values.items() if not _same(old[name], value))
        if not diff:
            report.unchanged[table_name] += 1
            continue
        if report.changes is not None:
            report.changes.append(
                Change(
                    "change", table_name, row_id, _name(values, old), _hsds_names(table_name, diff)
                )
            )
        if "last_modified" not in values:
            values = {**values, "last_modified": now}
            diff |= {"last_modified"}
        changed[diff].append(model(**{**old, **values}))
    _insert(model, new, now)
    report.created[table_name] += len(new)
    if report.changes is not None and table_name in feeds.TRACKED_TABLES:
        report.changes.extend(Change("create", table_name, v["id"], _name(v)) for v in new)
    for fields, objects in changed.items():
        model.objects.bulk_update(objects, [_field_name(model, f) for f in fields], batch_size=500)
        report.updated[table_name] += len(objects)


def _held(model: type[models.Model], ids: list[str]) -> models.QuerySet:
    """The rows of `model` with these ids. On PostgreSQL one array parameter, not thousands
    of IN parameters (which cost more to send than the query does to run)."""
    if connection.vendor != "postgresql":
        return model.objects.filter(pk__in=ids)
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name('id')}"
    return model.objects.filter(
        RawSQL(  # noqa: S611
            f"{column} = ANY(%s::uuid[])", (feeds.uuid_array(ids),), output_field=BooleanField()
        )
    )


def _insert(model: type[models.Model], rows: list[dict], now) -> None:
    """Write new rows in bulk (COPY on PostgreSQL, executemany on SQLite): the ORM's
    per-object work would dominate big feeds."""
    if not rows:
        return
    fields = model._meta.concrete_fields
    defaults = {f.attname: now if f.attname == "last_modified" else f.get_default() for f in fields}
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from our own models)
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    names = [f.attname for f in fields]
    if connection.vendor == "postgresql":
        # COPY: psycopg adapts ids, times and decimals itself, row by row in C.
        copy_sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
        )
        in_column_order = itemgetter(*names)
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(in_column_order({**defaults, **row}))
        return
    # Ids (text here) are stored the way Django stores them on SQLite: hex without hyphens.
    prepare = [(f.attname, f.get_db_prep_save, set() if _is_uuid(f) else PLAIN) for f in fields]
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the thread-local proxy

    def db_value(value, to_db, plain):
        # Text, numbers and None go to the driver as they are; the rest (ids, times,
        # decimals) the way Django stores them on this database.
        return value if value is None or type(value) in plain else to_db(value, database)

    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(
                sql,
                [
                    [
                        db_value(row.get(name, defaults[name]), to_db, plain)
                        for name, to_db, plain in prepare
                    ]
                    for row in rows[start : start + 2000]
                ],
            )


def _is_uuid(f: models.Field) -> bool:
    return (f.target_field if f.is_relation else f).get_internal_type() == "UUIDField"


def _name(values: dict, old: dict | None = None) -> str:
    return str(values.get("name") or (old or {}).get("name") or "")


def _hsds_names(table_name: str, attnames: frozenset[str]) -> tuple[str, ...]:
    """The fields as the feed names them (HSDS's 'taxonomy', not our 'taxonomy_name')."""
    theirs = {
        ours: hsds_name
        for (table, hsds_name), ours in hsds.STORED_AS.items()
        if table == table_name
    }
    return tuple(sorted(theirs.get(name, name) for name in attnames))


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise LookupError(attname)


@dataclass
class Pull:
    """One run of a feed: where from, when, and whether it read the whole feed."""

    source: FeedSource
    at: datetime
    complete: bool
    # Whether any record was ever retired: only then is it worth asking which come back.
    some_retired: bool


def _write(batch: Batch, report: ImportReport, pull: Pull) -> None:
    for table_name in hsds.MODELS:
        table_rows = batch.get(table_name)
        if not table_rows:
            continue
        ids = list(table_rows)
        returning = set()
        if pull.some_retired and table_name == "service":
            returning = feeds.previously_retired(table_name, ids)
        _write_table(table_name, table_rows, report)
        report.reactivated.extend(
            (i, _name(table_rows[str(i)])) for i in sorted(returning, key=str)
        )
        if table_name in feeds.TRACKED_TABLES:
            feeds.mark_seen(pull.source, table_name, ids, pull.at)


def _apply_extras(rows: Rows, report: ImportReport) -> None:
    by_value: dict[tuple[str, str, object], list[str]] = defaultdict(list)
    for (table_name, record_id), extras in rows.extras.items():
        for name, value in extras.items():
            by_value[(table_name, name, value)].append(record_id)
    for (table_name, name, value), ids in by_value.items():
        model = hsds.MODELS[table_name]
        found = {str(pk) for pk in model.objects.filter(pk__in=ids).values_list("pk", flat=True)}
        for missing in set(ids) - found:
            report.rejected.append(
                Rejection("attribute", str(missing), "link_id", f"no {table_name} has this id")
            )
        model.objects.filter(pk__in=found).exclude(**{name: value}).update(**{name: value})


def _dangling_links(report: ImportReport, touched: set[str], skip_invalid: bool) -> None:
    """Links to records that are neither in the feed nor already held."""
    for table_name in touched:
        model = hsds.MODELS[table_name]
        for f in model._meta.concrete_fields:
            if not (f.is_relation and f.db_constraint):
                continue
            target = f.related_model
            dangling = list(
                model.objects.filter(**{f"{f.attname}__isnull": False})
                .exclude(**{f"{f.attname}__in": target.objects.values("pk")})
                .values_list("pk", f.attname)
            )
            for row_id, missing in dangling:
                report.rejected.append(
                    Rejection(
                        table_name,
                        str(row_id),
                        f.attname,
                        f"no {target._meta.verbose_name} has the id {missing}",
                    )
                )
            if dangling and skip_invalid:
                model.objects.filter(pk__in=[row_id for row_id, _ in dangling]).delete()


def _batches(records: Records, reader: Reader, meter: "Progress") -> Iterator[Batch]:
    """The feed's rows, checked, in batches of about BATCH_RECORDS * 8 rows."""
    report = reader.report
    for given_table, record, from_csv in records:
        name = given_table or detect_table(record)
        report.records_read += 1
        meter.show(report.records_read)
        if name is None:
            report.rejected.append(
                Rejection(
                    "(unknown)",
                    str(record.get("id", "")) if isinstance(record, dict) else "",
                    "(record)",
                    "cannot tell which HSDS table this record belongs to; use --table",
                )
            )
            continue
        reader.read(name, record, from_csv=from_csv)
        if len(reader.rows) >= BATCH_RECORDS * 8:
            yield reader.rows.take()
    yield reader.rows.take()


_END = object()


def _read_ahead(batches: Iterator[Batch]) -> Iterator[Batch]:
    """`batches`, made in a thread one batch ahead of the caller: the feed is read and checked
    (Python, one core) while PostgreSQL (a process of its own, the other core) writes the
    batch before, instead of each waiting for the other. Reading needs no database; only
    this thread writes. An error in reading is raised here, and stopping early (an error in
    writing) stops the reading."""
    handoff: queue.Queue = queue.Queue(maxsize=1)  # batches held: one written, one waiting
    stop = threading.Event()

    def hand_over(item: tuple) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for batch in batches:
                if not hand_over((batch, None)):
                    return
            hand_over((_END, None))
        except Exception as error:  # raised again in the writing thread
            hand_over((None, error))

    reading = threading.Thread(target=read, name="oruk-import-reader", daemon=True)
    reading.start()
    try:
        while True:
            batch, error = handoff.get()
            if error is not None:
                raise error
            if batch is _END:
                return
            yield batch
    finally:
        stop.set()
        reading.join()


class Progress:
    """A one-line counter on a terminal; silent otherwise (logs, tests, pipes)."""

    def __init__(self, stream: IO[str] | None):
        self.stream = stream if stream is not None and stream.isatty() else None
        self.started = time.monotonic()

    def show(self, count: int, final: bool = False) -> None:
        if self.stream is None or (count % 1000 and not final):
            return
        rate = count / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(f"\r{count:,} records read ({rate:,.0f}/s)")
        if final:
            self.stream.write("\n")
        self.stream.flush()


def source_address(source: str) -> str:
    """How a feed is named in its records' provenance: the URL as given, or the file's path."""
    if source.startswith(("http://", "https://")):
        return source.rstrip("/")
    return str(Path(source).resolve())


def import_feed(
    source: str,
    *,
    skip_invalid: bool = False,
    table_name: str | None = None,
    progress: IO[str] | None = None,
    fetch: Callable[[str], dict] = fetch_json,
    complete: bool | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a feed in one transaction; ImportRejected (and nothing saved) if any record is bad
    and skip_invalid is False. Rejected records are listed in the report either way.

    `complete` says the pull reads the whole feed, so its services no longer listed are
    retired; by default an API (walked page by page) is complete and a file is not.
    `dry_run` does everything, lists each change in the report, and saves nothing."""
    report = ImportReport(changes=[] if dry_run else None)
    rows = Rows()
    reader = Reader(rows, report)
    meter = Progress(progress if progress is not None else sys.stderr)
    touched: set[str] = set()
    if complete is None:
        complete = source.startswith(("http://", "https://"))
    with transaction.atomic():
        pull = Pull(
            source=feeds.source_named(source_address(source)),
            at=timezone.now(),
            complete=complete,
            some_retired=FeedRecord.objects.filter(retired__isnull=False).exists(),
        )
        batches = _batches(records_from(source, table_name, fetch), reader, meter)
        with closing(_read_ahead(batches)) as written_in_turn:
            for batch in written_in_turn:
                touched |= set(batch)
                _write(batch, report, pull)
        _apply_extras(rows, report)
        meter.show(report.records_read, final=True)
        _dangling_links(report, touched, skip_invalid)
        if report.rejected and not skip_invalid:
            raise ImportRejected(report)
        _finish_pull(pull, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


class EmptyFeed(ValueError):
    """A complete pull that listed none of the feed's services: more likely a broken feed than
    a council closing everything, so nothing is retired and nothing saved."""


def _finish_pull(pull: Pull, report: ImportReport) -> None:
    rejected_services = set()
    for rejection in report.rejected:
        if rejection.table == "service":
            try:
                rejected_services.add(uuid.UUID(rejection.id))
            except ValueError:
                continue  # no usable id: it cannot have been listed before either
    # A listed service that is broken this time is still listed: it is not retired for that.
    feeds.keep_listed(pull.source, "service", rejected_services, pull.at)
    pull.source.last_pulled = pull.at
    if pull.complete:
        listed = len(rejected_services) + sum(
            counter["service"] for counter in (report.created, report.updated, report.unchanged)
        )
        if not listed and pull.source.records.filter(table="service").exists():
            raise EmptyFeed(
                f"{pull.source} listed no services this time, so none were retired and "
                "nothing was saved. Check the feed, then run the import again."
            )
        report.retired = feeds.retire_unlisted(pull.source, pull.at, now=timezone.now())
        pull.source.last_complete_pull = pull.at
    pull.source.save(update_fields=["last_pulled", "last_complete_pull"])
