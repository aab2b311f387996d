"""Benchmark free-text search on a synthetic directory: the ORUK API's `search=` and the find page
with words, timed in-process with Django's test client (server time; no network).

    createdb -h 127.0.0.1 -U postgres fh_bench_1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_1m .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_1m \\
        .venv/bin/python bench/generate_directory.py --database --services 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_1m .venv/bin/python bench/text_search.py

For each search: median and p95 server time, the p95 of this process's CPU time per request (what
Django and Python cost, which waiting for a busy machine's cores does not inflate), the SQL
queries per request, the database's own time for them (the sum of EXPLAIN ANALYZE execution
times of one request's queries, and the slowest), which a loaded machine disturbs far less than
wall-clock time, and the buffers (8 kB pages) those queries touched, which it does not disturb at
all. Each search also checks
its best match: the API's first result for a service's exact name must be that service.
Loads the directory (--services) only into an empty database; refuses a database whose name does
not contain "bench".
"""

import argparse
import re
from urllib.parse import urlencode

from page_bench import analyze, load_directory, setup_django, time_requests


def searches() -> list[tuple[str, str, str | None]]:
    """(what, URL, the name that must come first or None)."""
    from directory.models import Service
    from geo.models import Postcode

    postcode = (
        Postcode.objects.filter(source="synthetic", postcode__startswith="RM18 ")
        .order_by("postcode")
        .values_list("postcode", flat=True)
        .first()
    )
    # A real name, so the exact-name check has an answer; the last one made is as good as any.
    named = Service.objects.order_by("-name").values_list("name", flat=True).first()
    find = {"where": postcode, "child": "any"}
    return [
        ("API: 'baby massage' (1 in 16 services)", api(search="baby massage"), None),
        ("API: 'stay and play', page 5", api(search="stay and play", page=5), None),
        ("API: 'leeds' (1 in 20)", api(search="leeds"), None),
        ("API: a service's exact name", api(search=named), named),
        ("API: a word nothing has", api(search="zebra"), None),
        ("API: 'play' within 5 km", api(search="play", postcode=postcode, proximity=5000), None),
        ("Find page: words 'baby massage'", page(**find, q="baby massage"), None),
        ("Find page: word 'play', page 2", page(**find, q="play", page=2), None),
        ("Find page: a word nothing has (four circles)", page(**find, q="zebra"), None),
    ]


def api(**query) -> str:
    return f"/api/services?{urlencode(query)}"


def page(**query) -> str:
    from django.urls import reverse

    return f"{reverse('web:find')}?{urlencode(query)}"


def database_ms(client, url: str) -> tuple[float, float, int]:
    """The sum and the slowest of EXPLAIN (ANALYZE, BUFFERS) execution times of one request's
    SELECTs (a union of them too), and the buffers (8 kB pages) they touched, which a busy
    machine does not change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    times, pages = [], 0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip("( ").upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
            # The plan's top node counts the buffers of every node under it (planning's own
            # buffers are listed after the plan).
            top = re.search(r"Buffers: (.*)", plan.split("Planning")[0])
            if top:
                pages += sum(int(n) for n in re.findall(r"(?:hit|read)=(\d+)", top.group(1)))
    return sum(times), max(times, default=0.0), pages


def first_name(response) -> str | None:
    if response["Content-Type"].startswith("application/json"):
        contents = response.json()["contents"]
        return contents[0]["name"] if contents else None
    return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    setup_django()
    load_directory(args.services)
    analyze()

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from directory.models import Service

    setup_test_environment()  # so the find page's response carries its results page
    client = Client()
    print(f"{connection.vendor}: {Service.objects.count():,} services; {args.runs} runs each\n")
    print(
        "| search | results | median ms | p95 ms | CPU p95 ms | SQL queries "
        "| database ms (sum, slowest) | buffers | best match first |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, url, expected_first in searches():
        timings = time_requests(client, url, args.runs)
        response = timings.last_response
        if response["Content-Type"].startswith("application/json"):
            results = f"{response.json()['total_items']:,}"
        else:
            results = f"{response.context['page'].total:,}" if response.context else "?"
        total_ms, slowest_ms, pages = (
            database_ms(client, url) if connection.vendor == "postgresql" else (0.0, 0.0, 0)
        )
        cpu_p95 = sorted(timings.cpu_ms)[max(0, round(len(timings.cpu_ms) * 0.95) - 1)]
        check = ""
        if expected_first is not None:
            check = "yes" if first_name(response) == expected_first else "NO"
        print(
            f"| {name} | {results} | {timings.median:.1f} | {timings.p95:.1f} | {cpu_p95:.1f} "
            f"| {'/'.join(map(str, timings.queries))} | {total_ms:.1f}, {slowest_ms:.1f} | {pages:,} "
            f"| {check} |"
        )


if __name__ == "__main__":
    main()
