"""One full service record (`/api/services/{id}`) against the bare SQL reading the same rows.

    .venv/bin/python bench/oruk_detail.py [--engine postgresql|sqlite] [--services 20000]

Makes its own database (PostgreSQL: fh_bench_detail, dropped at the end; SQLite: a file under
/tmp), fills it with the synthetic directory (bench/generate_directory.py), adds a service with
a record in every HSDS table (the API tests' `full_service`) and a bare one, then times each
record in-process through Django's full request handling (median, p95) and the same SQL run
bare on the database cursor (the floor): the queries, their times and the ratio of the p95s.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from oruk_bench import PYTHON, ROOT, make_database, pg_admin, run, server_times

DATABASE = "fh_bench_detail"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--services", type=int, default=20_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fh_bench_detail_"))
    env = make_database(args.engine, workdir, DATABASE)
    try:
        run(
            [PYTHON, "bench/generate_directory.py", "--database", "--services", str(args.services)],
            env,
        )
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection, connections

        from directory.tests.factories import ServiceFactory
        from oruk.tests.factories import full_service

        rich, bare = full_service(), ServiceFactory(name="Bare service")
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give
            cursor.execute("VACUUM ANALYZE" if args.engine == "postgresql" else "ANALYZE")
        timings = server_times(
            {
                "full service, a record in every table": f"/api/services/{rich.pk}",
                "full service, bare": f"/api/services/{bare.pk}",
            }
        )
        load = os.getloadavg()[0]
        connections.close_all()
    finally:
        if args.engine == "postgresql":
            pg_admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(timings, indent=1))
    print(f"\n{args.engine}, {args.services:,} services, load average {load:.1f} at the end\n")
    print(
        "| record | SQL queries | median ms | p95 ms | SQL floor median ms | floor p95 ms | p95 ratio |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, t in timings.items():
        ratio = t["p95_ms"] / t["sql_floor_p95_ms"] if t["sql_floor_p95_ms"] else 0
        print(
            f"| {name} | {t['queries']} | {t['median_ms']} | {t['p95_ms']} | "
            f"{t['sql_floor_median_ms']} | {t['sql_floor_p95_ms']} | {ratio:.1f} |"
        )


if __name__ == "__main__":
    main()
