"""Benchmark the what's-on page (and a hub page) on a synthetic national-scale directory.

    createdb -h 127.0.0.1 -U postgres fh_bench_tt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_tt .venv/bin/python bench/web_whats_on.py
    dropdb -h 127.0.0.1 -U postgres fh_bench_tt

Loads the directory with bench/generate_directory.py when the database is empty (100,000
services by default), then makes 400 of its 20,000 locations Family Hubs (England has about
that many) with 25 services each, a few cancellations, closures and a bank holiday, and times
each page in-process with Django's test client: median and p95 server time, SQL queries.
Refuses a database whose name does not contain "bench", so it never touches real data.
"""

import argparse
import os
import statistics
from datetime import timedelta

from page_bench import analyze, load_directory, setup_django, time_requests

HUBS = 400
SERVICES_PER_HUB = 25


def make_hubs() -> None:
    """Mark every 50th location a Family Hub and gather 25 services at each (idempotent)."""
    from django.db import transaction
    from django.db.models import OuterRef, Subquery

    from directory.models import Location, Schedule, ServiceAtLocation

    if Location.objects.filter(slug__startswith="bench-hub-").exists():
        return
    with transaction.atomic():
        location_ids = list(Location.objects.order_by("id").values_list("id", flat=True))
        hub_ids = location_ids[:: max(1, len(location_ids) // HUBS)][:HUBS]
        hubs = Location.objects.in_bulk(hub_ids)
        for n, hub_id in enumerate(hub_ids):
            hubs[hub_id].is_family_hub = True
            hubs[hub_id].slug = f"bench-hub-{n}"
        Location.objects.bulk_update(hubs.values(), ["is_family_hub", "slug"], batch_size=1000)
        moved = list(
            ServiceAtLocation.objects.exclude(location_id__in=hub_ids).order_by("id")[
                : HUBS * SERVICES_PER_HUB
            ]
        )
        for n, sal in enumerate(moved):
            sal.location_id = hub_ids[n % len(hub_ids)]
        ServiceAtLocation.objects.bulk_update(moved, ["location"], batch_size=2000)
        Schedule.objects.filter(service_at_location_id__in=[sal.pk for sal in moved]).update(
            location_id=Subquery(
                ServiceAtLocation.objects.filter(pk=OuterRef("service_at_location_id")).values(
                    "location_id"
                )[:1]
            )
        )


def add_dates_off() -> None:
    """A realistic sprinkling: 1 in 20 hub sessions cancelled this week, 10 hubs closed, a holiday."""
    from django.utils import timezone

    from directory.models import Location, Schedule
    from timetable.models import BankHoliday, Cancellation, Closure
    from timetable.selectors import week_starting

    monday = week_starting(timezone.localdate())
    if Closure.objects.exists():
        return
    hub_schedules = Schedule.objects.filter(location__is_family_hub=True).order_by("id")
    Cancellation.objects.bulk_create(
        [
            Cancellation(
                schedule=s,
                date=monday + timedelta(days=["MO", "TU", "WE", "TH", "FR", "SA"].index(s.byday)),
                reason="Staff training",
            )
            for s in hub_schedules[::20]
        ]
    )
    for hub in Location.objects.filter(slug__startswith="bench-hub-").order_by("slug")[:10]:
        Closure.objects.create(
            location=hub, starts_on=monday, ends_on=monday + timedelta(days=3), reason="Repairs"
        )
    BankHoliday.objects.get_or_create(
        date=monday + timedelta(days=14), defaults={"name": "Benchmark bank holiday"}
    )


def measure(client, url: str, runs: int) -> dict:
    timings = time_requests(client, url, runs)
    return {
        "url": url,
        "median": timings.median,
        "p95": timings.p95,
        "cpu": statistics.median(timings.cpu_ms),
        "sql": statistics.median(timings.sql_ms),
        "queries": timings.queries,
        "status": timings.statuses,
        "sessions": timings.last_response.content.count(b"Add to calendar<span"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    setup_django()
    load_directory(args.services)
    make_hubs()
    add_dates_off()
    analyze()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from directory.models import Location, Schedule, Service

    child = "who=child&age-years=1&age-months=6"
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    pages = [
        ("What's on, all hubs (page 1 of 80)", "/whats-on"),
        ("What's on, all hubs, page 20", "/whats-on?page=20"),
        ("What's on, one hub", "/whats-on?hub=bench-hub-7"),
        ("What's on, child of 18 months", f"/whats-on?{child}"),
        (
            "What's on, topic 'Play' + child, next week",
            f"/whats-on?topic=synthetic-play&{child}&week={next_week}",
        ),
        ("What's on, bad filters (error page)", "/whats-on?hub=nowhere&week=soon"),
        ("Hub page", "/hubs/bench-hub-7/"),
    ]
    client = Client()
    print(
        f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}: "
        f"{Service.objects.count():,} services, "
        f"{Location.objects.filter(is_family_hub=True).count()} hubs, "
        f"{Schedule.objects.filter(location__is_family_hub=True).count():,} hub schedules; "
        f"{args.runs} runs per page\n"
    )
    print(
        "| page | sessions shown | median ms | p95 ms | median app CPU ms | median SQL ms "
        "| SQL queries | status |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, url in pages:
        result = measure(client, url, args.runs)
        print(
            f"| {name} | {result['sessions']} | {result['median']:.1f} | {result['p95']:.1f} "
            f"| {result['cpu']:.1f} | {result['sql']:.1f} "
            f"| {'/'.join(map(str, result['queries']))} | {'/'.join(map(str, result['status']))} |"
        )


if __name__ == "__main__":
    main()
