"""Benchmark the 'find support near you' results page on a synthetic national-scale directory.

    createdb -h 127.0.0.1 -U postgres fh_bench_web
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_web .venv/bin/python bench/web_results.py
    dropdb -h 127.0.0.1 -U postgres fh_bench_web

Loads the directory with bench/generate_directory.py when the database is empty (100,000
services by default: 5,000 around each of 20 towns, so a search in Tilbury finds thousands
within 20 miles), then times the results page for typical searches in-process with Django's
test client: median and p95 server time, and the number of SQL queries per page.
Refuses a database whose name does not contain "bench", so it never touches real data.
"""

import argparse
import statistics
from datetime import timedelta
from urllib.parse import urlencode

from page_bench import analyze, load_directory, setup_django, time_requests
from text_search import database_ms

# The generator marks no service as open to expectant parents; these activities would be.
FOR_EXPECTANT_PARENTS = ("Antenatal Classes", "Breastfeeding Support", "Baby Massage",
                         "Infant Mental Health Support")  # fmt: skip


def open_some_to_expectant_parents() -> None:
    """A quarter of the services, by activity, as a real directory would have (idempotent)."""
    from directory.models import Service

    pattern = rf"^({'|'.join(FOR_EXPECTANT_PARENTS)}) "
    if Service.objects.filter(for_expectant_parents=True).exists():
        return
    Service.objects.filter(name__regex=pattern).update(for_expectant_parents=True)


def add_filter_data() -> None:
    """What the generator leaves out and families filter by (idempotent): a language other than
    English on every fifth service, venue features on every third place, a SEND term on every
    tenth service, and some places online."""
    from directory.filters import ACCESS_FEATURES, SEND_TAXONOMY
    from directory.models import (
        Accessibility,
        Attribute,
        Language,
        Location,
        Service,
        Taxonomy,
        TaxonomyTerm,
    )

    if Language.objects.exists():
        return
    languages = [("pl", "Polish"), ("ur", "Urdu"), ("ro", "Romanian"), ("bn", "Bengali")]
    service_ids = list(Service.objects.order_by("id").values_list("id", flat=True))
    Language.objects.bulk_create(
        [
            Language(service_id=pk, code=languages[n % 4][0], name=languages[n % 4][1])
            for n, pk in enumerate(service_ids[::5])
        ],
        batch_size=5000,
    )
    location_ids = list(Location.objects.order_by("id").values_list("id", flat=True))
    Accessibility.objects.bulk_create(
        [
            Accessibility(location_id=pk, description=label)
            for pk in location_ids[::3]
            for _, label in ACCESS_FEATURES[:3]
        ],
        batch_size=5000,
    )
    Location.objects.filter(pk__in=location_ids[::50]).update(location_type="virtual")
    send = Taxonomy.objects.create(name=SEND_TAXONOMY, description="Additional needs")
    terms = [
        TaxonomyTerm.objects.create(
            code=f"send-{n}", name=f"Need {n}", description="", taxonomy=send
        )
        for n in range(4)
    ]
    Attribute.objects.bulk_create(
        [
            Attribute(link_id=pk, link_entity="service", taxonomy_term=terms[n % 4])
            for n, pk in enumerate(service_ids[::10])
        ],
        batch_size=5000,
    )


def date_query(prefix: str, day) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def searches() -> list[tuple[str, dict]]:
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from geo.models import Postcode

    today = timezone.localdate()
    postcode = (
        Postcode.objects.filter(source="synthetic", postcode__startswith="RM18 ")
        .order_by("postcode")
        .values_list("postcode", flat=True)
        .first()
    )
    where = {"where": postcode}
    months_18 = {"child": "born", **date_query("dob", today - relativedelta(months=18))}
    # 23 months and a half: every 0-2 service is 'unsure', so session dates are checked.
    near_limit = {
        "child": "born",
        **date_query("dob", today - relativedelta(months=23, days=15)),
    }
    return [
        ("Postcode only (all ages)", where),
        ("Expectant parent", {**where, "child": "expecting"}),
        (
            "Expectant parent with due date",
            {**where, "child": "expecting", **date_query("due", today + timedelta(days=90))},
        ),
        ("Child of 18 months", {**where, **months_18}),
        ("Child of 23.5 months (eligibility checked per session)", {**where, **near_limit}),
        ("Child of 18 months, topic 'Play'", {**where, **months_18, "topic": "synthetic-play"}),
        ("Child of 18 months, words 'baby massage'", {**where, **months_18, "q": "baby massage"}),
        (
            "Child of 18 months, Friday mornings",
            {**where, **months_18, "day": "FR", "time": "morning"},
        ),
        ("Child of 18 months, page 5", {**where, **months_18, "page": 5}),
        ("Town name 'Leeds', child of 18 months", {"where": "Leeds", **months_18}),
        ("Words that match nothing nearby (all four circles)", {**where, "q": "zebra"}),
        ("Free only, Polish", {**where, "free": "on", "language": "pl"}),
        ("Online (wherever run from)", {**where, "delivery": "online"}),
        ("Step-free and baby changing", {**where, "access": ["step-free", "baby-changing"]}),
        (
            "Every filter combined, child of 18 months",
            {
                **where,
                **months_18,
                "language": "pl",
                "free": "on",
                "delivery": ["in-person", "online"],
                "join": ["drop_in", "booking"],
                "access": ["step-free"],
                "send": "any",
            },
        ),
        ("Bad input (error page)", {"where": "SW1A 1AA", "child": "born", "dob_day": "40"}),
    ]


def measure(client, url: str, runs: int) -> dict:
    timings = time_requests(client, url, runs)
    response = timings.last_response
    page = response.context["page"] if response.context else None
    return {
        "median": timings.median,
        "p95": timings.p95,
        "cpu": statistics.median(timings.cpu_ms),
        "database": database_ms(client, url)[0],
        "queries": timings.queries,
        "status": timings.statuses,
        "total": page.total if page else 0,
        "shown": len(page.results) if page else 0,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", default="", help="time only the searches whose name has this")
    args = parser.parse_args(argv)
    setup_django()
    load_directory(args.services)
    open_some_to_expectant_parents()
    add_filter_data()
    analyze()

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from directory.models import Service

    setup_test_environment()  # so responses carry their context (the results page object)
    client = Client()
    print(
        f"{connection.vendor}: {Service.objects.count():,} services; {args.runs} runs per search\n"
    )
    # CPU: this process's (Python, templates, the driver), median; database: the sum of
    # EXPLAIN ANALYZE execution times of one request's queries, steadier than wall time on a
    # busy machine.
    print(
        "| search | results (shown) | median ms | p95 ms | CPU ms | database ms | SQL queries "
        "| status |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, query in searches():
        if args.only.lower() not in name.lower():
            continue
        url = f"{reverse('web:find')}?{urlencode(query, doseq=True)}"
        result = measure(client, url, args.runs)
        print(
            f"| {name} | {result['total']:,} ({result['shown']}) | {result['median']:.1f} "
            f"| {result['p95']:.1f} | {result['cpu']:.1f} | {result['database']:.1f} "
            f"| {'/'.join(map(str, result['queries']))} "
            f"| {'/'.join(map(str, result['status']))} |"
        )


if __name__ == "__main__":
    main()
