"""Make a synthetic national-scale directory, as an HSDS JSON feed or straight into the database.

    .venv/bin/python bench/generate_directory.py --feed var/national.json   # write a feed file
    .venv/bin/python bench/generate_directory.py --database                  # bulk insert
    .venv/bin/python bench/generate_directory.py --database --services 5000  # a smaller one

Defaults: 100,000 services, 20,000 locations (about one for every five services), 2,000
organisations, a 60-term taxonomy, one weekly schedule and one cost option per service, and a
postcode centroid for every location (source "synthetic", so the postcode search works).
The same --seed gives the same directory. Records are marked illustrative.
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import csv_safety

ACTIVITIES = [
    ("Stay and Play", "Play sessions for babies and toddlers with their parents and carers."),
    ("Baby Massage", "Learn gentle massage to soothe your baby and help them sleep."),
    ("Rhyme Time", "Songs and rhymes for babies and their grown-ups at the library."),
    (
        "Breastfeeding Support",
        "Friendly help with breastfeeding and infant feeding from trained peers.",
    ),
    ("Antenatal Classes", "Get ready for birth and the first weeks with your midwife team."),
    ("Dads Group", "A relaxed group for dads and male carers and their children."),
    ("Messy Play", "Paint, sand and water play that helps toddlers learn through their senses."),
    ("Baby Sensory", "Lights, sounds and textures to support your baby's development."),
    (
        "Health Visitor Drop-in",
        "Weigh your baby and talk to a health visitor about feeding and sleep.",
    ),
    (
        "Infant Mental Health Support",
        "Support for parents to bond with their baby and look after their own wellbeing.",
    ),
    ("Speech and Language Group", "Games and activities that help young children learn to talk."),
    ("Toddler Swimming", "Splash sessions in the learner pool for children under five."),
    ("Parenting Course", "A weekly course on understanding your child's behaviour and feelings."),
    ("Young Parents Group", "A group for parents under 25 to meet others and get advice."),
    ("Storytime", "Stories, songs and crafts for under fives."),
    ("Money and Benefits Advice", "Help with benefits, debts and household bills for families."),
]
TOWNS = [
    ("Tilbury", 51.4625, 0.3585, "RM18"),
    ("Grays", 51.478, 0.327, "RM17"),
    ("Scunthorpe", 53.5809, -0.6502, "DN15"),
    ("Leeds", 53.7997, -1.5492, "LS1"),
    ("Bristol", 51.4545, -2.5879, "BS1"),
    ("Norwich", 52.6309, 1.2974, "NR1"),
    ("Leicester", 52.6369, -1.1398, "LE1"),
    ("Brighton", 50.8225, -0.1372, "BN1"),
    ("Reading", 51.4543, -0.9781, "RG1"),
    ("Exeter", 50.7184, -3.5339, "EX1"),
    ("York", 53.959, -1.0815, "YO1"),
    ("Carlisle", 54.8925, -2.9329, "CA1"),
    ("Derby", 52.9225, -1.4746, "DE1"),
    ("Oxford", 51.752, -1.2577, "OX1"),
    ("Ipswich", 52.0567, 1.1482, "IP1"),
    ("Lincoln", 53.2307, -0.5406, "LN1"),
    ("Hull", 53.7676, -0.3274, "HU1"),
    ("Luton", 51.8787, -0.42, "LU1"),
    ("Preston", 53.7632, -2.7031, "PR1"),
    ("Durham", 54.7753, -1.5849, "DH1"),
]
TOPICS = [
    "Early years",
    "Health",
    "Mental health",
    "Money",
    "Learning",
    "Play",
    "Feeding",
    "Parenting",
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Directory:
    """The generated records, as plain HSDS dictionaries keyed the way the feed nests them."""

    organizations: list[dict] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    taxonomy: dict = field(default_factory=dict)
    terms: list[dict] = field(default_factory=list)
    postcodes: dict[str, tuple[float, float]] = field(default_factory=dict)


def make_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_shared(rng: random.Random, locations: int, organizations: int) -> Directory:
    directory = Directory()
    directory.taxonomy = {
        "id": make_uuid(rng),
        "name": "Family Hubs synthetic topics",
        "description": "Topics for the synthetic benchmark directory.",
        "version": "1",
    }
    parents = []
    for topic in TOPICS:
        parent = {
            "id": make_uuid(rng),
            "code": f"synthetic-{topic.lower().replace(' ', '-')}",
            "name": topic,
        }
        parents.append(parent)
        directory.terms.append(parent)
        for n in range(1, 7):
            directory.terms.append(
                {
                    "id": make_uuid(rng),
                    "code": f"{parent['code']}-{n}",
                    "name": f"{topic} {n}",
                    "parent_id": parent["id"],
                }
            )
    for term in directory.terms:
        term.update(
            description=f"Services about {term['name'].lower()}.",
            taxonomy_id=directory.taxonomy["id"],
        )
    for n in range(organizations):
        town = TOWNS[n % len(TOWNS)][0]
        directory.organizations.append(
            {
                "id": make_uuid(rng),
                "name": f"{town} Family Services {n + 1}",
                "description": f"Runs family services in and around {town}.",
                "website": f"https://example.org/org-{n + 1}",
            }
        )
    for n in range(locations):
        town, lat, lon, district = TOWNS[n % len(TOWNS)]
        latitude = round(lat + rng.uniform(-0.15, 0.15), 6)
        longitude = round(lon + rng.uniform(-0.2, 0.2), 6)
        postcode = (
            f"{district} {n // 400 % 10}{INWARD_LETTERS[n % 20]}{INWARD_LETTERS[n // 20 % 20]}"
        )
        directory.postcodes[postcode] = (latitude, longitude)
        directory.locations.append(
            {
                "id": make_uuid(rng),
                "location_type": "physical",
                "name": f"{town} Family Hub {n + 1}",
                "latitude": latitude,
                "longitude": longitude,
                "organization_id": directory.organizations[n % organizations]["id"],
                "addresses": [
                    {
                        "id": make_uuid(rng),
                        "address_1": f"{n % 200 + 1} High Street",
                        "city": town,
                        "state_province": "England",
                        "postal_code": postcode,
                        "country": "GB",
                        "address_type": "physical",
                    }
                ],
            }
        )
    return directory


def services(rng: random.Random, directory: Directory, count: int) -> Iterator[dict]:
    """Full HSDS service records, one at a time (the feed never sits whole in memory)."""
    modified = datetime(2025, 6, 1, tzinfo=UTC)
    for n in range(count):
        name, description = ACTIVITIES[n % len(ACTIVITIES)]
        location = directory.locations[rng.randrange(len(directory.locations))]
        town = location["addresses"][0]["city"]
        organization = directory.organizations[rng.randrange(len(directory.organizations))]
        service_id = make_uuid(rng)
        sal_id = make_uuid(rng)
        opens = rng.choice([9, 10, 11, 13, 14])
        term = directory.terms[rng.randrange(len(directory.terms))]
        yield {
            "id": service_id,
            "organization_id": organization["id"],
            "organization": {k: organization[k] for k in ("id", "name", "description", "website")},
            "name": f"{name} {town} {n + 1}",
            "description": f"{description} At {location['name']}.",
            "status": "active",
            "minimum_age": 0,
            "maximum_age": rng.choice([1, 2, 4, 5]),
            "last_modified": modified.isoformat().replace("+00:00", "Z"),
            "service_at_locations": [
                {
                    "id": sal_id,
                    "service_id": service_id,
                    "location_id": location["id"],
                    "location": {k: v for k, v in location.items()},
                    "schedules": [
                        {
                            "id": make_uuid(rng),
                            "service_id": service_id,
                            "service_at_location_id": sal_id,
                            "location_id": location["id"],
                            "freq": "WEEKLY",
                            "interval": 1,
                            "byday": DAYS[n % len(DAYS)],
                            "dtstart": "2025-01-06",
                            "opens_at": f"{opens:02d}:00:00",
                            "closes_at": f"{opens + 1:02d}:00:00",
                            "timezone": 0,
                        }
                    ],
                }
            ],
            "cost_options": [
                {
                    "id": make_uuid(rng),
                    "service_id": service_id,
                    "amount": rng.choice([0, 0, 0, 2.5, 5]),
                    "currency": "GBP",
                }
            ],
            "attributes": [
                {
                    "id": make_uuid(rng),
                    "link_id": service_id,
                    "link_entity": "service",
                    "link_type": "topic",
                    "taxonomy_term_id": term["id"],
                    "taxonomy_term": term,
                }
            ],
        }


def write_feed(path: Path, rng: random.Random, directory: Directory, count: int) -> None:
    """A JSON array of full service records, written one record at a time."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for n, service in enumerate(services(rng, directory, count)):
            if n:
                out.write(",\n")
            out.write(json.dumps(service, separators=(",", ":")))
        out.write("\n]\n")


def insert_into_database(
    rng: random.Random, directory: Directory, count: int, batch_size: int = 5000
) -> None:
    """Bulk insert the directory (bypassing the importer, so it is fast for page benchmarks)."""
    from directory import models
    from geo.models import Postcode

    stamp = datetime(2025, 6, 1, tzinfo=UTC)
    models.Taxonomy.objects.bulk_create(
        [models.Taxonomy(last_modified=stamp, illustrative=True, **directory.taxonomy)],
        ignore_conflicts=True,
    )
    models.TaxonomyTerm.objects.bulk_create(
        [
            models.TaxonomyTerm(
                id=t["id"],
                code=t["code"],
                name=t["name"],
                description=t["description"],
                parent_id=t.get("parent_id"),
                taxonomy_id=t["taxonomy_id"],
                illustrative=True,
                last_modified=stamp,
            )
            for t in directory.terms
        ],
        ignore_conflicts=True,
    )
    models.Organization.objects.bulk_create(
        [
            models.Organization(illustrative=True, last_modified=stamp, **o)
            for o in directory.organizations
        ],
        batch_size=batch_size,
    )
    models.Location.objects.bulk_create(
        [
            models.Location(
                id=loc["id"],
                name=loc["name"],
                latitude=loc["latitude"],
                longitude=loc["longitude"],
                organization_id=loc["organization_id"],
                illustrative=True,
                last_modified=stamp,
            )
            for loc in directory.locations
        ],
        batch_size=batch_size,
    )
    models.Address.objects.bulk_create(
        [
            models.Address(
                location_id=loc["id"],
                illustrative=True,
                last_modified=stamp,
                **{k: v for k, v in loc["addresses"][0].items()},
            )
            for loc in directory.locations
        ],
        batch_size=batch_size,
    )
    Postcode.objects.bulk_create(
        [
            Postcode(postcode=p, latitude=lat, longitude=lon, source="synthetic")
            for p, (lat, lon) in directory.postcodes.items()
        ],
        batch_size=batch_size,
        ignore_conflicts=True,
    )
    rows: dict[type, list] = {
        m: []
        for m in (
            models.Service,
            models.ServiceAtLocation,
            models.Schedule,
            models.CostOption,
            models.Attribute,
        )
    }

    def flush() -> None:
        for model, objects in rows.items():
            write_rows(model, objects, batch_size)
            objects.clear()

    for n, record in enumerate(services(rng, directory, count), start=1):
        rows[models.Service].append(
            models.Service(
                id=record["id"],
                organization_id=record["organization_id"],
                name=record["name"],
                description=record["description"],
                minimum_age=Decimal(record["minimum_age"]),
                maximum_age=Decimal(record["maximum_age"]),
                last_modified=stamp,
                illustrative=True,
            )
        )
        for sal in record["service_at_locations"]:
            rows[models.ServiceAtLocation].append(
                models.ServiceAtLocation(
                    id=sal["id"],
                    service_id=record["id"],
                    location_id=sal["location_id"],
                    illustrative=True,
                    last_modified=stamp,
                )
            )
            for s in sal["schedules"]:
                rows[models.Schedule].append(
                    models.Schedule(
                        id=s["id"],
                        service_id=record["id"],
                        service_at_location_id=sal["id"],
                        location_id=sal["location_id"],
                        freq=s["freq"],
                        interval=1,
                        byday=s["byday"],
                        dtstart=date(2025, 1, 6),
                        opens_at=s["opens_at"],
                        closes_at=s["closes_at"],
                        illustrative=True,
                        last_modified=stamp,
                    )
                )
        for c in record["cost_options"]:
            rows[models.CostOption].append(
                models.CostOption(
                    id=c["id"],
                    service_id=record["id"],
                    amount=Decimal(str(c["amount"])),
                    illustrative=True,
                    last_modified=stamp,
                )
            )
        for a in record["attributes"]:
            rows[models.Attribute].append(
                models.Attribute(
                    id=a["id"],
                    link_id=record["id"],
                    link_entity="service",
                    link_type="topic",
                    taxonomy_term_id=a["taxonomy_term_id"],
                    illustrative=True,
                    last_modified=stamp,
                )
            )
        if n % batch_size == 0:
            flush()
            print(f"\r{n:,} services", end="", file=sys.stderr, flush=True)
    flush()
    print(file=sys.stderr)


def write_rows(model: type, objects: list, batch_size: int) -> None:
    """COPY on PostgreSQL (INSERT through bulk_create took over an hour for a million services),
    bulk_create elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    copy_sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    # psycopg adapts ids, decimals and times itself; the models' defaults fill the rest.
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for obj in objects:
            copy.write_row([getattr(obj, f.attname) for f in fields])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--locations", type=int, help="default: one for every five services")
    parser.add_argument("--organizations", type=int, help="default: one for every fifty services")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--feed", type=Path, help="write an HSDS JSON feed (an array of full services) here"
    )
    parser.add_argument(
        "--database", action="store_true", help="insert into the database (DATABASE_URL)"
    )
    parser.add_argument(
        "--postcodes",
        type=Path,
        help="write the locations' postcodes as CSV, for manage.py load_postcodes",
    )
    args = parser.parse_args(argv)
    if not (args.feed or args.database or args.postcodes):
        parser.error("say where to put it: --feed FILE, --database, --postcodes FILE")
    locations = args.locations or max(1, args.services // 5)
    organizations = args.organizations or max(1, args.services // 50)
    started = time.perf_counter()
    if args.feed:
        rng = random.Random(args.seed)
        write_feed(args.feed, rng, build_shared(rng, locations, organizations), args.services)
        print(
            f"Wrote {args.services:,} services to {args.feed} in {time.perf_counter() - started:.1f}s"
        )
    if args.postcodes:
        directory = build_shared(random.Random(args.seed), locations, organizations)
        with args.postcodes.open("w", newline="", encoding="utf-8") as out:
            writer = csv_safety.writer(out)
            writer.writerow(["postcode", "latitude", "longitude"])
            for postcode, (latitude, longitude) in directory.postcodes.items():
                writer.writerow([postcode, latitude, longitude])
        print(f"Wrote {len(directory.postcodes):,} postcodes to {args.postcodes}")
    if args.database:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhubs.settings")
        import django

        django.setup()
        from django.db import transaction

        rng = random.Random(args.seed)
        with transaction.atomic():
            insert_into_database(rng, build_shared(rng, locations, organizations), args.services)
        print(f"Inserted {args.services:,} services in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
