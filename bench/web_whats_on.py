"""Benchmark the what's-on page (and a hub page) on a synthetic national-scale directory.

    createdb -h 127.0.0.1 -U postgres fh_bench_tt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_tt .venv/bin/python bench/web_whats_on.py
    dropdb -h 127.0.0.1 -U postgres fh_bench_tt

Loads the directory with bench/generate_directory.py when the database is empty (100,000
services by default), then makes 400 of its 20,000 locations Family Hubs (England has about
that many) with 25 services each, a few cancellations, closures and a bank holiday, rebuilds
what's on's upcoming sessions (timed, as the daily `rebuild_whats_on` does), times a cancellation
being recorded, and times each page in-process with Django's test client: median and p95 server
time, SQL queries. Refuses a database whose name does not contain "bench", so it never touches
real data.
"""

import argparse
import os
import statistics
import time
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


def some_for_expectant_parents() -> None:
    """One hub service in four for expectant parents too, as baby groups are (idempotent)."""
    from directory.models import Service

    at_hubs = Service.objects.filter(service_at_locations__location__is_family_hub=True)
    if not at_hubs.filter(for_expectant_parents=True).exists():
        ids = list(at_hubs.order_by("id").values_list("id", flat=True)[::4])
        Service.objects.filter(id__in=ids).update(for_expectant_parents=True)


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


def rebuild_upcoming() -> tuple[float, int]:
    """The daily rebuild of what's on's window: seconds taken and rows written."""
    from django.db import connection
    from django.utils import timezone

    from timetable.upcoming import rebuild

    started = time.perf_counter()
    rows = rebuild(timezone.localdate())
    elapsed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum does after a big insert: hubs' sessions are then counted from the index.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE timetable_upcomingsession")
    return elapsed, rows


def time_a_cancellation() -> float:
    """Milliseconds to record one cancellation, what's on's rows refreshed by the signal."""
    from django.db import transaction
    from django.utils import timezone

    from directory.models import Schedule
    from timetable.models import Cancellation, UpcomingSession

    session = (
        UpcomingSession.objects.filter(schedule__isnull=False, cancelled_reason="")
        .order_by("starts_at")
        .first()
    )
    day = timezone.localtime(session.starts_at).date()
    started = time.perf_counter()
    with transaction.atomic():
        Cancellation.objects.create(
            schedule=Schedule.objects.get(pk=session.schedule_id), date=day, reason="Bench"
        )
        elapsed = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    return elapsed


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
        "sessions": timings.last_response.content.count(b'class="fh-timetable__entry'),
    }


def measure_selector(url: str, runs: int) -> dict:
    """What's on's own work for a search (its queries and Python), without the page around it:
    median and p95 ms, and the number of queries."""
    from urllib.parse import urlsplit

    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from timetable.filters import WhatsOnForm
    from timetable.selectors import whats_on_sessions
    from timetable.views import _hubs
    from web.selectors import topic_terms

    form = WhatsOnForm(
        QueryDict(urlsplit(url).query),
        hubs=_hubs(),
        terms=topic_terms(),
        today=timezone.localdate(),
    )
    if not form.is_valid():
        return {}
    search = form.search()
    whats_on_sessions(search, timezone.now())
    times, queries = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            whats_on_sessions(search, timezone.now())
            times.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
    ordered = sorted(times)
    return {
        "median": statistics.median(times),
        "p95": ordered[max(0, round(len(ordered) * 0.95) - 1)],
        "queries": sorted(queries),
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
    some_for_expectant_parents()
    add_dates_off()
    rebuild_seconds, rows = rebuild_upcoming()
    analyze()
    cancellation_ms = time_a_cancellation()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from directory.models import Address, Location, Schedule, Service

    today = timezone.localdate()
    born = today - timedelta(days=548)
    due = today + timedelta(days=100)
    later = today + timedelta(days=21)
    child = f"child=born&dob_day={born.day}&dob_month={born.month}&dob_year={born.year}"
    expecting = f"child=expecting&due_day={due.day}&due_month={due.month}&due_year={due.year}"
    from_later = f"from_day={later.day}&from_month={later.month}&from_year={later.year}"
    postcode = (
        Address.objects.filter(location__slug="bench-hub-7").values_list("postal_code", flat=True)
    )[0].replace(" ", "+")
    pages = [
        ("What's on, every hub, page 1", "/whats-on"),
        ("What's on, every hub, page 10 (the last counted)", "/whats-on?page=10"),
        ("What's on, near Tilbury (town), expecting", f"/whats-on?where=Tilbury&{expecting}"),
        ("What's on, near a postcode, child of 18 months", f"/whats-on?where={postcode}&{child}"),
        (
            "What's on, near a postcode, Fridays, mornings, page 2",
            f"/whats-on?where={postcode}&day=FR&time=morning&page=2",
        ),
        ("What's on, one hub, child of 18 months", f"/whats-on?hub=bench-hub-7&{child}"),
        (
            "What's on, topic 'Play' + child, from 3 weeks on",
            f"/whats-on?topic=synthetic-play&{child}&{from_later}",
        ),
        ("What's on, bad choices (error page)", "/whats-on?hub=nowhere&from_day=40"),
        ("Hub page", "/hubs/bench-hub-7/"),
    ]
    client = Client()
    print(
        f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}: "
        f"{Service.objects.count():,} services, "
        f"{Location.objects.filter(is_family_hub=True).count()} hubs, "
        f"{Schedule.objects.filter(location__is_family_hub=True).count():,} hub schedules; "
        f"what's on rebuilt in {rebuild_seconds:.1f} s ({rows:,} upcoming sessions); "
        f"a cancellation recorded in {cancellation_ms:.0f} ms; {args.runs} runs per page\n"
    )
    print(
        "| page | sessions shown | median ms | p95 ms | median app CPU ms | median SQL ms "
        "| SQL queries | status | search alone: median ms | p95 ms | queries |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for name, url in pages:
        result = measure(client, url, args.runs)
        alone = measure_selector(url, args.runs) if url.startswith("/whats-on") else {}
        alone_cells = (
            f"{alone['median']:.1f} | {alone['p95']:.1f} | {'/'.join(map(str, alone['queries']))}"
            if alone
            else "| |"
        )
        print(
            f"| {name} | {result['sessions']} | {result['median']:.1f} | {result['p95']:.1f} "
            f"| {result['cpu']:.1f} | {result['sql']:.1f} "
            f"| {'/'.join(map(str, result['queries']))} | {'/'.join(map(str, result['status']))} "
            f"| {alone_cells} |"
        )


if __name__ == "__main__":
    main()
