"""What the page benchmarks share: a guarded Django set-up, the synthetic directory, and timing.

Each script times pages in-process with Django's test client (server time: routing, queries,
Python and templates; no network) against a database whose name contains "bench".
"""

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def setup_django() -> None:
    """Start Django, refusing any database not named *bench* so real data is never touched."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhubs.settings")
    os.environ.setdefault("DEBUG", "true")
    # Every request comes from one address here: lift the search rate limit, and keep the
    # access log (one JSON line a request) out of the figures.
    os.environ.setdefault("RATE_LIMIT_SEARCH_PER_ADDRESS", "1000000")
    os.environ.setdefault("RATE_LIMIT_SEARCH_PER_ACCOUNT", "1000000")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection

    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit(f"Refusing to run on {connection.settings_dict['NAME']!r}: name it *bench*.")
    from core.serving import prepare_to_serve

    prepare_to_serve()  # as familyhubs/wsgi.py does in every gunicorn worker


def load_directory(services: int) -> None:
    """Migrate, and fill an empty database with the synthetic national directory."""
    from django.core.management import call_command

    from directory.models import Service

    call_command("migrate", verbosity=0)
    if not Service.objects.exists():
        import generate_directory

        generate_directory.main(["--database", "--services", str(services)])


def analyze() -> None:
    """Fresh statistics, as autovacuum keeps them in production.

    Without them PostgreSQL plans as if tables (or columns a new migration added, such as the
    search document) were empty: minutes instead of milliseconds.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@dataclass
class Timings:
    times_ms: list[float]
    cpu_ms: list[float]
    sql_ms: list[float]
    queries: list[int]
    statuses: list[int]
    last_response: object

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def time_requests(client, url: str, runs: int) -> Timings:
    """GET a URL `runs` times after one warm-up: wall, CPU and SQL time, and query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and connections
    times, cpu, sql, queries, statuses = [], [], [], set(), set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries.add(len(captured))
        statuses.add(response.status_code)
    return Timings(times, cpu, sql, sorted(queries), sorted(statuses), response)
