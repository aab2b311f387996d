"""Benchmark of the ORUK import and API at national scale, on SQLite or PostgreSQL.

    .venv/bin/python bench/oruk_bench.py --engine postgresql --services 100000
    .venv/bin/python bench/oruk_bench.py --engine sqlite --services 100000
    .venv/bin/python bench/oruk_bench.py --import-only --database fh_bench_import   # import only

Steps, each timed:
1. make an empty database (PostgreSQL: `fh_bench`, created here and dropped at the end;
   SQLite: a file under /tmp) and migrate it;
2. write a synthetic feed (bench/generate_directory.py) and import it with
   `manage.py import_oruk` in a child process: services per second, peak memory (max RSS),
   the CPU seconds the import process used and the load average before and after (the
   machine may be shared: CPU seconds move much less than wall time with other work on it);
3. for each API query (page 1, a deep page, text search, postcode + proximity): server time
   per request in this process through Django's full request handling (median, p95), and the
   floor: the same SQL the request ran, run bare on the database cursor; the ratio of the two;
4. the same URLs under concurrent load: gunicorn on 127.0.0.1 (2 workers) and a second
   process (bench/oruk_load.py) sending requests from 4 connections: requests per second.

Prints a Markdown table. Not part of the test suite.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "fh_bench"  # --database gives another, so parallel runs do not collide
REQUESTS_PER_QUERY = 100


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(statement)


def make_database(engine: str, workdir: Path, database: str = PG_BENCH_DB) -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # As behind a TLS-terminating proxy: plain HTTP on loopback, no redirect to https.
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "familyhubs.settings",
    }
    # Production settings want a key for the referrals' encrypted fields: a throwaway one here.
    env.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    if engine == "postgresql":
        pg_admin(f"DROP DATABASE IF EXISTS {database}")
        pg_admin(f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database
    else:
        env.pop("DATABASE_URL", None)
        env["FAMILYHUBS_VAR_DIR"] = str(workdir)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    return env


def import_feed(
    env: dict, workdir: Path, services: int, feed: Path | None, with_postcodes: bool
) -> dict:
    """Import a synthetic feed (`feed` if given, else one written now) and time it; the
    postcodes the API queries need are loaded after, when asked."""
    postcodes = workdir / "postcodes.csv"
    if feed is None:
        feed = workdir / "feed.json"
        run(
            [
                PYTHON,
                "bench/generate_directory.py",
                "--services",
                str(services),
                "--feed",
                str(feed),
                "--postcodes",
                str(postcodes),
            ],
            env,
            stdout=subprocess.DEVNULL,
        )
    load_before = os.getloadavg()[0]
    timed = run(
        ["/usr/bin/time", "-f", "%M %U %S", PYTHON, "manage.py", "import_oruk", str(feed)],
        env,
        capture_output=True,
    )
    load_after = os.getloadavg()[0]
    # The command's own timing: the import, not Python and Django starting up.
    seconds = float(re.search(r" in ([0-9.]+) s\.", timed.stdout).group(1))
    peak_kb, user_s, system_s = timed.stderr.strip().splitlines()[-1].split()
    if with_postcodes:
        run([PYTHON, "manage.py", "load_postcodes", str(postcodes)], env, stdout=subprocess.DEVNULL)
    return {
        "services": services,
        "seconds": round(seconds, 1),
        "services_per_second": round(services / seconds),
        "peak_memory_mb": round(int(peak_kb) / 1024),
        # CPU seconds of the whole command (startup too): steadier than wall time on a
        # shared machine.
        "cpu_seconds": round(float(user_s) + float(system_s), 1),
        "feed_mb": round(feed.stat().st_size / 2**20),
        "load_average": f"{load_before:.1f} before, {load_after:.1f} after",
    }


def queries(services: int) -> dict[str, str]:
    from geo.models import Postcode

    postcode = Postcode.objects.filter(source="postcodes").order_by("postcode").first()
    deep = max(1, services // 50 - 1)
    return {
        "services page 1": "/api/services?page=1&per_page=50",
        f"services page {deep}": f"/api/services?page={deep}&per_page=50",
        "text search 'baby massage'": "/api/services?search=baby+massage&per_page=50",
        "text search 'stay and play' p.5": "/api/services?search=stay+and+play&page=5",
        "postcode + 5 km": f"/api/services?postcode={postcode.postcode.replace(' ', '+')}"
        "&proximity=5000",
        "service_at_locations page 1": "/api/service_at_locations?page=1&per_page=50",
        "one full service": None,  # filled in below
    }


def server_times(urls: dict[str, str]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, url in urls.items():
        for _ in range(5):  # warm caches and connections
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(REQUESTS_PER_QUERY):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        statements = [q["sql"] for q in captured.captured_queries]
        floor = []
        with connection.cursor() as cursor:
            for _ in range(REQUESTS_PER_QUERY):
                started = time.perf_counter()
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
                floor.append(time.perf_counter() - started)
        api_median = statistics.median(times) * 1000
        floor_median = statistics.median(floor) * 1000
        results[name] = {
            "url": url,
            "queries": len(statements),
            "median_ms": round(api_median, 1),
            "p95_ms": round(percentile(times, 0.95) * 1000, 1),
            "sql_floor_median_ms": round(floor_median, 1),
            "sql_floor_p95_ms": round(percentile(floor, 0.95) * 1000, 1),
            "ratio": round(api_median / floor_median, 1) if floor_median else None,
        }
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def under_load(env: dict, urls: dict[str, str], seconds: float) -> dict[str, dict]:
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "familyhubs.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for name, url in urls.items():
            for _ in range(4):  # each worker's first requests connect and warm up
                run(
                    [
                        PYTHON,
                        "bench/oruk_load.py",
                        f"http://127.0.0.1:{port}{url}",
                        "--seconds",
                        "0.5",
                        "--concurrency",
                        "4",
                    ],
                    env,
                    capture_output=True,
                )
            out = run(
                [
                    PYTHON,
                    "bench/oruk_load.py",
                    f"http://127.0.0.1:{port}{url}",
                    "--seconds",
                    str(seconds),
                    "--concurrency",
                    "4",
                ],
                env,
                capture_output=True,
            )
            results[name] = json.loads(out.stdout)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=float, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--database", default=PG_BENCH_DB, help="PostgreSQL database to use")
    parser.add_argument("--import-only", action="store_true", help="time the import, then stop")
    parser.add_argument(
        "--feed",
        type=Path,
        help="with --import-only: import this feed (from generate_directory.py --feed) instead "
        "of writing one, so runs before and after a change read the same file",
    )
    args = parser.parse_args()
    if args.feed and not args.import_only:
        parser.error("--feed goes with --import-only (the API queries need its postcodes)")
    feed = args.feed.resolve() if args.feed else None  # the import runs from the repository
    workdir = Path(tempfile.mkdtemp(prefix="fh_bench_"))
    env = make_database(args.engine, workdir, args.database)
    try:
        imported = import_feed(
            env, workdir, args.services, feed, with_postcodes=not args.import_only
        )
        print(json.dumps({"import": imported}), flush=True)
        if args.import_only:
            return
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        from directory.models import Service

        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give
            cursor.execute("VACUUM ANALYZE" if args.engine == "postgresql" else "ANALYZE")

        urls = queries(args.services)
        urls["one full service"] = f"/api/services/{Service.objects.order_by('pk').first().pk}"
        timings = server_times(urls)
        load = under_load(env, urls, args.load_seconds)
        from django.db import connections

        connections.close_all()
    finally:
        if args.engine == "postgresql" and not args.keep:
            if not args.import_only:  # Django was set up in this process: close its connection
                from django.db import connections

                connections.close_all()
            pg_admin(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n### {args.engine}, {args.services:,} services\n")
    print(
        f"Import: {imported['services']:,} services in {imported['seconds']} s = "
        f"**{imported['services_per_second']:,} services/s**, peak memory "
        f"{imported['peak_memory_mb']} MB (feed {imported['feed_mb']} MB); the import "
        f"process used {imported['cpu_seconds']} CPU seconds\n"
    )
    print(
        "| query | SQL queries | median ms | p95 ms | SQL floor median ms | ratio | req/s (4 conns) | p95 ms under load |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, t in timings.items():
        loaded = load[name]
        print(
            f"| {name} | {t['queries']} | {t['median_ms']} | {t['p95_ms']} | "
            f"{t['sql_floor_median_ms']} | {t['ratio']} | {loaded['requests_per_second']} | "
            f"{loaded['p95_ms']} |"
        )
    print("\n" + json.dumps({"timings": timings, "load": load}))


if __name__ == "__main__":
    main()
